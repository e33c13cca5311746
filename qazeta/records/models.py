"""What the portal remembers of a person's visas: one row per visa, issued through the portal or declared.

An issued visa is not only a PDF (issue 7, "The visa is a record"): the record keeps the category, number,
validity, entries, the host party and the application that produced it. Every visa rule (a dependant waits
for the principal's valid visa; an extension only inside its window and with the same host party; a
cancellation ends the visa and the family's) reads these rows, and the staff roster shows each person's
current visa and its days left. An exit visa (guide 2025, Visa cancellation §2) is a record too, of category
``EXIT``: its ``valid_to`` is the day by which the holder must leave.

Kernel app: it imports no domain app; applications are referred to by string.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class VisaCategory(models.TextChoices):
    """Visa categories the Expat Centre's services produce (guide 2025: work, investor, business visas)."""

    C3 = "C3", _("C3 — work visa")
    A5 = "A5", _("A5 — investor visa")
    A6 = "A6", _("A6 — investor visa (AIFC investment resident)")
    B1 = "B1", _("B1 — business visa")
    B2 = "B2", _("B2 — business visa (experts: installation, consulting, audit)")
    B3 = "B3", _("B3 — business visa (founders and board members)")
    EXIT = "EXIT", _("Exit visa")


class Entries(models.TextChoices):
    SINGLE = "single", _("Single entry")
    MULTIPLE = "multiple", _("Multiple entry")


class RecordSource(models.TextChoices):
    ISSUED = "issued", _("Issued through the portal")
    DECLARED = "declared", _("Declared by the filer")


class VisaRecord(models.Model):
    """One visa a person holds or held.

    ``valid_from``/``valid_to``: calendar dates, both inclusive. ``source``: ``issued`` when an officer recorded
    the state body's visa at an application's outcome (``application`` says which), ``declared`` when a filer
    declared an existing visa with its scan; a declared record counts for the rules until an officer rejects it,
    and the officer confirms it at review. ``cancelled_at``: the visa was cancelled (guide 2025, Visa
    cancellation: "no one can enter Kazakhstan on the cancelled visa"); ``cancelled_by`` is that application.
    """

    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="visa_records")
    category = models.CharField(_("Category"), max_length=4, choices=VisaCategory.choices)
    number = models.CharField(_("Visa number"), max_length=32)
    valid_from = models.DateField(_("Valid from"))
    valid_to = models.DateField(_("Valid to"))
    entries = models.CharField(_("Entries"), max_length=8, choices=Entries.choices, blank=True)
    host_party = models.ForeignKey(
        "accounts.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visa_records",
        verbose_name=_("Host party"),
    )
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="visa_records",
        help_text="The application that produced the visa (issued records)",
    )
    source = models.CharField(max_length=8, choices=RecordSource.choices, default=RecordSource.ISSUED)
    scan = models.FileField(upload_to="visa-records/%Y/%m/", blank=True, help_text="The declared visa's scan")
    document = models.ForeignKey(
        "documents.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The state body's visa as the officer attached it (issued records)",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejected_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cancelled_visa_records",
        help_text="The cancellation application that ended this visa",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_to", "-pk"]
        indexes = [models.Index(fields=["person", "valid_to"], name="visa_record_person_valid_to")]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_to__gte=models.F("valid_from")), name="visa_record_dates")
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.number} ({self.valid_from:%d.%m.%Y}–{self.valid_to:%d.%m.%Y})"

    @property
    def counts(self) -> bool:
        """Whether the rules rely on it: not rejected (a declared record counts until an officer rejects it)."""
        return self.rejected_at is None

    @property
    def is_pending_confirmation(self) -> bool:
        return self.source == RecordSource.DECLARED and self.confirmed_at is None and self.rejected_at is None

    def is_valid_on(self, day: dt.date) -> bool:
        """Valid on ``day`` (Astana date): counted, not cancelled, and ``valid_from <= day <= valid_to``."""
        return self.counts and self.cancelled_at is None and self.valid_from <= day <= self.valid_to

    def days_left(self, day: dt.date) -> int:
        """Calendar days from ``day`` to ``valid_to`` (0 on the last day; negative once expired)."""
        return (self.valid_to - day).days

    @property
    def status_label(self) -> str:
        from django.utils import timezone

        if self.rejected_at is not None:
            return str(_("rejected by the Expat Centre"))
        if self.cancelled_at is not None:
            return str(_("cancelled"))
        if self.valid_to < timezone.localdate():
            return str(_("expired"))
        if self.is_pending_confirmation:
            return str(_("declared, awaiting the Expat Centre's confirmation"))
        return str(_("valid"))


class VisaReminder(models.Model):
    """One reminder e-mail sent about one visa: the unique pair makes the beat task idempotent."""

    class Kind(models.TextChoices):
        WINDOW_OPENS = "window_opens", _("The extension window opens")
        WINDOW_CLOSING = "window_closing", _("The extension window closes in 5 working days")

    visa = models.ForeignKey(VisaRecord, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visa", "kind"], name="uniq_visa_reminder")]

    def __str__(self) -> str:
        return f"{self.kind} for visa {self.visa_id}"


class IssuedVisaFields(models.Model):
    """The visa record's fields on an issuance service's filing model: the officer enters them at issue.

    Declare them in the service's ``outcome_fields[Outcome.ISSUED]`` and create the record from its
    ``on_outcome`` hook (``qazeta.records.services.visa_record_from_outcome``).
    """

    visa_number = models.CharField(_("Visa number"), max_length=32, blank=True)
    visa_valid_from = models.DateField(_("Visa valid from"), null=True, blank=True)
    visa_valid_to = models.DateField(_("Visa valid to"), null=True, blank=True)
    visa_entries = models.CharField(_("Entries"), max_length=8, choices=Entries.choices, blank=True)

    class Meta:
        abstract = True

    #: The names to list in ``ServiceDefinition.outcome_fields[Outcome.ISSUED]``.
    OUTCOME_FIELDS = ("visa_number", "visa_valid_from", "visa_valid_to", "visa_entries")


class PermitKind(models.TextChoices):
    TRP = "trp", _("Temporary residence permit (TRP)")
    PERMANENT = "permanent", _("Permanent residence permit")


class ResidencePermitRecord(models.Model):
    """A residence permit a person holds or held: a TRP (Decree 807) or a permanent residence permit.

    Like :class:`VisaRecord`: ``valid_from``/``valid_to`` calendar dates, both inclusive; ``application`` the
    application that produced it; ``cancelled_at`` when it ended early. ``variant``: the TRP's variant (e.g.
    employee, expert), as the service names it.
    """

    person = models.ForeignKey("accounts.Person", on_delete=models.PROTECT, related_name="permit_records")
    kind = models.CharField(_("Permit"), max_length=10, choices=PermitKind.choices)
    variant = models.CharField(_("Variant"), max_length=16, blank=True)
    number = models.CharField(_("Permit number"), max_length=32)
    valid_from = models.DateField(_("Valid from"))
    valid_to = models.DateField(_("Valid to"))
    host_party = models.ForeignKey(
        "accounts.Organisation", null=True, blank=True, on_delete=models.PROTECT, related_name="permit_records"
    )
    application = models.ForeignKey(
        "applications.Application", null=True, blank=True, on_delete=models.PROTECT, related_name="permit_records"
    )
    document = models.ForeignKey(
        "documents.IssuedDocument", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_to", "-pk"]
        indexes = [models.Index(fields=["person", "valid_to"], name="permit_record_person_valid_to")]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_to__gte=models.F("valid_from")), name="permit_record_dates")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} ({self.valid_from:%d.%m.%Y}–{self.valid_to:%d.%m.%Y})"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.cancelled_at is None and self.valid_from <= day <= self.valid_to

    def days_left(self, day: dt.date) -> int:
        return (self.valid_to - day).days
