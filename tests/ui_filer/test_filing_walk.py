"""The filer's walk in the browser client: roster via MRZ, C3 + spouse, uploads, submission, answers, booking."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.constants import State
from applications.models import Application, DocumentUpload
from fees.selectors import state_duty_for
from qazeta.accounts import services as account_services
from qazeta.accounts.models import Consent, Organisation, Person, PersonalDataAccess
from qazeta.accounts.mrz import mrz_check_digit
from tests import factories
from tests.clock import FILING_DAY, astana
from tests.ui_filer.conftest import PASSWORD

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(astana(FILING_DAY)),
    pytest.mark.usefixtures("receipt_on_approval"),
]

HTMX = {"HTTP_HX_REQUEST": "true"}
HTML_AS_PDF = b"<!doctype html><html><body>not a scan</body></html>"


def _td3(surname: str, given: str, number: str, state: str, born: dt.date, sex: str, expires: dt.date) -> str:
    """A consistent TD3 MRZ (ICAO 9303 part 4) for a test passport."""
    line1 = f"P<{state}{surname}<<{given.replace(' ', '<')}".ljust(44, "<")
    number = number.ljust(9, "<")
    dob, exp, personal = born.strftime("%y%m%d"), expires.strftime("%y%m%d"), "<" * 14
    body = (
        f"{number}{mrz_check_digit(number)}{state}{dob}{mrz_check_digit(dob)}{sex}"
        f"{exp}{mrz_check_digit(exp)}{personal}{mrz_check_digit(personal)}"
    )
    composite = body[0:10] + body[13:20] + body[21:43]
    return f"{line1}\n{body}{mrz_check_digit(composite)}"


def _c3_form(person: Person, **overrides: object) -> dict[str, object]:
    return {
        "service": "c3-invitation",
        "person": person.pk,
        "principal_application": "",
        "channel": "standard",
        "validity_years": 2,
        "passport_blank_pages": 6,
        "position": "Head of risk",
        "contract_ends_on": "2028-12-31",
        "visa_pickup_place": "Embassy of Kazakhstan, London",
        "consent": "on",
        **overrides,
    }


def _new_url() -> str:
    return reverse("application-new") + "?service=c3-invitation"


def _upload(client: Client, app: Application, item: str, content: bytes = factories.PDF_BYTES, name: str = "scan.pdf"):
    return client.post(
        reverse("application-upload", args=[app.pk]),
        {"item_code": item, "file": factories.pdf_file(name, content)},
    )


def _upload_required(client: Client, app: Application) -> None:
    for req in app.service.checklist(app.checklist_facts()):
        if req.required:
            assert _upload(client, app, req.code).status_code == 302


def test_employer_walk_from_registration_to_submitted_c3_with_spouse(django_capture_on_commit_callbacks):
    client = Client()
    # 1. Register the host party.
    bin_ = factories.make_bin()
    client.post(
        reverse("employer-register"),
        {
            "username": "hr",
            "email": "hr@example.kz",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "organisation_name": "Steppe Capital Ltd",
            "bin": bin_,
            "aifc_registration_number": "AIFC-7",
            "registration_certificate": factories.pdf_file("aifc-certificate.pdf"),
        },
    )
    org = Organisation.objects.get(bin=bin_)
    # An Expat Centre officer verifies the new host party's registration (it may file at once, submit once verified).
    account_services.organisation_verify(user=factories.UserFactory(officer=True), organisation=org, verified=True)

    # 2. Add the employee by pasting the MRZ; the fields come back filled, then the roster form is sent.
    expires = timezone.localdate() + dt.timedelta(days=4 * 365)
    mrz = _td3("SMITH", "JOHN PAUL", "533401778", "GBR", dt.date(1985, 4, 12), "M", expires)
    filled = client.post(reverse("staff-mrz", args=[org.pk]), {"mrz": mrz}, **HTMX).content.decode()
    assert 'value="SMITH"' in filled
    assert 'value="533401778"' in filled
    assert f'value="{expires.isoformat()}"' in filled
    client.post(
        reverse("staff-add", args=[org.pk]),
        {
            "surname": "SMITH",
            "given_names": "JOHN PAUL",
            "sex": "M",
            "date_of_birth": "1985-04-12",
            "nationality": "GBR",
            "passport_number": "533401778",
            "passport_issuing_state": "GBR",
            "passport_expires_on": expires.isoformat(),
            "position": "Head of risk",
        },
    )
    employee = Person.objects.get(passport_number="533401778", organisation=org)

    # 3. His spouse.
    client.post(
        reverse("family-member-add", args=[employee.pk]),
        {
            "family-relationship": "spouse",
            "family-surname": "SMITH",
            "family-given_names": "MARY",
            "family-sex": "F",
            "family-date_of_birth": "1987-09-30",
            "family-nationality": "GBR",
            "family-passport_number": "533401779",
            "family-passport_issuing_state": "GBR",
            "family-passport_expires_on": expires.isoformat(),
        },
    )
    spouse = Person.objects.get(principal=employee)

    # 4. File the C3 invitation for him, with consent.
    form_page = client.get(_new_url() + f"&person={employee.pk}").content.decode()
    assert "360,000" in form_page
    response = client.post(_new_url(), _c3_form(employee))
    principal = Application.objects.get(person=employee)
    assert response["Location"].startswith(reverse("application-detail", args=[principal.pk]))
    assert principal.state == State.DRAFT
    assert principal.organisation == org
    assert principal.specific().position == "Head of risk"
    assert Consent.objects.filter(person=employee).exists()

    # 5. The spouse's dependant application goes with his.
    detail = client.get(reverse("application-detail", args=[principal.pk])).content.decode()
    assert "File for a family member" in detail
    response = client.post(_new_url(), _c3_form(spouse, principal_application=principal.pk, position="Spouse"))
    dependant = Application.objects.get(person=spouse)
    assert dependant.principal_application_id == principal.pk
    dependant_page = client.get(reverse("application-detail", args=[dependant.pk])).content.decode()
    assert "Marriage, birth or adoption certificate" in dependant_page  # the family member's own checklist
    assert reverse("application-detail", args=[principal.pk]) in dependant_page

    # 6. Submitting too early is refused with every unmet rule listed.
    refused = client.post(reverse("application-submit", args=[principal.pk]))
    body = refused.content.decode()
    assert refused.status_code == 400
    assert "cannot be submitted yet" in body
    for req in principal.service.checklist(principal.checklist_facts()):
        if req.required:
            assert f"Upload “{req.name}”" in html.unescape(body)
    assert Application.objects.get(pk=principal.pk).state == State.DRAFT

    # 7. Upload everything, then submit.
    _upload_required(client, principal)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("application-submit", args=[principal.pk]))
    principal.refresh_from_db()
    assert response.status_code == 302
    assert principal.state == State.SUBMITTED
    assert principal.reference
    page = client.get(reverse("application-detail", args=[principal.pk])).content.decode()
    assert principal.reference in page
    assert "Fixed at submission" in page


def test_filing_form_offers_only_the_channels_of_the_service(filer_client, employee):
    body = filer_client.get(_new_url() + f"&person={employee.pk}").content.decode()
    assert 'value="standard"' in body
    assert 'value="walk_in"' in body
    assert 'value="personal_manager"' not in body
    assert "Consent to the collection and processing of personal data" in body


def test_live_quote_shows_service_fee_duty_and_total_for_the_band(filer_client):
    response = filer_client.get(
        reverse("application-quote"), {"service": "c3-invitation", "channel": "walk_in", "validity_years": 4}, **HTMX
    )
    body = response.content.decode()
    duty = state_duty_for("c3-invitation")
    assert "940,000.00 KZT" in body
    assert f"{intcomma(duty.amount)} KZT" in body
    assert "0.5 MRP" in body
    assert f"{intcomma(duty.amount + 940000)} KZT" in body
    assert "3 to 5 years" in body


def test_live_quote_explains_a_missing_choice(filer_client):
    body = filer_client.get(reverse("application-quote"), {"service": "c3-invitation", "channel": "standard"}).content
    assert b"depends on the visa" in body


def test_family_member_must_be_filed_with_the_principals_application(filer_client, employee, spouse, draft):
    response = filer_client.post(_new_url(), _c3_form(spouse))
    assert response.status_code == 400
    assert "choose the principal" in response.content.decode()
    assert not Application.objects.filter(person=spouse).exists()


def test_principal_application_must_be_the_persons_principal(filer_client, membership, employee, spouse, draft):
    colleague = factories.PersonFactory(organisation=membership.organisation)
    response = filer_client.post(_new_url(), _c3_form(colleague, principal_application=draft.pk))
    assert response.status_code == 400
    assert "not recorded as a family member" in response.content.decode()


def test_upload_stores_a_version_and_shows_it(filer_client, draft):
    response = _upload(filer_client, draft, "passport-copy")
    assert response.status_code == 302
    upload = DocumentUpload.objects.get(application=draft, item_code="passport-copy")
    assert upload.version == 1
    page = filer_client.get(reverse("application-detail", args=[draft.pk])).content.decode()
    assert reverse("upload-download", args=[draft.pk, upload.pk]) in page


def test_html_disguised_as_pdf_is_refused_and_nothing_is_stored(filer_client, draft):
    response = _upload(filer_client, draft, "passport-copy", HTML_AS_PDF, "passport.pdf")
    body = response.content.decode()
    assert response.status_code == 400
    assert 'id="error-passport-copy"' in body
    assert "Only PDF, JPEG or PNG files are accepted" in body
    assert not DocumentUpload.objects.filter(application=draft).exists()
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT


def test_upload_without_a_file_asks_for_one(filer_client, draft):
    response = filer_client.post(reverse("application-upload", args=[draft.pk]), {"item_code": "passport-copy"})
    assert response.status_code == 400
    assert "Choose a file to upload." in response.content.decode()


def test_another_organisation_gets_404_everywhere(other_client, filer, draft):
    factories.upload_checklist(draft, filer)
    upload = draft.uploads.first()
    assert other_client.get(reverse("application-detail", args=[draft.pk])).status_code == 404
    assert other_client.get(reverse("upload-download", args=[draft.pk, upload.pk])).status_code == 404
    assert other_client.post(reverse("application-submit", args=[draft.pk])).status_code == 404
    assert _upload(other_client, draft, "passport-copy").status_code == 404
    assert other_client.get(reverse("application-withdraw", args=[draft.pk])).status_code == 404
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT


def test_filing_for_another_organisations_employee_is_refused(other_client, employee):
    response = other_client.post(_new_url(), _c3_form(employee))
    assert response.status_code == 400
    assert not Application.objects.filter(person=employee).exists()


def test_applicant_employee_sees_only_their_own_application_and_cannot_act(filer, membership, employee, draft):
    colleague_draft = factories.c3_draft(membership=membership)
    account = services_grant_login(filer, employee)
    client = Client()
    client.force_login(account)
    listing = client.get(reverse("application-list")).content.decode()
    assert reverse("application-detail", args=[draft.pk]) in listing
    assert reverse("application-detail", args=[colleague_draft.pk]) not in listing
    assert client.get(reverse("application-detail", args=[colleague_draft.pk])).status_code == 404
    own = client.get(reverse("application-detail", args=[draft.pk])).content.decode()
    assert "Submit the application" not in own
    assert 'type="file"' not in own
    refused = client.post(reverse("application-submit", args=[draft.pk]))
    assert refused.status_code == 403
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT


def services_grant_login(admin, person):
    from qazeta.accounts.services import applicant_login_grant

    return applicant_login_grant(
        user=admin, person=person, username="employee", email="e@example.com", password=PASSWORD
    )


def test_officer_download_is_logged_and_filer_download_is_not(filer_client, filer, officer, draft):
    factories.upload_checklist(draft, filer)
    upload = draft.uploads.get(item_code="passport-copy")
    url = reverse("upload-download", args=[draft.pk, upload.pk])
    response = filer_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == factories.PDF_BYTES
    assert not PersonalDataAccess.objects.exists()
    officer_client = Client()
    officer_client.force_login(officer)
    assert officer_client.get(url).status_code == 404  # a draft is the filing side's own
    services.application_submit(user=filer, application=draft)
    assert officer_client.get(url).status_code == 200
    assert PersonalDataAccess.objects.filter(
        user=officer, persons=draft.person, what__contains="passport-copy", object_ids__application=[draft.pk]
    ).exists()


def test_officer_sees_the_detail_page_with_the_panel_and_the_view_is_logged(officer, filer, draft):
    client = Client()
    client.force_login(officer)
    assert client.get(reverse("application-detail", args=[draft.pk])).status_code == 404  # drafts: filer's own
    factories.advance(draft, State.SUBMITTED, filer=filer, officer=officer)
    response = client.get(reverse("application-detail", args=[draft.pk]))
    assert response.status_code == 200
    assert 'id="officer-panel"' in response.content.decode()
    assert PersonalDataAccess.objects.filter(user=officer, persons=draft.person).exists()


def test_information_request_is_answered_after_reuploading_the_items_asked(filer_client, filer, officer, draft):
    app = factories.advance(draft, State.IN_REVIEW, filer=filer, officer=officer)
    services.information_request(
        user=officer, application=app, message="The passport scan is blurred.", item_codes=["passport-copy"]
    )
    page = filer_client.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert "clock paused" in page
    assert "The passport scan is blurred." in page
    assert "asked again" in page

    early = filer_client.post(reverse("application-answer", args=[app.pk]), {"answer": "Here it is."})
    assert early.status_code == 400
    assert "Upload a new file for: Passport copy" in early.content.decode()
    assert Application.objects.get(pk=app.pk).state == State.INFORMATION_REQUESTED

    assert _upload(filer_client, app, "passport-copy").status_code == 302
    response = filer_client.post(reverse("application-answer", args=[app.pk]), {"answer": "Here it is."})
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.IN_REVIEW


def test_appointment_is_booked_from_free_slots_and_cancelled_after_confirmation(filer_client, filer, officer, draft):
    app = factories.advance(draft, State.DOCUMENTS_APPROVED, filer=filer, officer=officer)
    slot = factories.next_office_slot()
    day = timezone.localtime(slot).date()
    page = filer_client.get(reverse("application-detail", args=[app.pk]), {"date": day.isoformat()}).content.decode()
    assert 'type="radio" name="starts_at"' in page
    assert f'value="{slot.isoformat()}"' in page

    response = filer_client.post(reverse("appointment-book", args=[app.pk]), {"starts_at": slot.isoformat()})
    assert response.status_code == 302
    assert Application.objects.get(pk=app.pk).state == State.APPOINTMENT_BOOKED
    assert "Cancel the appointment" in filer_client.get(reverse("application-detail", args=[app.pk])).content.decode()

    confirm = filer_client.get(reverse("appointment-cancel", args=[app.pk]))
    assert confirm.status_code == 200
    assert "Cancel the appointment?" in confirm.content.decode()
    assert Application.objects.get(pk=app.pk).state == State.APPOINTMENT_BOOKED  # a GET changes nothing
    filer_client.post(reverse("appointment-cancel", args=[app.pk]))
    assert Application.objects.get(pk=app.pk).state == State.DOCUMENTS_APPROVED


def test_booking_a_time_outside_office_hours_shows_the_error(filer_client, filer, officer, draft):
    app = factories.advance(draft, State.DOCUMENTS_APPROVED, filer=filer, officer=officer)
    lunch = factories.next_office_slot().replace(hour=8)  # 13:00 Astana = 08:00 UTC
    response = filer_client.post(reverse("appointment-book", args=[app.pk]), {"starts_at": lunch.isoformat()})
    assert response.status_code == 400
    assert "13:00-14:00" in response.content.decode()
    assert Application.objects.get(pk=app.pk).state == State.DOCUMENTS_APPROVED


def test_withdrawal_asks_for_confirmation_first(filer_client, draft):
    url = reverse("application-withdraw", args=[draft.pk])
    assert "Withdraw this application?" in filer_client.get(url).content.decode()
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT
    filer_client.post(url, {"reason": "Candidate declined the offer"})
    app = Application.objects.get(pk=draft.pk)
    assert app.state == State.WITHDRAWN
    assert app.withdrawal_reason == "Candidate declined the offer"


def test_application_list_filters_by_state_and_has_a_helpful_empty_state(filer_client, filer, officer, draft):
    other = factories.c3_draft(membership=filer.memberships.first())
    factories.advance(other, State.SUBMITTED, filer=filer, officer=officer)
    submitted_only = filer_client.get(reverse("application-list"), {"state": "submitted"}).content.decode()
    assert reverse("application-detail", args=[other.pk]) in submitted_only
    assert reverse("application-detail", args=[draft.pk]) not in submitted_only
    empty = filer_client.get(reverse("application-list"), {"state": "issued"}).content.decode()
    assert "No applications in this state." in empty
    assert "File an application" in empty


def test_issued_document_is_listed_and_downloadable(
    filer_client, filer, officer, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app = factories.advance(draft, State.ISSUED, filer=filer, officer=officer)
    document = app.issued_documents.get()
    page = filer_client.get(reverse("application-detail", args=[app.pk])).content.decode()
    url = reverse("issued-download", args=[app.pk, document.pk])
    assert url in page
    assert document.verification_code in page
    response = filer_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    stranger = Client()
    stranger.force_login(factories.MembershipFactory().user)
    assert stranger.get(url).status_code == 404
