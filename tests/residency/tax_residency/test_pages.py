"""Browser-style journeys with the Django test client: filing form → filer page → officer page → outcome →
the filer downloads the tax authority's certificate → anyone verifies it."""

from __future__ import annotations

import hashlib
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.constants import State
from applications.models import Application
from qazeta.documents.models import IssuedDocument
from qazeta.workcalendar import calendar as workcalendar
from tests import factories

from .helpers import AIFC, CERTIFICATE, SCAN_BYTES, STANDARD, aifc_draft, scan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]

NUMBER = "620300-2026-000123"


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _new_url(code: str, person=None) -> str:
    url = reverse("application-new") + f"?service={code}"
    return url + f"&person={person.pk}" if person else url


def _officer_walk_to_approval(staff: Client, app: Application) -> None:
    assert staff.post(reverse("officer-claim", args=[app.pk])).status_code == 302
    for upload in app.uploads.all():
        r = staff.post(
            reverse("officer-review-document", args=[app.pk, upload.pk]), {f"doc-{upload.pk}-decision": "accept"}
        )
        assert r.status_code == 302, r.content.decode()
    assert staff.post(reverse("officer-approve-documents", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.DOCUMENTS_APPROVED


def _issue_on_the_officer_page(staff: Client, app: Application) -> None:
    page_url = reverse("officer-application", args=[app.pk])
    page = staff.get(page_url).content.decode()
    assert reverse("officer-issue", args=[app.pk]) in page
    assert "Scan of the Tax residency certificate" in page
    assert 'name="decision_number"' in page
    assert f'name="attachment_{CERTIFICATE}"' in page
    assert "extend-term" not in page

    # Without the scan the form is refused and nothing changes.
    refused = staff.post(reverse("officer-issue", args=[app.pk]), {"decision_number": NUMBER})
    assert refused.status_code == 400
    assert Application.objects.get(pk=app.pk).state == State.WITH_AUTHORITY
    assert not IssuedDocument.objects.filter(application=app).exists()

    done = staff.post(
        reverse("officer-issue", args=[app.pk]), {"decision_number": NUMBER, f"attachment_{CERTIFICATE}": scan()}
    )
    assert done.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.ISSUED


def _download_and_verify(filer: Client, app: Application) -> None:
    detail = filer.get(reverse("application-detail", args=[app.pk])).content.decode()
    document = IssuedDocument.objects.get(application=app)
    download_url = reverse("issued-download", args=[app.pk, document.pk])
    assert download_url in detail
    assert "Tax residency certificate" in detail
    assert document.verification_code in detail
    assert NUMBER in detail or document.received

    download = filer.get(download_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SCAN_BYTES

    verify = Client().get(reverse("verify", args=[document.verification_code]))
    assert verify.status_code == 200
    text = verify.content.decode()
    assert "VALID" in text
    assert "Tax residency certificate" in text
    assert hashlib.sha256(SCAN_BYTES).hexdigest() in text
    assert app.person.surname not in text  # initials only


def test_host_party_files_the_standard_certificate_in_the_browser(membership, officer, employee):
    filer, staff = _client(membership.user), _client(officer)

    # 1. The filing form shows the service's own fields and the fee.
    form_page = filer.get(_new_url(STANDARD, employee)).content.decode()
    for name in ("applicant_kind", "entity_name", "entity_bin", "tax_period_year", "treaty_state"):
        assert f'name="{name}"' in form_page
    assert "40,000" in form_page
    assert 'value="walk_in"' not in form_page

    # 2. File it; the filer page shows the details and the individual's checklist.
    response = filer.post(
        _new_url(STANDARD),
        {
            "service": STANDARD,
            "person": employee.pk,
            "principal_application": "",
            "channel": "standard",
            "applicant_kind": "individual",
            "tax_period_year": 2025,
            "treaty_state": "DEU",
        },
    )
    app = Application.objects.get(service_code=STANDARD, person=employee)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("application-detail", args=[app.pk]))
    detail = html.unescape(filer.get(reverse("application-detail", args=[app.pk])).content.decode())
    assert "Tax period (year)" in detail
    assert "2025" in detail
    assert "A foreign individual or stateless person resident in Kazakhstan" in detail
    assert "Proof of the period of stay in Kazakhstan" in detail
    assert "place of effective management in Kazakhstan" not in detail  # the legal entity's item

    # 3. Upload and submit.
    for req in app.service.checklist(app.checklist_facts()):
        if req.required:
            r = filer.post(
                reverse("application-upload", args=[app.pk]), {"item_code": req.code, "file": factories.pdf_file()}
            )
            assert r.status_code == 302
    assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.SUBMITTED

    # 4. The officer reviews and approves; the filer books the visit on the filer page.
    _officer_walk_to_approval(staff, app)
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    page = filer.get(reverse("application-detail", args=[app.pk]) + f"?date={day.isoformat()}").content.decode()
    assert reverse("appointment-book", args=[app.pk]) in page
    slot = factories.soonest_office_slot()
    assert filer.post(reverse("appointment-book", args=[app.pk]), {"starts_at": slot.isoformat()}).status_code == 302

    # 5. Originals at the visit, forwarded to the tax authority, its certificate attached.
    with factories.on_visit_day(app) as received:
        assert (
            staff.post(reverse("officer-receive-originals", args=[app.pk]), {"received": received}).status_code == 302
        )
    forward_page = staff.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert reverse("officer-forward", args=[app.pk]) in forward_page
    assert staff.post(reverse("officer-forward", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.WITH_AUTHORITY
    _issue_on_the_officer_page(staff, app)

    # 6. The filer downloads exactly the scan; anyone verifies it.
    _download_and_verify(filer, app)


def test_self_applicant_files_the_aifc_certificate_in_the_browser(self_applicant, officer):
    user, person = self_applicant
    filer, staff = _client(user), _client(officer)

    form_page = filer.get(_new_url(AIFC, person)).content.decode()
    assert 'name="initial_certificate_number"' in form_page
    assert 'name="applicant_kind"' not in form_page
    response = filer.post(
        _new_url(AIFC),
        {
            "service": AIFC,
            "person": person.pk,
            "principal_application": "",
            "channel": "standard",
            "tax_period_year": 2025,
            "treaty_state": "GBR",
        },
    )
    assert response.status_code == 302, response.content.decode()
    app = Application.objects.get(service_code=AIFC, person=person)
    detail = html.unescape(filer.get(reverse("application-detail", args=[app.pk])).content.decode())
    assert "Internal affairs body's letter" in detail
    for req in app.service.checklist(app.checklist_facts()):
        if req.required:
            filer.post(
                reverse("application-upload", args=[app.pk]), {"item_code": req.code, "file": factories.pdf_file()}
            )
    assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302

    _officer_walk_to_approval(staff, app)
    # No visit: the officer forwards straight from approval and is never shown the originals step.
    page = staff.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert reverse("officer-receive-originals", args=[app.pk]) not in page
    assert reverse("officer-forward", args=[app.pk]) in page
    forced = filer.post(
        reverse("appointment-book", args=[app.pk]), {"starts_at": factories.next_office_slot().isoformat()}
    )
    assert forced.status_code == 409
    assert Application.objects.get(pk=app.pk).state == State.DOCUMENTS_APPROVED
    assert staff.post(reverse("officer-forward", args=[app.pk])).status_code == 302
    _issue_on_the_officer_page(staff, app)
    _download_and_verify(filer, app)


def test_the_refusal_page_asks_for_a_reason_and_the_filer_sees_it(membership, officer):
    app = factories.advance(
        aifc_draft(membership=membership), State.WITH_AUTHORITY, filer=membership.user, officer=officer
    )
    staff = _client(officer)
    url = reverse("officer-refuse", args=[app.pk])
    form = staff.get(url).content.decode()
    assert 'name="reason"' in form
    assert 'name="grounds"' not in form
    assert staff.post(url, {"reason": "", "confirm": "on"}).status_code == 400
    reason = "The AIFC Administration letter does not cover 2025."
    assert staff.post(url, {"reason": reason, "confirm": "on"}).status_code == 302
    page = _client(membership.user).get(reverse("application-detail", args=[app.pk])).content.decode()
    assert reason in page
    assert not IssuedDocument.objects.filter(application=app).exists()


@pytest.mark.parametrize("code", [STANDARD, AIFC])
def test_staff_get_a_clear_page_instead_of_the_filing_form(code, officer, employee):
    response = _client(officer).get(_new_url(code, employee))
    assert response.status_code == 403
    body = html.unescape(response.content.decode())
    assert "Expat Centre staff do not file applications." in body
    assert 'name="treaty_state"' not in body


def _kazakhstan_as_treaty_state(client: Client, person) -> object:
    return client.post(
        _new_url(STANDARD),
        {
            "service": STANDARD,
            "person": person.pk,
            "principal_application": "",
            "channel": "standard",
            "applicant_kind": "individual",
            "tax_period_year": 2025,
            "treaty_state": "Kazakhstan",
        },
    )


def test_the_html_filing_form_refuses_kazakhstan_as_the_treaty_state_at_once(membership, employee):
    response = _kazakhstan_as_treaty_state(_client(membership.user), employee)
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert "Treaty state: Name the other state, whose tax relief is claimed, not Kazakhstan." in body
    assert not Application.objects.exists()


def test_the_submission_rules_are_listed_on_the_filer_page(membership):
    filer = _client(membership.user)
    draft = factories.file_draft(
        STANDARD, membership=membership, applicant_kind="legal_entity", tax_period_year=2027, treaty_state="DEU"
    )
    factories.upload_checklist(draft, membership.user)
    response = filer.post(reverse("application-submit", args=[draft.pk]))
    assert response.status_code == 400
    body = html.unescape(response.content.decode())
    assert "The tax period 2027 has not begun" in body
    assert "Give the legal entity's name" in body
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT


# ------------------------------------------------------------------------------------ the pages follow the lifecycle
def test_the_aifc_filer_page_offers_no_appointment(self_applicant, officer):
    user, person = self_applicant
    app = factories.advance(aifc_draft(user=user, person=person), State.DOCUMENTS_APPROVED, filer=user, officer=officer)
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    page = _client(user).get(reverse("application-detail", args=[app.pk]) + f"?date={day.isoformat()}")
    body = page.content.decode()
    assert reverse("appointment-book", args=[app.pk]) not in body
    assert "Book an appointment" not in body


def test_the_filer_page_promises_no_term_extension(membership, officer):
    app = factories.advance(
        aifc_draft(membership=membership), State.WITH_AUTHORITY, filer=membership.user, officer=officer
    )
    body = _client(membership.user).get(reverse("application-detail", args=[app.pk])).content.decode()
    assert "30 calendar days" not in body


def test_an_officer_records_the_issue_through_the_services_and_the_page_shows_the_scan(membership, officer):
    app = factories.advance(
        aifc_draft(membership=membership), State.WITH_AUTHORITY, filer=membership.user, officer=officer
    )
    services.application_issue(user=officer, application=app, decision_number=NUMBER, attachments={CERTIFICATE: scan()})
    page = _client(officer).get(reverse("officer-application", args=[app.pk])).content.decode()
    document = IssuedDocument.objects.get(application=app)
    assert document.verification_code in page
    assert "issued by the state body" in page
    assert NUMBER in page
