"""Writing visa records: declare, confirm or reject a declared visa; record an issued visa; cancel visas.

Kernel services: they raise :class:`RecordError` (a ``ValueError`` with a stable ``code``), which the engine's
callers turn into their own errors. Every function that creates or confirms a record sends
``signals.visa_recorded`` once the transaction commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from qazeta.uploads import FileRefused, inspect_upload

from .models import Entries, PermitKind, RecordSource, ResidencePermitRecord, VisaCategory, VisaRecord
from .signals import permit_recorded, visa_recorded


class RecordError(ValueError):
    """A visa record cannot be written as asked; ``code`` is stable, ``message`` is for people."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


def _announce(record: VisaRecord) -> None:
    transaction.on_commit(lambda: visa_recorded.send(sender=VisaRecord, record=record))


def check_visa_fields(
    *, category: str, number: str, valid_from: dt.date | None, valid_to: dt.date | None, entries: str = ""
) -> list[str]:
    """Every problem with a visa's fields, in plain words (empty when they are complete and consistent)."""
    problems = []
    if category not in VisaCategory.values:
        problems.append(gettext("Unknown visa category “%(category)s”.") % {"category": category})
    if not (number or "").strip():
        problems.append(gettext("Give the visa number."))
    if valid_from is None or valid_to is None:
        problems.append(gettext("Give the visa's validity (from and to)."))
    elif valid_to < valid_from:
        problems.append(gettext("The visa cannot end before it starts."))
    if entries and entries not in Entries.values:
        problems.append(gettext("Unknown number of entries “%(entries)s”.") % {"entries": entries})
    return problems


@transaction.atomic
def visa_record_declare(
    *,
    user: Any,
    person: Any,
    category: str,
    number: str,
    valid_from: dt.date,
    valid_to: dt.date,
    entries: str = "",
    scan: Any,
) -> VisaRecord:
    """A filer declares a visa the person already holds, with its scan; an officer confirms it at review.

    Only the person's filing side may (``records.declare_visa``, qazeta/permissions.py). The host party is the
    person's (a self-applicant's visa has none). Raises RecordError: not allowed (``not_allowed``), incomplete or
    inconsistent fields
    (code ``invalid``), a scan that fails the upload checks (``scan``), or the same visa number already on the
    person (``duplicate``). Nothing is stored when it raises.
    """
    if not user.has_perm("records.declare_visa", person):
        raise RecordError(
            gettext("Only the person's host party or the person themselves can declare a visa."), code="not_allowed"
        )
    problems = check_visa_fields(
        category=category, number=number, valid_from=valid_from, valid_to=valid_to, entries=entries
    )
    if category == VisaCategory.EXIT:
        problems.append(gettext("An exit visa is recorded by the Expat Centre, not declared."))
    if problems:
        raise RecordError(" ".join(problems), code="invalid")
    if scan is None:
        raise RecordError(gettext("Attach the scan of the visa."), code="scan")
    try:
        mime, content = inspect_upload(scan)
    except FileRefused as exc:
        raise RecordError(exc.message, code="scan") from None
    number = number.strip().upper()
    if VisaRecord.objects.filter(person=person, number=number, rejected_at__isnull=True).exists():
        raise RecordError(
            gettext("Visa %(number)s is already on %(full_name)s's record.")
            % {"number": number, "full_name": person.full_name},
            code="duplicate",
        )
    record = VisaRecord(
        person=person,
        category=category,
        number=number,
        valid_from=valid_from,
        valid_to=valid_to,
        entries=entries,
        host_party_id=person.organisation_id,
        source=RecordSource.DECLARED,
        recorded_by=user,
    )
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}[mime]
    record.scan.save(f"visa-{person.pk}-{number}.{extension}", ContentFile(content), save=False)
    record.save()
    _announce(record)
    return record


def _require_staff(user: Any) -> None:
    if user is None or not user.has_perm("records.confirm_visa"):
        raise RecordError(
            gettext("Only an Expat Centre officer can confirm or reject a declared visa."), code="not_allowed"
        )


@transaction.atomic
def visa_record_confirm(*, user: Any, record: VisaRecord) -> VisaRecord:
    """An officer confirms a declared visa against its scan. Raises RecordError (not staff; not pending)."""
    _require_staff(user)
    locked = VisaRecord.objects.select_for_update().get(pk=record.pk)
    if not locked.is_pending_confirmation:
        raise RecordError(gettext("This visa is not awaiting confirmation."), code="wrong_state")
    locked.confirmed_at = timezone.now()
    locked.confirmed_by = user
    locked.save(update_fields=["confirmed_at", "confirmed_by"])
    _announce(locked)
    return locked


@transaction.atomic
def visa_record_reject(*, user: Any, record: VisaRecord, reason: str) -> VisaRecord:
    """An officer rejects a declared visa (the scan does not show it); the rules stop relying on it.

    Raises RecordError: not staff; no reason; not awaiting confirmation.
    """
    _require_staff(user)
    reason = (reason or "").strip()
    if not reason:
        raise RecordError(gettext("Say why the declared visa is rejected."), code="reason_required")
    locked = VisaRecord.objects.select_for_update().get(pk=record.pk)
    if not locked.is_pending_confirmation:
        raise RecordError(gettext("This visa is not awaiting confirmation."), code="wrong_state")
    locked.rejected_at = timezone.now()
    locked.rejection_reason = reason
    locked.save(update_fields=["rejected_at", "rejection_reason"])
    return locked


@transaction.atomic
def visa_record_issue(
    *,
    user: Any,
    application: Any,
    category: str,
    number: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    entries: str = "",
    document: Any = None,
) -> VisaRecord:
    """Record the visa a state body issued on ``application`` (its person and host party), as the officer entered it.

    ``document``: the received output (``IssuedDocument``) holding the visa's scan, if any. Raises RecordError
    (code ``invalid``) listing every missing or inconsistent field.
    """
    problems = check_visa_fields(
        category=category, number=number, valid_from=valid_from, valid_to=valid_to, entries=entries
    )
    if problems:
        raise RecordError(" ".join(problems), code="invalid")
    record = VisaRecord.objects.create(
        person_id=application.person_id,
        category=category,
        number=number.strip().upper(),
        valid_from=valid_from,
        valid_to=valid_to,
        entries=entries,
        host_party=application.host_party,
        application_id=application.pk,
        source=RecordSource.ISSUED,
        document=document,
        recorded_by=user,
        confirmed_at=timezone.now(),
        confirmed_by=user,
    )
    _announce(record)
    return record


@transaction.atomic
def visas_cancel(*, records: list[VisaRecord], application: Any) -> list[VisaRecord]:
    """Cancel ``records`` (not yet cancelled) as the outcome of the cancellation ``application``; returns them.

    Guide 2025, Visa cancellation: after cancellation no one can enter Kazakhstan on the cancelled visa.
    """
    now = timezone.now()
    ids = [r.pk for r in records if r.cancelled_at is None]
    VisaRecord.objects.filter(pk__in=ids, cancelled_at__isnull=True).update(cancelled_at=now, cancelled_by=application)
    return list(VisaRecord.objects.filter(pk__in=ids))


@transaction.atomic
def permit_record_issue(
    *,
    user: Any,
    application: Any,
    kind: str,
    number: str,
    valid_from: dt.date | None,
    valid_to: dt.date | None,
    variant: str = "",
    document: Any = None,
) -> ResidencePermitRecord:
    """Record the residence permit issued on ``application`` (its person and host party), as the officer entered it.

    The service decides the permit's limits (Decree 807 for a TRP, 10 years and the passport for a permanent
    residence permit) before calling this. Raises RecordError (code ``invalid``) with every missing or inconsistent
    field.
    """
    problems = []
    if kind not in PermitKind.values:
        problems.append(gettext("Unknown permit “%(kind)s”.") % {"kind": kind})
    if not (number or "").strip():
        problems.append(gettext("Give the permit number."))
    if valid_from is None or valid_to is None:
        problems.append(gettext("Give the permit's validity (from and to)."))
    elif valid_to < valid_from:
        problems.append(gettext("The permit cannot end before it starts."))
    if problems:
        raise RecordError(" ".join(problems), code="invalid")
    record = ResidencePermitRecord.objects.create(
        person_id=application.person_id,
        kind=kind,
        variant=variant,
        number=number.strip().upper(),
        valid_from=valid_from,
        valid_to=valid_to,
        host_party=application.host_party,
        application_id=application.pk,
        document=document,
        recorded_by=user,
    )
    transaction.on_commit(lambda: permit_recorded.send(sender=ResidencePermitRecord, record=record))
    return record
