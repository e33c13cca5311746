"""The filing model of the arrival notification (a child of ``applications.Application``).

Source: Expat Centre guide 2025 (seed 001), "Other migration and tax services" §1: help filing the notification
of a foreigner's arrival, or of a change of the foreigner's address in Kazakhstan. The guide asks for the address
of the place of residence in Kazakhstan, the host legal entity's EDS, consent and a clear copy of the passport used
to cross the border; it names no other data. The fields below are what a notification declares: which kind, the
day of arrival (or of the move), the address (and, for a move, the address left) and how long the person stays.
The border crossing point is not asked for: the guide does not name it, and the entry stamp on the passport copy
already shows it.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from applications.models import Application


class NotificationKind(models.TextChoices):
    """Guide 2025: «Келу немесе мекенжайды өзгерту туралы хабарлама» — of arrival, or of a change of address."""

    ARRIVAL = "arrival", _("Arrival")
    CHANGE_OF_ADDRESS = "change_of_address", _("Change of address")


class ArrivalNotificationApplication(Application):
    """Arrival notification or change of address, filed by the host party for a foreigner already in Kazakhstan."""

    notification_kind = models.CharField(
        _("Notification of"),
        max_length=24,
        choices=NotificationKind.choices,
        default=NotificationKind.ARRIVAL,
        help_text=_("Arrival in Kazakhstan, or a change of the address in Kazakhstan"),
    )
    event_date = models.DateField(
        _("Date of arrival or of the change of address"),
        help_text=_("The day the person entered Kazakhstan, or moved to the new address"),
    )
    address = models.CharField(
        _("Address in Kazakhstan"),
        max_length=255,
        help_text=_("Where the person lives: city, street, building, flat"),
    )
    previous_address = models.CharField(
        _("Previous address in Kazakhstan"),
        max_length=255,
        blank=True,
        help_text=_("For a change of address only: the address the person moved from"),
    )
    stay_until = models.DateField(
        _("Planned stay until"),
        help_text=_("The last day of the planned stay in Kazakhstan"),
    )
    # Recorded by the officer at issue (ServiceDefinition.outcome_fields), never by the filer.
    registration_number = models.CharField(
        _("Registration number"),
        max_length=64,
        blank=True,
        help_text=_("The number under which the notification was registered; printed on the confirmation"),
    )

    class Meta:
        verbose_name = "arrival notification application"

    @property
    def is_change_of_address(self) -> bool:
        return self.notification_kind == NotificationKind.CHANGE_OF_ADDRESS
