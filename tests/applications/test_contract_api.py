"""The contract seen from outside: who may file (page, API, service), the ``actions`` list driving a whole
journey over the API, ``outputs``, and ``service_fields`` read and written."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.constants import State
from applications.exceptions import NotAllowed
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]

ASTANA = ZoneInfo("Asia/Almaty")


@pytest.fixture(autouse=True)
def _today(time_machine):
    # A Tuesday in 2026 (an MRP is recorded, no holiday near), 10:00 Astana time.
    time_machine.move_to(dt.datetime(2026, 6, 16, 10, 0, tzinfo=ASTANA))


@pytest.fixture
def self_applicant(db):
    user = factories.UserFactory(username="maria")
    person = factories.PersonFactory(account=user, organisation=None, surname="GARCIA")
    return user, person


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_self_applicant_is_refused_an_employer_only_service_at_creation(self_applicant, client):
    user, person = self_applicant
    with pytest.raises(NotAllowed, match="filed by the host party"):
        services.application_create(
            user=user, service_code="c3-invitation", person=person, position="x", visa_pickup_place="y"
        )
    client.force_login(user)
    page = client.get(reverse("application-new") + "?service=c3-invitation")
    assert page.status_code == 403
    assert "is filed by the host party (the employer) for its staff, not by the person" in page.content.decode()
    r = _api(user).post(
        "/api/v1/applications/",
        {"service": "c3-invitation", "person": person.pk, "service_fields": {"position": "x"}},
        format="json",
    )
    assert r.status_code == 403
    assert "filed by the host party" in r.json()["detail"]
    assert not person.applications.exists()


def test_staff_never_file(officer, employee):
    r = _api(officer).post("/api/v1/applications/", {"service": "c3-invitation", "person": employee.pk}, format="json")
    assert r.status_code in (403, 404)
    assert not employee.applications.exists()


def test_the_catalogue_page_offers_filing_only_to_who_may_file(self_applicant, client, filer):
    user, _person = self_applicant
    client.force_login(user)
    assert "File this application" not in client.get(reverse("service-detail", args=["c3-invitation"])).content.decode()
    client.force_login(filer)
    assert "File this application" in client.get(reverse("service-detail", args=["c3-invitation"])).content.decode()


def _act(client: APIClient, detail: dict, name: str, data: dict | None = None, fmt: str = "json") -> dict:
    (action,) = [a for a in detail["actions"] if a["name"] == name]
    assert set(action["required_fields"]) <= set(data or {}), action
    r = getattr(client, action["method"].lower())(action["url"], data or {}, format=fmt)
    assert r.status_code in (200, 201), r.content
    return client.get(f"/api/v1/applications/{detail['id']}/").json()


def _names(detail: dict) -> set[str]:
    return {a["name"] for a in detail["actions"]}


def test_the_actions_list_drives_a_c3_journey_and_offers_only_what_is_possible(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    filer, staff = _api(membership.user), _api(officer)
    created = filer.post(
        "/api/v1/applications/",
        {
            "service": "c3-invitation",
            "person": employee.pk,
            "validity_years": 2,
            "passport_blank_pages": 4,
            "consent": True,
            "service_fields": {"position": "Head of Risk", "visa_pickup_place": "Embassy of Kazakhstan, London"},
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    detail = created.json()
    assert detail["service_fields"]["position"] == "Head of Risk"
    assert _names(detail) == {"edit", "upload", "consent", "submit", "withdraw"}
    detail = _act(filer, detail, "edit", {"service_fields": {"position": "Chief Risk Officer"}})
    assert detail["service_fields"]["position"] == "Chief Risk Officer"
    for item in detail["checklist"]:
        if item["required"]:
            (upload,) = [a for a in detail["actions"] if a["name"] == "upload"]
            r = filer.post(upload["url"], {"item": item["code"], "file": factories.pdf_file()}, format="multipart")
            assert r.status_code == 201
    detail = _act(filer, detail, "submit")
    assert detail["state"] == State.SUBMITTED
    assert _names(filer.get(f"/api/v1/applications/{detail['id']}/").json()) == {"withdraw"}

    officer_view = staff.get(f"/api/v1/applications/{detail['id']}/").json()
    assert "claim" in _names(officer_view)
    officer_view = _act(staff, officer_view, "claim")
    assert {"review", "request_information", "approve_documents", "refuse", "extend_term"} <= _names(officer_view)
    (review,) = [a for a in officer_view["actions"] if a["name"] == "review"]
    for item in officer_view["checklist"]:
        if item["current"]:
            url = review["url"].replace("{upload_id}", str(item["current"]["id"]))
            assert staff.post(url, {"accept": True}, format="json").status_code == 200
    officer_view = _act(staff, officer_view, "approve_documents")

    detail = filer.get(f"/api/v1/applications/{detail['id']}/").json()
    assert "book_appointment" in _names(detail)
    slot = factories.next_office_slot()
    detail = _act(filer, detail, "book_appointment", {"starts_at": slot.isoformat()})
    officer_view = staff.get(f"/api/v1/applications/{detail['id']}/").json()
    with factories.on_visit_day(detail["id"]) as received:
        officer_view = _act(staff, officer_view, "receive_originals", {"received": received})
    assert "forward_to_authority" in _names(officer_view)
    assert "issue" not in _names(officer_view)
    officer_view = _act(staff, officer_view, "forward_to_authority")
    (issue,) = [a for a in officer_view["actions"] if a["name"] == "issue"]
    assert issue["required_fields"] == ["number"]
    with django_capture_on_commit_callbacks(execute=True):
        officer_view = _act(staff, officer_view, "issue", {"number": "WV-2026-0042"})
    assert officer_view["state"] == State.ISSUED
    assert _names(officer_view) == set()

    detail = filer.get(f"/api/v1/applications/{detail['id']}/").json()
    (output,) = detail["outputs"]
    assert output["kind"] == "invitation_letter"
    assert output["received"] is False
    download = filer.get(output["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_an_unknown_service_field_is_refused_and_nothing_is_created(membership, employee):
    r = _api(membership.user).post(
        "/api/v1/applications/",
        {
            "service": "c3-invitation",
            "person": employee.pk,
            "validity_years": 2,
            "service_fields": {"position": "x", "visa_pickup_place": "y", "salary": 1},
        },
        format="json",
    )
    assert r.status_code == 400
    assert "salary" in r.json()["service_fields"]
    assert not employee.applications.exists()
