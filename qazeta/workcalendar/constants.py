"""Choices of the working-day calendar."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OverrideKind(models.TextChoices):
    """What a dated override does to the package's Kazakhstan calendar.

    ``day_off`` makes the day a day off; ``working_day`` and ``cancelled_holiday`` make it a working day.
    The two working kinds differ only in what they record: a transferred working Saturday versus a
    holiday a decree cancelled.
    """

    DAY_OFF = "day_off", _("Extra day off")
    WORKING_DAY = "working_day", _("Working day (e.g. a transferred working Saturday)")
    CANCELLED_HOLIDAY = "cancelled_holiday", _("Holiday cancelled (treated as a working day)")


#: Kinds that turn the day into a working day; every other kind makes it a day off.
WORKING_KINDS: frozenset[str] = frozenset({OverrideKind.WORKING_DAY, OverrideKind.CANCELLED_HOLIDAY})
