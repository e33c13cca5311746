"""Choices of the fees app: service codes, channels, validity bands and TRP variants.

Source of every value: the Expat Centre guide 2025 (seeds/001), "Тарифтер мен мерзімдер" tables.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ServiceCode(models.TextChoices):
    """The Expat Centre services that carry a fee, by the code the whole portal uses.

    The service catalogue (applications/catalogue.py) owns names, documents and terms; fees keeps its own list
    of codes only so that the tariff table, the loader and the calculator can reject a misspelt code without
    importing the applications app (fees knows tariffs, not workflows: DESIGN.md).
    """

    C3_INVITATION = "c3-invitation", _("C3 work visa: invitation letter")
    C3_VISA = "c3-visa", _("C3 work visa issued in Kazakhstan")
    C3_EXTENSION = "c3-extension", _("C3 work visa extension")
    A5_INVITATION = "a5-invitation", _("A5 investor visa: invitation letter")
    A5_VISA = "a5-visa", _("A5 investor visa issued in Kazakhstan")
    A6_INVITATION = "a6-invitation", _("A6 investor visa: invitation letter")
    INVESTOR_VISA_EXTENSION = "investor-visa-extension", _("Investor visa extension")
    BUSINESS_SINGLE_INVITATION = (
        "business-single-invitation",
        _("Single-entry business visa: invitation letter"),
    )
    BUSINESS_SINGLE_EXTENSION = "business-single-extension", _("Single-entry business visa extension")
    BUSINESS_MULTI_INVITATION = (
        "business-multi-invitation",
        _("Multiple-entry business visa: invitation letter"),
    )
    BUSINESS_MULTI_VISA = "business-multi-visa", _("Multiple-entry business visa issued in Kazakhstan")
    BUSINESS_MULTI_EXTENSION = "business-multi-extension", _("Multiple-entry business visa extension")
    VISA_CANCELLATION = "visa-cancellation", _("Visa cancellation (holder has left Kazakhstan)")
    VISA_CANCELLATION_EXIT = "visa-cancellation-exit", _("Visa cancellation with an exit visa")
    PERMANENT_RESIDENCE = "permanent-residence", _("Permanent residence permit")
    TEMPORARY_RESIDENCE = "temporary-residence", _("Temporary residence permit (TRP)")
    ARRIVAL_NOTIFICATION = "arrival-notification", _("Arrival notification or change of address")
    IIN = "iin", _("IIN (individual identification number)")
    TAX_RESIDENCY_CERTIFICATE = "tax-residency-certificate", _("Tax residency certificate")
    TAX_RESIDENCY_CERTIFICATE_AIFC = (
        "tax-residency-certificate-aifc",
        _("Tax residency certificate for AIFC investment residents"),
    )
    EDS = "eds", _("EDS (electronic digital signature) activation")
    FINGERPRINTING = "fingerprinting", _("Fingerprinting")
    QUALIFICATION_EXEMPTION = (
        "qualification-exemption",
        _("Exemption from or change of AIFC qualification requirements"),
    )


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
