"""Service models of the visa services (children of ``applications.Application``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from qazeta.records.models import IssuedVisaFields


class C3InvitationApplication(Application):
    """Invitation letter for a C3 work visa, employee (and family) outside Kazakhstan.

    Source: Expat Centre guide 2025, Work visa §1. The approved invitation is presented, with the visa
    questionnaire and the original passport, at a Kazakh embassy or international airport (step 2).
    """

    # Blank for a family member (never asked: ``principal_fields``); a principal must state it (``visas.rules``).
    position = models.CharField(
        _("Position"), max_length=150, blank=True, help_text=_("Position under the employment contract")
    )
    contract_ends_on = models.DateField(
        _("Contract ends on"),
        null=True,
        blank=True,
        help_text=_("End of the employment contract's period (principal only)"),
    )
    visa_pickup_place = models.CharField(
        _("Visa obtained at"),
        max_length=150,
        help_text=_("Kazakh embassy/consulate (city) or international airport where the visa is obtained"),
    )

    class Meta:
        verbose_name = "C3 work visa invitation application"


class C3VisaApplication(IssuedVisaFields, Application):
    """C3 work visa issued in Kazakhstan, for an employee (and family) already in the country.

    Source: Expat Centre guide 2025, Work visa §2. The Migration Service issues the visa; the officer attaches its
    scan and enters the visa's number, validity and entries at issue (``IssuedVisaFields``), and the portal keeps
    it as the person's visa record (``qazeta.records``).
    """

    # Blank for a family member (never asked: ``principal_fields``); a principal must state it (``visas.rules``).
    position = models.CharField(
        _("Position"), max_length=150, blank=True, help_text=_("Position under the employment contract")
    )
    contract_ends_on = models.DateField(
        _("Contract ends on"),
        null=True,
        blank=True,
        help_text=_("End of the employment contract's period (principal only)"),
    )

    class Meta:
        verbose_name = "C3 work visa application (issued in Kazakhstan)"


class C3ExtensionApplication(IssuedVisaFields, Application):
    """Extension of a C3 work visa, filed by the same host party inside the extension window.

    Source: Expat Centre guide 2025, Work visa §3: no earlier than 30 and no later than 5 working days before the
    visa expires, only with the host party unchanged; the document list is that of the in-country issuance (§2).
    The extension is a new visa record of category C3, entered by the officer at issue.
    """

    # Blank for a family member (never asked: ``principal_fields``); a principal must state it (``visas.rules``).
    position = models.CharField(
        _("Position"), max_length=150, blank=True, help_text=_("Position under the employment contract")
    )
    contract_ends_on = models.DateField(
        _("Contract ends on"),
        null=True,
        blank=True,
        help_text=_("End of the employment contract's period (principal only)"),
    )

    class Meta:
        verbose_name = "C3 work visa extension application"
