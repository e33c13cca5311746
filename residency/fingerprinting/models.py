"""The filing model of fingerprinting and the supervisors' setting on its fee waiver.

Source: Expat Centre guide 2025 (seed 001), "Other migration and tax services" §5: dactyloscopic registration; a
certificate is issued; documents: IIN, original passport, arrival notification, consent; 10,000 KZT, free when a
work visa, investor visa or TRP is being formalised and its service fee was paid beforehand; 20-30 minutes.
SERVICES.md (reading): a paid C3/A5/A6 *invitation* (the visa obtained abroad) earns the waiver only if the Expat
Centre confirms: :class:`FingerprintingSettings` is where a supervisor says so.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from applications.models import Application


class FingerprintingApplication(Application):
    """Fingerprinting (dactyloscopic registration) at the Expat Centre, in person; the guide asks no data beyond
    the documents, so the service has no fields of its own."""

    class Meta:
        verbose_name = "fingerprinting application"


class FingerprintingSettings(models.Model):
    """The Expat Centre's settings on fingerprinting, one row (``pk`` 1), edited by supervisors in the admin with
    history (django-simple-history: who changed what, when, the old value)."""

    invitations_earn_waiver = models.BooleanField(
        _("A paid invitation earns the fee waiver"),
        default=False,
        help_text=_(
            "Tick only when the Expat Centre accepts it: the person's C3, A5 or A6 invitation with its service fee "
            "paid then makes fingerprinting free, like a paid work visa, investor visa or TRP application."
        ),
    )
    note = models.CharField(
        _("Why (for the record)"),
        max_length=255,
        blank=True,
        help_text=_("E.g. the decision or letter by which the Expat Centre confirmed it."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "fingerprinting settings"
        verbose_name_plural = "fingerprinting settings"

    def __str__(self) -> str:
        return "Fingerprinting settings"

    @classmethod
    def current(cls) -> FingerprintingSettings:
        """The one row (created with the defaults on first use)."""
        settings, _created = cls.objects.get_or_create(pk=1)
        return settings
