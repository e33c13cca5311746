"""The browser harness itself, on the C3 invitation that already works: a host party's member files it."""

from __future__ import annotations

import pytest

from applications.constants import State
from applications.models import Application
from tests import factories
from tests.browser.actions import click_and_wait
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.time_machine(astana(FILING_DAY, 10), tick=True)]


def test_a_member_files_a_c3_invitation_in_the_browser(signed_in, tmp_path):
    membership, employee = factories.employer_with_staff()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(factories.PDF_BYTES)
    page = signed_in(membership.user)

    page.goto(f"/applications/new/?service=c3-invitation&person={employee.pk}")
    page.get_by_label("Blank pages in the passport").fill("4")
    page.get_by_label("Position").fill("Chief risk officer")
    page.get_by_label("Visa obtained at").fill("Embassy of Kazakhstan, London")
    page.get_by_label("The person consents to the processing of their personal data").check()
    page.get_by_role("button", name="Create the draft").click()
    page.wait_for_url("**/applications/*/**")
    assert "Now upload the documents" in page.content()

    application = Application.objects.get(person=employee)
    for row in page.locator("#checklist tbody tr").all():
        if row.locator("input[type=file]").count() and "if any" not in row.inner_text():
            row.locator("input[type=file]").set_input_files(str(scan))
            click_and_wait(page, row.get_by_role("button", name="Upload"))
    click_and_wait(page, page.get_by_role("button", name="Submit the application"))
    application.refresh_from_db()
    assert application.state == State.SUBMITTED, page.locator("#submit").inner_text()
    assert f"Your reference is {application.reference}" in page.content()
