"""Each investor visa service over the REST API, filed by a host party and walked through issue, every step taken
from the ``actions`` the application's detail offers: reviewed, visited, forwarded to the migration service, issued.
The invitations give a letter; the visas issued in Kazakhstan give the state body's visa (a received scan) and a
visa record on the person."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from applications.constants import State
from applications.models import Application
from qazeta.records.models import VisaRecord
from qazeta.records.selectors import extension_window
from qazeta.workcalendar import calendar as workcalendar
from tests import factories

from .conftest import (
    A5_INVITATION,
    A5_VISA,
    A6_INVITATION,
    EXTENSION,
    TODAY,
    VISA_SCAN_BYTES,
    fields_for,
    give_visa,
    visa_scan,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
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


def _post(client: APIClient, app_id: int, name: str, data: dict | None = None, *, multipart: bool = False, **kw):
    offered = _offered(client, app_id)
    assert name in offered, f"{name!r} is not offered; offered: {sorted(offered)}"
    url = offered[name]["url"].format(**kw)
    return client.post(url, data or {}, format="multipart" if multipart else "json")


def _file(filer: APIClient, code: str, person_id: int) -> dict:
    fields = fields_for(code)
    common = {k: fields.pop(k) for k in ("channel", "validity_years", "passport_blank_pages")}
    r = filer.post(
        "/api/v1/applications/",
        {"service": code, "person": person_id, "service_fields": fields, "consent": True, **common},
        format="json",
    )
    assert r.status_code == 201, r.content
    return r.json()


def _upload_and_submit(filer: APIClient, app_id: int) -> dict:
    for item in _detail(filer, app_id)["checklist"]:
        if item["required"] and item["status"] == "missing":
            r = _post(
                filer,
                app_id,
                "upload",
                {"item": item["code"], "file": factories.pdf_file(f"{item['code']}.pdf")},
                multipart=True,
            )
            assert r.status_code == 201, r.content
    r = _post(filer, app_id, "submit")
    assert r.status_code == 200, r.content
    assert r.json()["state"] == State.SUBMITTED
    return r.json()


def _review_visit_forward(filer: APIClient, staff: APIClient, app_id: int) -> None:
    assert _post(staff, app_id, "claim").status_code == 200
    for item in _detail(staff, app_id)["checklist"]:
        if item["current"]:
            r = _post(staff, app_id, "review", {"accept": True}, upload_id=item["current"]["id"])
            assert r.status_code == 200, r.content
    assert _post(staff, app_id, "approve_documents").json()["state"] == State.DOCUMENTS_APPROVED
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    slots = filer.get(f"/api/v1/applications/{app_id}/appointment-slots/?date={day.isoformat()}").json()
    booked = _post(filer, app_id, "book_appointment", {"starts_at": slots[0]["starts_at"]})
    assert booked.json()["state"] == State.APPOINTMENT_BOOKED
    with factories.on_visit_day(app_id) as received:
        assert (
            _post(staff, app_id, "receive_originals", {"received": received}).json()["state"]
            == State.ORIGINALS_RECEIVED
        )
    assert _post(staff, app_id, "forward_to_authority").json()["state"] == State.WITH_AUTHORITY


@pytest.mark.parametrize(
    ("code", "letter_title"),
    [
        (A5_INVITATION, "Invitation letter for an A5 investor visa"),
        (A6_INVITATION, "Invitation letter for an A6 investor visa"),
    ],
)
def test_an_invitation_is_filed_decided_and_its_letter_downloaded(
    code, letter_title, membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = _client(membership.user), _client(officer)
    created = _file(filer, code, employee.pk)
    app_id = created["id"]
    assert created["fee_quote"]["service_fee"] == "360000.00"  # up to 2 years, standard channel
    assert created["fee_quote"]["state_duty"] in ("0.00", "0", None)
    codes = {item["code"] for item in created["checklist"]}
    petition = "investment-petition" if code == A5_INVITATION else "aifc-administration-petition"
    assert {petition, "passport-copy", "invitation-letter"} <= codes
    assert "principal-visa" not in codes  # a principal's own application

    submitted = _upload_and_submit(filer, app_id)
    assert submitted["due_date"] == "2026-06-23"  # 5 working days after Tuesday 16 June
    _review_visit_forward(filer, staff, app_id)

    offered = _offered(staff, app_id)
    assert "extend_term" in offered  # the guide's 30-calendar-day note: invitations
    assert offered["issue"]["required_fields"] == ["number"]
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(staff, app_id, "issue", {"number": "MS-2026-0042"})
    assert r.status_code == 200, r.content

    issued = _detail(filer, app_id)
    assert issued["state"] == State.ISSUED
    (letter,) = issued["outputs"]
    assert letter["kind"] == "invitation_letter"
    assert letter["title"] == letter_title
    assert letter["received"] is False
    pdf = filer.get(letter["download_url"])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert APIClient().get(letter["verify_url"]).status_code == 200
    assert not VisaRecord.objects.filter(person=employee).exists()  # the visa itself is issued abroad (step 2)
    assert {"claim", "review", "approve_documents", "receive_originals", "forward_to_authority", "issue"} <= staff.seen


def _walk_in_country_visa(code: str, person, membership, officer, kind: str, capture) -> tuple[dict, VisaRecord]:
    filer, staff = _client(membership.user), _client(officer)
    created = _file(filer, code, person.pk)
    app_id = created["id"]
    _upload_and_submit(filer, app_id)
    _review_visit_forward(filer, staff, app_id)

    issue = _offered(staff, app_id)["issue"]
    assert issue["required_fields"] == [
        "fields.visa_number",
        "fields.visa_valid_from",
        "fields.visa_valid_to",
        "fields.visa_entries",
        f"attachments.{kind}",
    ]
    # Without the visa's validity the outcome is refused and nothing changes.
    r = _post(
        staff, app_id, "issue", {"fields.visa_number": "123456789", f"attachments.{kind}": visa_scan()}, multipart=True
    )
    assert r.status_code == 400
    assert _detail(staff, app_id)["state"] == State.WITH_AUTHORITY

    with capture(execute=True):
        r = _post(
            staff,
            app_id,
            "issue",
            {
                "fields.visa_number": "123456789",
                "fields.visa_valid_from": "2026-07-01",
                "fields.visa_valid_to": "2028-06-30",
                "fields.visa_entries": "multiple",
                f"attachments.{kind}": visa_scan(),
            },
            multipart=True,
        )
    assert r.status_code == 200, r.content
    issued = _detail(filer, app_id)
    assert issued["state"] == State.ISSUED
    assert issued["service_fields"]["visa_number"] == "123456789"
    (output,) = issued["outputs"]
    assert output["kind"] == kind
    assert output["received"] is True
    assert output["sha256"] == hashlib.sha256(VISA_SCAN_BYTES).hexdigest()
    assert filer.get(output["download_url"]).status_code == 200
    assert APIClient().get(output["verify_url"]).status_code == 200
    record = VisaRecord.objects.get(application_id=app_id)
    return issued, record


def test_an_a5_visa_issued_in_kazakhstan_is_recorded_on_the_person(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    issued, record = _walk_in_country_visa(
        A5_VISA, employee, membership, officer, "a5_visa", django_capture_on_commit_callbacks
    )
    assert issued["fee_quote"]["service_fee"] == "360000.00"
    assert (record.person_id, record.category, record.number) == (employee.pk, "A5", "123456789")
    assert (record.valid_from, record.valid_to, record.entries) == (
        dt.date(2026, 7, 1),
        dt.date(2028, 6, 30),
        "multiple",
    )
    assert record.host_party_id == membership.organisation_id
    assert record.document.kind == "a5_visa"
    assert record.confirmed_at is not None


def test_an_investor_visa_is_extended_inside_its_window_and_recorded_with_its_category(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    current = give_visa(employee, "A6", valid_to=dt.date(2026, 7, 10))
    assert extension_window(current).is_open(TODAY)
    issued, record = _walk_in_country_visa(
        EXTENSION, employee, membership, officer, "extended_investor_visa", django_capture_on_commit_callbacks
    )
    assert issued["due_date"] is None  # the guide states no term for an extension
    assert issued["fee_quote"]["service_fee"] == "360000.00"  # the A5 in-country issuance tariff
    assert record.category == "A6"  # the category of the visa it extends
    assert record.valid_to == dt.date(2028, 6, 30)
    assert record.pk != current.pk
    assert record.host_party_id == current.host_party_id


def test_an_extension_is_never_offered_a_term_extension(membership, employee, officer):
    give_visa(employee, "A5", valid_to=dt.date(2026, 7, 10))
    filer, staff = _client(membership.user), _client(officer)
    app_id = _file(filer, EXTENSION, employee.pk)["id"]
    _upload_and_submit(filer, app_id)
    _review_visit_forward(filer, staff, app_id)
    assert "extend_term" not in staff.seen
    r = staff.post(f"/api/v1/applications/{app_id}/extend-term/", {"days": 10, "reason": "Delay"}, format="json")
    assert r.status_code == 409, r.content
    assert Application.objects.get(pk=app_id).term_extension_days == 0
