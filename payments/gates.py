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


def _settle_with_a_demo_receipt(application: Application, user: object) -> None:
    """The demo filer uploads a one-page PDF as the payment receipt (``applications.hooks.settle_booking_gates``)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .services import receipt_upload

    receipt = SimpleUploadedFile("demo-payment-receipt.pdf", _demo_receipt_pdf(), content_type="application/pdf")
    receipt_upload(user=user, application=application, file=receipt)


def _demo_receipt_pdf() -> bytes:
    from weasyprint import HTML

    return HTML(string="<p>Demo payment receipt (not a real payment).</p>").write_pdf()


booking_gate.settle = _settle_with_a_demo_receipt  # type: ignore[attr-defined]
