"""The Kazakhstan working-day calendar: the engine behind every service-level term and deadline.

A day is a **working day** unless it is a Saturday or Sunday or a Kazakhstan public holiday, as the
``holidays`` package gives them (``holidays.country_holidays("KZ")``): the holidays themselves, their
observed days off (a holiday on a weekend moves to the next working day), and the
days off the Government transferred that the package knows. Weekend days the package records as
transferred working days (``weekend_workdays``, e.g. Sunday 5 January 2025, which gave Friday 3 January
off) are working days. A ``CalendarOverride`` row wins over all of that.

Terms in the guide are counted in working days and **never count the starting day** (order 004: "the day
of application is not counted"). Office hours are 09:00-18:00 with lunch 13:00-14:00, Astana time
(guide 2025, "Жұмыс кестесі"); Astana keeps ``Asia/Almaty`` time (UTC+5).

Call sites that evaluate many dates (the officer queue) build one ``WorkingCalendar`` with
``WorkingCalendar.from_db()`` (one query) and reuse it; the module-level functions build one per call.
The package's holidays are cached per year in memory (they are static data); overrides are not cached,
so an edit in the admin applies to the next calendar built.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import holidays

from .constants import WORKING_KINDS

#: Astana's time zone (UTC+5 since 1 March 2024); office hours and slots are in this zone.
OFFICE_TZ = ZoneInfo("Asia/Almaty")
#: Office sessions as (opens, closes) local times: 09:00-13:00 and 14:00-18:00 (lunch 13:00-14:00).
OFFICE_SESSIONS: tuple[tuple[time, time], ...] = ((time(9, 0), time(13, 0)), (time(14, 0), time(18, 0)))
#: Guide 2025, Work visa §3 (same text for investor and business visas): apply for an extension
#: "no earlier than 30 and no later than 5 working days before the visa expires".
EXTENSION_OPENS_WORKING_DAYS = 30
EXTENSION_CLOSES_WORKING_DAYS = 5

_SATURDAY = 5


@dataclass(frozen=True, slots=True)
class _YearDays:
    """The package's calendar for one year: holiday dates and weekend days that are working days."""

    days_off: frozenset[date]
    weekend_workdays: frozenset[date]


@functools.lru_cache(maxsize=64)
def _package_year(year: int) -> _YearDays:
    """Kazakhstan public holidays (with observed and substituted days off) of ``year``, cached.

    The next year is populated too because a transfer can take its working day from the previous year
    (the package's 2014 entry moves a working day to Saturday 28 December 2013).
    """
    kz = holidays.country_holidays("KZ", years=(year, year + 1))
    return _YearDays(
        days_off=frozenset(d for d in kz if d.year == year),
        weekend_workdays=frozenset(d for d in kz.weekend_workdays if d.year == year),
    )


class WorkingCalendar:
    """The working-day calendar with a fixed set of overrides; build one per request or batch.

    Args:
        overrides: ``{day: kind}`` with kinds from ``OverrideKind`` (``day_off`` makes the day a day off;
            ``working_day`` and ``cancelled_holiday`` make it a working day). ``None`` means no overrides,
            i.e. the ``holidays`` package alone.

    All day arguments are ``date`` objects (calendar days); counts are working days.
    """

    __slots__ = ("_overrides",)

    def __init__(self, overrides: Mapping[date, str] | None = None) -> None:
        self._overrides: dict[date, bool] = {day: kind in WORKING_KINDS for day, kind in (overrides or {}).items()}

    @classmethod
    def from_db(cls) -> WorkingCalendar:
        """A calendar with every ``CalendarOverride`` row, loaded in one query."""
        # Imported here so the engine stays importable (and testable) without the ORM being ready.
        from .selectors import override_kinds_by_day

        return cls(override_kinds_by_day())

    def is_working_day(self, day: date) -> bool:
        """True if ``day`` is a working day in Kazakhstan.

        Order of precedence: an override; then the package's public holidays (observed and substituted
        days off included) are days off; then weekend days are days off unless the package records them
        as transferred working days; every other day works.
        """
        override = self._overrides.get(day)
        if override is not None:
            return override
        year_days = _package_year(day.year)
        if day in year_days.days_off:
            return False
        if day.weekday() >= _SATURDAY:
            return day in year_days.weekend_workdays
        return True

    def add_working_days(self, start: date, n: int) -> date:
        """The ``n``-th working day after ``start``; ``start`` itself is never counted.

        ``n == 0`` returns ``start`` unchanged (even on a day off). A term of "5 working days" from an
        application filed on ``start`` is due on ``add_working_days(start, 5)``.

        Raises:
            ValueError: if ``n`` is negative (use ``subtract_working_days``).
            OverflowError: if the result would pass ``date.max``.
        """
        if n < 0:
            raise ValueError("n must be >= 0; use subtract_working_days to count backwards")
        return self._step(start, n, 1)

    def subtract_working_days(self, day: date, n: int) -> date:
        """The ``n``-th working day before ``day``; ``day`` itself is never counted.

        ``n == 0`` returns ``day`` unchanged.

        Raises:
            ValueError: if ``n`` is negative.
            OverflowError: if the result would pass ``date.min``.
        """
        if n < 0:
            raise ValueError("n must be >= 0; use add_working_days to count forwards")
        return self._step(day, n, -1)

    def _step(self, day: date, n: int, direction: int) -> date:
        one_day = timedelta(days=direction)
        remaining = n
        while remaining:
            day += one_day
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in ``(start, end]``: ``start`` excluded, ``end`` included.

        Negative when ``end < start`` (then the working days in ``(end, start]``, negated), zero when
        equal, so ``add_working_days(start, working_days_between(start, end)) <= end`` for ``end >= start``.
        """
        if end < start:
            return -self.working_days_between(end, start)
        return sum(1 for offset in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(offset)))

    def extension_window(self, expires: date) -> tuple[date, date]:
        """When a visa expiring on ``expires`` may be extended: ``(opens, closes)``, both inclusive.

        ``opens`` is the 30th working day before the expiry day and ``closes`` the 5th (the expiry day
        itself is not counted). Guide 2025, Work visa §3 (same rule for investor and business visas):
        "no earlier than 30 and no later than 5 working days before the visa expires".
        """
        return (
            self.subtract_working_days(expires, EXTENSION_OPENS_WORKING_DAYS),
            self.subtract_working_days(expires, EXTENSION_CLOSES_WORKING_DAYS),
        )

    def office_slots(self, day: date, slot_minutes: int = 30) -> list[datetime]:
        """Appointment slot start times on ``day``, as aware datetimes in ``Asia/Almaty``.

        Slots of ``slot_minutes`` minutes start at 09:00 and at 14:00 and must end by 13:00 and 18:00
        (guide 2025: office 09:00-18:00, lunch 13:00-14:00). A day off has no slots (``[]``).

        Raises:
            ValueError: if ``slot_minutes`` is not positive.
        """
        if slot_minutes <= 0:
            raise ValueError("slot_minutes must be positive")
        if not self.is_working_day(day):
            return []
        length = timedelta(minutes=slot_minutes)
        slots: list[datetime] = []
        for opens, closes in OFFICE_SESSIONS:
            start = datetime.combine(day, opens, tzinfo=OFFICE_TZ)
            session_end = datetime.combine(day, closes, tzinfo=OFFICE_TZ)
            while start + length <= session_end:
                slots.append(start)
                start += length
        return slots

    def is_office_slot(self, dt: datetime, slot_minutes: int = 30) -> bool:
        """True if the instant ``dt`` is the start of one of ``office_slots`` on its Astana day.

        ``dt`` may be in any time zone (UTC from the database, Asia/Almaty from a form); it is compared
        as an instant, so 04:00 UTC is the 09:00 slot.

        Raises:
            ValueError: if ``dt`` is naive (the conventions keep instants aware) or ``slot_minutes`` is
                not positive.
        """
        if dt.tzinfo is None or dt.utcoffset() is None:
            raise ValueError("dt must be an aware datetime")
        local = dt.astimezone(OFFICE_TZ)
        return local in self.office_slots(local.date(), slot_minutes)

    def add_office_minutes(self, start: datetime, minutes: int) -> datetime:
        """The instant ``minutes`` office minutes after aware ``start``, counting only office hours.

        Office hours are ``OFFICE_SESSIONS`` (09:00-13:00, 14:00-18:00 Astana time) on working days. A start
        outside them counts from the next opening: a 30-minute term submitted at 17:50 is due at 09:20 on the
        next working day, one submitted on Saturday at 09:30 on Monday. Returns an aware ``Asia/Almaty`` instant.

        Raises:
            ValueError: if ``start`` is naive or ``minutes`` is negative.
        """
        if start.tzinfo is None or start.utcoffset() is None:
            raise ValueError("start must be an aware datetime")
        if minutes < 0:
            raise ValueError("minutes must not be negative")
        left = timedelta(minutes=minutes)
        local = start.astimezone(OFFICE_TZ)
        day = local.date()
        while True:
            if self.is_working_day(day):
                for opens, closes in OFFICE_SESSIONS:
                    session_start = datetime.combine(day, opens, tzinfo=OFFICE_TZ)
                    session_end = datetime.combine(day, closes, tzinfo=OFFICE_TZ)
                    begin = max(session_start, local)
                    if begin >= session_end:
                        continue
                    if begin + left <= session_end:
                        return begin + left
                    left -= session_end - begin
            day += timedelta(days=1)
            local = datetime.combine(day, time.min, tzinfo=OFFICE_TZ)


def is_working_day(day: date) -> bool:
    """True if ``day`` is a working day; see ``WorkingCalendar.is_working_day``. One query per call."""
    return WorkingCalendar.from_db().is_working_day(day)


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (not counted); see ``WorkingCalendar.add_working_days``.

    Raises:
        ValueError: if ``n`` is negative.
    """
    return WorkingCalendar.from_db().add_working_days(start, n)


def subtract_working_days(day: date, n: int) -> date:
    """The ``n``-th working day before ``day`` (not counted); see ``WorkingCalendar.subtract_working_days``.

    Raises:
        ValueError: if ``n`` is negative.
    """
    return WorkingCalendar.from_db().subtract_working_days(day, n)


def working_days_between(start: date, end: date) -> int:
    """Working days in ``(start, end]``, negative if ``end < start``; see the ``WorkingCalendar`` method."""
    return WorkingCalendar.from_db().working_days_between(start, end)


def extension_window(expires: date) -> tuple[date, date]:
    """``(opens, closes)`` of a visa extension: 30th and 5th working day before ``expires``.

    Guide 2025, Work visa §3; see ``WorkingCalendar.extension_window``.
    """
    return WorkingCalendar.from_db().extension_window(expires)


def office_slots(day: date, slot_minutes: int = 30) -> list[datetime]:
    """Aware ``Asia/Almaty`` slot starts on ``day``, ``[]`` on a day off; see the ``WorkingCalendar`` method.

    Raises:
        ValueError: if ``slot_minutes`` is not positive.
    """
    return WorkingCalendar.from_db().office_slots(day, slot_minutes)


def is_office_slot(dt: datetime, slot_minutes: int = 30) -> bool:
    """True if aware ``dt`` starts an office slot; see ``WorkingCalendar.is_office_slot``.

    Raises:
        ValueError: if ``dt`` is naive.
    """
    return WorkingCalendar.from_db().is_office_slot(dt, slot_minutes)


def add_office_minutes(start: datetime, minutes: int) -> datetime:
    """``minutes`` office minutes after ``start``; see ``WorkingCalendar.add_office_minutes``.

    Raises:
        ValueError: if ``start`` is naive or ``minutes`` is negative.
    """
    return WorkingCalendar.from_db().add_office_minutes(start, minutes)
