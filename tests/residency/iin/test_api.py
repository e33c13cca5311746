"""The IIN over the REST API, each step taken from the ``actions`` the detail offers: filed by a host party and by
the person themselves, reviewed, visited, decided by the Expat Centre. Forwarding is never offered and is refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from applications.constants import State
from qazeta.accounts.models import Person
from qazeta.workcalendar import calendar as workcalendar
from tests import factories

from .conftest import iin_fields, iin_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]

# Actions that take the application to or through a state body: never offered for an IIN.
STATE_BODY_ACTIONS = {"forward_to_authority", "extend_term"}


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _service_fields(**overrides) -> dict:
    fields = iin_fields(**overrides)
    fields["passport_issued_on"] = fields["passport_issued_on"].isoformat()
    return fields


def _detail(client: APIClient, app_id: int) -> dict:
    response = client.get(f"/api/v1/applications/{app_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def _actions(client: APIClient, app_id: int) -> dict[str, dict]:
    actions = {a["name"]: a for a in _detail(client, app_id)["actions"]}
    assert not STATE_BODY_ACTIONS & set(actions), actions
    return actions


def _do(client: APIClient, app_id: int, name: str, data: dict | None = None, *, status: int = 200) -> dict:
    action = _actions(client, app_id)[name]
    response = client.generic(
        action["method"], action["url"], data=json.dumps(data or {}), content_type="application/json"
    )
    assert response.status_code == status, response.content
    return response.json()


def _file_and_submit(client: APIClient, person_id: int, **overrides) -> int:
    r = client.post(
        "/api/v1/applications/",
        {
            "service": "iin",
            "person": person_id,
            "channel": "standard",
            "service_fields": _service_fields(**overrides),
            "consent": True,
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    created = r.json()
    app_id = created["id"]
    assert created["state"] == State.DRAFT
    assert created["service_fields"]["surname_cyrillic"] == "СМИТ"
    assert created["service_fields"]["secrets_consent"] is True
    assert created["service_fields"]["assigned_iin"] == ""
    assert created["fee_quote"]["service_fee"] == "10000.00"
    assert {"upload", "submit", "edit"} <= set(_actions(client, app_id))
    upload = _actions(client, app_id)["upload"]
    for item in created["checklist"]:
        if item["required"]:
            r = client.post(upload["url"], {"item": item["code"], "file": factories.pdf_file()}, format="multipart")
            assert r.status_code == 201, r.content
    submitted = _do(client, app_id, "submit")
    assert submitted["state"] == State.SUBMITTED
    return app_id


def _review_and_visit(filer: APIClient, staff: APIClient, app_id: int) -> None:
    assert _do(staff, app_id, "claim")["state"] == State.IN_REVIEW
    review = _actions(staff, app_id)["review"]
    for item in _detail(staff, app_id)["checklist"]:
        if item["current"]:
            url = review["url"].replace("{upload_id}", str(item["current"]["id"]))
            assert staff.post(url, {"accept": True}, format="json").status_code == 200
    assert _do(staff, app_id, "approve_documents")["state"] == State.DOCUMENTS_APPROVED
    assert "issue" not in _actions(staff, app_id)
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    slots = filer.get(f"/api/v1/applications/{app_id}/appointment-slots/?date={day.isoformat()}").json()
    assert _do(filer, app_id, "book_appointment", {"starts_at": slots[0]["starts_at"]})["state"] == (
        State.APPOINTMENT_BOOKED
    )
    with factories.on_visit_day(app_id) as received:
        assert _do(staff, app_id, "receive_originals", {"received": received})["state"] == State.ORIGINALS_RECEIVED


def test_host_party_journey_driven_by_the_actions(membership, employee, officer):
    filer, staff = _client(membership.user), _client(officer)
    app_id = _file_and_submit(filer, employee.pk)
    detail = _detail(filer, app_id)
    assert detail["due_date"] == "2026-06-17"  # Tuesday → Wednesday: 1 working day, the day itself not counted

    _review_and_visit(filer, staff, app_id)

    actions = _actions(staff, app_id)
    assert {"issue", "refuse"} <= set(actions)
    assert actions["issue"]["fields"] == ["fields.assigned_iin"]  # no state body's number
    assert actions["refuse"]["fields"] == ["grounds", "reason"]
    assert actions["refuse"]["required_fields"] == ["grounds"]

    # A wrong IIN (another birth date) is refused with the reason, and nothing changes.
    wrong = factories.PersonFactory.build(date_of_birth=dt.date(1985, 4, 13), sex="M")
    r = staff.post(actions["issue"]["url"], {"fields": {"assigned_iin": iin_for(wrong)}}, format="json")
    assert r.status_code == 400
    assert r.json()["code"] == "iin_mismatch"
    assert "not the date of birth 12.04.1985" in r.json()["detail"]
    assert _detail(staff, app_id)["state"] == State.ORIGINALS_RECEIVED

    iin = iin_for(employee)
    issued = _do(staff, app_id, "issue", {"fields": {"assigned_iin": iin}})
    assert issued["state"] == State.ISSUED
    assert issued["service_fields"]["assigned_iin"] == iin
    assert Person.objects.get(pk=employee.pk).iin == iin
    assert _actions(staff, app_id) == {}


def test_outputs_are_listed_downloadable_and_verifiable(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = _client(membership.user), _client(officer)
    app_id = _file_and_submit(filer, employee.pk)
    _review_and_visit(filer, staff, app_id)
    with django_capture_on_commit_callbacks(execute=True):
        _do(staff, app_id, "issue", {"fields": {"assigned_iin": iin_for(employee)}})

    (output,) = _detail(filer, app_id)["outputs"]
    assert output["kind"] == "iin_registration_certificate"
    assert output["verification_code"]
    pdf = filer.get(output["download_url"])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert APIClient().get(output["verify_url"]).status_code == 200


def test_forwarding_forced_through_the_api_is_refused(membership, employee, officer):
    filer, staff = _client(membership.user), _client(officer)
    app_id = _file_and_submit(filer, employee.pk)
    _review_and_visit(filer, staff, app_id)

    r = staff.post(f"/api/v1/applications/{app_id}/forward-to-authority/")

    assert r.status_code == 409
    assert r.json()["code"] == "wrong_state"
    assert _detail(staff, app_id)["state"] == State.ORIGINALS_RECEIVED


def test_refusal_over_the_api_gives_the_filer_the_notice(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = _client(membership.user), _client(officer)
    app_id = _file_and_submit(filer, employee.pk)
    _do(staff, app_id, "claim")

    _do(staff, app_id, "refuse", {"grounds": []}, status=400)
    with django_capture_on_commit_callbacks(execute=True):
        refused = _do(staff, app_id, "refuse", {"grounds": ["incomplete_documents"], "reason": "No translation"})
    assert refused["state"] == State.REFUSED

    (notice,) = _detail(filer, app_id)["outputs"]
    assert notice["kind"] == "iin_refusal_notice"
    assert filer.get(notice["download_url"]).status_code == 200


def test_a_self_applicant_files_over_the_api(self_applicant, officer):
    user, person = self_applicant
    filer, staff = _client(user), _client(officer)
    app_id = _file_and_submit(filer, person.pk)
    _review_and_visit(filer, staff, app_id)
    assert _do(staff, app_id, "issue", {"fields": {"assigned_iin": iin_for(person)}})["state"] == State.ISSUED
    assert Person.objects.get(pk=person.pk).iin == iin_for(person)


def test_staff_cannot_file_over_the_api(officer, employee):
    r = _client(officer).post(
        "/api/v1/applications/",
        {"service": "iin", "person": employee.pk, "service_fields": _service_fields(), "consent": True},
        format="json",
    )
    assert r.status_code == 403
    assert r.json()["detail"] == "Expat Centre staff do not file applications."


def test_the_api_checks_the_scripts_and_keeps_the_iin_for_the_officer(membership, employee):
    filer = _client(membership.user)
    base = {"service": "iin", "person": employee.pk, "channel": "standard", "consent": True}

    r = filer.post(
        "/api/v1/applications/", {**base, "service_fields": _service_fields(surname_latin="СМИТ")}, format="json"
    )
    assert r.status_code == 400
    assert "Latin letters only" in str(r.json()["service_fields"]["surname_latin"])

    r = filer.post(
        "/api/v1/applications/",
        {**base, "service_fields": {**_service_fields(), "assigned_iin": iin_for(employee)}},
        format="json",
    )
    assert r.status_code == 400
    assert r.json()["service_fields"] == {"assigned_iin": ["This service has no such field."]}
