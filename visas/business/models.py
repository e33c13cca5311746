"""Filing models of the business visa services (children of ``applications.Application``).

Sources: Expat Centre guide 2025 (seed 001), "Short-term business visa" §1-2 (single entry, B1 or B3) and
"Long-term business visa" §1-3 (multiple entry, B2 or B3); SERVICES.md, same sections. The filer chooses the visa
category; single entry offers B1 and B3 only (SERVICES.md: "Offer B1 and B3 here; B2 is the multiple-entry
service"), multiple entry offers B2 and B3. An extension keeps the category of the visa it extends.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from qazeta.records.models import IssuedVisaFields


class SingleEntryCategory(models.TextChoices):
    """Categories of a single-entry business visa the Expat Centre's invitation covers (guide: B1, B3)."""

    B1 = "B1", _("B1 — business partner (negotiations, conferences, forums, exhibitions, contracts)")
    B3 = "B3", _("B3 — founder or board member, business immigrant")


class MultipleEntryCategory(models.TextChoices):
    """Categories of a multiple-entry business visa (guide: B2 experts under a contract, B3 founders/board)."""

    B2 = "B2", _("B2 — expert: installation, repair, maintenance of equipment, consulting or audit")
    B3 = "B3", _("B3 — founder or member of the board of directors")


def _pickup_place() -> models.CharField:
    return models.CharField(
        _("Visa obtained at"),
        max_length=150,
        help_text=_("Kazakh embassy/consulate (city) or international airport where the invitee obtains the visa"),
    )


def _purpose() -> models.CharField:
    return models.CharField(
        _("Purpose of the visit"),
        max_length=255,
        help_text=_("E.g. negotiations with …, the conference …, installation of equipment under contract No …"),
    )


class BusinessSingleInvitationApplication(Application):
    """Invitation letter for a single-entry business visa (B1 or B3), invitee outside Kazakhstan.

    Guide 2025, Short-term business visa §1. The approved invitation is presented, with the visa questionnaire and
    the original passport, at a Kazakh embassy or international airport (step 2).
    """

    visa_category = models.CharField(
        _("Visa category"),
        max_length=2,
        choices=SingleEntryCategory.choices,
        help_text=_("B1 for business partners; B3 for founders, board members and business immigrants"),
    )
    visit_purpose = _purpose()
    visa_pickup_place = _pickup_place()

    class Meta:
        verbose_name = "single-entry business visa invitation application"


class BusinessMultiInvitationApplication(Application):
    """Invitation letter for a multiple-entry business visa (B2 or B3), invitee outside Kazakhstan.

    Guide 2025, Long-term business visa §1: B2 needs the contract for consulting, audit or installation works, B3
    the confirmation of membership of the founders or of the board.
    """

    visa_category = models.CharField(
        _("Visa category"),
        max_length=2,
        choices=MultipleEntryCategory.choices,
        help_text=_("B2 for experts working under a contract; B3 for founders and board members"),
    )
    visit_purpose = _purpose()
    visa_pickup_place = _pickup_place()

    class Meta:
        verbose_name = "multiple-entry business visa invitation application"


class BusinessMultiVisaApplication(IssuedVisaFields, Application):
    """Multiple-entry business visa (B2 or B3) issued in Kazakhstan, for a person already in the country.

    Guide 2025, Long-term business visa §2. The Migration Service issues the visa; the officer attaches its scan and
    enters its number, validity and entries at issue (``IssuedVisaFields``); the portal records it on the person.
    """

    visa_category = models.CharField(
        _("Visa category"),
        max_length=2,
        choices=MultipleEntryCategory.choices,
        help_text=_("B2 for experts working under a contract; B3 for founders and board members"),
    )

    class Meta:
        verbose_name = "multiple-entry business visa application (issued in Kazakhstan)"


class BusinessSingleExtensionApplication(IssuedVisaFields, Application):
    """Extension of a single-entry business visa (B1 or B3), by the same host party inside the window.

    Guide 2025, Short-term business visa §2 ("rules as for the work visa"): from the 30th to the 5th working day
    before expiry, host party unchanged. The category is that of the visa extended (no field of its own).
    """

    class Meta:
        verbose_name = "single-entry business visa extension application"


class BusinessMultiExtensionApplication(IssuedVisaFields, Application):
    """Extension of a multiple-entry business visa (B2 or B3), by the same host party inside the window.

    Guide 2025, Long-term business visa §3. The category (and so the B2 contract or B3 confirmation the checklist
    asks) is that of the visa extended.
    """

    class Meta:
        verbose_name = "multiple-entry business visa extension application"
