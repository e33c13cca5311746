"""Choices of the fees app: channels, validity bands and TRP variants.

Service codes are not listed here: the service catalogue (applications/catalogue.py) owns them, and the fee data
file (fees/data/tariffs.toml) prices them.

Source of every value: the Expat Centre guide 2025 (seeds/001), "Тарифтер мен мерзімдер" tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How the applicant is served; each channel has its own service fee (guide 2025, every tariff table).

    walk_in is the guide's "Walk-in" column: priority submission of documents. personal_manager is the
    "дербес менеджер" column: full information and consulting support through a manager, delivery included.
    """

    STANDARD = "standard", _("Standard")
    WALK_IN = "walk_in", _("Walk-in (priority submission)")
    PERSONAL_MANAGER = "personal_manager", _("Personal manager")


class ValidityBand(models.TextChoices):
    """Validity band of the visa being applied for (guide 2025, C3 / A5 / A6 tables).

    The guide prices C3, A5 and A6 by "up to 2 years" and "3 to 5 years"; every other service is "any".
    """

    ANY = "any", _("Any validity")
    UP_TO_2_YEARS = "up_to_2_years", _("Up to 2 years")
    FROM_3_TO_5_YEARS = "3_to_5_years", _("3 to 5 years")


class Variant(models.TextChoices):
    """Applicant variant that changes the fee; only the TRP has variants (guide 2025, TRP table)."""

    NONE = "", _("Not applicable")
    EMPLOYEE = "employee", _("Employee")
    EXPERT = "expert", _("Expert")


#: Shortest and longest visa validity, in years, that the guide's bands cover (up to 2; 3 to 5).
MIN_VALIDITY_YEARS = 1
MAX_VALIDITY_YEARS = 5

#: ISO 4217 code of every amount in this app.
CURRENCY = "KZT"
