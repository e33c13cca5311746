"""The engine's booking gate (settings.APPOINTMENT_BOOKING_GATES, applications/hooks.py)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from applications import selectors, services
from applications.constants import State
from applications.exceptions import WrongState
from applications.models import Appointment
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

CLOSED = "Pay first."


def closed_gate(application) -> str:
    return CLOSED


def open_gate(application) -> str:
    return ""


@pytest.fixture
def approved():
    membership, person = factories.employer_with_staff()
    officer = factories.UserFactory(officer=True)
    draft = factories.c3_draft(membership=membership, person=person)
    app = factories.advance(draft, State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer)
    return app, membership.user


@override_settings(APPOINTMENT_BOOKING_GATES=["tests.applications.test_booking_gate.closed_gate"])
def test_a_closed_gate_refuses_the_booking_and_hides_the_action(approved):
    app, filer = approved
    with pytest.raises(WrongState) as caught:
        services.appointment_book(user=filer, application=app, starts_at=factories.next_office_slot())
    assert caught.value.code == "booking_waits"
    assert caught.value.message == CLOSED
    assert not Appointment.objects.filter(application=app).exists()
    assert "book_appointment" not in selectors.available_action_names(app, filer)
    assert selectors.filer_next_step(app) == CLOSED


@override_settings(
    APPOINTMENT_BOOKING_GATES=[
        "tests.applications.test_booking_gate.open_gate",
        "tests.applications.test_booking_gate.closed_gate",
    ]
)
def test_every_gate_is_asked(approved):
    app, filer = approved
    with pytest.raises(WrongState):
        services.appointment_book(user=filer, application=app, starts_at=factories.next_office_slot())


@override_settings(APPOINTMENT_BOOKING_GATES=["tests.applications.test_booking_gate.open_gate"])
def test_an_open_gate_lets_the_filer_book(approved):
    app, filer = approved
    assert "book_appointment" in selectors.available_action_names(app, filer)
    services.appointment_book(user=filer, application=app, starts_at=factories.next_office_slot())
    app.refresh_from_db()
    assert app.state == State.APPOINTMENT_BOOKED
