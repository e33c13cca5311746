"""The Expat Centre's rule, as the beat task applies it: a reminder 48 hours before with the link to confirm; a visit
not confirmed 24 hours before is cancelled, its place freed and the filer told. Each happens once (clock pinned)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from applications import services
from applications.constants import Action, State
from applications.models import Appointment, OutboxMessage, StatusChange
from applications.tasks import sweep_appointments
from tests import factories
from tests.clock import astana

BOOKED_ON = astana(dt.date(2026, 3, 2), 9)  # Monday
VISIT = astana(dt.date(2026, 3, 6), 10)  # Friday 10:00

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


def _emails(app, kind):
    return OutboxMessage.objects.filter(args=[app.pk, kind])


def test_nothing_happens_before_the_reminder_is_due(booked, time_machine):
    time_machine.move_to(VISIT - dt.timedelta(hours=48, minutes=1), tick=False)
    assert services.appointments_sweep() == (0, 0)


def test_the_reminder_goes_once_48_hours_before_with_the_link_to_confirm(booked, time_machine, settings):
    time_machine.move_to(VISIT - dt.timedelta(hours=48), tick=False)

    assert services.appointments_sweep() == (1, 0)
    assert services.appointments_sweep() == (0, 0)  # idempotent: the second run finds it reminded
    call_command("sweep_appointments", verbosity=0)

    assert _emails(booked, "appointment_reminder").count() == 1
    assert Appointment.objects.get(application=booked).reminded_at == VISIT - dt.timedelta(hours=48)
    from applications.notifications import deliver

    deliver(booked.pk, "appointment_reminder")
    (message,) = mail.outbox
    assert message.subject == f"Application {booked.reference}: confirm your appointment"
    assert f"{settings.SITE_URL}/applications/{booked.pk}/appointment/confirm/" in message.body
    assert "06.03.2026 10:00" in message.body
    assert "Mangilik El Ave 55/18, pavilion C3.3, Astana" in message.body
    assert "- Proof of payment of the state duty" in message.body
    assert "&#x27;" not in message.body


def test_unconfirmed_24_hours_before_it_is_cancelled_the_place_freed_and_the_filer_told(booked, time_machine):
    time_machine.move_to(VISIT - dt.timedelta(hours=24), tick=False)

    assert sweep_appointments() == [0, 1]
    assert sweep_appointments() == [0, 0]  # idempotent

    booked.refresh_from_db()
    assert booked.state == State.DOCUMENTS_APPROVED
    assert not Appointment.objects.filter(application=booked).exists()
    change = StatusChange.objects.filter(application=booked).last()
    assert change.action == Action.CANCEL_APPOINTMENT
    assert change.actor is None
    assert change.reason == "06.03.2026 10:00: not confirmed 24 hours before"
    assert _emails(booked, "appointment_lapsed").count() == 1
    from applications.notifications import deliver
    from applications.selectors import free_slots

    assert (VISIT, 3) in [(s, n) for s, n in free_slots(VISIT.date())]
    deliver(booked.pk, "appointment_lapsed")
    (message,) = mail.outbox
    assert message.subject == f"Application {booked.reference}: appointment cancelled, it was not confirmed"
    assert "was not confirmed 24 hours before it, so it was cancelled" in message.body


def test_a_confirmed_visit_is_neither_reminded_nor_cancelled(booked, filer, time_machine):
    services.appointment_confirm(user=filer, application=booked)
    for hours in (48, 24, 1):
        time_machine.move_to(VISIT - dt.timedelta(hours=hours), tick=False)
        assert services.appointments_sweep() == (0, 0)
    booked.refresh_from_db()
    assert booked.state == State.APPOINTMENT_BOOKED


def test_a_reminded_visit_confirmed_in_time_stays(booked, filer, time_machine):
    time_machine.move_to(VISIT - dt.timedelta(hours=30), tick=False)
    assert services.appointments_sweep() == (1, 0)
    services.appointment_confirm(user=filer, application=booked)
    time_machine.move_to(VISIT - dt.timedelta(hours=23), tick=False)
    assert services.appointments_sweep() == (0, 0)
    assert Appointment.objects.filter(application=booked).exists()


def test_the_beat_schedule_runs_the_sweep(settings):
    (entry,) = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == sweep_appointments.name]
    assert entry["schedule"] <= 60 * 60
