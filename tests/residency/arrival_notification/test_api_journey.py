"""The arrival notification over the REST API, driven by the ``actions`` each detail offers: the host party files,
an officer reviews and approves, then records the outcome at once. No visit is ever offered, and forcing one (or
the other steps this service lacks) is refused."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from applications.constants import State
from tests import factories

from .conftest import ASTANA, SERVICE, api_client_for, arrival_draft

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]

#: Actions of steps this service does not have.
LACKING = {"book_appointment", "cancel_appointment", "receive_originals", "forward_to_authority", "extend_term"}


def _detail(client: APIClient, app_id: int) -> dict:
    response = client.get(f"/api/v1/applications/{app_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def _actions(detail: dict) -> dict[str, dict]:
    actions = {a["name"]: a for a in detail["actions"]}
    assert not LACKING & set(actions), (detail["state"], sorted(actions))
    return actions


def _call(client: APIClient, action: dict, body: dict | None = None, **kwargs) -> dict:
    assert action["method"] == "POST"
    response = client.post(action["url"], body or {}, **kwargs)
    assert response.status_code in (200, 201), response.content
    return response.json()


def test_arrival_notification_journey_driven_by_actions(
    membership, employee, officer, clock, django_capture_on_commit_callbacks
):
    filer = api_client_for(membership.user)
    staff = api_client_for(officer)

    # The host party files for its employee, with consent.
    r = filer.post(
        "/api/v1/applications/",
        {
            "service": SERVICE,
            "person": employee.pk,
            "channel": "standard",
            "service_fields": {
                "notification_kind": "arrival",
                "event_date": "2026-06-14",
                "address": "Astana, Kabanbay Batyr Ave 11, flat 5",
                "stay_until": "2027-06-01",
            },
            "consent": True,
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    draft = r.json()
    app_id = draft["id"]
    assert draft["state"] == State.DRAFT
    assert draft["service_fields"] == {
        "notification_kind": "arrival",
        "event_date": "2026-06-14",
        "address": "Astana, Kabanbay Batyr Ave 11, flat 5",
        "previous_address": "",
        "stay_until": "2027-06-01",
        "registration_number": "",
    }
    assert draft["fee_quote"]["total"] == "10000.00"
    actions = _actions(draft)
    assert set(actions) == {"edit", "upload", "consent", "submit", "withdraw"}

    # Upload every required item through the "upload" action, then submit through "submit".
    for item in draft["checklist"]:
        if item["required"]:
            _call(
                filer,
                actions["upload"],
                {"item": item["code"], "file": factories.pdf_file(f"{item['code']}.pdf")},
                format="multipart",
            )
    clock.move_to(dt.datetime(2026, 6, 16, 12, 50, tzinfo=ASTANA), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        submitted = _call(filer, actions["submit"])
    assert submitted["state"] == State.SUBMITTED
    assert dt.datetime.fromisoformat(submitted["due_at"]) == dt.datetime(2026, 6, 16, 14, 20, tzinfo=ASTANA)
    assert set(_actions(submitted)) == {"withdraw"}

    # The officer claims it (review starts), accepts each document and approves.
    claimed = _call(staff, _actions(_detail(staff, app_id))["claim"])
    assert claimed["state"] == State.IN_REVIEW
    actions = _actions(claimed)
    assert {"review", "request_information", "approve_documents", "refuse"} <= set(actions)
    for item in claimed["checklist"]:
        if item["current"]:
            url = actions["review"]["url"].replace("{upload_id}", str(item["current"]["id"]))
            r = staff.post(url, {"accept": True}, format="json")
            assert r.status_code == 200, r.content
    approved = _call(staff, _actions(_detail(staff, app_id))["approve_documents"])
    assert approved["state"] == State.DOCUMENTS_APPROVED

    # Straight after approval: the officer may record the outcome, the filer may only withdraw.
    officer_actions = _actions(approved)
    assert {"issue", "refuse"} <= set(officer_actions)
    assert officer_actions["issue"]["fields"] == ["fields.registration_number"]
    assert officer_actions["issue"]["required_fields"] == ["fields.registration_number"]
    assert set(_actions(_detail(filer, app_id))) == {"withdraw"}

    # Forcing the steps the service lacks is refused and changes nothing.
    slot = factories.next_office_slot()
    r = filer.post(f"/api/v1/applications/{app_id}/appointment/", {"starts_at": slot.isoformat()}, format="json")
    assert r.status_code == 409, r.content
    assert r.json()["code"] == "wrong_state"
    for path, body in (
        ("receive-originals", {}),
        ("forward-to-authority", {}),
        ("extend-term", {"days": 5, "reason": "x"}),
    ):
        r = staff.post(f"/api/v1/applications/{app_id}/{path}/", body, format="json")
        assert r.status_code == 409, (path, r.content)
    assert _detail(filer, app_id)["state"] == State.DOCUMENTS_APPROVED

    # Issue needs the registration number; with it the confirmation is generated.
    r = staff.post(officer_actions["issue"]["url"], {}, format="json")
    assert r.status_code == 400
    assert r.json()["code"] == "registration_number_required"
    clock.move_to(dt.datetime(2026, 6, 16, 14, 5, tzinfo=ASTANA), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        issued = _call(
            staff, officer_actions["issue"], {"fields": {"registration_number": "KZ-REG-0042"}}, format="json"
        )
    assert issued["state"] == State.ISSUED
    assert issued["service_fields"]["registration_number"] == "KZ-REG-0042"
    assert issued["decision_number"] == ""
    assert _actions(issued) == {}

    # The filer downloads the confirmation; anyone verifies it.
    final = _detail(filer, app_id)
    assert _actions(final) == {}
    (confirmation,) = final["outputs"]
    assert confirmation["kind"] == "arrival_registration_confirmation"
    assert confirmation["received"] is False
    assert confirmation["issued_on"] == "2026-06-16"
    pdf = filer.get(confirmation["download_url"])
    assert pdf.status_code == 200
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    page = APIClient().get(confirmation["verify_url"])
    assert page.status_code == 200
    assert confirmation["verification_code"] in page.content.decode()
    timeline = [t["to_state"] for t in final["timeline"]]
    assert State.APPOINTMENT_BOOKED not in timeline
    assert timeline[-1] == State.ISSUED


def test_refusal_over_the_api_takes_a_reason_and_no_grounds(membership, employee, officer):
    app = factories.advance(
        arrival_draft(membership, employee), State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer
    )
    staff = api_client_for(officer)
    refuse = _actions(_detail(staff, app.pk))["refuse"]

    assert refuse["fields"] == ["reason"]
    r = staff.post(refuse["url"], {"reason": ""}, format="json")
    assert r.status_code == 400
    refused = _call(staff, refuse, {"reason": "The passport copy is not the one used at the border."}, format="json")
    assert refused["state"] == State.REFUSED
    assert refused["refusal_reason"] == "The passport copy is not the one used at the border."
    assert refused["outputs"] == []
