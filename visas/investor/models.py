"""Filing models of the investor visa services (children of ``applications.Application``).

Sources: Expat Centre guide 2025 (seed 001), Investor visa §1-4 (SERVICES.md, "Investor visa (A5, A6)").
The visas issued in Kazakhstan (A5 §2 and the extension §4) keep the visa the officer records at issue
(``qazeta.records.models.IssuedVisaFields``); the invitations (§1, §3) produce a letter the invitee presents
abroad (step 2), so no visa is recorded from them.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from qazeta.records.models import IssuedVisaFields


class Petitioner(models.TextChoices):
    """Who petitions for an A5 investor (guide 2025, Investor visa §1-2: "the petition of Kazakhstan's authorised
    investment body or of the AIFC Administration")."""

    INVESTMENT_BODY = "investment_body", _("Kazakhstan's authorised investment body")
    AIFC_ADMINISTRATION = "aifc_administration", _("The AIFC Administration")


class A5InvitationApplication(Application):
    """Invitation letter for an A5 investor visa, investor (and family) outside Kazakhstan (Investor visa §1).

    The approved letter is presented, with the visa questionnaire and the original passport, at a Kazakh embassy
    or, on arrival, at a Kazakh international airport (step 2).
    """

    petitioner = models.CharField(
        _("Petition by"),
        max_length=24,
        choices=Petitioner.choices,
        help_text=_("The body whose petition supports the investor's visa (principal only)"),
    )
    visa_pickup_place = models.CharField(
        _("Visa obtained at"),
        max_length=150,
        help_text=_("Kazakh embassy/consulate (city) or international airport where the visa is obtained"),
    )

    class Meta:
        verbose_name = "A5 investor visa invitation application"


class A5VisaApplication(IssuedVisaFields, Application):
    """An A5 investor visa issued in Kazakhstan (Investor visa §2): the state body's visa is a received document;
    the officer attaches its scan and enters its number, validity and entries at issue."""

    class Meta:
        verbose_name = "A5 investor visa application (issued in Kazakhstan)"


class A6InvitationApplication(Application):
    """Invitation letter for an A6 investor visa, AIFC investment resident (and family) outside Kazakhstan
    (Investor visa §3, on the AIFC Administration's petition). Step 2 is at a Kazakh embassy (SERVICES.md,
    "A6 step 2")."""

    visa_pickup_place = models.CharField(
        _("Visa obtained at"),
        max_length=150,
        help_text=_("Kazakh embassy or consulate (city) where the visa is obtained"),
    )

    class Meta:
        verbose_name = "A6 investor visa invitation application"


class InvestorVisaExtensionApplication(IssuedVisaFields, Application):
    """Extension of an investor visa (A5 or A6) in Kazakhstan (Investor visa §4, the work visa's rules): the
    extended visa is recorded, with the category of the visa it extends, from the fields the officer enters."""

    class Meta:
        verbose_name = "Investor visa extension application"
