"""Appointments of the day at /officer/appointments/?date= (Astana time) with the "originals received" button."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.constants import State
from applications.models import Appointment
from qazeta.workcalendar.calendar import OFFICE_TZ
from tests import factories
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

URL = "/officer/appointments/"


def _day_of(app) -> dt.date:
    slot = Appointment.objects.get(application=app).slot
    return timezone.localtime(slot.starts_at, OFFICE_TZ).date()


def test_appointments_url_name():
    assert reverse("officer-appointments") == URL


def test_lists_the_appointments_booked_on_the_day(officer_client, make_application):
    app = make_application(State.APPOINTMENT_BOOKED)
    day = _day_of(app)

    response = officer_client.get(URL, {"date": day.isoformat()})

    html = response.content.decode()
    assert response.status_code == 200
    assert [a.application_id for a in response.context["appointments"]] == [app.pk]
    assert app.reference in html
    slot = Appointment.objects.get(application=app).slot
    assert f"{timezone.localtime(slot.starts_at):%H:%M}" in html
    # Receiving means ticking each original: the list links to the form on the application page.
    assert f"{reverse('officer-application', args=[app.pk])}#originals" in html


def test_another_day_has_no_appointments_and_says_so(officer_client, make_application):
    app = make_application(State.APPOINTMENT_BOOKED)
    day = _day_of(app) + dt.timedelta(days=1)

    response = officer_client.get(URL, {"date": day.isoformat()})

    assert list(response.context["appointments"]) == []
    assert "No appointment is booked on this day." in response.content.decode()


def test_originals_received_from_the_list_returns_to_the_same_day(officer_client, make_application):
    app = make_application(State.APPOINTMENT_BOOKED)
    back = f"{URL}?date={_day_of(app).isoformat()}"

    with factories.on_visit_day(app) as received:
        response = officer_client.post(
            reverse("officer-receive-originals", args=[app.pk]), {"next": back, "received": received}, follow=True
        )

    app.refresh_from_db()
    assert app.state == State.ORIGINALS_RECEIVED
    assert response.redirect_chain[-1][0] == back
    html = response.content.decode()
    assert f"Originals received for {app.reference}." in html
    assert f"{reverse('officer-application', args=[app.pk])}#originals" not in html


def test_a_bad_date_is_reported_and_today_shown(officer_client):
    response = officer_client.get(URL, {"date": "31.02.2026"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert response.context["day"] == timezone.localdate(timezone=OFFICE_TZ)
