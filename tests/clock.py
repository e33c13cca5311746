"""Dates and instants for tests that need "today" (the suite never depends on the real date).

Set the clock with time-machine, e.g. for a whole module::

    # Files and submits applications: a day whose year has an MRP on record.
    pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

or inside a test with the ``time_machine`` fixture: ``time_machine.move_to(astana(dt.date(2026, 12, 1)))``.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

#: Astana keeps Asia/Almaty time (UTC+5), the project's TIME_ZONE.
ASTANA = ZoneInfo("Asia/Almaty")

#: A working Monday whose year has an MRP in fees/data/tariffs.toml: the day tests file and submit on.
FILING_DAY = dt.date(2026, 3, 2)


def astana(day: dt.date | str, hour: int = 9, minute: int = 0) -> dt.datetime:
    """``hour``:``minute`` Astana time on ``day`` (a date or an ISO date string), an aware datetime."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ASTANA)


def instant_from_text(value: str) -> dt.datetime:
    """``QAZETA_TEST_CLOCK``'s value as an aware instant: a date means 09:00 Astana; a naive ISO instant is Astana."""
    if len(value) == 10:
        return astana(value)
    instant = dt.datetime.fromisoformat(value)
    return instant if instant.tzinfo else instant.replace(tzinfo=ASTANA)
