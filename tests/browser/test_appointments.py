"""Booking the visit in a real browser, on a phone-width page: the filer sees the office address, the originals to
bring and the next free slots, books the first, gets the .ics file, and confirms through the reminder's link; the
officer's week view shows the booking. Approval is walked through the services (``factories.advance``); the filer's
payment receipt is uploaded on approval (the ``receipt_on_approval`` fixture), as the booking gate asks."""

from __future__ import annotations

import datetime as dt

import pytest

from applications.constants import State
from applications.models import Appointment
from tests import factories
from tests.browser.actions import click_and_wait
from tests.clock import astana

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("receipt_on_approval")]

MONDAY = dt.date(2026, 3, 2)


def test_the_filer_books_from_the_list_downloads_the_ics_and_confirms(signed_in, time_machine, officer):
    time_machine.move_to(astana(MONDAY, 9), tick=True)
    membership, employee = factories.employer_with_staff()
    app = factories.advance(
        factories.c3_draft(membership=membership, person=employee),
        State.DOCUMENTS_APPROVED,
        filer=membership.user,
        officer=officer,
    )

    page = signed_in(membership.user, width=390)
    page.goto(f"/applications/{app.pk}/")
    section = page.locator("#appointment")
    assert "Mangilik El Ave 55/18, pavilion C3.3, Astana" in section.inner_text()
    assert "Proof of payment of the state duty" in section.locator("ul.originals").inner_text()
    radios = section.locator("form.slots").first.get_by_role("radio")
    assert radios.count() == 10
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    radios.first.check()
    click_and_wait(page, section.get_by_role("button", name="Book").first)
    appointment = Appointment.objects.get(application=app)
    assert "Booked for" in page.locator("#appointment").inner_text()

    with page.expect_download() as download:
        page.get_by_role("link", name="Add to my calendar (.ics)").click()
    assert download.value.suggested_filename == f"appointment-{app.reference}.ics"

    page.goto(f"/applications/{app.pk}/appointment/confirm/")  # the reminder e-mail's link
    click_and_wait(page, page.get_by_role("button", name="Yes, I will come"))
    assert "Thank you: the visit is confirmed." in page.content()
    appointment.refresh_from_db()
    assert appointment.confirmed_at is not None

    desk = signed_in(officer)
    desk.goto(f"/officer/appointments/week/?date={MONDAY.isoformat()}")
    assert app.reference in desk.locator("main").inner_text()
    assert "Booked 1 of 240 places; 0 no-show(s)." in desk.content()
