"""Payment providers: how money reaches the Expat Centre, behind one interface.

The services (``payments.services``) check who acts, write the history and e-mail; a provider answers what is
particular to one way of paying. The first provider is the bank transfer with a receipt the filer uploads and
an officer confirms (:class:`ReceiptProvider`). An online acquirer is added as another class in
``PROVIDERS`` and named in ``settings.PAYMENT_PROVIDER``: it would mark a payment confirmed from the acquirer's
callback (``accepts_receipts = False``) and call the acquirer in ``refund``; the case engine does not change
(it only asks the booking gate, ``payments.gates``). See docs/decisions/0016-payments.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from django.conf import settings
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Payment


class PaymentProvider(Protocol):
    """One way of paying. ``code`` is stored on each payment (``Payment.provider``)."""

    code: str
    #: A name for people, e.g. "Bank transfer".
    name: Promise
    #: Whether the filer proves the payment by uploading a receipt that an officer confirms.
    accepts_receipts: bool

    def instructions(self, payment: Payment) -> str:
        """What the payer does, in a sentence or two, shown on the invoice and the payment panel."""
        ...

    def refund(self, payment: Payment, *, reason: str) -> None:
        """Return the money (an acquirer's API call); raises ``PaymentError`` when the provider refuses."""
        ...


class ReceiptProvider:
    """A bank transfer to the Expat Centre's account (``settings.EXPAT_CENTRE_BANK``), proved by a receipt.

    The filer pays at a bank or in a banking app quoting the application's reference, uploads the receipt;
    the officer checks it against the account statement and confirms or rejects it with a reason. A refund is
    a transfer the Expat Centre's accounts department makes; here it is only recorded.
    """

    code = "receipt"
    name = _("Bank transfer with receipt")
    accepts_receipts = True

    def instructions(self, payment: Payment) -> str:
        return str(
            _(
                "Pay the total by bank transfer to the account below, quoting the reference %(reference)s, then "
                "upload the payment receipt here. Bring the original proof of payment of the state duty to the visit."
            )
            % {"reference": payment.application.reference}
        )

    def refund(self, payment: Payment, *, reason: str) -> None:
        # The accounts department transfers the money back; the portal records that it did.
        return None


#: Every provider by code. Add an acquirer here.
PROVIDERS: dict[str, PaymentProvider] = {ReceiptProvider.code: ReceiptProvider()}


def provider_for(code: str | None = None) -> PaymentProvider:
    """The provider ``code`` (default ``settings.PAYMENT_PROVIDER``). Raises KeyError for an unknown code."""
    return PROVIDERS[code or settings.PAYMENT_PROVIDER]
