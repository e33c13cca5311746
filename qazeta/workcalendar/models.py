"""Dated overrides of the Kazakhstan working-day calendar.

The ``holidays`` package knows the public holidays, their observed (moved) days off and the government's
day transfers it has been taught; the Government's later transfers (a decree each year) and any one-off
day off are entered here by supervisors, each with the decree or order it comes from.
"""

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from .constants import OverrideKind


class CalendarOverride(models.Model):
    """One day whose status differs from the ``holidays`` package's Kazakhstan calendar.

    An override always wins over the package and over the weekend rule (see
    ``qazeta.workcalendar.calendar.WorkingCalendar``).
    """

    day = models.DateField(unique=True, help_text="The calendar day this override applies to.")
    kind = models.CharField(max_length=32, choices=OverrideKind.choices)
    name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Short label, e.g. 'Working Saturday (transferred from 3 January)'.",
    )
    source = models.TextField(
        help_text="The decree or order that sets this day: issuer, number and date.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # Who changed what and when, with the old values (supervisors edit these in the admin).
    history = HistoricalRecords()

    class Meta:
        ordering = ["day"]
        verbose_name = "calendar override"
        verbose_name_plural = "calendar overrides"
        constraints = [
            # The source is what makes an override auditable; an empty one must not slip in past the admin.
            models.CheckConstraint(condition=~Q(source=""), name="workcalendar_override_source_required"),
            models.CheckConstraint(condition=Q(kind__in=OverrideKind.values), name="workcalendar_override_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.day.isoformat()}: {self.get_kind_display()}"
