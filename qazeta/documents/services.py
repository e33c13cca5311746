"""Writes of issued documents: render or store a PDF once, with its verification code and checksum.

The kernel knows documents, not applications' lifecycles: the case engine (``applications.services.outputs``)
calls these functions and, through ``on_created``, writes its timeline row and queues its e-mail in the same
transaction as the document row.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import pdf
from .codes import new_verification_code
from .models import IssuedDocument
from .selectors import verification_url

logger = logging.getLogger(__name__)

#: Called inside the transaction that saves a new document row (e.g. to write the application's timeline).
OnCreated = Callable[[IssuedDocument], None]


def _existing(application: models.Model, kind: str) -> IssuedDocument | None:
    return IssuedDocument.objects.filter(application_id=application.pk, kind=kind).first()


def _unused_code() -> str:
    # 80 random bits make a clash practically impossible; the check keeps a clash from being mistaken
    # for the (application, kind) race below, which is handled by returning the other worker's row.
    while True:
        code = new_verification_code()
        if not IssuedDocument.objects.filter(verification_code=code).exists():
            return code


def _save_once(document: IssuedDocument, content: bytes, filename: str, on_created: OnCreated | None) -> IssuedDocument:
    """Store ``content`` and save ``document`` with ``on_created`` in one transaction; the winner of a race wins."""
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.file.save(filename, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
            if on_created is not None:
                on_created(document)
    except IntegrityError:
        document.file.delete(save=False)
        winner = IssuedDocument.objects.filter(application_id=document.application_id, kind=document.kind).first()
        if winner is None:  # not the (application, kind) race: a real error
            raise
        logger.info("document %s of application %s was issued concurrently", document.kind, document.application_id)
        return winner
    except BaseException:
        # Keep storage in step with the database: no row, no file.
        document.file.delete(save=False)
        raise
    return document


def _new_row(*, application: Any, kind: str, title: str, code: str, issued_on: Any, received: bool) -> IssuedDocument:
    return IssuedDocument(
        kind=kind,
        title=title,
        application=application,
        verification_code=code,
        issued_on=issued_on,
        holder_initials=application.person.initials,
        reference=application.reference or "",
        received=received,
    )


def document_issue(
    *,
    application: Any,
    kind: str,
    title: str,
    template_name: str,
    context: dict[str, Any],
    on_created: OnCreated | None = None,
    languages: Sequence[str] = (),
) -> IssuedDocument:
    """Generate the ``kind`` document of ``application`` as a PDF, once: call it as often as you like.

    ``languages`` (e.g. ``("kk", "ru", "en")``): render the template once per language, in that order, into the
    one PDF (``qazeta.documents.pdf.render_pdf``); empty: once, in the active language.

    ``application`` is any row with ``pk``, ``reference`` and ``person`` (the engine's ``Application``). If it
    already has a document of this kind, that row is returned unchanged (revoked or not). Otherwise a
    verification code is drawn, ``template_name`` is rendered with ``context`` plus ``document`` (``title``,
    ``kind``, ``verification_code``, ``verification_url``, ``qr_data_uri``, ``issued_on``), and the file, its
    SHA-256 and the row are saved in one transaction together with ``on_created(document)``.

    Two workers issuing at once: the unique (application, kind) constraint lets one row in; the other
    deletes its file and returns the winner's row. Raises whatever rendering, storage or ``on_created``
    raises (the calling task retries); nothing is left behind then.
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
            "languages": tuple(languages),
        },
    }
    # Rendered before any transaction opens: it takes seconds and must not hold database locks.
    content = pdf.render_pdf(template_name, full_context)
    document = _new_row(application=application, kind=kind, title=title, code=code, issued_on=issued_on, received=False)
    return _save_once(document, content, f"{kind}-{application.reference or application.pk}.pdf", on_created)


def document_receive(
    *,
    application: Any,
    kind: str,
    title: str,
    content: bytes,
    extension: str = "pdf",
    on_created: OnCreated | None = None,
) -> IssuedDocument:
    """Keep a document a state body issued (the scan an officer attaches) as ``application``'s ``kind`` output.

    It gets a verification code like a generated document; as the file is the body's own, no QR is printed on
    it: ``/verify/`` checks the code and the file's SHA-256. Idempotent by (application, kind): a second call
    returns the first row. Raises what storage or ``on_created`` raises; nothing is left behind then.
    """
    existing = _existing(application, kind)
    if existing is not None:
        return existing
    document = _new_row(
        application=application,
        kind=kind,
        title=title,
        code=_unused_code(),
        issued_on=timezone.localdate(),
        received=True,
    )
    return _save_once(document, content, f"{kind}-{application.reference or application.pk}.{extension}", on_created)


@transaction.atomic
def document_mark_revoked(*, document: IssuedDocument, user: Any, reason: str) -> IssuedDocument | None:
    """Mark ``document`` revoked by ``user`` with ``reason``; None when it already was (nothing written).

    Locks the row so two supervisors cannot both revoke it and overwrite each other's reason. Who may revoke
    is the caller's rule (``applications.services.outputs.document_revoke``).
    """
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.revoked_at is not None:
        return None
    locked.revoked_at = timezone.now()
    locked.revocation_reason = reason
    locked.revoked_by = user
    locked.save(update_fields=["revoked_at", "revocation_reason", "revoked_by"])
    return locked


@transaction.atomic
def document_mark_cancelled(document: IssuedDocument, note: str = "") -> IssuedDocument | None:
    """Mark ``document`` cancelled because the visa it was issued for was cancelled; None when it already was.

    Idempotent: a document already cancelled keeps its first ``cancelled_at`` and note, and nothing is written.
    A revoked document is marked too (the page keeps saying REVOKED: revocation wins). ``note`` is for staff
    (e.g. "C3 visa 123456 cancelled by EC-2026-000042"); ``/verify/`` never shows it. Locks the row so two
    cancellations cannot overwrite each other. Who may cancel is the caller's rule (the cancellation service's
    outcome hook). Source: guide 2025, Visa cancellation ("no one can enter Kazakhstan on the cancelled visa").
    """
    locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if locked.cancelled_at is not None:
        return None
    locked.cancelled_at = timezone.now()
    locked.cancellation_note = note
    locked.save(update_fields=["cancelled_at", "cancellation_note"])
    return locked
