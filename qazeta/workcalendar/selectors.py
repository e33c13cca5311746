"""Reads of the working-day calendar's override table."""

from __future__ import annotations

from datetime import date

from .models import CalendarOverride


def override_kinds_by_day() -> dict[date, str]:
    """Every calendar override as ``{day: kind}`` (kind is an ``OverrideKind`` value), in one query.

    The table holds a few dozen rows a year, so loading it whole is cheaper than a query per day.
    """
    return dict(CalendarOverride.objects.values_list("day", "kind"))
