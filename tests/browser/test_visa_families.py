"""One journey per visa family in a real browser (issue 7): work, investor, business and cancellation.

The filer's and the officer's steps that the issue names are clicked and typed in chromium; the steps in between
(approval, the visit, forwarding) are walked through the services (``factories.advance``), which their own tests
cover.
"""

from __future__ import annotations

import datetime as dt

import pytest

from applications.constants import State
from applications.models import Application
from qazeta.accounts.constants import Relationship
from qazeta.documents.models import IssuedDocument
from qazeta.records.models import VisaCategory, VisaRecord
from qazeta.records.selectors import extension_window
from qazeta.records.services import visa_record_issue
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


def _upload_required(page, scan: str) -> None:
    """Upload a file for every checklist row that asks for one (not the "if any" rows, not those on record)."""
    rows = page.locator("#checklist tbody tr")
    for index in range(rows.count()):
        row = rows.nth(index)
        text = row.inner_text()
        if not row.locator("input[type=file]").count() or "if any" in text or "On record" in text:
            continue
        row.locator("input[type=file]").set_input_files(scan)
        click_and_wait(page, row.get_by_role("button", name="Upload"))


def _submit(page) -> None:
    click_and_wait(page, page.get_by_role("button", name="Submit the application"))


def _visa(person, membership, category: str, valid_to: dt.date, *, service: str = "c3-invitation") -> VisaRecord:
    producer = Application.objects.create(service_code=service, person=person, filer=membership.user)
    return visa_record_issue(
        user=None,
        application=Application.objects.get(pk=producer.pk),
        category=category,
        number=f"{category}-{person.pk:05d}",
        valid_from=valid_to - dt.timedelta(days=365),
        valid_to=valid_to,
        entries="multiple",
    )


def _officer_issues(page, application: Application, scan: str, *, number: str, valid_to: dt.date) -> None:
    page.goto(f"/officer/applications/{application.pk}/")
    form = page.locator("form", has=page.get_by_role("button", name="Record as issued"))
    form.get_by_label("Visa number").fill(number)
    form.get_by_label("Visa valid from").fill(DAY.isoformat())
    form.get_by_label("Visa valid to").fill(valid_to.isoformat())
    form.get_by_label("Entries").select_option("multiple")
    form.locator("input[type=file]").set_input_files(scan)
    click_and_wait(page, form.get_by_role("button", name="Record as issued"))


def test_work_family_the_roster_leads_to_the_extension_which_the_officer_issues_as_a_new_visa(
    signed_in, scan, time_machine, officer
):
    membership, employee = factories.employer_with_staff()
    record = _visa(employee, membership, VisaCategory.C3, dt.date(2026, 7, 31))
    window = extension_window(record)
    time_machine.move_to(astana(max(window.opens, DAY), 10), tick=True)
    page = signed_in(membership.user)

    page.goto(f"/organisation/{membership.organisation.pk}/")
    row = page.locator("#windows-ahead tr.window-ahead", has_text=employee.full_name)
    assert "open now" in row.inner_text()
    click_and_wait(page, row.get_by_role("link", name="File the extension"))
    assert "c3-extension" in page.url
    page.get_by_label("Blank pages in the passport").fill("5")
    page.get_by_label("Position").fill("Head of compliance")
    page.get_by_label("The person consents to the processing of their personal data").check()
    click_and_wait(page, page.get_by_role("button", name="Create the draft"))
    application = Application.objects.get(service_code="c3-extension", person=employee)
    assert "On record" in page.locator("#item-current-visa-copy").inner_text()
    _upload_required(page, scan)
    _submit(page)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED, page.locator("#submit").inner_text()

    factories.advance(application, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    officer_page = signed_in(officer)
    _officer_issues(officer_page, application, scan, number="C3-EXT-1", valid_to=dt.date(2027, 7, 31))
    application.refresh_from_db()
    assert application.state == State.ISSUED, officer_page.locator("main").inner_text()[-2500:]
    new = VisaRecord.objects.get(number="C3-EXT-1")
    assert (new.category, new.valid_to, new.application_id) == ("C3", dt.date(2027, 7, 31), application.pk)

    page.goto(f"/persons/{employee.pk}/")
    assert "C3-EXT-1" in page.content()


def test_investor_family_a_dependant_waits_for_the_principals_visa_and_asks_to_be_told(signed_in, time_machine):
    time_machine.move_to(astana(DAY, 10), tick=True)
    membership, investor = factories.employer_with_staff()
    spouse = factories.PersonFactory(
        organisation=membership.organisation, principal=investor, relationship=Relationship.SPOUSE
    )
    principal = factories.file_draft(
        "a5-invitation", membership=membership, person=investor, validity_years=2, passport_blank_pages=4
    )
    page = signed_in(membership.user)

    page.goto(f"/applications/new/?service=a5-invitation&person={spouse.pk}&principal={principal.pk}")
    assert page.get_by_label("Petition by").count() == 0  # the principal's question, not the spouse's
    page.get_by_label("Blank pages in the passport").fill("4")
    page.get_by_label("Visa obtained at").fill("Embassy of Kazakhstan, Berlin")
    page.get_by_label("The person consents to the processing of their personal data").check()
    click_and_wait(page, page.get_by_role("button", name="Create the draft"))
    dependant = Application.objects.get(service_code="a5-invitation", person=spouse)

    waiting = page.locator("#waiting")
    assert f"{investor.full_name}'s valid" in waiting.inner_text()
    click_and_wait(page, waiting.get_by_role("button", name="Notify me when it can be submitted"))
    assert "We will e-mail you as soon as it can be submitted." in page.locator("#submit").inner_text()
    assert dependant.watches.filter(user=membership.user, notified_at=None).exists()


def test_business_family_choosing_b2_asks_for_the_contract_and_the_invitation_is_submitted(
    signed_in, scan, time_machine
):
    time_machine.move_to(astana(DAY, 10), tick=True)
    membership, expert = factories.employer_with_staff()
    page = signed_in(membership.user)

    page.goto(f"/applications/new/?service=business-multi-invitation&person={expert.pk}")
    page.get_by_label("Blank pages in the passport").fill("6")
    page.get_by_label("Visa category").select_option("B2")
    page.get_by_label("Purpose of the visit").fill("Installation of trading servers under contract No 12")
    page.get_by_label("Visa obtained at").fill("Almaty international airport")
    page.get_by_label("The person consents to the processing of their personal data").check()
    click_and_wait(page, page.get_by_role("button", name="Create the draft"))
    application = Application.objects.get(service_code="business-multi-invitation", person=expert)
    checklist = page.locator("#checklist").inner_text()
    assert "contract" in checklist.lower()
    _upload_required(page, scan)
    _submit(page)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED, page.locator("#submit").inner_text()


def test_cancellation_family_the_officer_cancels_and_the_letter_verifies_as_cancelled(
    signed_in, scan, time_machine, officer
):
    time_machine.move_to(astana(DAY, 10), tick=True)
    membership, employee = factories.employer_with_staff()
    invitation = factories.c3_draft(membership=membership, person=employee)
    factories.advance(invitation, State.ISSUED, filer=membership.user, officer=officer)
    letter = IssuedDocument.objects.get(application=invitation, kind="invitation_letter")
    visa_record_issue(
        user=officer,
        application=invitation,
        category="C3",
        number="C3-CANCEL-1",
        valid_from=dt.date(2026, 3, 1),
        valid_to=dt.date(2027, 2, 28),
        entries="multiple",
    )
    page = signed_in(membership.user)

    page.goto(f"/applications/new/?service=visa-cancellation&person={employee.pk}")
    assert "cannot be filed" not in page.content()
    page.get_by_label("Left Kazakhstan on").fill("2026-06-10")
    page.get_by_label("Contract ended on").fill("2026-06-05")
    click_and_wait(page, page.get_by_role("button", name="Create the draft"))
    application = Application.objects.get(service_code="visa-cancellation", person=employee)
    _upload_required(page, scan)
    _submit(page)
    application.refresh_from_db()
    assert application.state == State.SUBMITTED, page.locator("#submit").inner_text()

    factories.advance(application, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    officer_page = signed_in(officer)
    officer_page.goto(f"/officer/applications/{application.pk}/")
    form = officer_page.locator("form", has=officer_page.get_by_role("button", name="Record as issued"))
    form.get_by_label("Number issued by the state body").fill("CANCEL-2026-1")
    form.locator("input[type=file]").set_input_files(scan)
    click_and_wait(officer_page, form.get_by_role("button", name="Record as issued"))
    application.refresh_from_db()
    assert application.state == State.ISSUED
    assert application.decision_number == "CANCEL-2026-1"

    page.goto(f"/verify/{letter.verification_code}/")
    assert "CANCELLED" in page.content()
    assert VisaRecord.objects.get(number="C3-CANCEL-1").cancelled_at is not None
