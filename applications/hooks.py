"""Hooks through which other apps take part in the engine's steps without the engine importing them.

``settings.APPOINTMENT_BOOKING_GATES``: dotted paths of callables ``gate(application) -> str`` answering, for an
application whose documents are approved, why the visit cannot be booked yet (a sentence for the filer) or ``""``
when it can. The engine asks every gate before it offers or books an appointment
(``applications.services.appointment_book`` raises ``WrongState`` with code ``booking_waits``), whatever the
service: the gate is not part of a ``ServiceDefinition``. The payments app registers one (booking waits for the
payment receipt, docs/decisions/0016-payments.md). The paths are strings, so import-linter sees no dependency.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.utils.module_loading import import_string

if TYPE_CHECKING:
    from collections.abc import Callable

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
