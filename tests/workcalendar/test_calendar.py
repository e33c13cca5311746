"""The working-day engine on real 2025 and 2026 dates (holidays from the ``holidays`` package, KZ)."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from qazeta.workcalendar import calendar
from qazeta.workcalendar.calendar import OFFICE_TZ, WorkingCalendar
from qazeta.workcalendar.constants import OverrideKind
from qazeta.workcalendar.models import CalendarOverride

PLAIN = WorkingCalendar()  # the package alone, no overrides


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 3, 7), True),  # Friday before Women's Day
        (date(2025, 3, 8), False),  # Women's Day, a Saturday
        (date(2025, 3, 10), False),  # Women's Day observed on Monday
        (date(2025, 3, 21), False),  # Nauryz
        (date(2025, 3, 24), False),  # Nauryz observed (22, 23 fell on the weekend)
        (date(2025, 3, 25), False),  # Nauryz observed
        (date(2025, 3, 26), True),
        (date(2025, 1, 3), False),  # Friday off, transferred from Sunday 5 January 2025
        (date(2025, 1, 5), True),  # ... so that Sunday was a working day
        (date(2025, 1, 4), False),  # an ordinary Saturday
        (date(2026, 3, 9), False),  # Women's Day 2026 (a Sunday) observed on Monday
        (date(2026, 12, 16), False),  # Independence Day, a Wednesday
        (date(2026, 12, 17), True),  # 17 December has not been a holiday since 2022
    ],
)
def test_is_working_day_on_real_dates(day, expected):
    assert PLAIN.is_working_day(day) is expected


def test_due_date_skips_womens_day_weekend_and_observed_monday():
    # From Fri 7 Mar 2025: Sat 8, Sun 9, Mon 10 (observed) are off; Tue 11..Fri 14 are 1-4, Mon 17 is 5.
    assert PLAIN.add_working_days(date(2025, 3, 7), 5) == date(2025, 3, 17)


def test_due_date_skips_nauryz():
    # From Wed 19 Mar 2025: Thu 20 is 1; Fri 21..Tue 25 are off; Wed 26, Thu 27, Fri 28, Mon 31 are 2-5.
    assert PLAIN.add_working_days(date(2025, 3, 19), 5) == date(2025, 3, 31)


def test_due_date_skips_independence_day_2026():
    # From Tue 15 Dec 2026: Wed 16 is Independence Day, so the 1st working day is Thu 17.
    assert PLAIN.add_working_days(date(2026, 12, 15), 1) == date(2026, 12, 17)


def test_due_date_skips_nauryz_2026_and_its_observed_days():
    # From Fri 20 Mar 2026: Sat 21..Wed 25 are off (Nauryz 21-23, observed 24-25); Thu 26 is the 1st.
    assert PLAIN.add_working_days(date(2026, 3, 20), 1) == date(2026, 3, 26)


def test_start_day_is_never_counted():
    # Mon 17 Mar 2025 is a working day, yet one working day after it is Tue 18, not Mon 17.
    assert PLAIN.add_working_days(date(2025, 3, 17), 1) == date(2025, 3, 18)
    assert PLAIN.subtract_working_days(date(2025, 3, 17), 1) == date(2025, 3, 14)
    # Starting on a day off changes nothing: Sat 8 Mar 2025 -> Sun 9, Mon 10 off -> Tue 11.
    assert PLAIN.add_working_days(date(2025, 3, 8), 1) == date(2025, 3, 11)


def test_zero_working_days_returns_the_start_even_on_a_day_off():
    assert PLAIN.add_working_days(date(2025, 3, 8), 0) == date(2025, 3, 8)
    assert PLAIN.subtract_working_days(date(2025, 3, 8), 0) == date(2025, 3, 8)


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="n must be >= 0"):
        PLAIN.add_working_days(date(2025, 3, 7), -1)
    with pytest.raises(ValueError, match="n must be >= 0"):
        PLAIN.subtract_working_days(date(2025, 3, 7), -1)


def test_subtract_working_days_skips_nauryz():
    # Before Wed 26 Mar 2025: Tue 25..Fri 21 are off, so the 1st is Thu 20 and the 2nd Wed 19.
    assert PLAIN.subtract_working_days(date(2025, 3, 26), 2) == date(2025, 3, 19)


def test_working_days_between_excludes_start_includes_end():
    assert PLAIN.working_days_between(date(2025, 3, 7), date(2025, 3, 17)) == 5
    assert PLAIN.working_days_between(date(2025, 3, 17), date(2025, 3, 7)) == -5
    assert PLAIN.working_days_between(date(2025, 3, 7), date(2025, 3, 7)) == 0
    # (Fri 7, Mon 10]: Sat, Sun and the observed Monday are all off.
    assert PLAIN.working_days_between(date(2025, 3, 7), date(2025, 3, 10)) == 0


def test_extension_window_of_a_visa_expiring_1_april_2025():
    # Counted by hand backwards from Tue 1 Apr 2025 (not counted); KZ holidays in that span are
    # Mon 10 Mar (Women's Day observed) and Fri 21, Mon 24, Tue 25 Mar (Nauryz), none in February.
    #   Mar 31=1, 28=2, 27=3, 26=4, (25, 24, 23, 22, 21 off) 20=5  -> closes Thu 20 Mar 2025
    #   Mar 19=6, 18=7, 17=8, 14=9, 13=10, 12=11, 11=12, (10, 9, 8 off) 7=13, 6=14, 5=15, 4=16, 3=17,
    #   Feb 28=18, 27=19, 26=20, 25=21, 24=22, 21=23, 20=24, 19=25, 18=26, 17=27, 14=28, 13=29,
    #   12=30 -> opens Wed 12 Feb 2025
    assert PLAIN.extension_window(date(2025, 4, 1)) == (date(2025, 2, 12), date(2025, 3, 20))


def test_override_day_off_moves_the_due_date():
    calendar_ = WorkingCalendar({date(2026, 12, 17): OverrideKind.DAY_OFF})

    assert not calendar_.is_working_day(date(2026, 12, 17))
    # From Tue 15 Dec 2026: Wed 16 (Independence Day) and Thu 17 (override) are off -> Fri 18.
    assert calendar_.add_working_days(date(2026, 12, 15), 1) == date(2026, 12, 18)


def test_override_working_saturday_moves_the_due_date():
    calendar_ = WorkingCalendar({date(2025, 3, 15): OverrideKind.WORKING_DAY})

    assert calendar_.is_working_day(date(2025, 3, 15))
    # From Fri 14 Mar 2025 the 1st working day is that Saturday instead of Mon 17.
    assert calendar_.add_working_days(date(2025, 3, 14), 1) == date(2025, 3, 15)
    assert PLAIN.add_working_days(date(2025, 3, 14), 1) == date(2025, 3, 17)


def test_cancelled_holiday_is_a_working_day():
    calendar_ = WorkingCalendar({date(2026, 12, 16): OverrideKind.CANCELLED_HOLIDAY})

    assert calendar_.is_working_day(date(2026, 12, 16))
    assert calendar_.add_working_days(date(2026, 12, 15), 1) == date(2026, 12, 16)


def test_override_wins_over_a_package_transfer():
    # The package makes Sun 5 Jan 2025 a working day; an override can take that back.
    calendar_ = WorkingCalendar({date(2025, 1, 5): OverrideKind.DAY_OFF})

    assert not calendar_.is_working_day(date(2025, 1, 5))


def test_office_slots_on_a_working_day_skip_lunch():
    slots = PLAIN.office_slots(date(2025, 3, 11))

    local_times = [slot.astimezone(OFFICE_TZ).time() for slot in slots]
    assert len(slots) == 16  # 8 in 09:00-13:00 and 8 in 14:00-18:00
    assert local_times[0] == time(9, 0)
    assert local_times[-1] == time(17, 30)
    assert time(12, 30) in local_times
    assert time(14, 0) in local_times
    assert not [t for t in local_times if time(13, 0) <= t < time(14, 0)]
    assert all(slot.utcoffset() is not None for slot in slots)


def test_office_slots_are_astana_time():
    first = PLAIN.office_slots(date(2025, 3, 11))[0]

    # Astana is UTC+5 since 1 March 2024: 09:00 local is 04:00 UTC.
    assert first == datetime(2025, 3, 11, 4, 0, tzinfo=UTC)


def test_office_slots_of_other_length_end_by_closing_time():
    slots = PLAIN.office_slots(date(2025, 3, 11), slot_minutes=45)

    local_times = [slot.astimezone(OFFICE_TZ).strftime("%H:%M") for slot in slots]
    # 12:45 would run into lunch and 17:45 past 18:00, so neither starts a slot.
    assert local_times == [
        "09:00", "09:45", "10:30", "11:15", "12:00",
        "14:00", "14:45", "15:30", "16:15", "17:00",
    ]  # fmt: skip


@pytest.mark.parametrize("day", [date(2025, 3, 16), date(2025, 3, 10), date(2026, 12, 16)])
def test_no_office_slots_on_a_day_off(day):
    # Sunday, Women's Day observed, Independence Day.
    assert PLAIN.office_slots(day) == []


def test_office_slots_refuse_non_positive_length():
    with pytest.raises(ValueError, match="positive"):
        PLAIN.office_slots(date(2025, 3, 11), slot_minutes=0)


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (datetime(2025, 3, 11, 9, 0, tzinfo=OFFICE_TZ), True),
        (datetime(2025, 3, 11, 4, 0, tzinfo=UTC), True),  # the same instant in UTC
        (datetime(2025, 3, 11, 17, 30, tzinfo=OFFICE_TZ), True),
        (datetime(2025, 3, 11, 13, 0, tzinfo=OFFICE_TZ), False),  # lunch
        (datetime(2025, 3, 11, 13, 30, tzinfo=OFFICE_TZ), False),  # lunch
        (datetime(2025, 3, 11, 9, 10, tzinfo=OFFICE_TZ), False),  # not on the slot grid
        (datetime(2025, 3, 11, 18, 0, tzinfo=OFFICE_TZ), False),  # closed
        (datetime(2025, 3, 16, 10, 0, tzinfo=OFFICE_TZ), False),  # Sunday
    ],
)
def test_is_office_slot(instant, expected):
    assert PLAIN.is_office_slot(instant) is expected


def test_is_office_slot_refuses_naive_datetimes():
    with pytest.raises(ValueError, match="aware"):
        PLAIN.is_office_slot(datetime(2025, 3, 11, 9, 0))  # noqa: DTZ001 - naive on purpose


@pytest.mark.django_db
def test_module_functions_read_overrides_from_the_database():
    CalendarOverride.objects.create(
        day=date(2025, 3, 15),
        kind=OverrideKind.WORKING_DAY,
        name="Working Saturday",
        source="Test order No 1",
    )
    CalendarOverride.objects.create(
        day=date(2025, 3, 18), kind=OverrideKind.DAY_OFF, name="Extra day off", source="Test order No 2"
    )

    assert calendar.is_working_day(date(2025, 3, 15))
    assert not calendar.is_working_day(date(2025, 3, 18))
    # From Fri 14: Sat 15 (working) = 1, Mon 17 = 2, Tue 18 off, Wed 19 = 3.
    assert calendar.add_working_days(date(2025, 3, 14), 3) == date(2025, 3, 19)
    assert calendar.subtract_working_days(date(2025, 3, 19), 3) == date(2025, 3, 14)
    assert calendar.working_days_between(date(2025, 3, 14), date(2025, 3, 19)) == 3
    assert len(calendar.office_slots(date(2025, 3, 15))) == 16
    assert calendar.office_slots(date(2025, 3, 18)) == []
    assert calendar.is_office_slot(datetime(2025, 3, 15, 9, 0, tzinfo=OFFICE_TZ))


@pytest.mark.django_db
def test_module_extension_window_uses_overrides():
    # An extra day off on Thu 20 Mar 2025 pushes the 5th working day before 1 Apr back to Wed 19.
    CalendarOverride.objects.create(day=date(2025, 3, 20), kind=OverrideKind.DAY_OFF, source="Test order")

    assert calendar.extension_window(date(2025, 4, 1)) == (date(2025, 2, 11), date(2025, 3, 19))


@pytest.mark.django_db
def test_calendar_loads_overrides_in_one_query(django_assert_num_queries):
    CalendarOverride.objects.create(day=date(2025, 3, 15), kind=OverrideKind.WORKING_DAY, source="Test order")

    with django_assert_num_queries(1):
        calendar_ = WorkingCalendar.from_db()
    with django_assert_num_queries(0):
        due_dates = [calendar_.add_working_days(date(2025, 3, day), 10) for day in range(1, 29)]

    # From Fri 14 Mar 2025: Sat 15 (override), 17, 18, 19, 20, (21-25 Nauryz off) 26, 27, 28, 31, Apr 1.
    assert due_dates[13] == date(2025, 4, 1)


def test_astana_time_is_utc_plus_5_on_this_machine():
    # Kazakhstan moved to a single UTC+5 zone on 1 March 2024 (tzdata 2024a). A machine with older time-zone
    # data would put every appointment slot an hour off; fail loudly here instead.
    import zoneinfo

    almaty = zoneinfo.ZoneInfo("Asia/Almaty")
    assert datetime(2026, 6, 1, 12, tzinfo=almaty).utcoffset() == timedelta(hours=5)
