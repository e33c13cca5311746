"""The EDS over the REST API, driven by the ``actions`` each detail offers: a host party files its legal entity's
EDS for its first head (the first head's order asked), a self-applicant her own; the officer reviews and approves;
the filer books the visit, at which the EDS is activated; the officer records it. No state body, no forwarding,
no document: the request went to pki.gov.kz before filing."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from applications.constants import State
from qazeta.documents.models import IssuedDocument
from qazeta.workcalendar import calendar as workcalendar
from tests import factories

from .conftest import SERVICE, api_client_for, eds_fields

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]


def _detail(client: APIClient, app_id: int) -> dict:
    response = client.get(f"/api/v1/applications/{app_id}/")
    assert response.status_code == 200, response.content
    return response.json()


def _offered(client: APIClient, app_id: int) -> dict[str, dict]:
    return {a["name"]: a for a in _detail(client, app_id)["actions"]}


def _do(client: APIClient, app_id: int, name: str, data: dict | None = None, *, multipart: bool = False, **url_args):
    offered = _offered(client, app_id)
    assert name in offered, f"{name!r} is not offered; offered: {sorted(offered)}"
    return client.post(offered[name]["url"].format(**url_args), data or {}, format="multipart" if multipart else "json")


def _journey(filer: APIClient, staff: APIClient, person, **overrides) -> dict:
    fields = eds_fields(**overrides)
    channel = fields.pop("channel")
    r = filer.post(
        "/api/v1/applications/",
        {"service": SERVICE, "person": person.pk, "channel": channel, "service_fields": fields, "consent": True},
        format="json",
    )
    assert r.status_code == 201, r.content
    draft = r.json()
    app_id = draft["id"]
    assert draft["service_fields"] == {k: v for k, v in fields.items()}
    for item in draft["checklist"]:
        if item["required"] and item["status"] == "missing":
            up = _do(filer, app_id, "upload", {"item": item["code"], "file": factories.pdf_file()}, multipart=True)
            assert up.status_code == 201, up.content
    submitted = _do(filer, app_id, "submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["due_date"] == "2026-06-17"  # 1 working day after Tuesday 16 June

    assert _do(staff, app_id, "claim").status_code == 200
    for item in _detail(staff, app_id)["checklist"]:
        if item["current"]:
            ok = _do(staff, app_id, "review", {"accept": True}, upload_id=item["current"]["id"])
            assert ok.status_code == 200, ok.content
    assert _do(staff, app_id, "approve_documents").json()["state"] == State.DOCUMENTS_APPROVED
    # The visit activates the EDS: the filer books it.
    assert set(_offered(filer, app_id)) == {"book_appointment", "withdraw"}
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    slots = filer.get(f"/api/v1/applications/{app_id}/appointment-slots/?date={day.isoformat()}").json()
    booked = _do(filer, app_id, "book_appointment", {"starts_at": slots[0]["starts_at"]})
    assert booked.json()["state"] == State.APPOINTMENT_BOOKED, booked.content
    with factories.on_visit_day(app_id) as received:
        assert (
            _do(staff, app_id, "receive_originals", {"received": received}).json()["state"] == State.ORIGINALS_RECEIVED
        )
    offered = _offered(staff, app_id)
    assert "forward_to_authority" not in offered  # no state body
    assert "extend_term" not in offered  # the 30-day note is the visa services'
    assert offered["issue"]["required_fields"] == []  # no state body's number, no document
    issued = _do(staff, app_id, "issue")
    assert issued.status_code == 200, issued.content
    final = _detail(filer, app_id)
    assert final["state"] == State.ISSUED
    assert final["outputs"] == []
    assert not IssuedDocument.objects.filter(application_id=app_id).exists()
    return {"draft": draft, "final": final}


def test_host_party_activates_its_legal_entitys_eds(membership, employee, officer):
    seen = _journey(api_client_for(membership.user), api_client_for(officer), employee, holder="legal_entity")
    codes = [i["code"] for i in seen["draft"]["checklist"]]
    assert codes == ["pki-request", "first-head-appointment-order", "consent-personal-data"]
    assert seen["draft"]["fee_quote"]["total"] == "10000.00"


def test_a_self_applicant_activates_her_own_eds_walk_in(self_applicant, officer):
    user, person = self_applicant
    seen = _journey(api_client_for(user), api_client_for(officer), person, channel="walk_in")
    assert [i["code"] for i in seen["draft"]["checklist"]] == ["pki-request", "consent-personal-data"]
    assert seen["draft"]["fee_quote"]["total"] == "20000.00"


def test_the_api_refuses_with_every_rule_at_once(membership, employee):
    filer = api_client_for(membership.user)
    fields = eds_fields(pki_request_number="", mobile_citizens_registered=False)
    fields.pop("channel")
    r = filer.post(
        "/api/v1/applications/",
        {"service": SERVICE, "person": employee.pk, "service_fields": fields, "consent": True},
        format="json",
    )
    assert r.status_code == 201, r.content
    app_id = r.json()["id"]
    refused = _do(filer, app_id, "submit")
    assert refused.status_code == 400, refused.content
    rules = {f["rule"] for f in refused.json()["errors"]}
    assert {"pki_request_missing", "mobile_citizens_database", "document_missing"} <= rules
