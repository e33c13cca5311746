"""The fingerprinting fee waiver, computed from the person's applications (a ``ServiceDefinition.fee_adjustments``).

Guide 2025, "Other migration and tax services" §5: the service fee (10,000 KZT) is waived "when a work visa,
investor visa or TRP is being formalised and its service fee was paid beforehand". SERVICES.md (reading): a paid
C3/A5/A6 invitation counts only if the Expat Centre confirms (``FingerprintingSettings.invitations_earn_waiver``).

"Paid" is what the payment says (``applications.hooks.fee_paid``: the receipt uploaded or the payment confirmed;
never an unpaid, waived or refunded fee) of an application submitted with its fee frozen (``fee_total`` set) and not
refused, withdrawn or cancelled. Without a payments app installed (``fee_paid`` None), a frozen fee counts as paid.
The quote's note names the application the waiver relies on.
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.translation import gettext

from applications import hooks
from applications.constants import State

from .models import FingerprintingSettings

if TYPE_CHECKING:
    from applications.models import Application
    from fees.selectors import Quote

#: Services whose paid fee makes fingerprinting free (guide: work visa, investor visa, TRP).
QUALIFYING_SERVICES = ("c3-visa", "a5-visa", "temporary-residence")
#: Invitations that count only with the supervisors' setting (SERVICES.md reading).
INVITATIONS = ("c3-invitation", "a5-invitation", "a6-invitation")
#: States in which an application's fee no longer counts as paid for the waiver.
NOT_COUNTING = (State.DRAFT, State.REFUSED, State.WITHDRAWN, State.CANCELLED)


def qualifying_services() -> tuple[str, ...]:
    """The service codes whose paid fee waives fingerprinting's, today's setting included."""
    if FingerprintingSettings.current().invitations_earn_waiver:
        return QUALIFYING_SERVICES + INVITATIONS
    return QUALIFYING_SERVICES


def waiver_application(application: Application) -> Application | None:
    """The person's earliest application of a qualifying service with its fee paid (see the module docstring)."""
    from applications.models import Application

    candidates = (
        Application.objects.filter(
            person_id=application.person_id,
            service_code__in=qualifying_services(),
            fee_total__isnull=False,
        )
        .exclude(state__in=NOT_COUNTING)
        .exclude(pk=application.pk)
        .order_by("submitted_at", "pk")
    )
    for candidate in candidates:
        if hooks.fee_paid(candidate) is not False:
            return candidate
    return None


def waive_when_visa_or_trp_fee_paid(application: Application, quote: Quote) -> Quote:
    """The quote with no service fee, and a note naming the application relied on, when one qualifies."""
    paid = waiver_application(application)
    if paid is None:
        return quote
    zero = Decimal("0.00")
    note = gettext("Free: the service fee of %(name)s (%(reference)s) was paid.") % {
        "name": paid.service.name,
        "reference": paid.reference,
    }
    return dataclasses.replace(quote, service_fee=zero, total=quote.state_duty, note=note[:255])
