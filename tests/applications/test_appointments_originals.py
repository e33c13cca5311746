"""Originals received: only on or after the visit's day, each original of the checklist ticked and stored; the
officers' week view with capacity and no-shows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from applications import selectors, services
from applications.constants import State
from applications.exceptions import ApplicationError
from applications.models import Appointment
from tests import factories
from tests.clock import astana

BOOKED_ON = astana(dt.date(2026, 3, 2), 9)  # Monday
VISIT = astana(dt.date(2026, 3, 4), 10)  # Wednesday 10:00

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(BOOKED_ON, tick=False),
    pytest.mark.usefixtures("receipt_on_approval"),
]


@pytest.fixture
def booked(draft, filer, officer):
    app = factories.advance(draft, State.DOCUMENTS_APPROVED, filer=filer, officer=officer)
    services.appointment_book(user=filer, application=app, starts_at=VISIT)
    return app


def _codes(app):
    return [row.requirement.code for row in selectors.originals_to_bring(app)]


def test_the_originals_are_the_items_the_catalogue_marks_original(booked):
    rows = selectors.originals_to_bring(booked)
    assert rows
    assert all(row.requirement.note_text.texts["en"] == "original" for row in rows)
    assert "state-duty-receipt" in _codes(booked)


def test_refused_before_the_day_of_the_visit(booked, officer, time_machine):
    time_machine.move_to(astana(dt.date(2026, 3, 3), 17, 59), tick=False)

    with pytest.raises(ApplicationError) as exc:
        services.originals_receive(user=officer, application=booked, received=_codes(booked))

    assert exc.value.code == "before_appointment_day"
    assert exc.value.message == (
        "The originals can be marked received on the day of the appointment (04.03.2026) or later, not before."
    )
    booked.refresh_from_db()
    assert booked.state == State.APPOINTMENT_BOOKED


def test_each_original_must_be_ticked(booked, officer, time_machine):
    time_machine.move_to(astana(dt.date(2026, 3, 4), 9), tick=False)  # the day, before the slot: allowed
    codes = _codes(booked)
    names = {row.requirement.code: row.requirement.name for row in selectors.originals_to_bring(booked)}

    with pytest.raises(ApplicationError) as exc:
        services.originals_receive(user=officer, application=booked, received=codes[1:])

    assert exc.value.code == "originals_missing"
    assert exc.value.message == f"Tick each original received; not ticked: {names[codes[0]]}."


def test_an_item_that_is_no_original_is_refused(booked, officer, time_machine):
    time_machine.move_to(VISIT, tick=False)
    with pytest.raises(ApplicationError) as exc:
        services.originals_receive(user=officer, application=booked, received=[*_codes(booked), "employment-contract"])
    assert exc.value.message == "“employment-contract” is not an original of this application."


def test_on_the_day_every_tick_is_stored_with_who_and_when(booked, officer, time_machine):
    time_machine.move_to(VISIT + dt.timedelta(minutes=10), tick=False)

    services.originals_receive(user=officer, application=booked, received=list(reversed(_codes(booked))))

    booked.refresh_from_db()
    assert booked.state == State.ORIGINALS_RECEIVED
    appointment = Appointment.objects.get(application=booked)
    assert appointment.originals_received == _codes(booked)  # checklist order
    assert appointment.originals_received_by == officer
    assert appointment.originals_received_at == VISIT + dt.timedelta(minutes=10)


def test_the_officer_page_ticks_each_original_and_refuses_before_the_day(booked, officer, client, time_machine):
    client.force_login(officer)
    page = client.get(reverse("officer-application", args=[booked.pk])).content.decode()
    for code in _codes(booked):
        assert f'name="received" value="{code}"' in page

    early = client.post(
        reverse("officer-receive-originals", args=[booked.pk]), {"received": _codes(booked)}, follow=True
    )

    assert "or later, not before." in early.content.decode()
    booked.refresh_from_db()
    assert booked.state == State.APPOINTMENT_BOOKED


def test_the_week_view_shows_capacity_and_a_no_show(booked, draft, filer, officer, membership, client, time_machine):
    other = factories.advance(
        factories.c3_draft(membership=membership), State.DOCUMENTS_APPROVED, filer=filer, officer=officer
    )
    services.appointment_book(user=filer, application=other, starts_at=VISIT)
    time_machine.move_to(VISIT + dt.timedelta(hours=1), tick=False)
    services.originals_receive(user=officer, application=other, received=_codes(other))
    client.force_login(officer)

    response = client.get(reverse("officer-appointments-week"), {"date": "2026-03-05"})

    week = response.context["week"]
    assert [d.day for d in week] == [dt.date(2026, 3, d) for d in (2, 3, 4, 5, 6)]
    wednesday = week[2]
    assert wednesday.places == 16 * 3
    assert wednesday.booked == 2
    assert wednesday.no_shows == 1
    (slot,) = wednesday.slots
    assert [a.application_id for a in slot.no_shows] == [booked.pk]
    html = response.content.decode()
    assert "Booked 2 of 240 places; 1 no-show(s)." in html
    assert "No-show" in html
    assert "2 / 3" in html
