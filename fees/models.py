"""MRP table, effective-dated tariffs (service fees) and state duties.

Periods are closed on both ends: a row is in force from ``effective_from`` to ``effective_to`` inclusive, and
``effective_to`` empty means "until further notice". A supervisor ends a row by setting its ``effective_to``
and adds the successor starting the next day; rows are never deleted, so that a quote frozen on an application
can always be traced back to the row it came from.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from fees.constants import Channel, ValidityBand, Variant


def in_force_on(day: date) -> Q:
    """A filter for rows in force on ``day`` (both period ends inclusive)."""
    return Q(effective_from__lte=day) & (Q(effective_to__isnull=True) | Q(effective_to__gte=day))


def _overlapping(qs: QuerySet[Any], start: date, end: date | None) -> QuerySet[Any]:
    """Rows of ``qs`` whose period shares at least one day with [start, end]; ``end`` None is open."""
    qs = qs.filter(Q(effective_to__isnull=True) | Q(effective_to__gte=start))
    if end is not None:
        qs = qs.filter(effective_from__lte=end)
    return qs


class EffectiveDated(models.Model):
    """Shared period fields and the overlap check of tariffs and state duties."""

    effective_from = models.DateField(_("effective from"), help_text=_("First day the row is in force."))
    effective_to = models.DateField(
        _("effective to"),
        null=True,
        blank=True,
        help_text=_("Last day the row is in force (inclusive); empty means until further notice."),
    )
    source = models.TextField(_("source"), blank=True, help_text=_("The act or guide page the figure comes from."))

    class Meta:
        abstract = True

    #: Fields that, with effective_from, identify a row; two rows with the same key must not overlap.
    key_fields: tuple[str, ...] = ()

    def key(self) -> dict[str, Any]:
        """The natural key without the period, as filter keyword arguments."""
        return {name: getattr(self, name) for name in self.key_fields}

    def overlapping_rows(self, using: str | None = None) -> QuerySet[Any]:
        """Other rows of the same key whose period overlaps this row's period (on database ``using``)."""
        qs = type(self)._default_manager.db_manager(using).filter(**self.key())
        if self.pk is not None:
            qs = qs.exclude(pk=self.pk)
        return _overlapping(qs, self.effective_from, self.effective_to)

    def clean(self) -> None:
        """Reject an inverted period and a period overlapping another row of the same key.

        The database holds only the weaker unique (key, effective_from) constraint: an exclusion constraint on
        a date range is PostgreSQL-only and the embedded default runs on SQLite.
        """
        super().clean()
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("The period ends before it starts.")})
        if self.effective_from and self.overlapping_rows().exists():
            raise ValidationError(
                _("Another row for the same key is in force during part of this period; end it first.")
            )


class Mrp(models.Model):
    """The monthly calculation index (MRP, АЕК) of one calendar year, in KZT.

    Set by each year's republican budget law; state duties are multiples of it.
    """

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = models.DecimalField(_("amount, KZT"), max_digits=12, decimal_places=2)
    source = models.TextField(_("source"), blank=True)

    # Who changed what and when, with the old values (supervisors edit these in the admin).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("MRP")
        verbose_name_plural = _("MRP table")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="fees_mrp_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"MRP {self.year}: {self.amount} KZT"


class Tariff(EffectiveDated):
    """The Expat Centre's service fee, in KZT, for one service × channel × validity band × variant.

    A service offers exactly the channels it has tariff rows for (guide 2025: most services have no
    personal-manager column, tax residency certificates have no walk-in column).
    """

    service = models.CharField(
        _("service"),
        max_length=64,
        db_index=True,
        help_text=_("Service code of the catalogue, e.g. c3-invitation"),
    )
    channel = models.CharField(_("channel"), max_length=32, choices=Channel.choices)
    validity_band = models.CharField(
        _("validity band"), max_length=32, choices=ValidityBand.choices, default=ValidityBand.ANY
    )
    variant = models.CharField(_("variant"), max_length=32, choices=Variant.choices, default="", blank=True)
    amount = models.DecimalField(_("service fee, KZT"), max_digits=12, decimal_places=2)

    key_fields = ("service", "channel", "validity_band", "variant")

    # Who changed what and when, with the old values (supervisors edit these in the admin).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["service", "channel", "validity_band", "variant", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "channel", "validity_band", "variant", "effective_from"],
                name="fees_tariff_unique_key_start",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fees_tariff_amount_not_negative"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="fees_tariff_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        parts = [self.service, self.channel]
        if self.validity_band != ValidityBand.ANY:
            parts.append(self.validity_band)
        if self.variant:
            parts.append(self.variant)
        return f"{' / '.join(parts)}: {self.amount} KZT from {self.effective_from}"


class StateDuty(EffectiveDated):
    """The state duty of a service as a multiple of the MRP of the year the quote is for.

    A service with no duty ("-" in the guide, or no duty column) has an explicit row with multiple 0, so that
    "no duty" is a recorded fact, not a missing row.
    """

    service = models.CharField(
        _("service"),
        max_length=64,
        db_index=True,
        help_text=_("Service code of the catalogue, e.g. c3-invitation"),
    )
    mrp_multiple = models.DecimalField(_("MRP multiple"), max_digits=8, decimal_places=3)

    key_fields = ("service",)

    # Who changed what and when, with the old values (supervisors edit these in the admin).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("state duty")
        verbose_name_plural = _("state duties")
        ordering = ["service", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["service", "effective_from"], name="fees_stateduty_unique_key_start"),
            models.CheckConstraint(condition=Q(mrp_multiple__gte=0), name="fees_stateduty_multiple_not_negative"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=models.F("effective_from")),
                name="fees_stateduty_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.mrp_multiple.normalize():f} MRP from {self.effective_from}"
