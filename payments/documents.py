"""The invoice and the monthly statement as files: PDF through the kernel's one renderer (WeasyPrint,
``qazeta.documents.pdf.render_pdf``) and the statement as CSV. Rendered on request from the payment rows, so
they always say what the rows say; nothing is stored."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from qazeta.accounts.models import Organisation
from qazeta.documents.pdf import render_pdf

from .models import Payment
from .providers import provider_for
from .selectors import StatementRow, bank_details, statement_totals


def invoice_context(payment: Payment) -> dict[str, Any]:
    """What the invoice shows: payer, the Expat Centre's account, the service fee line and the state duty line
    with its budget classification code (``settings.STATE_DUTY_BUDGET_CODE``), the reference to quote, KZT."""
    application = payment.application
    return {
        "payment": payment,
        "application": application,
        "service_name": application.service.name,
        "bank": bank_details(),
        "duty_code": settings.STATE_DUTY_BUDGET_CODE,
        "duty_mrp": application.fee_state_duty_mrp,
        "mrp": application.fee_mrp,
        "instructions": provider_for(payment.provider).instructions(payment),
        "issued_on": timezone.localdate(payment.invoiced_at),
    }


def invoice_pdf(payment: Payment) -> bytes:
    """The invoice of ``payment`` as PDF bytes. Raises WeasyPrint's errors unchanged."""
    return render_pdf("payments/invoice.html", invoice_context(payment))


def statement_pdf(organisation: Organisation, year: int, month: int, rows: list[StatementRow]) -> bytes:
    """The monthly statement as PDF bytes: one line per payment or refund, and the sums (KZT)."""
    context = {
        "organisation": organisation,
        "year": year,
        "month": month,
        "rows": rows,
        "totals": statement_totals(rows),
        "generated_on": timezone.localdate(),
    }
    return render_pdf("payments/statement.html", context)


def statement_csv(rows: list[StatementRow]) -> str:
    """The monthly statement as CSV text (comma-separated, a header row, amounts with two places and a dot,
    dates ISO 8601, a last "Total" row summing the amount columns)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Date"),
            _("Reference"),
            _("Person"),
            _("Service"),
            _("Entry"),
            _("Service fee, KZT"),
            _("State duty, KZT"),
            _("Total, KZT"),
        ]
    )
    labels = {"paid": _("Paid"), "refunded": _("Refunded")}
    for r in rows:
        writer.writerow(
            [
                r.on.isoformat(),
                r.reference,
                r.person,
                r.service,
                labels[r.kind],
                f"{r.service_fee:.2f}",
                f"{r.state_duty:.2f}",
                f"{r.total:.2f}",
            ]
        )
    totals = statement_totals(rows)
    writer.writerow(
        [
            _("Total"),
            "",
            "",
            "",
            "",
            f"{totals['service_fee']:.2f}",
            f"{totals['state_duty']:.2f}",
            f"{totals['total']:.2f}",
        ]
    )
    return out.getvalue()
