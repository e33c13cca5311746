"""Documents the portal issues (invitation letters, certificates, notices, decisions, invoices).

Every issued document is a PDF with a public verification code, its QR and its SHA-256, so anyone holding
a copy can check it on ``/verify/<code>/`` (DESIGN.md, "Documents out"). Rows are written only by
``qazeta.documents.services``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class IssuedDocument(models.Model):
    """One issued document: a PDF the portal generated, or the scan of one a state body issued (``received``).

    At most one per (application, kind): that constraint makes issuing idempotent.

    ``issued_on`` is the Astana calendar date; ``revoked_at`` an aware UTC instant. ``holder_initials`` and
    ``reference`` are copied at issue so the public page never has to read the person's data.

    Two ways a document stops being valid: a supervisor *revokes* it (it should not have been issued, or was
    withdrawn: ``revoked_at``), or the visa it was issued for is *cancelled* (guide 2025, Visa cancellation:
    "after cancellation no one can enter Kazakhstan on the cancelled visa": ``cancelled_at``, with a staff-only
    ``cancellation_note``). The document itself was genuine; ``/verify/`` says CANCELLED, not REVOKED.
    """

    kind = models.CharField(
        max_length=48, help_text="What the document is, as its service declares it (e.g. invitation_letter)"
    )
    title = models.CharField(max_length=200, help_text='e.g. "Invitation letter for a C3 work visa"')
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    verification_code = models.CharField(
        max_length=19, unique=True, editable=False, help_text="XXXX-XXXX-XXXX-XXXX, Crockford base32"
    )
    file = models.FileField(upload_to="issued/%Y/%m/", editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    issued_on = models.DateField(help_text="Date of issue (Astana)")
    holder_initials = models.CharField(max_length=64, blank=True, help_text='e.g. "J. S."')
    reference = models.CharField(max_length=20, blank=True, help_text="The application's reference")
    revoked_at = models.DateTimeField(null=True, blank=True)
    revocation_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(
        null=True, blank=True, help_text="When the visa this document was issued for was cancelled"
    )
    cancellation_note = models.TextField(
        blank=True, help_text="Staff only: which visa was cancelled and by which application"
    )
    received = models.BooleanField(
        default=False, help_text="Issued by a state body; the portal keeps the scan an officer attached"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application", "kind"], name="uniq_issued_document_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.title} {self.reference} ({self.verification_code})"

    @property
    def extension(self) -> str:
        """The stored file's extension (``pdf``; a received scan may be ``jpg`` or ``png``)."""
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else "pdf"

    @property
    def content_type(self) -> str:
        return {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png"}.get(self.extension, "application/pdf")

    @property
    def download_name(self) -> str:
        """``<reference>-<kind>.<extension>``, the name a download is saved under."""
        return f"{self.reference or 'document'}-{self.kind}.{self.extension}"

    @property
    def is_valid(self) -> bool:
        """True until a supervisor revokes the document or the visa it was issued for is cancelled."""
        return self.revoked_at is None and self.cancelled_at is None

    @property
    def is_cancelled(self) -> bool:
        """The visa it was issued for was cancelled (and the document was not revoked: revocation wins)."""
        return self.revoked_at is None and self.cancelled_at is not None

    @property
    def status(self) -> str:
        """``"valid"``, ``"cancelled"`` or ``"revoked"`` (a revoked document stays revoked whatever else)."""
        if self.revoked_at is not None:
            return "revoked"
        if self.cancelled_at is not None:
            return "cancelled"
        return "valid"
