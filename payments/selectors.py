"""Reads of the payments app: a payment's status, the invoice's data, an employer's monthly statement."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from applications.constants import State
from applications.models import Application
from qazeta.accounts.models import Organisation, User

from .constants import PaymentStatus
from .models import Payment

#: States in which the documents have been approved and the service goes on: the fee is due.
PAYABLE_STATES = frozenset(
    {
        State.DOCUMENTS_APPROVED,
        State.APPOINTMENT_BOOKED,
        State.ORIGINALS_RECEIVED,
        State.WITH_AUTHORITY,
        State.ISSUED,
    }
)


def payment_of(application: Application) -> Payment | None:
    """The application's payment row, or None before the invoice is issued."""
    return Payment.objects.filter(application_id=application.pk).first()


def status_of(application: Application, payment: Payment | None = None) -> PaymentStatus | None:
    """The payment status of ``application``: its payment's, or for an application approved without one (e.g.
    before the payments app was installed) ``waived`` when the frozen fee is 0 KZT, else ``unpaid``. None before
    the documents are approved (nothing is due yet) or when no fee was frozen."""
    payment = payment if payment is not None else payment_of(application)
    if payment is not None:
        return PaymentStatus(payment.status)
    if application.state not in PAYABLE_STATES or application.fee_total is None:
        return None
    return PaymentStatus.WAIVED if application.fee_total == 0 else PaymentStatus.UNPAID


@dataclass(frozen=True)
class PaymentDue:
    """A fee the filing side still has to pay: the application, its invoice (None for an application approved
    before the payments app, invoiced on the first upload), the total (KZT), and the reason the last receipt was
    rejected ("" when none was)."""

    application: Application
    payment: Payment | None
    total: Decimal
    rejection_reason: str


def payments_due(user: User) -> list[PaymentDue]:
    """What ``user`` must pay now, for the filer's home: every application they act for as the filing side
    (``payments.upload_receipt``) whose documents are approved and whose payment is ``unpaid`` — never paid, or
    its receipt rejected (``rejection_reason``). Oldest invoice first. Two queries and the permission checks."""
    if not user.is_authenticated or user.is_staff_officer:
        return []
    from applications.selectors import visible_applications

    candidates = (
        visible_applications(user)
        .filter(state__in=PAYABLE_STATES, fee_total__gt=0)
        .filter(Q(payment__isnull=True) | Q(payment__status=PaymentStatus.UNPAID))
        .select_related("person", "payment")
        .order_by("payment__invoiced_at", "pk")
    )
    due: list[PaymentDue] = []
    for application in candidates:
        if not user.has_perm("payments.upload_receipt", application):
            continue
        payment = getattr(application, "payment", None)
        if status_of(application, payment) != PaymentStatus.UNPAID:
            continue
        due.append(
            PaymentDue(
                application=application,
                payment=payment,
                total=payment.total if payment is not None else application.fee_total,
                rejection_reason=payment.rejection_reason if payment is not None else "",
            )
        )
    return due


def payment_status_value(application: Application) -> str:
    """:func:`status_of` as a plain value (``""`` while nothing is due): the reader the payments app registers
    with the engine (``applications.hooks.register_payment_reader``)."""
    status = status_of(application)
    return status.value if status is not None else ""


def payer_of(application: Application) -> tuple[Organisation | None, str]:
    """``(host party or None, payer's name)``: the filing host party pays, else the person for themselves."""
    if application.organisation_id is not None:
        return application.organisation, application.organisation.name
    return None, application.person.full_name


def bank_details() -> dict[str, str]:
    """The Expat Centre's account for transfers (``settings.EXPAT_CENTRE_BANK``), as label-free keys."""
    return dict(settings.EXPAT_CENTRE_BANK)


@dataclass(frozen=True)
class StatementRow:
    """One line of an employer's monthly statement: a payment confirmed, or refunded, in the month (KZT;
    a refund's amounts are negative)."""

    on: dt.date
    reference: str
    person: str
    service: str
    kind: str  # "paid" or "refunded"
    service_fee: Decimal
    state_duty: Decimal
    total: Decimal


def month_bounds(year: int, month: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instant of the month and of the next one, Astana time (aware datetimes)."""
    start = dt.date(year, month, 1)
    end = dt.date(year + (month == 12), month % 12 + 1, 1)
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time()), tz),
        timezone.make_aware(dt.datetime.combine(end, dt.time()), tz),
    )


def statement_rows(organisation: Organisation, year: int, month: int) -> list[StatementRow]:
    """What ``organisation`` paid in the month (Astana time): each payment confirmed in it, and each refund
    recorded in it as a negative line, oldest first. Source: the payments' own confirmation and refund times."""
    start, end = month_bounds(year, month)
    payments = (
        Payment.objects.filter(organisation=organisation)
        .filter(Q(confirmed_at__gte=start, confirmed_at__lt=end) | Q(refunded_at__gte=start, refunded_at__lt=end))
        .select_related("application__person")
    )
    rows: list[StatementRow] = []
    for p in payments:
        app = p.application
        common = {"reference": app.reference or "", "person": app.person.full_name, "service": str(app.service.name)}
        if p.confirmed_at and start <= p.confirmed_at < end:
            rows.append(
                StatementRow(
                    on=timezone.localdate(p.confirmed_at),
                    kind="paid",
                    service_fee=p.service_fee,
                    state_duty=p.state_duty,
                    total=p.total,
                    **common,
                )
            )
        if p.refunded_at and start <= p.refunded_at < end:
            rows.append(
                StatementRow(
                    on=timezone.localdate(p.refunded_at),
                    kind="refunded",
                    service_fee=-p.service_fee,
                    state_duty=-p.state_duty,
                    total=-p.total,
                    **common,
                )
            )
    rows.sort(key=lambda r: (r.on, r.reference, r.kind))
    return rows


def statement_totals(rows: list[StatementRow]) -> dict[str, Decimal]:
    """Sums of a statement's lines (KZT): ``service_fee``, ``state_duty``, ``total``."""
    zero = Decimal("0.00")
    return {
        "service_fee": sum((r.service_fee for r in rows), zero),
        "state_duty": sum((r.state_duty for r in rows), zero),
        "total": sum((r.total for r in rows), zero),
    }
