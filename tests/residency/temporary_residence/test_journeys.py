"""The TRP end to end: over the REST API (every step from the ``actions`` offered) and in the browser (Django test
client), through issue with the permit recorded on the person; and the host's 3-working-day reminder on the home
page when a TRP holder's address changes (Decree 807 p.10)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from applications.constants import State
from applications.models import Application
from qazeta.records.models import ResidencePermitRecord
from qazeta.workcalendar import calendar as workcalendar
from tests import factories
from tests.clock import astana

from .conftest import PERMIT_SCAN_BYTES, SERVICE, cis_person, give_trp, permit_scan

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_on_approval")]


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _detail(client, app_id) -> dict:
    r = client.get(f"/api/v1/applications/{app_id}/")
    assert r.status_code == 200, r.content
    return r.json()


def _post(client, app_id, name, data=None, *, multipart=False, **kw):
    offered = {a["name"]: a for a in _detail(client, app_id)["actions"]}
    assert name in offered, f"{name!r} not offered: {sorted(offered)}"
    return client.post(offered[name]["url"].format(**kw), data or {}, format="multipart" if multipart else "json")


def test_a_host_party_files_a_trp_over_the_api_through_issue(membership, officer, django_capture_on_commit_callbacks):
    person = cis_person(membership, "KGZ")
    filer, staff = _api(membership.user), _api(officer)
    r = filer.post(
        "/api/v1/applications/",
        {
            "service": SERVICE,
            "person": person.pk,
            "channel": "standard",
            "variant": "expert",
            "consent": True,
            "service_fields": {"basis": "aifc_employee", "planned_stay_days": 200, "contract_ends_on": "2027-03-31"},
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    created = r.json()
    app_id = created["id"]
    assert created["fee_quote"]["service_fee"] == "90000.00"
    assert created["service_fields"]["max_valid_to"] == "2027-03-31"  # computed, read-only
    codes = {item["code"] for item in created["checklist"]}
    assert {"trp-application-form", "qualification-proof-cv", "housing-owner-consent"} <= codes

    for item in _detail(filer, app_id)["checklist"]:
        if item["required"] and item["status"] == "missing":
            up = _post(filer, app_id, "upload", {"item": item["code"], "file": factories.pdf_file()}, multipart=True)
            assert up.status_code == 201, up.content
    submitted = _post(filer, app_id, "submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["due_date"] == "2026-06-17"  # 1 working day

    assert _post(staff, app_id, "claim").status_code == 200
    for item in _detail(staff, app_id)["checklist"]:
        if item["current"]:
            assert _post(staff, app_id, "review", {"accept": True}, upload_id=item["current"]["id"]).status_code == 200
    assert _post(staff, app_id, "approve_documents").json()["state"] == State.DOCUMENTS_APPROVED
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    slots = filer.get(f"/api/v1/applications/{app_id}/appointment-slots/?date={day.isoformat()}").json()
    assert _post(filer, app_id, "book_appointment", {"starts_at": slots[0]["starts_at"]}).status_code == 200
    with factories.on_visit_day(app_id) as received:
        assert (
            _post(staff, app_id, "receive_originals", {"received": received}).json()["state"]
            == State.ORIGINALS_RECEIVED
        )
    assert _post(staff, app_id, "forward_to_authority").json()["state"] == State.WITH_AUTHORITY

    issue = {a["name"]: a for a in _detail(staff, app_id)["actions"]}["issue"]
    assert issue["required_fields"] == [
        "fields.permit_number",
        "fields.permit_valid_from",
        "fields.permit_valid_to",
        "attachments.temporary_residence_permit",
    ]
    fields = {"fields.permit_number": "KG0012345", "fields.permit_valid_from": "2026-06-18"}
    beyond = _post(
        staff,
        app_id,
        "issue",
        {**fields, "fields.permit_valid_to": "2027-04-01", "attachments.temporary_residence_permit": permit_scan()},
        multipart=True,
    )
    assert beyond.status_code == 400
    assert "at most to 31.03.2027" in beyond.content.decode()
    assert _detail(staff, app_id)["state"] == State.WITH_AUTHORITY

    with django_capture_on_commit_callbacks(execute=True):
        ok = _post(
            staff,
            app_id,
            "issue",
            {**fields, "fields.permit_valid_to": "2027-03-31", "attachments.temporary_residence_permit": permit_scan()},
            multipart=True,
        )
    assert ok.status_code == 200, ok.content
    issued = _detail(filer, app_id)
    assert issued["state"] == State.ISSUED
    (output,) = issued["outputs"]
    assert (output["kind"], output["received"]) == ("temporary_residence_permit", True)
    assert output["sha256"] == hashlib.sha256(PERMIT_SCAN_BYTES).hexdigest()
    record = ResidencePermitRecord.objects.get(person=person)
    assert (record.kind, record.variant, record.number, record.valid_to) == (
        "trp",
        "expert",
        "KG0012345",
        dt.date(2027, 3, 31),
    )


def test_a_host_party_files_a_trp_in_the_browser(membership, officer, django_capture_on_commit_callbacks):
    person = cis_person(membership, "UZB")
    filer, staff = Client(), Client()
    filer.force_login(membership.user)
    staff.force_login(officer)
    new = reverse("application-new") + f"?service={SERVICE}"
    page = filer.get(new + f"&person={person.pk}").content.decode()
    assert 'name="variant"' in page
    assert "Expert" in page
    assert 'name="planned_stay_days"' in page
    assert 'name="max_valid_to"' not in page
    assert 'name="permit_number"' not in page
    assert "only for citizens" not in page  # an Uzbek citizen may have it

    response = filer.post(
        new,
        {
            "service": SERVICE,
            "person": person.pk,
            "channel": "standard",
            "variant": "employee",
            "basis": "aifc_employee",
            "planned_stay_days": "180",
            "passport_kind": "ordinary",
            "contract_ends_on": "2027-12-31",
            "consent": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    app = Application.objects.get(person=person, service_code=SERVICE)
    assert app.variant == "employee"
    assert app.specific().max_valid_to == dt.date(2027, 6, 15)  # 1 year
    for req in app.service.checklist(app.checklist_facts()):
        if req.required and req.code != "consent-personal-data":
            r = filer.post(
                reverse("application-upload", args=[app.pk]), {"item_code": req.code, "file": factories.pdf_file()}
            )
            assert r.status_code == 302
    assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302
    assert Application.objects.get(pk=app.pk).fee_service == 110000

    assert staff.post(reverse("officer-claim", args=[app.pk])).status_code == 302
    for upload in app.uploads.all():
        r = staff.post(
            reverse("officer-review-document", args=[app.pk, upload.pk]), {f"doc-{upload.pk}-decision": "accept"}
        )
        assert r.status_code == 302
    assert staff.post(reverse("officer-approve-documents", args=[app.pk])).status_code == 302
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    page = filer.get(reverse("application-detail", args=[app.pk]) + f"?date={day.isoformat()}").content.decode()
    starts_at = re.findall(r'name="starts_at" value="([^"]+)"', page)[0]
    assert filer.post(reverse("appointment-book", args=[app.pk]), {"starts_at": starts_at}).status_code == 302
    with factories.on_visit_day(app) as received:
        assert (
            staff.post(reverse("officer-receive-originals", args=[app.pk]), {"received": received}).status_code == 302
        )
    assert staff.post(reverse("officer-forward", args=[app.pk])).status_code == 302

    officer_page = staff.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert "Latest permit end allowed" in officer_page
    assert "15.06.2027" in officer_page
    too_long = {
        "permit_number": "UZ777",
        "permit_valid_from": "2026-06-17",
        "permit_valid_to": "2027-06-17",
        "attachment_temporary_residence_permit": permit_scan(),
    }
    response = staff.post(reverse("officer-issue", args=[app.pk]), too_long)
    assert response.status_code == 400
    assert "at most to 16.06.2027" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(
            reverse("officer-issue", args=[app.pk]),
            {**too_long, "permit_valid_to": "2027-06-16", "attachment_temporary_residence_permit": permit_scan()},
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Application.objects.get(pk=app.pk).state == State.ISSUED
    assert ResidencePermitRecord.objects.get(person=person).valid_to == dt.date(2027, 6, 16)
    assert "UZ777" in filer.get(reverse("application-detail", args=[app.pk])).content.decode()


def _change_of_address(membership, officer, person, moved: dt.date) -> Application:
    app = factories.file_draft(
        "arrival-notification",
        membership=membership,
        person=person,
        notification_kind="change_of_address",
        event_date=moved,
        address="Mangilik El 55, Astana",
        previous_address="Kabanbay Batyr 10, Astana",
        stay_until=dt.date(2026, 12, 31),
    )
    return factories.advance(
        app, State.ISSUED, filer=membership.user, officer=officer, issue={"fields": {"registration_number": "R-1"}}
    )


def test_the_host_is_reminded_to_report_a_trp_holders_change_of_address_within_3_working_days(
    membership, officer, time_machine
):
    holder = cis_person(membership, "UZB")
    give_trp(holder, valid_from=dt.date(2026, 1, 10), valid_to=dt.date(2027, 1, 9))
    no_trp = cis_person(membership, "UZB")
    _change_of_address(membership, officer, holder, dt.date(2026, 6, 12))  # Friday
    _change_of_address(membership, officer, no_trp, dt.date(2026, 6, 12))
    client = Client()
    client.force_login(membership.user)
    home = client.get("/").content.decode()
    # Friday 12 June + 3 working days: Mon 15, Tue 16, Wed 17.
    assert (
        f"{holder.full_name} (TRP TRP{holder.pk:05d}26) moved on 12.06.2026: report the change to the "
        "internal-affairs bodies by 17.06.2026"
    ) in home
    assert f"{no_trp.full_name} (TRP" not in home  # no TRP: nothing to report under Decree 807
    assert "overdue" not in home
    time_machine.move_to(astana(dt.date(2026, 6, 18), 10))
    client.force_login(membership.user)
    home = client.get("/").content.decode()
    assert "by 17.06.2026" in home
    assert "overdue" in home
