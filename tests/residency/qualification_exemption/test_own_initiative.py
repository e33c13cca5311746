"""The AIFC Administration opens a case on its own initiative (GR0009 point 2): a supervisor chooses the host party
and its employee on a staff-only page; the case is in review at once, free, held by the supervisor, and the host
party sees it in its list and on the employee's page, with the timeline saying so; it answers the officer's request
for information, and the decision says "on its own initiative". Nobody but a supervisor may open one."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from applications import services
from applications.constants import State
from applications.models import Application
from qazeta.documents.models import IssuedDocument
from tests import factories

from .conftest import CRITERIA, SERVICE, TERMS, TUESDAY_10, html_text, logged_in

pytestmark = pytest.mark.django_db

URL = reverse("qualification-exemption-open")
NOTE = "Annex 1 part B reviewed for the participant's analysts after the 2026 audit."


def _form(membership, employee, **overrides) -> dict:
    return {
        "organisation": membership.organisation.pk,
        "person": employee.pk,
        "request_kind": "change",
        "unmet_criteria": CRITERIA,
        "no_controlled_function": "on",
        "note": NOTE,
        **overrides,
    }


def test_a_supervisor_opens_the_case_and_the_host_party_follows_it(
    supervisor, membership, employee, rendered_html, django_capture_on_commit_callbacks, clock
):
    staff = logged_in(supervisor)
    spouse = factories.PersonFactory(organisation=membership.organisation, principal=employee, relationship="spouse")
    other = factories.PersonFactory(organisation=factories.OrganisationFactory())

    # Step 1: the host party; step 2: only its employees (no family member, nobody else's staff).
    assert membership.organisation.name in staff.get(URL).content.decode()
    page = html.unescape(staff.get(URL + f"?organisation={membership.organisation.pk}").content.decode())
    assert employee.full_name in page
    assert spouse.full_name not in page
    assert other.full_name not in page

    # The scope declaration is required: nothing is opened without it.
    r = staff.post(URL, _form(membership, employee, no_controlled_function=""))
    assert r.status_code == 400
    assert not Application.objects.filter(service_code=SERVICE).exists()
    # Another host party's employee is not offered.
    assert staff.post(URL, _form(membership, other)).status_code == 400
    assert not Application.objects.filter(service_code=SERVICE).exists()

    with django_capture_on_commit_callbacks(execute=True):
        r = staff.post(URL, _form(membership, employee))
    app = Application.objects.get(service_code=SERVICE, person=employee)
    assert r.status_code == 302
    assert r["Location"] == reverse("officer-application", args=[app.pk])
    assert app.state == State.IN_REVIEW
    assert app.assigned_to_id == supervisor.pk
    assert app.organisation_id == membership.organisation_id
    assert app.fee_total == 0
    specific = app.specific()
    assert (specific.request_kind, specific.unmet_criteria, specific.no_controlled_function) == (
        "change",
        CRITERIA,
        True,
    )

    # The host party sees it in its list, on the employee's page and on its own page, with the timeline's reason.
    filer = logged_in(membership.user)
    assert app.reference in filer.get(reverse("application-list")).content.decode()
    assert app.reference in filer.get(reverse("person-detail", args=[employee.pk])).content.decode()
    detail = html_text(filer.get(reverse("application-detail", args=[app.pk])).content.decode())
    who = supervisor.get_full_name()
    assert f"Opened on the initiative of the AIFC Administration by {who}: {NOTE}" in detail
    # The host party's application in the set form is not asked for a case it did not request.
    assert "Opened by the AIFC Administration on its own initiative: no application of the host party" in detail

    # The supervisor asks for the employee's documents; the host party uploads them and answers.
    services.information_request(
        user=supervisor,
        application=app,
        message="Upload the passport copy and the CV.",
        item_codes=["passport-copy", "cv"],
    )
    app = Application.objects.get(pk=app.pk)
    clock.move_to(TUESDAY_10 + dt.timedelta(hours=2), tick=False)
    for item in ("passport-copy", "cv"):
        r = filer.post(reverse("application-upload", args=[app.pk]), {"item_code": item, "file": factories.pdf_file()})
        assert r.status_code == 302
    services.consent_record(user=membership.user, person=employee)
    r = filer.post(reverse("application-answer", args=[app.pk]), {"answer": "Both uploaded."})
    assert r.status_code == 302, html_text(r.content.decode())[:3000]
    app = Application.objects.get(pk=app.pk)
    assert app.state == State.IN_REVIEW
    for upload in app.uploads.all():
        services.document_review(user=supervisor, upload=upload, accept=True)
    services.documents_approve(user=supervisor, application=app)
    services.authority_forward(user=supervisor, application=app)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_issue(
            user=supervisor,
            application=Application.objects.get(pk=app.pk),
            decision_number="AIFCA-QR-2026-031",
            fields={"decision_terms": TERMS},
        )
    (document,) = IssuedDocument.objects.filter(application_id=app.pk)
    ((_, pdf_page),) = rendered_html
    assert "On its own initiative, the AIFC Administration has considered" in html_text(pdf_page)
    assert filer.get(reverse("verify", args=[document.verification_code])).status_code == 200
    link = reverse("issued-download", args=[app.pk, document.pk])
    assert link in html.unescape(filer.get(reverse("application-detail", args=[app.pk])).content.decode())


@pytest.mark.parametrize("who", ["officer", "filer", "applicant"])
def test_nobody_but_a_supervisor_opens_one(who, officer, membership, employee):
    user = {"officer": officer, "filer": membership.user, "applicant": factories.UserFactory()}[who]
    client = logged_in(user)
    assert client.get(URL).status_code == 404
    assert client.get(URL + f"?organisation={membership.organisation.pk}").status_code == 404
    assert client.post(URL, _form(membership, employee)).status_code == 404
    assert not Application.objects.filter(service_code=SERVICE).exists()


def test_anonymous_is_sent_to_sign_in(client, membership, employee):
    r = client.post(URL, _form(membership, employee))
    assert r.status_code == 302
    assert reverse("login") in r["Location"]
    assert not Application.objects.filter(service_code=SERVICE).exists()
