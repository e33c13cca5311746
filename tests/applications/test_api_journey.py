"""The C3 journey over the REST API with token auth: employer files for an employee and the spouse, an officer
works the queue, the filer downloads the invitation letter, anyone verifies it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from applications.constants import State
from qazeta.accounts.signin.policy import second_factor_required
from qazeta.workcalendar import calendar as workcalendar
from tests import factories
from tests.clock import FILING_DAY, astana
from tests.conftest import second_factor_code

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(astana(FILING_DAY)),
    pytest.mark.usefixtures("receipt_on_approval"),
]

SPECIMEN_MRZ = [
    "P<GBRSMITH<<JOHN<EDWARD<<<<<<<<<<<<<<<<<<<<<",
]


def _client(user) -> APIClient:
    client = APIClient()
    credentials = {"username": user.username, "password": "pass-12345"}
    if second_factor_required(user):  # staff get a token only with their second factor
        credentials["otp"] = second_factor_code(user)
    response = client.post("/api/v1/auth/token/", credentials)
    assert response.status_code == 200, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    return client


def _upload_all(client: APIClient, app_id: int) -> None:
    detail = client.get(f"/api/v1/applications/{app_id}/").json()
    for item in detail["checklist"]:
        if item["required"]:
            r = client.post(
                f"/api/v1/applications/{app_id}/documents/",
                {"item": item["code"], "file": factories.pdf_file(f"{item['code']}.pdf")},
                format="multipart",
            )
            assert r.status_code == 201, r.content


def test_c3_journey_over_the_api(membership, officer, django_capture_on_commit_callbacks):
    org = membership.organisation
    filer = _client(membership.user)
    staff = _client(officer)

    # Roster: the employee and the spouse.
    passport = {
        "surname": "SMITH",
        "given_names": "JOHN",
        "sex": "M",
        "date_of_birth": "1984-03-17",
        "nationality": "GBR",
        "passport_number": "533401287",
        "passport_issuing_state": "GBR",
        "passport_expires_on": (timezone.localdate() + dt.timedelta(days=2000)).isoformat(),
        "email": "john@example.com",
        "position": "Head of Risk",
    }
    r = filer.post("/api/v1/persons/", {**passport, "organisation": org.pk}, format="json")
    assert r.status_code == 201, r.content
    employee_id = r.json()["id"]
    r = filer.post(
        "/api/v1/persons/",
        {
            **passport,
            "organisation": org.pk,
            "given_names": "EMMA",
            "sex": "F",
            "passport_number": "533409911",
            "principal": employee_id,
            "relationship": "spouse",
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    spouse_id = r.json()["id"]

    # Filing: principal and linked dependant, each with consent.
    base = {
        "service": "c3-invitation",
        "channel": "standard",
        "validity_years": 2,
        "passport_blank_pages": 5,
        "service_fields": {"position": "Head of Risk", "visa_pickup_place": "Embassy of Kazakhstan, London"},
        "consent": True,
    }
    r = filer.post("/api/v1/applications/", {**base, "person": employee_id}, format="json")
    assert r.status_code == 201, r.content
    principal = r.json()
    assert principal["state"] == "draft"
    assert principal["fee_quote"]["state_duty_mrp"] == "0.500"
    codes = {i["code"] for i in principal["checklist"]}
    assert "principal-work-visa" not in codes
    spouse_base = {**base, "person": spouse_id, "principal_application": principal["id"]}
    # A spouse is not asked the employee's position: giving one is refused.
    r = filer.post(
        "/api/v1/applications/",
        {**spouse_base, "service_fields": {**base["service_fields"], "position": "Spouse"}},
        format="json",
    )
    assert r.status_code == 400, r.content
    assert r.json()["service_fields"] == {"position": ["Asked of the principal only, not of a family member."]}
    r = filer.post(
        "/api/v1/applications/",
        {**spouse_base, "service_fields": {"visa_pickup_place": "Embassy of Kazakhstan, London"}},
        format="json",
    )
    assert r.status_code == 201, r.content
    dependant = r.json()
    assert {"principal-work-visa", "family-relationship-certificate"} <= {i["code"] for i in dependant["checklist"]}

    # Submitting with nothing uploaded lists every missing item.
    r = filer.post(f"/api/v1/applications/{principal['id']}/submit/")
    assert r.status_code == 400
    assert {e["rule"] for e in r.json()["errors"]} == {"document_missing"}

    with django_capture_on_commit_callbacks(execute=True):
        for app in (principal, dependant):
            _upload_all(filer, app["id"])
        r = filer.post(f"/api/v1/applications/{principal['id']}/submit/")
        assert r.status_code == 200, r.content
        # The spouse waits for the principal's valid work visa (guide 2025, Work visa §1), which is not on record.
        r = filer.post(f"/api/v1/applications/{dependant['id']}/submit/")
        assert r.status_code == 400, r.content
        assert [(e["rule"], e.get("waits")) for e in r.json()["errors"]] == [("principal_visa_missing", True)]
        # This journey walks both side by side: the principal's C3 visa is put on record here (as once it is
        # obtained with the letter and recorded), and the spouse's application can go.
        factories.VisaRecordFactory(person_id=employee_id, host_party=membership.organisation)
        r = filer.post(f"/api/v1/applications/{dependant['id']}/submit/")
        assert r.status_code == 200, r.content
    submitted = filer.get(f"/api/v1/applications/{principal['id']}/").json()
    assert submitted["reference"].startswith("EC-")
    assert submitted["state"] == "submitted"
    assert submitted["due_date"] == workcalendar.add_working_days(timezone.localdate(), 5).isoformat()
    assert submitted["fee_quote"]["frozen"] is True
    assert any(submitted["reference"] in m.subject for m in mail.outbox)

    # Officer: queue sorted by due date, claim, review, request information.
    queue = staff.get("/api/v1/queue/?service=c3-invitation").json()
    assert [row["id"] for row in queue["results"]] == [principal["id"], dependant["id"]]
    assert queue["results"][0]["working_days_left"] == 5
    for app in (principal, dependant):
        assert staff.post(f"/api/v1/applications/{app['id']}/assign/", {}, format="json").status_code == 200
    detail = staff.get(f"/api/v1/applications/{principal['id']}/").json()
    assert detail["state"] == "in_review"
    passport_upload = next(i["current"] for i in detail["checklist"] if i["code"] == "passport-copy")
    r = staff.post(
        f"/api/v1/applications/{principal['id']}/uploads/{passport_upload['id']}/review/",
        {"accept": False, "reason": "Unreadable scan"},
        format="json",
    )
    assert r.status_code == 200
    assert r.json()["review_status"] == "rejected"
    with django_capture_on_commit_callbacks(execute=True):
        r = staff.post(
            f"/api/v1/applications/{principal['id']}/request-information/",
            {"message": "Upload a readable passport scan.", "items": ["passport-copy"]},
            format="json",
        )
    assert r.status_code == 200
    assert r.json()["state"] == "information_requested"
    assert "needs information" in mail.outbox[-1].subject

    # Filer: answering without the new file is refused; with it, review resumes.
    r = filer.post(f"/api/v1/applications/{principal['id']}/answer/", {"answer": "Done"}, format="json")
    assert r.status_code == 400
    assert r.json()["code"] == "items_missing"
    r = filer.post(
        f"/api/v1/applications/{principal['id']}/documents/",
        {"item": "passport-copy", "file": factories.pdf_file("rescan.pdf")},
        format="multipart",
    )
    assert r.status_code == 201
    assert r.json()["version"] == 2
    r = filer.post(f"/api/v1/applications/{principal['id']}/answer/", {"answer": "New scan uploaded"}, format="json")
    assert r.json()["state"] == "in_review"

    # Officer accepts everything and approves; filer books a slot; officer finishes.
    for app in (principal, dependant):
        detail = staff.get(f"/api/v1/applications/{app['id']}/").json()
        for item in detail["checklist"]:
            if item["current"] and item["current"]["review_status"] != "accepted":
                staff.post(
                    f"/api/v1/applications/{app['id']}/uploads/{item['current']['id']}/review/",
                    {"accept": True},
                    format="json",
                )
        r = staff.post(f"/api/v1/applications/{app['id']}/approve-documents/")
        assert r.status_code == 200, r.content
        assert r.json()["state"] == "documents_approved"

    # Today's later slots: the originals are received on the visit's day, while the API tokens (10 hours) live.
    day = timezone.localdate()
    slots = filer.get(f"/api/v1/applications/{principal['id']}/appointment-slots/?date={day.isoformat()}").json()
    assert slots
    assert all(timezone.localtime(dt.datetime.fromisoformat(s["starts_at"])).hour != 13 for s in slots)
    with django_capture_on_commit_callbacks(execute=True):
        for app in (principal, dependant):
            r = filer.post(
                f"/api/v1/applications/{app['id']}/appointment/", {"starts_at": slots[0]["starts_at"]}, format="json"
            )
            assert r.status_code == 200, r.content
            with factories.on_visit_day(app["id"]) as received:
                r = staff.post(
                    f"/api/v1/applications/{app['id']}/receive-originals/", {"received": received}, format="json"
                )
                assert r.status_code == 200, r.content
            assert staff.post(f"/api/v1/applications/{app['id']}/forward-to-authority/").status_code == 200
            r = staff.post(f"/api/v1/applications/{app['id']}/issue/", {"number": f"C3-{app['id']}"}, format="json")
            assert r.status_code == 200, r.content

    issued = filer.get(f"/api/v1/applications/{principal['id']}/").json()
    assert issued["state"] == State.ISSUED
    assert [t["to_state"] for t in issued["timeline"]][-1] == "issued"
    (letter,) = issued["issued_documents"]
    assert letter["kind"] == "invitation_letter"
    pdf = filer.get(letter["download_url"])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    page = APIClient().get(letter["verify_url"])
    assert page.status_code == 200
    assert b"SMITH" not in page.content


def test_upload_rejected_by_content_not_by_name(draft, filer):
    client = _client(filer)
    html = SimpleUploadedFile("passport.pdf", b"<!doctype html><html><body>hi</body></html>", "application/pdf")
    r = client.post(
        f"/api/v1/applications/{draft.pk}/documents/", {"item": "passport-copy", "file": html}, format="multipart"
    )
    assert r.status_code == 400
    assert r.json()["code"] == "file_type"
    assert not draft.uploads.exists()


def test_swagger_ui_is_served_without_a_cdn(client):
    page = client.get("/api/docs/").content.decode()
    assert "cdn.jsdelivr" not in page
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/" in page
