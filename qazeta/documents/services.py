"""Writes of issued documents: issue (render, store, checksum, timeline, e-mail) and revoke."""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications.constants import Action
from applications.exceptions import ApplicationError, NotAllowed, WrongState
from applications.models import StatusChange
from qazeta.accounts.constants import Role

from . import pdf
from .codes import new_verification_code
from .models import IssuedDocument
from .selectors import verification_url

if TYPE_CHECKING:
    from applications.models import Application
    from qazeta.accounts.models import User

logger = logging.getLogger(__name__)


def _existing(application: Application, kind: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(application=application, kind=kind).first()


def _unused_code() -> str:
    # 80 random bits make a clash practically impossible; the check keeps a clash from being mistaken
    # for the (application, kind) race below, which is handled by returning the other worker's row.
    while True:
        code = new_verification_code()
        if not IssuedDocument.objects.filter(verification_code=code).exists():
            return code


def document_issue(
    *,
    application: Application,
    kind: str,
    title: str,
    template_name: str,
    context: dict[str, Any],
) -> IssuedDocument:
    """Issue the ``kind`` document of ``application`` as a PDF, once: call it as often as you like.

    If the application already has a document of this kind, it is returned unchanged (revoked or not).
    Otherwise a verification code is drawn, ``template_name`` is rendered with ``context`` plus
    ``document`` (``title``, ``verification_code``, ``verification_url``, ``qr_data_uri``, ``issued_on``),
    and the file, its SHA-256, the row and a "document_issued" timeline row are saved in one transaction;
    the "document_ready" e-mail is queued on commit. ``kind`` is a ``DocumentKind`` value.

    Two workers issuing at once: the unique (application, kind) constraint lets one row in; the other
    deletes its file and returns the winner's row. Raises whatever rendering or storage raises (the
    calling task retries); nothing is left behind then.
    """
    existing = _existing(application, kind)
    if existing is not None:
        return existing

    code = _unused_code()
    url = verification_url(code)
    issued_on = timezone.localdate()  # Astana: settings.TIME_ZONE
    full_context = {
        **context,
        "document": {
            "title": title,
            "kind": kind,
            "verification_code": code,
            "verification_url": url,
            "qr_data_uri": pdf.qr_png_data_uri(url),
            "issued_on": issued_on,
        },
    }
    # Rendered before any transaction opens: it takes seconds and must not hold database locks.
    content = pdf.render_pdf(template_name, full_context)

    document = IssuedDocument(
        kind=kind,
        title=title,
        application=application,
        verification_code=code,
        sha256=hashlib.sha256(content).hexdigest(),
        issued_on=issued_on,
        holder_initials=application.person.initials,
        reference=application.reference or "",
    )
    document.file.save(f"{kind}-{application.reference or application.pk}.pdf", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
            StatusChange.objects.create(
                application=application,
                actor=None,
                action=Action.DOCUMENT_ISSUED,
                from_state=application.state,
                to_state=application.state,
                reason=title,
            )
            app_id = application.pk
            transaction.on_commit(lambda: _notify_document_ready(app_id))
    except IntegrityError:
        document.file.delete(save=False)
        winner = _existing(application, kind)
        if winner is None:  # not the (application, kind) race: a real error
            raise
        logger.info("document_issue: %s of application %s was issued concurrently", kind, application.pk)
        return winner
    except BaseException:
        # Keep storage in step with the database: no row, no file.
        document.file.delete(save=False)
        raise
    return document


def _notify_document_ready(application_id: int) -> None:
    from applications.notifications import send_application_email

    send_application_email.delay(application_id, "document_ready")


@transaction.atomic
def document_revoke(*, user: User, document: IssuedDocument, reason: str) -> IssuedDocument:
    """A supervisor revokes an issued document; its public page then says REVOKED (the reason stays internal).

    Records who, when and why on the document row and on the application's timeline. Raises: NotAllowed
    unless ``user`` is a supervisor; ApplicationError (code "reason_required") without a reason; WrongState if
    it is already revoked.
    """
    if user.role != Role.SUPERVISOR:
        raise NotAllowed("Only a supervisor can revoke an issued document.")
    reason = reason.strip()
    if not reason:
        raise ApplicationError("Give the reason for revoking the document.", code="reason_required")
    # Lock the row so two supervisors cannot both revoke it and overwrite each other's reason.
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.revoked_at is not None:
        raise WrongState("This document was already revoked.")
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason
    locked.revoked_by = user
    locked.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    if locked.application is not None:
        StatusChange.objects.create(
            application=locked.application,
            actor=user,
            action=Action.DOCUMENT_REVOKED,
            from_state=locked.application.state,
            to_state=locked.application.state,
            reason=f"{locked.title}: {reason}",
        )
    return locked
