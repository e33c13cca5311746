"""The qualification exemption in a real browser (issue 8): a supervisor opens a case on the AIFC Administration's
own initiative on the staff-only page (host party, then its employee, the declaration and a note); the host party
finds it in its list and on the employee's page, with the timeline saying whose initiative it was; after the
decision (walked through the services) it downloads the decision, which verifies."""

from __future__ import annotations

import datetime as dt

import pytest

from applications import services
from applications.constants import State
from applications.models import Application
from qazeta.documents.models import IssuedDocument
from tests import factories
from tests.browser.actions import click_and_wait
from tests.clock import astana

pytestmark = [pytest.mark.django_db(transaction=True)]

#: A working Tuesday whose year has an MRP on record.
DAY = dt.date(2026, 6, 16)
NOTE = "Annex 1 part B reviewed for analysts after the 2026 audit."


def test_supervisor_opens_a_case_the_host_party_follows_it_to_the_decision(signed_in, time_machine):
    time_machine.move_to(astana(DAY, 10), tick=True)
    membership, employee = factories.employer_with_staff()
    supervisor = factories.UserFactory(supervisor=True)
    page = signed_in(supervisor)

    page.goto("/officer/qualification-exemption/open/")
    page.get_by_label("Host party (AIFC participant)").select_option(str(membership.organisation.pk))
    click_and_wait(page, page.get_by_role("button", name="Show its employees"))
    page.get_by_label("Employee", exact=True).select_option(str(employee.pk))
    page.get_by_label("What the Administration considers").select_option("change")
    page.get_by_label("Criteria not met").fill("Analyst: 3 years of experience instead of 5 (Annex 1 part B).")
    page.get_by_label("The employee performs no controlled or designated function").check()
    page.get_by_label("Note for the timeline").fill(NOTE)
    click_and_wait(page, page.get_by_role("button", name="Open the case"))
    application = Application.objects.get(service_code="qualification-exemption", person=employee)
    assert application.state == State.IN_REVIEW
    assert f"/officer/applications/{application.pk}/" in page.url
    assert "opened on the AIFC Administration's initiative" in page.content()

    host = signed_in(membership.user)
    host.goto("/applications/")
    click_and_wait(host, host.get_by_role("link", name=application.reference).first)
    main = host.locator("main").inner_text()
    assert f"Opened on the initiative of the AIFC Administration by {supervisor.get_full_name()}: {NOTE}" in main
    assert "no application of the host party" in main
    host.goto(f"/persons/{employee.pk}/")
    assert application.reference in host.content()

    # The Administration's decision, recorded through the services (the officer's issue form is tested elsewhere).
    services.consent_record(user=membership.user, person=employee)
    for item in ("passport-copy", "cv"):
        services.information_request(user=supervisor, application=application, message=f"Upload the {item}.")
        application.refresh_from_db()
        time_machine.shift(dt.timedelta(minutes=1))
        services.document_upload(
            user=membership.user, application=application, item_code=item, file=factories.pdf_file()
        )
        services.information_answer(user=membership.user, application=application, answer="Uploaded.")
        application.refresh_from_db()
    for upload in application.uploads.all():
        services.document_review(user=supervisor, upload=upload, accept=True)
    services.documents_approve(user=supervisor, application=application)
    services.authority_forward(user=supervisor, application=application)
    services.application_issue(
        user=supervisor,
        application=Application.objects.get(pk=application.pk),
        decision_number="AIFCA-QR-2026-031",
        fields={"decision_terms": "Experience criterion of Annex 1 part B changed to 3 years for this analyst."},
    )
    document = IssuedDocument.objects.get(application_id=application.pk, kind="qualification_exemption_decision")

    host.goto(f"/applications/{application.pk}/")
    link = host.locator(f"a[href='/applications/{application.pk}/issued/{document.pk}/']")
    assert link.count() >= 1, host.locator("main").inner_text()[-2000:]
    host.goto(f"/verify/{document.verification_code}/")
    assert "VALID" in host.content()
