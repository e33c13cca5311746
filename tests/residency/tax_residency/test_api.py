"""Both certificates over the REST API, driven by the ``actions`` list of each application: the filer and the
officer only ever do what the API offers them, and what a service lacks is never offered and refused if forced."""

from __future__ import annotations

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from applications.constants import State
from applications.models import Application, Appointment
from qazeta.accounts.signin.policy import second_factor_required
from qazeta.workcalendar import calendar as workcalendar
from tests import factories
from tests.conftest import second_factor_code

from .helpers import AIFC, CERTIFICATE, SCAN_BYTES, STANDARD, scan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]

NUMBER = "620300-2026-000123"


def _client(user) -> APIClient:
    client = APIClient()
    credentials = {"username": user.username, "password": "pass-12345"}
    if second_factor_required(user):  # staff get a token only with their second factor
        credentials["otp"] = second_factor_code(user)
    response = client.post("/api/v1/auth/token/", credentials)
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    client.seen = set()  # every action name the API offered this user, over the whole walk
    return client


def _detail(client: APIClient, app_id: int) -> dict:
    response = client.get(f"/api/v1/applications/{app_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def _offered(client: APIClient, app_id: int) -> dict[str, dict]:
    offered = {a["name"]: a for a in _detail(client, app_id)["actions"]}
    client.seen |= set(offered)
    return offered


def _do(client: APIClient, app_id: int, name: str, data: dict | None = None, *, multipart: bool = False, **url_args):
    """Do the action ``name`` exactly as the API offers it (its method and URL); fails if it is not offered."""
    offered = _offered(client, app_id)
    assert name in offered, f"{name!r} is not offered; offered: {sorted(offered)}"
    action = offered[name]
    assert action["method"] == "POST"
    url = action["url"].format(**url_args)
    return client.post(url, data or {}, format="multipart" if multipart else "json")


def _upload_and_submit(filer: APIClient, app_id: int) -> dict:
    for item in _detail(filer, app_id)["checklist"]:
        if item["required"]:
            upload = _do(
                filer,
                app_id,
                "upload",
                {"item": item["code"], "file": factories.pdf_file(f"{item['code']}.pdf")},
                multipart=True,
            )
            assert upload.status_code == 201, upload.content
    response = _do(filer, app_id, "submit")
    assert response.status_code == 200, response.content
    return response.json()


def _claim_and_approve(staff: APIClient, app_id: int) -> dict:
    assert set(_offered(staff, app_id)) == {"claim"}
    assert _do(staff, app_id, "claim").status_code == 200
    detail = _detail(staff, app_id)
    assert detail["state"] == State.IN_REVIEW
    assert {"review", "request_information", "approve_documents", "refuse"} <= {a["name"] for a in detail["actions"]}
    for item in detail["checklist"]:
        if item["current"]:
            r = _do(staff, app_id, "review", {"accept": True}, upload_id=item["current"]["id"])
            assert r.status_code == 200, r.content
    response = _do(staff, app_id, "approve_documents")
    assert response.status_code == 200, response.content
    return response.json()


def _issue_and_download(staff: APIClient, filer: APIClient, app_id: int) -> None:
    offered = _offered(staff, app_id)
    assert set(offered) == {"issue", "refuse"}
    assert offered["issue"]["required_fields"] == ["number", f"attachments.{CERTIFICATE}"]

    # Without the scan: refused with a clear message, nothing changes.
    r = _do(staff, app_id, "issue", {"number": NUMBER})
    assert r.status_code == 400
    assert r.json()["code"] == "attachment_missing"
    assert "Attach the scan of the “Tax residency certificate”" in r.json()["detail"]
    unchanged = _detail(staff, app_id)
    assert unchanged["state"] == State.WITH_AUTHORITY
    assert unchanged["outputs"] == []
    assert unchanged["decision_number"] == ""

    r = _do(staff, app_id, "issue", {"number": NUMBER, f"attachments.{CERTIFICATE}": scan()}, multipart=True)
    assert r.status_code == 200, r.content
    issued = _detail(filer, app_id)
    assert issued["state"] == State.ISSUED
    assert issued["decision_number"] == NUMBER
    assert issued["actions"] == []
    (output,) = issued["outputs"]
    assert output["kind"] == CERTIFICATE
    assert output["received"] is True
    assert output["is_valid"] is True
    assert output["sha256"] == hashlib.sha256(SCAN_BYTES).hexdigest()

    download = filer.get(output["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == SCAN_BYTES

    page = APIClient().get(output["verify_url"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "VALID" in text
    assert output["verification_code"] in text
    assert hashlib.sha256(SCAN_BYTES).hexdigest() in text


def test_standard_certificate_over_the_api(membership, officer, employee):
    filer, staff = _client(membership.user), _client(officer)
    r = filer.post(
        "/api/v1/applications/",
        {
            "service": STANDARD,
            "person": employee.pk,
            "channel": "personal_manager",
            "service_fields": {"applicant_kind": "individual", "tax_period_year": 2025, "treaty_state": "DEU"},
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    draft = r.json()
    app_id = draft["id"]
    assert draft["service_fields"] == {
        "applicant_kind": "individual",
        "entity_name": "",
        "entity_bin": "",
        "tax_period_year": 2025,
        "treaty_state": "DEU",
    }
    assert draft["fee_quote"]["total"] == "140000.00"
    assert {a["name"] for a in draft["actions"]} == {"edit", "upload", "consent", "submit", "withdraw"}
    assert {i["code"] for i in draft["checklist"]} == {
        "tax-residency-application",
        "passport-copy",
        "stay-period-proof",
        "residence-permit-copy",
    }

    submitted = _upload_and_submit(filer, app_id)
    assert submitted["state"] == State.SUBMITTED
    assert submitted["due_date"] == workcalendar.add_working_days(timezone.localdate(), 5).isoformat()
    approved = _claim_and_approve(staff, app_id)
    assert approved["state"] == State.DOCUMENTS_APPROVED
    assert "forward_to_authority" not in {a["name"] for a in approved["actions"]}

    # The filer books the visit to hand over the notarised copies.
    assert set(_offered(filer, app_id)) == {"book_appointment", "withdraw"}
    # A slot later today: the originals are received on the visit's day, while the API token (10 hours) lives.
    day = timezone.localdate()
    slots = filer.get(f"/api/v1/applications/{app_id}/appointment-slots/?date={day.isoformat()}").json()
    r = _do(filer, app_id, "book_appointment", {"starts_at": slots[0]["starts_at"]})
    assert r.status_code == 200, r.content
    assert r.json()["state"] == State.APPOINTMENT_BOOKED

    assert set(_offered(staff, app_id)) == {"receive_originals"}
    assert staff.post(f"/api/v1/applications/{app_id}/forward-to-authority/").status_code == 409
    with factories.on_visit_day(app_id) as received:
        assert (
            _do(staff, app_id, "receive_originals", {"received": received}).json()["state"] == State.ORIGINALS_RECEIVED
        )
    assert set(_offered(staff, app_id)) == {"forward_to_authority"}
    assert _do(staff, app_id, "forward_to_authority").json()["state"] == State.WITH_AUTHORITY
    assert "extend_term" not in _offered(staff, app_id)

    _issue_and_download(staff, filer, app_id)
    assert "extend_term" not in staff.seen
    assert {"book_appointment", "receive_originals", "forward_to_authority"} <= filer.seen | staff.seen


def test_aifc_certificate_over_the_api_never_offers_an_appointment(self_applicant, officer):
    user, person = self_applicant
    filer, staff = _client(user), _client(officer)
    r = filer.post(
        "/api/v1/applications/",
        {
            "service": AIFC,
            "person": person.pk,
            "channel": "standard",
            "service_fields": {"tax_period_year": 2025, "treaty_state": "United Kingdom"},
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    draft = r.json()
    app_id = draft["id"]
    assert draft["fee_quote"]["service_fee"] == "40000.00"
    assert "mia-citizenship-letter" in {i["code"] for i in draft["checklist"]}
    assert "applicant_kind" not in draft["service_fields"]

    _upload_and_submit(filer, app_id)
    approved = _claim_and_approve(staff, app_id)
    assert approved["state"] == State.DOCUMENTS_APPROVED

    # No appointment: not offered, and refused when forced.
    assert set(_offered(filer, app_id)) == {"withdraw"}
    slot = factories.next_office_slot().isoformat()
    r = filer.post(f"/api/v1/applications/{app_id}/appointment/", {"starts_at": slot}, format="json")
    assert r.status_code == 409
    assert r.json()["code"] == "wrong_state"
    assert not Appointment.objects.filter(application_id=app_id).exists()
    assert staff.post(f"/api/v1/applications/{app_id}/receive-originals/").status_code == 409
    assert Application.objects.get(pk=app_id).state == State.DOCUMENTS_APPROVED

    assert set(_offered(staff, app_id)) == {"forward_to_authority"}
    assert _do(staff, app_id, "forward_to_authority").json()["state"] == State.WITH_AUTHORITY
    _issue_and_download(staff, filer, app_id)
    assert not filer.seen & {"book_appointment", "cancel_appointment"}
    assert not staff.seen & {"receive_originals", "extend_term"}

    # A second application of the same person no longer asks for the internal-affairs letter.
    r = filer.post(
        "/api/v1/applications/",
        {"service": AIFC, "person": person.pk, "service_fields": {"tax_period_year": 2026, "treaty_state": "GBR"}},
        format="json",
    )
    assert r.status_code == 201, r.content
    assert "mia-citizenship-letter" not in {i["code"] for i in r.json()["checklist"]}


def test_refusal_over_the_api_takes_a_free_text_reason(membership, officer):
    app = factories.advance(
        factories.file_draft(AIFC, membership=membership, tax_period_year=2025, treaty_state="GBR"),
        State.WITH_AUTHORITY,
        filer=membership.user,
        officer=officer,
    )
    staff = _client(officer)
    assert _offered(staff, app.pk)["refuse"]["required_fields"] == ["reason"]
    assert _do(staff, app.pk, "refuse", {"reason": ""}).status_code == 400
    r = _do(staff, app.pk, "refuse", {"reason": "Investment not confirmed for 2025 by the tax authority."})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == State.REFUSED
    assert body["refusal_reason"] == "Investment not confirmed for 2025 by the tax authority."
    assert body["outputs"] == []


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"applicant_kind": "company", "tax_period_year": 2025, "treaty_state": "DEU"}, "applicant_kind", "valid"),
        ({"applicant_kind": "individual", "tax_period_year": 2025, "treaty_state": "KAZ"}, "treaty_state", "not"),
        ({"applicant_kind": "individual", "tax_period_year": 1990, "treaty_state": "DEU"}, "tax_period_year", "2000"),
        ({"applicant_kind": "individual", "treaty_state": "DEU"}, "tax_period_year", "required"),
        (
            {"applicant_kind": "legal_entity", "tax_period_year": 2025, "treaty_state": "DEU", "entity_bin": "123"},
            "entity_bin",
            "12 digits",
        ),
    ],
)
def test_bad_service_fields_are_refused_at_creation(membership, employee, fields, field, message):
    r = _client(membership.user).post(
        "/api/v1/applications/",
        {"service": STANDARD, "person": employee.pk, "service_fields": fields},
        format="json",
    )
    assert r.status_code == 400, r.content
    errors = r.json()["service_fields"][field]
    assert any(message in e for e in errors), errors
    assert not Application.objects.filter(service_code=STANDARD).exists()


def test_the_treaty_state_is_never_kazakhstan_however_written(membership, employee):
    client = _client(membership.user)
    for spelling in (
        "kaz",
        "Kazakhstan",
        "Republic of Kazakhstan",
        "Қазақстан",
        "Казахстан",
        "the Republic of Kazakhstan",
    ):
        r = client.post(
            "/api/v1/applications/",
            {
                "service": AIFC,
                "person": employee.pk,
                "service_fields": {"tax_period_year": 2025, "treaty_state": spelling},
            },
            format="json",
        )
        assert r.status_code == 400, spelling
        assert r.json()["service_fields"]["treaty_state"] == [
            "Name the other state, whose tax relief is claimed, not Kazakhstan."
        ]


@pytest.mark.parametrize("code", [STANDARD, AIFC])
def test_staff_filing_over_the_api_is_refused_with_a_clear_error(code, officer, employee):
    r = _client(officer).post(
        "/api/v1/applications/",
        {"service": code, "person": employee.pk, "service_fields": {"tax_period_year": 2025, "treaty_state": "DEU"}},
        format="json",
    )
    assert r.status_code == 403
    assert r.json() == {"detail": "Expat Centre staff do not file applications.", "code": "not_allowed"}
    assert not Application.objects.exists()


def test_a_jpeg_scan_is_kept_byte_for_byte(membership, officer):
    jpeg = factories.jpeg_bytes()  # a whole image: uploads are decoded (issue 6)
    app = factories.advance(
        factories.file_draft(AIFC, membership=membership, tax_period_year=2025, treaty_state="GBR"),
        State.WITH_AUTHORITY,
        filer=membership.user,
        officer=officer,
    )
    staff, filer = _client(officer), _client(membership.user)
    upload = SimpleUploadedFile("certificate.jpg", jpeg, content_type="image/jpeg")
    r = _do(staff, app.pk, "issue", {"number": NUMBER, f"attachments.{CERTIFICATE}": upload}, multipart=True)
    assert r.status_code == 200, r.content
    (output,) = _detail(filer, app.pk)["outputs"]
    assert b"".join(filer.get(output["download_url"]).streaming_content) == jpeg
    assert output["sha256"] == hashlib.sha256(jpeg).hexdigest()
