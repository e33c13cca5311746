"""The payment statuses and the kinds of entries of a payment's history."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PaymentStatus(models.TextChoices):
    """Where the payment of one application stands (docs/decisions/0016-payments.md)."""

    UNPAID = "unpaid", _("Unpaid")
    RECEIPT_UPLOADED = "receipt_uploaded", _("Receipt uploaded")
    CONFIRMED = "confirmed", _("Payment confirmed")
    WAIVED = "waived", _("No fee to pay")
    REFUNDED = "refunded", _("Refunded")


class EventKind(models.TextChoices):
    INVOICE_ISSUED = "invoice_issued", _("Invoice issued")
    WAIVED = "waived", _("No fee to pay")
    RECEIPT_UPLOADED = "receipt_uploaded", _("Payment receipt uploaded")
    CONFIRMED = "confirmed", _("Payment confirmed")
    REJECTED = "rejected", _("Payment receipt rejected")
    REFUNDED = "refunded", _("Payment refunded")


#: Statuses with which the visit may be booked: the receipt is in (the officer checks the original proof of the
#: state duty at the visit, guide 2025), or nothing is to be paid.
BOOKABLE = frozenset({PaymentStatus.RECEIPT_UPLOADED, PaymentStatus.CONFIRMED, PaymentStatus.WAIVED})
#: Statuses whose money the Expat Centre holds (the statement counts them in the month of confirmation).
PAID = frozenset({PaymentStatus.CONFIRMED, PaymentStatus.REFUNDED})
