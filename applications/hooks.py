"""Hooks through which other apps take part in the engine's steps without the engine importing them.

``settings.APPOINTMENT_BOOKING_GATES``: dotted paths of callables ``gate(application) -> str`` answering, for an
application whose documents are approved, why the visit cannot be booked yet (a sentence for the filer) or ``""``
when it can. The engine asks every gate before it offers or books an appointment
(``applications.services.appointment_book`` raises ``WrongState`` with code ``booking_waits``), whatever the
service: the gate is not part of a ``ServiceDefinition``. The payments app registers one (booking waits for the
payment receipt, docs/decisions/0016-payments.md). The paths are strings, so import-linter sees no dependency.

The payment of an application's fee (``fee_payment_status``, ``fee_paid``): a payments app registers a reader
(``register_payment_reader``) so that what the fee rules and pages say of a paid fee (a fee waiver relying on
another application's paid fee) agrees with the payment's own status.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from applications.models import Application


@cache
def _load(paths: tuple[str, ...]) -> tuple[Callable[[Application], str], ...]:
    return tuple(import_string(path) for path in paths)


def booking_gates() -> tuple[Callable[[Application], str], ...]:
    """The configured booking gates, imported once per setting value. Raises ImportError for a wrong path."""
    return _load(tuple(getattr(settings, "APPOINTMENT_BOOKING_GATES", ())))


def booking_waits_for(application: Application) -> str:
    """Why booking the visit of ``application`` must wait (the first gate that says so), or ``""``."""
    for gate in booking_gates():
        reason = gate(application)
        if reason:
            return str(reason)
    return ""


def settle_booking_gates(application: Application, user: object) -> None:
    """For demo data only: let each gate that offers it (a ``settle(application, user)`` attribute) do what the
    filer would do to open the booking (e.g. upload a payment receipt), so the demo walks the real path."""
    for gate in booking_gates():
        settle = getattr(gate, "settle", None)
        if settle is not None and gate(application):
            settle(application, user)


#: Readers of an application's fee payment, registered by a payments app (``payments.apps``): each answers
#: ``reader(application) -> str | None`` with the payment's status value (``"unpaid"``, ``"receipt_uploaded"``,
#: ``"confirmed"``, ``"waived"``, ``"refunded"``), or ``""`` while nothing is due yet (before the documents are
#: approved). A list, not a setting: the engine and the plug-ins never import the payments app.
_payment_readers: list[Callable[[Application], str | None]] = []


def register_payment_reader(reader: Callable[[Application], str | None]) -> None:
    """Register ``reader`` (once; a second registration of the same function is ignored)."""
    if reader not in _payment_readers:
        _payment_readers.append(reader)


def fee_payment_status(application: Application) -> str | None:
    """The payment status of ``application``'s fee as the payments app reads it (see ``_payment_readers``), ``""``
    while nothing is due yet, or None when no payments app is installed (callers fall back to their own reading)."""
    if not _payment_readers:
        return None
    return _payment_readers[0](application) or ""


#: Statuses in which an application's fee counts as paid: the receipt is in (the booking gate's reading) or the
#: payment is confirmed.
FEE_PAID = frozenset({"receipt_uploaded", "confirmed"})


def fee_paid(application: Application) -> bool | None:
    """Whether ``application``'s fee is paid (:data:`FEE_PAID`) as the payments app reads it; None when no payments
    app is installed."""
    status = fee_payment_status(application)
    return None if status is None else status in FEE_PAID
