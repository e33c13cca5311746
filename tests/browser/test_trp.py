"""A CIS employee's temporary residence permit in a real browser (issue 8): the host party chooses the variant,
types the planned stay and the contract end, uploads and submits; the officer sees the latest end Decree 807
allows and records the permit; the permit is on the person's page."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from applications.constants import State
from applications.models import Application
from qazeta.records.models import ResidencePermitRecord
from tests import factories
from tests.browser.actions import click_and_wait
from tests.clock import astana

pytestmark = [pytest.mark.django_db(transaction=True)]

#: A working Tuesday whose year has an MRP on record.
DAY = dt.date(2026, 6, 16)


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(factories.PDF_BYTES)
    return str(path)


def test_a_cis_employee_files_a_trp_and_the_officer_issues_it(signed_in, scan, time_machine, officer):
    time_machine.move_to(astana(DAY, 10), tick=True)
    # Transactional tests flush the tables between tests: put back the country table its migration loads.
    call_command("load_countries", stdout=StringIO())
    membership, _ = factories.employer_with_staff()
    employee = factories.PersonFactory(
        organisation=membership.organisation,
        nationality="UZB",
        passport_issuing_state="UZB",
        passport_expires_on=dt.date(2030, 1, 31),
    )
    page = signed_in(membership.user)

    page.goto(f"/applications/new/?service=temporary-residence&person={employee.pk}")
    assert page.locator("#not-eligible").count() == 0
    page.get_by_label("Fee variant").select_option("employee")
    page.get_by_label("Planned stay (calendar days)").fill("300")
    page.get_by_label("Employment or civil-law contract ends on").fill("2027-01-31")
    page.get_by_label("The person consents to the processing of their personal data").check()
    click_and_wait(page, page.get_by_role("button", name="Create the draft"))
    application = Application.objects.get(service_code="temporary-residence", person=employee)
    assert "110,000" in page.content()

    rows = page.locator("#checklist tbody tr")
    for index in range(rows.count()):
        row = rows.nth(index)
        text = row.inner_text()
        if not row.locator("input[type=file]").count() or "if any" in text or "On record" in text:
            continue
        row.locator("input[type=file]").set_input_files(scan)
        click_and_wait(page, row.get_by_role("button", name="Upload"))
    click_and_wait(page, page.get_by_role("button", name="Submit the application"))
    application.refresh_from_db()
    assert application.state == State.SUBMITTED, page.locator("#submit").inner_text()

    factories.advance(application, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    officer_page = signed_in(officer)
    officer_page.goto(f"/officer/applications/{application.pk}/")
    assert "Latest permit end allowed" in officer_page.content()
    assert "31.01.2027" in officer_page.content()
    form = officer_page.locator("form", has=officer_page.get_by_role("button", name="Record as issued"))
    form.get_by_label("Permit number").fill("UZ-TRP-1")
    form.get_by_label("Permit valid from").fill("2026-06-17")
    form.get_by_label("Permit valid to").fill("2027-01-31")
    form.locator("input[type=file]").set_input_files(scan)
    click_and_wait(officer_page, form.get_by_role("button", name="Record as issued"))
    application.refresh_from_db()
    assert application.state == State.ISSUED, officer_page.locator("main").inner_text()[-2500:]
    record = ResidencePermitRecord.objects.get(person=employee)
    assert (record.number, record.valid_to, record.variant) == ("UZ-TRP-1", dt.date(2027, 1, 31), "employee")
