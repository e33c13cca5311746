"""Each business visa service over the REST API, driven by the ``actions`` each detail offers: the host party files,
uploads and submits, an officer reviews and approves, the filer books the visit, the officer receives the
originals, forwards the file to the Migration Service and records the outcome. Invitations end with a generated
letter; the in-country visa and the extensions with the state body's visa (a scan) and a visa record."""

from __future__ import annotations

import hashlib

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from applications.constants import State
from qazeta.records.models import RecordSource, VisaRecord
from qazeta.workcalendar import calendar as workcalendar
from tests import factories

from .conftest import (
    MULTI_EXTENSION,
    MULTI_INVITATION,
    MULTI_VISA,
    SINGLE_EXTENSION,
    SINGLE_INVITATION,
    VISA_SCAN,
    api_client_for,
    fields_for,
    scan,
    visa_fields,
    visa_record,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]

NUMBER = "MS-2026-0415"


def _detail(client: APIClient, app_id: int) -> dict:
    response = client.get(f"/api/v1/applications/{app_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def _offered(client: APIClient, app_id: int) -> dict[str, dict]:
    offered = {a["name"]: a for a in _detail(client, app_id)["actions"]}
    client.seen = getattr(client, "seen", set()) | set(offered)
    return offered


def _do(client: APIClient, app_id: int, name: str, data: dict | None = None, *, multipart: bool = False, **url_args):
    """Do ``name`` exactly as the API offers it (method and URL); fails if it is not offered."""
    offered = _offered(client, app_id)
    assert name in offered, f"{name!r} is not offered; offered: {sorted(offered)}"
    assert offered[name]["method"] == "POST"
    return client.post(offered[name]["url"].format(**url_args), data or {}, format="multipart" if multipart else "json")


def _create(filer: APIClient, service: str, person, **overrides) -> dict:
    fields = fields_for(service, **overrides)
    common = {k: fields.pop(k) for k in ("channel", "passport_blank_pages")}
    r = filer.post(
        "/api/v1/applications/",
        {"service": service, "person": person.pk, **common, "service_fields": fields, "consent": True},
        format="json",
    )
    assert r.status_code == 201, r.content
    return r.json()


def _upload_and_submit(filer: APIClient, app_id: int) -> dict:
    for item in _detail(filer, app_id)["checklist"]:
        if item["required"] and item["status"] == "missing":
            r = _do(filer, app_id, "upload", {"item": item["code"], "file": factories.pdf_file()}, multipart=True)
            assert r.status_code == 201, r.content
    r = _do(filer, app_id, "submit")
    assert r.status_code == 200, r.content
    return r.json()


def _to_the_state_body(filer: APIClient, staff: APIClient, app_id: int) -> None:
    """Claim, accept every upload, approve; the filer books the visit; originals received; forwarded."""
    assert _do(staff, app_id, "claim").status_code == 200
    for item in _detail(staff, app_id)["checklist"]:
        if item["current"]:
            r = _do(staff, app_id, "review", {"accept": True}, upload_id=item["current"]["id"])
            assert r.status_code == 200, r.content
    assert _do(staff, app_id, "approve_documents").json()["state"] == State.DOCUMENTS_APPROVED

    assert set(_offered(filer, app_id)) == {"book_appointment", "withdraw"}
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    slots = filer.get(f"/api/v1/applications/{app_id}/appointment-slots/?date={day.isoformat()}").json()
    booked = _do(filer, app_id, "book_appointment", {"starts_at": slots[0]["starts_at"]})
    assert booked.json()["state"] == State.APPOINTMENT_BOOKED, booked.content
    with factories.on_visit_day(app_id) as received:
        assert (
            _do(staff, app_id, "receive_originals", {"received": received}).json()["state"] == State.ORIGINALS_RECEIVED
        )
    assert _do(staff, app_id, "forward_to_authority").json()["state"] == State.WITH_AUTHORITY


# ----------------------------------------------------------------------------------------------- invitations
@pytest.mark.parametrize(
    ("service", "channel", "category", "fee"),
    [
        (SINGLE_INVITATION, "standard", "B1", "22162.50"),
        (SINGLE_INVITATION, "walk_in", "B3", "62162.50"),
        (MULTI_INVITATION, "personal_manager", "B2", "162162.50"),
        (MULTI_INVITATION, "standard", "B3", "22162.50"),
    ],
)
def test_invitation_journey_ends_with_the_letter(
    service, channel, category, fee, membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = api_client_for(membership.user), api_client_for(officer)
    draft = _create(filer, service, employee, channel=channel, visa_category=category)
    app_id = draft["id"]
    assert draft["service_fields"]["visa_category"] == category
    assert draft["fee_quote"]["total"] == fee
    assert set(_offered(filer, app_id)) == {"edit", "upload", "consent", "submit", "withdraw"}
    codes = {i["code"] for i in draft["checklist"]}
    assert ("b2-services-contract" in codes) == (category == "B2")
    assert ("b3-membership-confirmation" in codes) == (category == "B3" and service == MULTI_INVITATION)

    submitted = _upload_and_submit(filer, app_id)
    assert submitted["state"] == State.SUBMITTED
    assert submitted["due_date"] == "2026-06-23"  # 5 working days after Tuesday 16 June
    _to_the_state_body(filer, staff, app_id)

    # The 30-day note applies to invitations: the officer may extend the term.
    assert "extend_term" in _offered(staff, app_id)
    issue = _offered(staff, app_id)["issue"]
    assert issue["required_fields"] == ["number"]
    with django_capture_on_commit_callbacks(execute=True):
        r = _do(staff, app_id, "issue", {"number": NUMBER})
    assert r.status_code == 200, r.content

    final = _detail(filer, app_id)
    assert final["state"] == State.ISSUED
    assert final["decision_number"] == NUMBER
    (letter,) = final["outputs"]
    assert letter["kind"] == "invitation_letter"
    assert letter["received"] is False
    pdf = filer.get(letter["download_url"])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert APIClient().get(letter["verify_url"]).status_code == 200
    # An invitation records no visa: the visa is obtained at step 2, abroad.
    assert not VisaRecord.objects.filter(person=employee).exists()


# --------------------------------------------------------------------------------------- visas with a record
def _issue_visa(staff: APIClient, filer: APIClient, app_id: int, kind: str, *, valid_to: str, entries: str) -> dict:
    issue = _offered(staff, app_id)["issue"]
    assert issue["required_fields"] == [
        "fields.visa_number",
        "fields.visa_valid_from",
        "fields.visa_valid_to",
        "fields.visa_entries",
        f"attachments.{kind}",
    ]
    # Without the visa's fields: refused, nothing recorded.
    r = _do(staff, app_id, "issue", {"number": NUMBER, f"attachments.{kind}": scan()}, multipart=True)
    assert r.status_code == 400, r.content
    assert _detail(staff, app_id)["state"] == State.WITH_AUTHORITY

    body = {"number": NUMBER, f"attachments.{kind}": scan()}
    body |= {f"fields.{k}": v for k, v in visa_fields(valid_to=valid_to, entries=entries).items()}
    r = _do(staff, app_id, "issue", body, multipart=True)
    assert r.status_code == 200, r.content
    final = _detail(filer, app_id)
    assert final["state"] == State.ISSUED
    (visa,) = final["outputs"]
    assert visa["kind"] == kind
    assert visa["received"] is True
    assert visa["sha256"] == hashlib.sha256(VISA_SCAN).hexdigest()
    download = filer.get(visa["download_url"])
    assert b"".join(download.streaming_content) == VISA_SCAN
    page = APIClient().get(visa["verify_url"])
    assert page.status_code == 200
    assert "VALID" in page.content.decode()
    return final


@pytest.mark.parametrize("category", ["B2", "B3"])
def test_multiple_entry_visa_in_kazakhstan_records_the_chosen_category(category, membership, employee, officer):
    filer, staff = api_client_for(membership.user), api_client_for(officer)
    draft = _create(filer, MULTI_VISA, employee, channel="walk_in", visa_category=category)
    app_id = draft["id"]
    assert draft["fee_quote"]["total"] == "189750.00"  # 60,000 + 30 MRP (4,325 KZT in 2026)
    codes = {i["code"] for i in draft["checklist"]}
    assert {"arrival-notification", "fingerprinting-certificate", "host-party-petition"} <= codes
    assert ("b2-services-contract" in codes) == (category == "B2")
    assert ("b3-membership-confirmation" in codes) == (category == "B3")

    _upload_and_submit(filer, app_id)
    _to_the_state_body(filer, staff, app_id)
    assert "extend_term" in _offered(staff, app_id)
    final = _issue_visa(staff, filer, app_id, "business_visa", valid_to="2027-06-15", entries="multiple")

    (record,) = VisaRecord.objects.filter(person=employee)
    assert record.category == category
    assert record.number == "123456789"
    assert str(record.valid_to) == "2027-06-15"
    assert record.entries == "multiple"
    assert record.host_party_id == membership.organisation_id
    assert record.application_id == app_id
    assert record.source == RecordSource.ISSUED
    assert record.document.kind == "business_visa"
    assert final["service_fields"]["visa_number"] == "123456789"


@pytest.mark.parametrize(
    ("service", "held", "entries", "fee"),
    [
        (SINGLE_EXTENSION, "B1", "single", "22162.50"),  # priced as the single-entry invitation
        (SINGLE_EXTENSION, "B3", "single", "22162.50"),
        (MULTI_EXTENSION, "B2", "multiple", "149750.00"),  # priced as the multiple-entry visa in Kazakhstan
        (MULTI_EXTENSION, "B3", "multiple", "149750.00"),
    ],
)
def test_extension_records_a_new_visa_of_the_extended_category(
    service, held, entries, fee, membership, employee, officer
):
    current = visa_record(employee, category=held, host=membership.organisation, entries=entries)
    filer, staff = api_client_for(membership.user), api_client_for(officer)
    draft = _create(filer, service, employee)
    app_id = draft["id"]
    assert draft["service_fields"] == {
        "visa_number": "",
        "visa_valid_from": None,
        "visa_valid_to": None,
        "visa_entries": "",
    }
    assert draft["fee_quote"]["total"] == fee
    assert "guide 2025 gives no tariff" in draft["fee_quote"]["note"]
    codes = {i["code"] for i in draft["checklist"]}
    assert ("b2-services-contract" in codes) == (held == "B2")
    assert ("b3-membership-confirmation" in codes) == (held == "B3" and service == MULTI_EXTENSION)
    if service == MULTI_EXTENSION:
        (copy,) = [i for i in draft["checklist"] if i["code"] == "current-visa-copy"]
        assert copy["status"] == "on_record"
        assert current.number in copy["on_record"]["label"]

    submitted = _upload_and_submit(filer, app_id)
    assert submitted["due_date"] is None  # the guide states no term for an extension
    _to_the_state_body(filer, staff, app_id)
    assert "extend_term" not in _offered(staff, app_id)
    _issue_visa(staff, filer, app_id, "business_visa_extension", valid_to="2027-01-15", entries=entries)

    new = VisaRecord.objects.get(application_id=app_id)
    assert new.category == held
    assert new.person_id == employee.pk
    assert new.host_party_id == membership.organisation_id
    assert str(new.valid_to) == "2027-01-15"
    assert new.document.kind == "business_visa_extension"
    assert VisaRecord.objects.filter(person=employee).count() == 2
