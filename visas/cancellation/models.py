"""Filing models of the visa cancellation services (children of ``applications.Application``).

Source: Expat Centre guide 2025 (seed 001), Visa cancellation §1 (after the holder left Kazakhstan) and §2 (with an
exit visa). The visa that is cancelled is not a field: it is the person's current visa on record for the host
party filing (``qazeta.records``), found by the plug-in's precondition and cancelled at the outcome.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application
from qazeta.records.models import IssuedVisaFields


class VisaCancellationApplication(Application):
    """Cancellation of the current work or business visa (and the family members' visas) after the holder left.

    Guide 2025, Visa cancellation §1: the host party may apply once the foreigner left Kazakhstan after the
    employment or expert contract ended. 1 working day, no state duty; the state body's cancellation confirmation
    is attached by the officer at the outcome.
    """

    left_kazakhstan_on = models.DateField(
        _("Left Kazakhstan on"),
        help_text=_("The day the visa holder left Kazakhstan (after the employment or expert contract ended)"),
    )
    contract_ended_on = models.DateField(
        _("Contract ended on"),
        null=True,
        blank=True,
        help_text=_("The day the employment or expert contract ended, if known"),
    )

    class Meta:
        verbose_name = "Visa cancellation application (holder has left)"


class VisaCancellationExitApplication(Application, IssuedVisaFields):
    """Cancellation of the current visa with an exit visa, for a foreigner still in Kazakhstan.

    Guide 2025, Visa cancellation §2: the service or employment contract was terminated; the exit visa is issued
    for up to 15 working days and the holder must leave within it. 5 working days, state duty 0.5 MRP. At issue
    the officer attaches the exit visa's scan and enters its fields (``IssuedVisaFields``): ``visa_valid_to`` is
    the day by which the person must leave.
    """

    contract_terminated_on = models.DateField(
        _("Contract terminated on"),
        help_text=_("The day the service or employment contract was terminated"),
    )

    class Meta:
        verbose_name = "Visa cancellation application with an exit visa"
