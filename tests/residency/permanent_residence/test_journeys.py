"""The permanent residence permit end to end: over the API (every step from the ``actions`` offered), where the
officer cannot record a permit beyond min(10 years, passport) and the issued permit becomes a record on the person;
and in the browser (Django test client), where the officer page shows the latest end date and why."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from applications.constants import State
from applications.models import Application
from qazeta.records.models import PermitKind, ResidencePermitRecord
from qazeta.workcalendar import calendar as workcalendar
from tests import factories

from .conftest import CODE, PERMIT_SCAN_BYTES, give_investor_visa, permit_scan

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


def test_api_journey_through_issue_with_the_permit_capped_by_the_passport(
    membership, officer, django_capture_on_commit_callbacks
):
    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=dt.date(2034, 2, 28))
    give_investor_visa(person)
    filer, staff = _api(membership.user), _api(officer)
    r = filer.post(
        "/api/v1/applications/",
        {
            "service": CODE,
            "person": person.pk,
            "channel": "standard",
            "service_fields": {"requested_validity_years": 7},
            "consent": True,
        },
        format="json",
    )
    assert r.status_code == 201, r.content
    created = r.json()
    app_id = created["id"]
    assert created["fee_quote"]["service_fee"] == "1440000.00"
    checklist = {item["code"]: item for item in created["checklist"]}
    assert checklist["investor-visa-copy"]["status"] != "missing"  # on record
    assert "child-consent-permanent-residence" not in checklist
    for item in created["checklist"]:
        if item["required"] and item["status"] == "missing":
            r = _post(filer, app_id, "upload", {"item": item["code"], "file": factories.pdf_file()}, multipart=True)
            assert r.status_code == 201, r.content
    assert _post(filer, app_id, "submit").json()["state"] == State.SUBMITTED

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
        "attachments.permanent_residence_permit",
    ]
    fields = {
        "fields.permit_number": "000123456",
        "fields.permit_valid_from": "2026-09-01",
        "fields.permit_valid_to": "2034-03-01",  # a day after the passport expires
        "attachments.permanent_residence_permit": permit_scan(),
    }
    r = _post(staff, app_id, "issue", fields, multipart=True)
    assert r.status_code == 400
    assert "latest end date is 28.02.2034" in r.content.decode()
    assert "the passport expires on 28.02.2034" in r.content.decode()
    assert _detail(staff, app_id)["state"] == State.WITH_AUTHORITY
    assert not ResidencePermitRecord.objects.exists()

    fields.update({"fields.permit_valid_to": "2034-02-28", "attachments.permanent_residence_permit": permit_scan()})
    with django_capture_on_commit_callbacks(execute=True):
        r = _post(staff, app_id, "issue", fields, multipart=True)
    assert r.status_code == 200, r.content
    issued = _detail(filer, app_id)
    assert issued["state"] == State.ISSUED
    (output,) = issued["outputs"]
    assert (output["kind"], output["received"]) == ("permanent_residence_permit", True)
    assert output["sha256"] == hashlib.sha256(PERMIT_SCAN_BYTES).hexdigest()
    record = ResidencePermitRecord.objects.get(application_id=app_id)
    assert (record.kind, record.number, record.person_id) == (PermitKind.PERMANENT, "000123456", person.pk)
    assert (record.valid_from, record.valid_to) == (dt.date(2026, 9, 1), dt.date(2034, 2, 28))
    assert record.document is not None
    assert record.document.kind == "permanent_residence_permit"
    assert Application.objects.get(pk=app_id).decision_number == "000123456"


def test_ten_years_is_the_cap_when_the_passport_lasts_longer(membership, officer):
    from applications import services
    from applications.exceptions import ApplicationError

    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=dt.date(2040, 1, 1))
    give_investor_visa(person)
    app = factories.file_draft(CODE, membership=membership, person=person, requested_validity_years=10)
    app = factories.advance(app, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    kwargs = {"attachments": {"permanent_residence_permit": permit_scan()}}
    with pytest.raises(ApplicationError) as exc:
        services.application_issue(
            user=officer,
            application=app,
            fields={"permit_number": "X1", "permit_valid_from": "2026-09-01", "permit_valid_to": "2036-09-01"},
            **kwargs,
        )
    assert exc.value.message == (
        "The permit cannot end on 01.09.2036: the latest end date is 31.08.2036 (at most 10 years from 01.09.2026 "
        "(the passport expires later))."
    )
    services.application_issue(
        user=officer,
        application=Application.objects.get(pk=app.pk),
        fields={"permit_number": "X1", "permit_valid_from": "2026-09-01", "permit_valid_to": "2036-08-31"},
        attachments={"permanent_residence_permit": permit_scan()},
    )
    assert ResidencePermitRecord.objects.get(person=person).valid_to == dt.date(2036, 8, 31)


def test_html_journey_the_officer_page_shows_the_latest_end_date_and_why(
    membership, officer, django_capture_on_commit_callbacks
):
    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=dt.date(2031, 5, 4))
    give_investor_visa(person)
    filer, staff = Client(), Client()
    filer.force_login(membership.user)
    staff.force_login(officer)
    new = reverse("application-new") + f"?service={CODE}"
    page = filer.get(new + f"&person={person.pk}").content.decode()
    assert "Requested validity (years)" in page
    assert 'name="permit_number"' not in page
    r = filer.post(
        new,
        {"service": CODE, "person": person.pk, "channel": "standard", "requested_validity_years": "4", "consent": "on"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    app = Application.objects.get(person=person, service_code=CODE)
    for req in app.service.checklist(app.checklist_facts()):
        if req.required and req.code != "investor-visa-copy":
            r = filer.post(
                reverse("application-upload", args=[app.pk]), {"item_code": req.code, "file": factories.pdf_file()}
            )
            assert r.status_code == 302
    assert filer.post(reverse("application-submit", args=[app.pk])).status_code == 302
    app = factories.advance(app, State.WITH_AUTHORITY, filer=membership.user, officer=officer)

    page = staff.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert "Latest permitted end date" in page
    assert "04.05.2031 (if it starts today 16.06.2026): the passport expires on 04.05.2031" in page

    with django_capture_on_commit_callbacks(execute=True):
        r = staff.post(
            reverse("officer-issue", args=[app.pk]),
            {
                "permit_number": "000777",
                "permit_valid_from": "2026-09-01",
                "permit_valid_to": "2031-05-04",
                "attachment_permanent_residence_permit": permit_scan(),
            },
        )
    assert r.status_code == 302, r.content.decode()[:3000]
    assert Application.objects.get(pk=app.pk).state == State.ISSUED
    detail = filer.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert "000777" in detail
    assert "Permanent residence permit" in detail
