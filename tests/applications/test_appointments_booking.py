"""Booking the visit: the next free slots, a family in one slot, confirmation, the .ics file, the filer's page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import selectors, services
from applications.constants import State
from applications.exceptions import ApplicationError, WrongState
from applications.models import Appointment, AppointmentSlot
from qazeta.workcalendar import calendar as workcalendar
from tests import factories
from tests.clock import astana

#: A Friday 17:00 Astana: today's last slot (17:30) remains, then the weekend, then Monday 2 March.
FRIDAY_EVENING = astana(dt.date(2026, 2, 27), 17, 0)
MONDAY = dt.date(2026, 3, 2)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(FRIDAY_EVENING, tick=False),
    pytest.mark.usefixtures("receipt_on_approval"),
]


@pytest.fixture
def approved(draft, filer, officer):
    return factories.advance(draft, State.DOCUMENTS_APPROVED, filer=filer, officer=officer)


def _spouse(principal, membership):
    """The principal's spouse (their C3 visa on record, which a dependant's application waits for)."""
    factories.VisaRecordFactory(person=principal.person)
    return factories.PersonFactory(
        organisation=membership.organisation, principal=principal.person, relationship="spouse"
    )


# --------------------------------------------------------------------------------------------- free slots
def test_next_free_slots_are_the_first_ten_from_now_on_working_days_in_office_hours():
    slots = selectors.free_slots()

    starts = [timezone.localtime(s) for s, _ in slots]
    assert len(starts) == 10
    assert starts[0] == astana(dt.date(2026, 2, 27), 17, 30)  # the rest of Friday, then no weekend
    assert [s.date() for s in starts[1:]] == [MONDAY] * 9
    assert all(workcalendar.is_working_day(s.date()) for s in starts)
    assert all(s.hour != 13 and 9 <= s.hour < 18 for s in starts)
    assert starts == sorted(starts)


def test_a_slot_without_the_places_needed_is_left_out(settings):
    settings.APPOINTMENT_SLOT_CAPACITY = 3
    friday_last = astana(dt.date(2026, 2, 27), 17, 30)
    AppointmentSlot.objects.create(starts_at=friday_last, capacity=1)
    assert (friday_last, 1) in selectors.free_slots()
    assert all(s != friday_last for s, _ in selectors.free_slots(places=2))  # a family of two
    AppointmentSlot.objects.filter(starts_at=friday_last).update(capacity=0)
    assert all(s != friday_last for s, _ in selectors.free_slots())  # full


def test_the_day_picker_lists_a_day_and_a_weekend_has_none():
    assert selectors.free_slots(dt.date(2026, 2, 28)) == []  # Saturday
    monday = selectors.free_slots(MONDAY)
    assert len(monday) == 16  # 8 before lunch, 8 after, 30 minutes each
    assert all(free == 3 for _, free in monday)


# --------------------------------------------------------------------------------------------- booking
def test_booking_days_ahead_waits_for_confirmation_and_inside_the_reminder_window_is_confirmed(
    approved, filer, membership, officer
):
    later = services.appointment_book(user=filer, application=approved, starts_at=astana(MONDAY, 10))
    assert later.confirmed_at is None  # 65 hours ahead: the reminder comes 48 hours before

    other = factories.advance(
        factories.c3_draft(membership=membership), State.DOCUMENTS_APPROVED, filer=filer, officer=officer
    )
    soon = services.appointment_book(user=filer, application=other, starts_at=astana(dt.date(2026, 2, 27), 17, 30))
    assert soon.confirmed_at == FRIDAY_EVENING  # inside the 48 hours: booking it confirms it


def test_the_family_books_one_slot_with_a_place_each(approved, filer, membership, officer):
    dependant = factories.advance(
        factories.c3_draft(membership=membership, person=_spouse(approved, membership), principal=approved),
        State.DOCUMENTS_APPROVED,
        filer=filer,
        officer=officer,
    )
    start = astana(dt.date(2026, 3, 4), 11)

    services.appointment_book(user=filer, application=dependant, starts_at=start, family=True)

    rows = list(Appointment.objects.filter(slot__starts_at=start))
    assert {a.application_id for a in rows} == {approved.pk, dependant.pk}
    assert rows[0].group is not None
    assert rows[0].group == rows[1].group
    approved.refresh_from_db()
    assert approved.state == State.APPOINTMENT_BOOKED


def test_a_family_slot_without_enough_places_is_refused_with_the_count(approved, filer, membership, officer, settings):
    settings.APPOINTMENT_SLOT_CAPACITY = 1
    dependant = factories.advance(
        factories.c3_draft(membership=membership, person=_spouse(approved, membership), principal=approved),
        State.DOCUMENTS_APPROVED,
        filer=filer,
        officer=officer,
    )

    with pytest.raises(ApplicationError) as exc:
        services.appointment_book(
            user=filer, application=approved, starts_at=astana(dt.date(2026, 3, 4), 11), family=True
        )

    assert exc.value.message == "This slot has 1 place(s) left and the family needs 2; choose another time."
    assert not Appointment.objects.exists()
    dependant.refresh_from_db()
    assert dependant.state == State.DOCUMENTS_APPROVED


def test_a_family_booking_for_one_person_alone_is_refused(approved, filer):
    with pytest.raises(ApplicationError) as exc:
        services.appointment_book(
            user=filer, application=approved, starts_at=astana(dt.date(2026, 3, 4), 11), family=True
        )
    assert exc.value.message == "No other person of this family can book now; book this person's own slot."


# --------------------------------------------------------------------------------------------- confirmation
def test_confirming_confirms_the_whole_family_and_twice_changes_nothing(approved, filer, membership, officer):
    dependant = factories.advance(
        factories.c3_draft(membership=membership, person=_spouse(approved, membership), principal=approved),
        State.DOCUMENTS_APPROVED,
        filer=filer,
        officer=officer,
    )
    services.appointment_book(user=filer, application=approved, starts_at=astana(dt.date(2026, 3, 6), 9), family=True)

    services.appointment_confirm(user=filer, application=dependant)
    first = set(Appointment.objects.values_list("confirmed_at", flat=True))
    services.appointment_confirm(user=filer, application=approved)

    assert first == {FRIDAY_EVENING}
    assert set(Appointment.objects.values_list("confirmed_at", flat=True)) == {FRIDAY_EVENING}


def test_confirming_after_the_deadline_is_refused(approved, filer, time_machine):
    services.appointment_book(user=filer, application=approved, starts_at=astana(dt.date(2026, 3, 4), 10))
    time_machine.move_to(astana(dt.date(2026, 3, 3), 10, 0), tick=False)  # exactly 24 hours before

    with pytest.raises(ApplicationError) as exc:
        services.appointment_confirm(user=filer, application=approved)

    assert exc.value.code == "confirm_too_late"
    assert exc.value.message == (
        "Appointments must be confirmed 24 hours before the visit; this one was not and is being cancelled. "
        "Book another time."
    )


def test_confirming_without_a_booking_is_refused(approved, filer):
    with pytest.raises(WrongState, match="There is no booked appointment to confirm."):
        services.appointment_confirm(user=filer, application=approved)


# --------------------------------------------------------------------------------------------- pages
def test_the_filers_page_lists_the_next_slots_the_address_and_the_originals(approved, client, filer):
    client.force_login(filer)

    response = client.get(reverse("application-detail", args=[approved.pk]))

    html = response.content.decode()
    assert [timezone.localtime(s) for s, _ in response.context["next_slots"]][0] == astana(dt.date(2026, 2, 27), 17, 30)
    assert len(response.context["next_slots"]) == 10
    assert "Mangilik El Ave 55/18, pavilion C3.3, Astana" in html
    codes = [row.requirement.code for row in response.context["originals"]]
    assert "state-duty-receipt" in codes
    assert all(selectors.is_original(row.requirement) for row in response.context["originals"])
    assert "Originals to bring" in html


def test_booking_from_the_page_then_confirming_through_the_reminder_link(approved, client, filer):
    client.force_login(filer)
    start = astana(dt.date(2026, 3, 4), 10)

    booked = client.post(reverse("appointment-book", args=[approved.pk]), {"starts_at": start.isoformat()})
    assert booked.status_code == 302
    ask = client.get(reverse("appointment-confirm", args=[approved.pk]))
    assert ask.status_code == 200
    assert "04.03.2026 10:00" in ask.content.decode()
    assert Appointment.objects.get(application=approved).confirmed_at is None

    done = client.post(reverse("appointment-confirm", args=[approved.pk]), follow=True)

    assert "Thank you: the visit is confirmed." in done.content.decode()
    assert Appointment.objects.get(application=approved).confirmed_at == FRIDAY_EVENING


def test_the_ics_file_holds_the_visit_in_utc_with_the_address_and_originals(approved, client, filer):
    services.appointment_book(user=filer, application=approved, starts_at=astana(dt.date(2026, 3, 4), 10))
    client.force_login(filer)

    response = client.get(reverse("appointment-ics", args=[approved.pk]))

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="appointment-{approved.reference}.ics"' in response["Content-Disposition"]
    body = response.content.decode()
    unfolded = body.replace("\r\n ", "")
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert "DTSTART:20260304T050000Z" in unfolded  # 10:00 Astana = 05:00 UTC
    assert "DTEND:20260304T053000Z" in unfolded
    assert "LOCATION:AIFC Expat Centre\\, Mangilik El Ave 55/18\\, pavilion C3.3\\, Astana" in unfolded
    assert "Proof of payment of the state duty" in unfolded
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_no_ics_without_a_booking(approved, client, filer):
    client.force_login(filer)
    assert client.get(reverse("appointment-ics", args=[approved.pk])).status_code == 404
