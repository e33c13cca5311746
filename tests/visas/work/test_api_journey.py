"""The C3 work visa issued in Kazakhstan and its extension over the REST API, driven by the ``actions`` each
detail offers: the host party files, an officer reviews, the filer books the visit, the officer takes the
originals, forwards the file to the Migration Service and records the visa it issued (scan and fields). The visa
becomes the person's record; the filer downloads the scan; ``/verify/`` checks it."""

from __future__ import annotations

import hashlib

import pytest
from rest_framework.test import APIClient

from applications.constants import State
from qazeta.records.models import RecordSource, VisaRecord
from tests import factories

from .conftest import VISA_FIELDS, VISA_SCAN, api_client_for, visa_expiring_in, visa_scan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]


def _detail(client: APIClient, app_id: int) -> dict:
    response = client.get(f"/api/v1/applications/{app_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def _offered(client: APIClient, app_id: int) -> dict[str, dict]:
    return {a["name"]: a for a in _detail(client, app_id)["actions"]}


def _do(client: APIClient, app_id: int, name: str, data: dict | None = None, *, multipart: bool = False, **url_args):
    """Do the action ``name`` exactly as the API offers it; fails if it is not offered."""
    offered = _offered(client, app_id)
    assert name in offered, f"{name!r} is not offered; offered: {sorted(offered)}"
    action = offered[name]
    assert action["method"] == "POST"
    response = client.post(action["url"].format(**url_args), data or {}, format="multipart" if multipart else "json")
    assert response.status_code in (200, 201), response.content
    return response.json()


def _walk_to_the_state_body(filer: APIClient, staff: APIClient, app_id: int) -> None:
    """Upload what the checklist still needs, submit, review and approve, book and hold the visit, forward."""
    for item in _detail(filer, app_id)["checklist"]:
        if item["required"] and item["status"] == "missing":
            _do(filer, app_id, "upload", {"item": item["code"], "file": factories.pdf_file()}, multipart=True)
    assert _do(filer, app_id, "submit")["state"] == State.SUBMITTED
    assert _do(staff, app_id, "claim")["state"] == State.IN_REVIEW
    for item in _detail(staff, app_id)["checklist"]:
        if item["current"]:
            _do(staff, app_id, "review", {"accept": True}, upload_id=item["current"]["id"])
    assert _do(staff, app_id, "approve_documents")["state"] == State.DOCUMENTS_APPROVED
    slot = factories.next_office_slot()
    assert _do(filer, app_id, "book_appointment", {"starts_at": slot.isoformat()})["state"] == State.APPOINTMENT_BOOKED
    with factories.on_visit_day(app_id) as received:
        assert _do(staff, app_id, "receive_originals", {"received": received})["state"] == State.ORIGINALS_RECEIVED
    assert _do(staff, app_id, "forward_to_authority")["state"] == State.WITH_AUTHORITY


def _issue_and_check(filer: APIClient, staff: APIClient, app_id: int, kind: str, capture) -> VisaRecord:
    offered = _offered(staff, app_id)
    assert offered["issue"]["fields"] == [
        "fields.visa_number",
        "fields.visa_valid_from",
        "fields.visa_valid_to",
        "fields.visa_entries",
        f"attachments.{kind}",
    ]
    # Without the visa's number: refused, nothing recorded.
    body = {"number": "MS-2026-0042", f"attachments.{kind}": visa_scan()}
    r = staff.post(offered["issue"]["url"], body, format="multipart")
    assert r.status_code == 400, r.content
    assert not VisaRecord.objects.filter(application_id=app_id).exists()
    assert _detail(staff, app_id)["state"] == State.WITH_AUTHORITY

    fields = {f"fields.{name}": value for name, value in VISA_FIELDS.items()}
    with capture(execute=True):
        issued = _do(staff, app_id, "issue", {**body, **fields, f"attachments.{kind}": visa_scan()}, multipart=True)
    assert issued["state"] == State.ISSUED
    assert issued["service_fields"]["visa_number"] == "C30012345"

    final = _detail(filer, app_id)
    assert final["actions"] == []
    (output,) = final["outputs"]
    assert output["kind"] == kind
    assert output["received"] is True
    assert output["sha256"] == hashlib.sha256(VISA_SCAN).hexdigest()
    download = filer.get(output["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == VISA_SCAN
    page = APIClient().get(output["verify_url"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "VALID" in text
    assert output["verification_code"] in text

    record = VisaRecord.objects.get(application_id=app_id)
    assert record.document.verification_code == output["verification_code"]
    return record


def test_c3_visa_issued_in_kazakhstan_over_the_api(membership, employee, officer, django_capture_on_commit_callbacks):
    filer, staff = api_client_for(membership.user), api_client_for(officer)
    r = filer.post(
        "/api/v1/applications/",
        {
            "service": "c3-visa",
            "person": employee.pk,
            "channel": "standard",
            "validity_years": 2,
            "passport_blank_pages": 4,
            "service_fields": {"position": "Head of Risk", "contract_ends_on": "2028-03-01"},
            "consent": True,
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    draft = r.json()
    # The guide's tariff for up to 2 years, standard channel, and 30 MRP of state duty (Work visa §2).
    assert draft["fee_quote"]["service_fee"] == "360000.00"
    assert draft["fee_quote"]["state_duty_mrp"] == "30.000"
    codes = {item["code"] for item in draft["checklist"]}
    assert {"arrival-notification", "fingerprinting-certificate", "enbek-workplace-certificate"} <= codes
    assert "principal-work-visa" not in codes
    assert {"edit", "upload", "consent", "submit", "withdraw"} == set(_offered(filer, draft["id"]))

    _walk_to_the_state_body(filer, staff, draft["id"])
    assert "extend_term" in _offered(staff, draft["id"])  # the guide's 30-day note covers C3 §2
    record = _issue_and_check(filer, staff, draft["id"], "c3_visa", django_capture_on_commit_callbacks)

    assert (record.person_id, record.category, record.number) == (employee.pk, "C3", "C30012345")
    assert (str(record.valid_from), str(record.valid_to), record.entries) == ("2026-03-02", "2028-03-01", "multiple")
    assert record.host_party == membership.organisation
    assert record.source == RecordSource.ISSUED
    assert record.confirmed_at is not None


def test_the_issued_visa_names_the_officer_who_recorded_it(membership, employee, officer):
    from .conftest import c3_fields

    draft = factories.file_draft("c3-visa", membership=membership, person=employee, **c3_fields())
    fields = {**VISA_FIELDS}
    factories.advance(
        draft,
        State.ISSUED,
        filer=membership.user,
        officer=officer,
        issue={"decision_number": "MS-1", "fields": fields, "attachments": {"c3_visa": visa_scan()}},
    )
    assert VisaRecord.objects.get(application_id=draft.pk).recorded_by == officer


def test_c3_extension_over_the_api(membership, employee, officer, django_capture_on_commit_callbacks):
    current = visa_expiring_in(employee, 20)  # inside its window today
    filer, staff = api_client_for(membership.user), api_client_for(officer)
    r = filer.post(
        "/api/v1/applications/",
        {
            "service": "c3-extension",
            "person": employee.pk,
            "channel": "standard",
            "validity_years": 2,
            "passport_blank_pages": 4,
            "service_fields": {"position": "Head of Risk"},
            "consent": True,
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    draft = r.json()
    # No tariff of its own: quoted as the C3 visa issued in Kazakhstan.
    assert draft["fee_quote"]["service_fee"] == "360000.00"
    assert draft["fee_quote"]["state_duty_mrp"] == "30.000"
    # The current visa copy is the record the portal holds.
    (copy,) = [item for item in draft["checklist"] if item["code"] == "current-visa-copy"]
    assert copy["status"] == "on_record"
    assert current.number in copy["on_record"]["label"]

    _walk_to_the_state_body(filer, staff, draft["id"])
    submitted = _detail(filer, draft["id"])
    assert submitted["due_date"] is None  # the guide states no term for an extension
    assert "extend_term" not in _offered(staff, draft["id"])
    record = _issue_and_check(filer, staff, draft["id"], "c3_visa_extension", django_capture_on_commit_callbacks)

    assert (record.person_id, record.category, record.number) == (employee.pk, "C3", "C30012345")
    assert record.host_party == membership.organisation
    assert str(record.valid_to) == "2028-03-01"
    assert VisaRecord.objects.filter(person=employee).count() == 2
