"""Reading visa records: the current visa, the extension window, who enters a window soon.

All dates are Astana calendar dates; windows count working days of the Kazakh calendar
(``qazeta.workcalendar``). Source: guide 2025, Work visa §3 (the same text for investor and business visas):
apply no earlier than 30 and no later than 5 working days before the visa expires.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from qazeta.workcalendar.calendar import WorkingCalendar

from .models import ResidencePermitRecord, VisaCategory, VisaRecord

#: Categories an entry visa may have (every category but the exit visa).
ENTRY_CATEGORIES: tuple[str, ...] = tuple(c for c in VisaCategory.values if c != VisaCategory.EXIT)


def counted_records(person_ids: Iterable[int]) -> QuerySet[VisaRecord]:
    """Records the rules rely on (not rejected) of these persons, newest expiry first."""
    return VisaRecord.objects.filter(person_id__in=list(person_ids), rejected_at__isnull=True).select_related(
        "host_party"
    )


def current_visa(person_id: int, *, on: dt.date, categories: Iterable[str] = ENTRY_CATEGORIES) -> VisaRecord | None:
    """The person's visa valid on ``on`` of one of ``categories`` that runs longest; None if there is none.

    A declared visa counts until an officer rejects it; a cancelled or expired one never does.
    """
    return (
        counted_records([person_id])
        .filter(category__in=list(categories), cancelled_at__isnull=True, valid_from__lte=on, valid_to__gte=on)
        .order_by("-valid_to", "-pk")
        .first()
    )


def current_visas(person_ids: Iterable[int], *, on: dt.date) -> dict[int, VisaRecord]:
    """``{person_id: current entry visa}`` for many persons in one query (the roster's column)."""
    result: dict[int, VisaRecord] = {}
    records = counted_records(person_ids).filter(
        category__in=ENTRY_CATEGORIES, cancelled_at__isnull=True, valid_from__lte=on, valid_to__gte=on
    )
    for record in records.order_by("-valid_to", "-pk"):
        result.setdefault(record.person_id, record)
    return result


def exit_deadlines(person_ids: Iterable[int], *, on: dt.date) -> dict[int, VisaRecord]:
    """``{person_id: exit visa}`` for persons holding an exit visa valid on ``on`` (leave by ``valid_to``)."""
    result: dict[int, VisaRecord] = {}
    records = counted_records(person_ids).filter(
        category=VisaCategory.EXIT, cancelled_at__isnull=True, valid_to__gte=on
    )
    for record in records.order_by("valid_to"):
        result.setdefault(record.person_id, record)
    return result


@dataclass(frozen=True)
class ExtensionWindow:
    """When an extension of ``visa`` may be filed: ``opens`` and ``closes`` inclusive (Astana dates)."""

    visa: VisaRecord
    opens: dt.date
    closes: dt.date

    def is_open(self, day: dt.date) -> bool:
        return self.opens <= day <= self.closes


def extension_window(record: VisaRecord, *, calendar: WorkingCalendar | None = None) -> ExtensionWindow:
    """The window of ``record``: opens on the 30th and closes on the 5th working day before ``valid_to``."""
    opens, closes = (calendar or WorkingCalendar.from_db()).extension_window(record.valid_to)
    return ExtensionWindow(record, opens, closes)


def windows_ahead(person_ids: Iterable[int], *, today: dt.date, days: int = 30) -> list[ExtensionWindow]:
    """Extension windows of current visas that are open today or open within ``days`` calendar days.

    For the staff roster and the employer's dashboard ("every person whose visa enters its extension window in
    the next 30 days"). Exit visas and cancelled, rejected or expired visas have no window. Sorted by opening day.
    """
    calendar = WorkingCalendar.from_db()
    horizon = today + dt.timedelta(days=days)
    windows = []
    for record in current_visas(person_ids, on=today).values():
        window = extension_window(record, calendar=calendar)
        if window.closes >= today and window.opens <= horizon:
            windows.append(window)
    return sorted(windows, key=lambda w: (w.opens, w.visa.valid_to))


def person_visa_history(person_id: int) -> list[VisaRecord]:
    """Every visa record of the person (current, past, cancelled, rejected, exit visas), newest expiry first."""
    return list(
        VisaRecord.objects.filter(person_id=person_id)
        .select_related("host_party", "application")
        .order_by("-valid_to", "-pk")
    )


def pending_declarations(person_ids: Iterable[int]) -> list[VisaRecord]:
    """Declared visas of these persons still awaiting an officer's confirmation, oldest declaration first."""
    return list(
        VisaRecord.objects.filter(
            person_id__in=list(person_ids),
            source="declared",
            confirmed_at__isnull=True,
            rejected_at__isnull=True,
        )
        .select_related("person")
        .order_by("created_at", "pk")
    )


@dataclass(frozen=True)
class WindowAhead:
    """A row of "visas entering their extension window": the window and the service that extends the visa.

    ``service_code`` is None when no service extends it (a B3 visa whose entries are unknown).
    """

    window: ExtensionWindow
    service_code: str | None

    @property
    def visa(self) -> VisaRecord:
        return self.window.visa


def windows_ahead_with_service(person_ids: Iterable[int], *, today: dt.date, days: int = 30) -> list[WindowAhead]:
    """:func:`windows_ahead` with each visa's extension service (``extensions.extension_service_code``)."""
    from .extensions import extension_service_code

    return [
        WindowAhead(window, extension_service_code(window.visa))
        for window in windows_ahead(person_ids, today=today, days=days)
    ]


def current_permit(person_id: int, *, on: dt.date, kinds: Iterable[str] | None = None) -> ResidencePermitRecord | None:
    """The person's residence permit valid on ``on`` (of ``kinds``, default any) that runs longest; None if none."""
    records = ResidencePermitRecord.objects.filter(
        person_id=person_id, cancelled_at__isnull=True, valid_from__lte=on, valid_to__gte=on
    )
    if kinds is not None:
        records = records.filter(kind__in=list(kinds))
    return records.order_by("-valid_to", "-pk").first()


def permits_of(person_id: int) -> QuerySet[ResidencePermitRecord]:
    """Every permit record of the person, newest expiry first (the person's page)."""
    return ResidencePermitRecord.objects.filter(person_id=person_id).select_related("host_party")
