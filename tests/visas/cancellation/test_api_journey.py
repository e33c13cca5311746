"""Both cancellations over the REST API, driven by the ``actions`` each detail offers, from the host party's draft to
the outcome: the visa records end cancelled (the principal's and the family member's), the documents issued for them
verify as CANCELLED, and the exit visa is recorded with the day to leave by."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from applications.constants import State
from applications.models import Application
from qazeta.documents.models import IssuedDocument
from qazeta.records.models import VisaRecord
from qazeta.workcalendar.calendar import add_working_days
from tests import factories

from .conftest import (
    CANCEL,
    EXIT,
    TODAY,
    api_client_for,
    arrival_confirmation,
    detail,
    do,
    scan,
    visa_record,
    walk_to_state_body,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]


def test_cancellation_after_departure_cancels_the_family_visas_and_the_documents(
    membership, employee, officer, invitation, principal_visa, spouse, spouse_visa, django_capture_on_commit_callbacks
):
    _, letter = invitation
    colleague_visa = visa_record(factories.PersonFactory(organisation=membership.organisation))
    filer, staff = api_client_for(membership.user), api_client_for(officer)

    # Before: the invitation letter verifies as valid.
    assert "VALID" in APIClient().get(f"/verify/{letter.verification_code}/").content.decode()

    r = filer.post(
        "/api/v1/applications/",
        {
            "service": CANCEL,
            "person": employee.pk,
            "channel": "standard",
            "service_fields": {"left_kazakhstan_on": "2026-02-27", "contract_ended_on": "2026-02-20"},
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    draft = r.json()
    app_id = draft["id"]
    assert draft["fee_quote"]["total"] == "20000.00"  # 20,000 KZT service fee, no state duty
    checklist = {item["code"]: item for item in draft["checklist"]}
    # The guide lists no consent for a cancellation; the current visa's copy is the record the portal holds.
    assert "consent-personal-data" not in checklist
    assert checklist["current-visa-copy"]["status"] == "on_record"
    assert principal_visa.number in checklist["current-visa-copy"]["on_record"]["label"]

    walk_to_state_body(filer, staff, app_id)
    issue = {a["name"]: a for a in detail(staff, app_id)["actions"]}["issue"]
    assert issue["required_fields"] == ["number", "attachments.visa_cancellation_confirmation"]

    # Without the state body's confirmation nothing is cancelled.
    r = do(staff, app_id, "issue", {"number": "MS-2026-77"})
    assert r.status_code == 400
    assert VisaRecord.objects.filter(cancelled_at__isnull=False).count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        r = do(
            staff,
            app_id,
            "issue",
            {"number": "MS-2026-77", "attachments.visa_cancellation_confirmation": scan()},
            multipart=True,
        )
    assert r.status_code == 200, r.content
    final = detail(filer, app_id)
    assert final["state"] == State.ISSUED
    assert final["actions"] == []
    (confirmation,) = final["outputs"]
    assert confirmation["kind"] == "visa_cancellation_confirmation"
    assert confirmation["received"] is True
    assert confirmation["is_valid"] is True  # the confirmation itself is not cancelled

    # The records: the principal's and the spouse's visas are cancelled by this application; a colleague's is not.
    application = Application.objects.get(pk=app_id)
    for record in (principal_visa, spouse_visa):
        record.refresh_from_db()
        assert record.cancelled_at is not None
        assert record.cancelled_by_id == application.pk
        assert record.status_label == "cancelled"
    colleague_visa.refresh_from_db()
    assert colleague_visa.cancelled_at is None

    # The documents issued for them: the invitation letter and the spouse's visa scan verify as CANCELLED.
    for document in (letter, spouse_visa.document):
        stored = IssuedDocument.objects.get(pk=document.pk)
        assert stored.status == "cancelled"
        assert application.reference in stored.cancellation_note
        page = " ".join(APIClient().get(f"/verify/{document.verification_code}/").content.decode().split())
        said = f"<strong>CANCELLED</strong> — the visa this document was issued for was cancelled on {TODAY:%d.%m.%Y}"
        assert said in page
        assert "REVOKED" not in page
        assert "VALID</strong>" not in page
    # The filer's API shows the letter is no longer valid.
    letter_output = detail(filer, invitation[0].pk)["outputs"][0]
    assert letter_output["is_valid"] is False
    # The confirmation still verifies as valid.
    assert "VALID" in APIClient().get(confirmation["verify_url"]).content.decode()


def test_exit_visa_journey_refuses_a_long_exit_visa_then_records_it_and_cancels_the_current_visa(
    membership, employee, officer, invitation, principal_visa, django_capture_on_commit_callbacks
):
    _, letter = invitation
    notification = arrival_confirmation(membership, employee)
    filer, staff = api_client_for(membership.user), api_client_for(officer)

    r = filer.post(
        "/api/v1/applications/",
        {
            "service": EXIT,
            "person": employee.pk,
            "channel": "standard",
            "service_fields": {"contract_terminated_on": "2026-02-27"},
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    draft = r.json()
    app_id = draft["id"]
    assert set(draft["service_fields"]) >= {"contract_terminated_on"}
    checklist = {item["code"]: item for item in draft["checklist"]}
    # The arrival notification the portal issued satisfies the item, with a link to its verification page.
    arrival = checklist["arrival-notification"]
    assert arrival["status"] == "on_record"
    assert f"/verify/{notification.verification_code}/" == arrival["on_record"]["url"]
    # 20,000 KZT + 0.5 MRP state duty (MRP 2026: 4,325 KZT).
    assert draft["fee_quote"]["total"] == "22162.50", draft["fee_quote"]

    walk_to_state_body(filer, staff, app_id)
    issue = {a["name"]: a for a in detail(staff, app_id)["actions"]}["issue"]
    assert set(issue["required_fields"]) == {
        "fields.visa_number",
        "fields.visa_valid_from",
        "fields.visa_valid_to",
        "fields.visa_entries",
        "attachments.exit_visa",
    }

    valid_from = dt.date(2026, 3, 3)
    latest = add_working_days(valid_from, 15)
    body = {
        "number": "MS-2026-91",
        "fields.visa_number": "EX0042",
        "fields.visa_valid_from": valid_from.isoformat(),
        "fields.visa_valid_to": (latest + dt.timedelta(days=1)).isoformat(),
        "fields.visa_entries": "single",
    }
    # One day beyond 15 working days: refused, nothing written.
    r = do(staff, app_id, "issue", {**body, "attachments.exit_visa": scan()}, multipart=True)
    assert r.status_code == 400, r.content
    assert r.json()["code"] == "exit_visa_term"
    assert "at most 15 working days" in r.json()["detail"]
    assert f"until {latest:%d.%m.%Y} at the latest" in r.json()["detail"]
    assert detail(staff, app_id)["state"] == State.WITH_AUTHORITY
    assert not VisaRecord.objects.filter(category="EXIT").exists()
    assert not IssuedDocument.objects.filter(application_id=app_id).exists()
    principal_visa.refresh_from_db()
    assert principal_visa.cancelled_at is None

    # Exactly 15 working days: issued.
    with django_capture_on_commit_callbacks(execute=True):
        r = do(
            staff,
            app_id,
            "issue",
            {**body, "fields.visa_valid_to": latest.isoformat(), "attachments.exit_visa": scan()},
            multipart=True,
        )
    assert r.status_code == 200, r.content
    final = detail(filer, app_id)
    assert final["state"] == State.ISSUED
    (output,) = final["outputs"]
    assert output["kind"] == "exit_visa"

    exit_visa = VisaRecord.objects.get(category="EXIT")
    assert exit_visa.person_id == employee.pk
    assert (exit_visa.number, exit_visa.valid_from, exit_visa.valid_to) == ("EX0042", valid_from, latest)
    assert exit_visa.application_id == app_id
    assert exit_visa.document_id == output["id"]
    assert exit_visa.cancelled_at is None
    principal_visa.refresh_from_db()
    assert principal_visa.cancelled_by_id == app_id
    assert IssuedDocument.objects.get(pk=letter.pk).status == "cancelled"
    assert IssuedDocument.objects.get(pk=output["id"]).status == "valid"
    assert IssuedDocument.objects.get(pk=notification.pk).status == "valid"
