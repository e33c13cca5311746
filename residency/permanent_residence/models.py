"""The filing model of the permanent residence permit (a child of ``applications.Application``).

Source: Expat Centre guide 2025 (seed 001), "Permanent residence permit" (тұруға ықтиярхат), for AIFC investment
residents: maximum validity 10 years, never beyond the passport's expiry; passport valid more than 180 calendar
days on the day of application; 45 working days (SERVICES.md). The filer asks for a validity in whole years; the
officer records the permit the migration service issued (number, first and last day) and attaches its scan.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application

#: Guide 2025, Permanent residence permit: "valid for at most 10 years".
MAX_VALIDITY_YEARS = 10


class PermanentResidenceApplication(Application):
    """Permanent residence permit for an AIFC investment resident (and family)."""

    requested_validity_years = models.PositiveSmallIntegerField(
        _("Requested validity (years)"),
        validators=[MinValueValidator(1), MaxValueValidator(MAX_VALIDITY_YEARS)],
        help_text=_("At most 10 years, and never beyond the passport's expiry."),
    )
    # Recorded by the officer at issue (ServiceDefinition.outcome_fields), never by the filer.
    permit_number = models.CharField(
        _("Permit number"),
        max_length=32,
        blank=True,
        help_text=_("The number of the residence permit the migration service issued."),
    )
    permit_valid_from = models.DateField(_("Permit valid from"), null=True, blank=True)
    permit_valid_to = models.DateField(
        _("Permit valid to"),
        null=True,
        blank=True,
        help_text=_("At most 10 years from the first day, and never after the passport expires."),
    )

    class Meta:
        verbose_name = "permanent residence permit application"
