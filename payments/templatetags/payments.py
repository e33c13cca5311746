"""The payment panel, for the engine's application pages (filer's and officer's): ``{% payment_panel application %}``;
and the fees the signed-in filer has to pay, for the home page: ``{% payments_due as due %}``.

The engine's templates load this library; its Python code never imports the payments app."""

from __future__ import annotations

from typing import Any

from django import template

from payments.constants import PaymentStatus
from payments.forms import ReasonForm, ReceiptForm
from payments.providers import provider_for
from payments.selectors import PaymentDue, bank_details, payment_of, payments_due, status_of

register = template.Library()


@register.inclusion_tag("payments/_panel.html", takes_context=True)
def payment_panel(context: template.Context, application: Any) -> dict[str, Any]:
    """The panel's context: status, amounts, history and the forms the user may use now; ``status`` None hides
    the panel (nothing is due yet)."""
    user = context["user"]
    payment = payment_of(application)
    status = status_of(application, payment)
    provider = provider_for(payment.provider if payment else None)
    receipt_form = ReceiptForm(auto_id="id_payment_%s")
    return {
        "application": application,
        "payment": payment,
        "status": status,
        "status_label": PaymentStatus(status).label if status else "",
        "events": list(payment.events.select_related("actor")) if payment else [],
        "instructions": provider.instructions(payment) if payment else "",
        "bank": bank_details(),
        "can_upload": provider.accepts_receipts
        and status in (PaymentStatus.UNPAID, PaymentStatus.RECEIPT_UPLOADED)
        and user.has_perm("payments.upload_receipt", application),
        "can_confirm": status == PaymentStatus.RECEIPT_UPLOADED and user.has_perm("payments.confirm", application),
        "can_refund": status == PaymentStatus.CONFIRMED and user.has_perm("payments.refund", application),
        "receipt_form": receipt_form,
        "reject_form": ReasonForm(auto_id="id_reject_payment_%s"),
        "refund_form": ReasonForm(auto_id="id_refund_payment_%s"),
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(name="payments_due", takes_context=True)
def payments_due_tag(context: template.Context) -> list[PaymentDue]:
    """``payments.selectors.payments_due`` of the signed-in user ([] for anyone else)."""
    user = context.get("user")
    return payments_due(user) if user is not None else []
