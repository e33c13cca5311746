"""The payments app's booking gate (``settings.APPOINTMENT_BOOKING_GATES``, ``applications.hooks``).

The guide's process: pay after the documents are approved, then bring the original proof of payment of the
state duty to the visit. So booking waits until the receipt is uploaded (or nothing is due); it does not wait
for the officer's confirmation, which the officer can give up to the visit itself, where the original is seen.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from applications.models import Application

from .constants import BOOKABLE
from .selectors import status_of


def booking_gate(application: Application) -> str:
    """``""`` when the visit may be booked (receipt uploaded, confirmed, nothing to pay, or no frozen fee),
    else the sentence telling the filer what to do first."""
    status = status_of(application)
    if status is None or status in BOOKABLE:
        return ""
    return _(
        "The documents are approved. Pay the fee using the invoice below and upload the payment receipt; "
        "then book an appointment to hand over the originals."
    )
