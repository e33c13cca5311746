"""The qualification exemption over the REST API, driven by the ``actions`` each detail offers: the host party files
and uploads (no visit is ever offered), an officer reviews, approves and forwards the file to the AIFC
Administration, and records its decision: a generated decision document that verifies at /verify/; or its refusal,
a generated refusal document."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from applications.constants import State
from tests import factories

from .conftest import CRITERIA, SERVICE, TERMS, api_client_for, qe_fields

pytestmark = pytest.mark.django_db

NUMBER = "AIFCA-QR-2026-017"


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


def _to_the_administration(filer: APIClient, staff: APIClient, person) -> int:
    r = filer.post(
        "/api/v1/applications/",
        {"service": SERVICE, "person": person.pk, "service_fields": qe_fields(), "consent": True},
        format="json",
    )
    assert r.status_code == 201, r.content
    draft = r.json()
    app_id = draft["id"]
    assert draft["service_fields"] == {
        "request_kind": "exemption",
        "unmet_criteria": CRITERIA,
        "no_controlled_function": True,
        "decision_terms": "",  # read only: the officer records it at issue
    }
    assert draft["fee_quote"]["total"] == "60000.00"
    for item in draft["checklist"]:
        if item["required"] and item["status"] == "missing":
            up = _do(filer, app_id, "upload", {"item": item["code"], "file": factories.pdf_file()}, multipart=True)
            assert up.status_code == 201, up.content
    submitted = _do(filer, app_id, "submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["due_date"] == "2026-07-29"

    assert _do(staff, app_id, "claim").status_code == 200
    for item in _detail(staff, app_id)["checklist"]:
        if item["current"]:
            ok = _do(staff, app_id, "review", {"accept": True}, upload_id=item["current"]["id"])
            assert ok.status_code == 200, ok.content
    assert _do(staff, app_id, "approve_documents").json()["state"] == State.DOCUMENTS_APPROVED
    # Uploads only: no visit is offered to the filer.
    assert "book_appointment" not in _offered(filer, app_id)
    assert _do(staff, app_id, "forward_to_authority").json()["state"] == State.WITH_AUTHORITY
    return app_id


def test_the_decision_is_sent_electronically_and_verifies(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = api_client_for(membership.user), api_client_for(officer)
    app_id = _to_the_administration(filer, staff, employee)
    offered = _offered(staff, app_id)
    assert "extend_term" not in offered
    assert offered["issue"]["required_fields"] == ["number", "fields.decision_terms"]
    # Without the decision's terms: refused, nothing recorded.
    r = _do(staff, app_id, "issue", {"number": NUMBER})
    assert r.status_code == 400, r.content
    assert _detail(staff, app_id)["state"] == State.WITH_AUTHORITY
    with django_capture_on_commit_callbacks(execute=True):
        r = _do(staff, app_id, "issue", {"number": NUMBER, "fields.decision_terms": TERMS})
    assert r.status_code == 200, r.content

    final = _detail(filer, app_id)
    assert final["state"] == State.ISSUED
    assert final["decision_number"] == NUMBER
    (decision,) = final["outputs"]
    assert decision["kind"] == "qualification_exemption_decision"
    assert decision["received"] is False
    pdf = filer.get(decision["download_url"])
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    page = APIClient().get(decision["verify_url"])
    assert page.status_code == 200
    text = page.content.decode()
    assert "VALID" in text
    assert "Decision of the AIFC Administration on the qualification requirements" in text


def test_a_refusal_by_the_administration_is_sent_as_a_document(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = api_client_for(membership.user), api_client_for(officer)
    app_id = _to_the_administration(filer, staff, employee)
    with django_capture_on_commit_callbacks(execute=True):
        r = _do(staff, app_id, "refuse", {"grounds": ["not_justified"], "reason": "Experience in an unrelated field."})
    assert r.status_code == 200, r.content
    final = _detail(filer, app_id)
    assert final["state"] == State.REFUSED
    (refusal,) = final["outputs"]
    assert refusal["kind"] == "qualification_exemption_refusal"
    assert APIClient().get(refusal["verify_url"]).status_code == 200
