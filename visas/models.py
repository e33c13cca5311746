"""Service models of the visa services (children of ``applications.Application``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application


class C3InvitationApplication(Application):
    """Invitation letter for a C3 work visa, employee (and family) outside Kazakhstan.

    Source: Expat Centre guide 2025, Work visa §1. The approved invitation is presented, with the visa
    questionnaire and the original passport, at a Kazakh embassy or international airport (step 2).
    """

    position = models.CharField(_("Position"), max_length=150, help_text=_("Position under the employment contract"))
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
