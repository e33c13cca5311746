"""Fingerprinting in a real browser: the host party files it for an employee whose work visa fee is paid; the draft
page shows the fee waived with the application it relies on; the officer records the certificate at the visit; the
C3 visa's checklist then shows the certificate on record. Approval and the visit are walked through the services
(``factories.advance``), which their own tests cover."""

from __future__ import annotations

import datetime as dt

import pytest

from applications.constants import State
from applications.models import Application
from tests import factories
from tests.browser.actions import click_and_wait
from tests.clock import astana

pytestmark = [pytest.mark.django_db(transaction=True)]

DAY = dt.date(2026, 6, 16)
C3 = {"validity_years": 2, "passport_blank_pages": 4, "position": "Analyst", "contract_ends_on": dt.date(2028, 1, 1)}


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(factories.PDF_BYTES)
    return str(path)


def test_fingerprinting_is_free_after_a_paid_work_visa_and_its_certificate_is_then_on_record(
    signed_in, scan, time_machine, officer
):
    time_machine.move_to(astana(DAY, 10), tick=True)
    membership, employee = factories.employer_with_staff()
    from applications.registry import registry

    c3_fields = {k: v for k, v in C3.items() if k in {"validity_years", "passport_blank_pages"}}
    c3_fields |= {k: v for k, v in C3.items() if k in registry.get("c3-visa").filing_field_names()}
    visa = factories.file_draft("c3-visa", membership=membership, person=employee, **c3_fields)
    visa = factories.advance(visa, State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer)
    from payments.services import receipt_upload

    receipt_upload(user=membership.user, application=visa, file=factories.pdf_file("receipt.pdf"))  # the fee paid

    page = signed_in(membership.user)
    page.goto(f"/applications/new/?service=fingerprinting&person={employee.pk}")
    page.get_by_label("The person consents to the processing of their personal data").check()
    click_and_wait(page, page.get_by_role("button", name="Create the draft"))
    application = Application.objects.get(service_code="fingerprinting", person=employee)
    assert f"({visa.reference}) was paid." in page.content()

    rows = page.locator("#checklist tbody tr")
    for index in range(rows.count()):
        row = rows.nth(index)
        if row.locator("input[type=file]").count() and "On record" not in row.inner_text():
            row.locator("input[type=file]").set_input_files(scan)
            click_and_wait(page, row.get_by_role("button", name="Upload"))
    click_and_wait(page, page.get_by_role("button", name="Submit the application"))
    application.refresh_from_db()
    assert application.state == State.SUBMITTED
    assert application.fee_service == 0

    factories.advance(application, State.ORIGINALS_RECEIVED, filer=membership.user, officer=officer)
    officer_page = signed_in(officer)
    officer_page.goto(f"/officer/applications/{application.pk}/")
    form = officer_page.locator("form", has=officer_page.get_by_role("button", name="Record as issued"))
    form.locator("input[type=file]").set_input_files(scan)
    click_and_wait(officer_page, form.get_by_role("button", name="Record as issued"))
    application.refresh_from_db()
    assert application.state == State.ISSUED

    other = factories.file_draft("c3-visa", membership=membership, person=employee, **c3_fields)
    page.goto(f"/applications/{other.pk}/")
    assert "On record" in page.locator("#item-fingerprinting-certificate").inner_text()
