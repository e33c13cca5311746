"""Every length, range and shape is checked before the database: a 400 naming the field, never a 500; a refused
upload leaves the application as it was (issue 6, Input)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.constants import State
from applications.exceptions import UploadRejected
from applications.forms import SlotDayForm, service_form_fields
from applications.models import Application, DocumentUpload
from tests import factories
from tests.clock import FILING_DAY, astana
from tests.residency.tax_residency.helpers import AIFC, CERTIFICATE, aifc_draft, scan
from tests.test_uploads import _png_declaring
from visas.models import C3InvitationApplication

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

OPEN_ACTION_JS = factories.pdf_document(
    b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
    *factories.PDF_ONE_PAGE,
    b"<</Type/Action/S/JavaScript/JS(app.launchURL\\('https://evil.example/'\\))>>",
)
HTML_POLYGLOT = factories.pdf_document(
    b"<</Type/Catalog/Pages 2 0 R>>",
    *factories.PDF_ONE_PAGE,
    header=b"%PDF-1.7\n%<!DOCTYPE html><html><body><script>fetch('/api/v1/persons/')</script>\n",
)


def _api(user) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.force_authenticate(user)
    return client


def _snapshot(application: Application) -> tuple:
    application = Application.objects.get(pk=application.pk)
    return (
        application.state,
        application.updated_at,
        application.decision_number,
        application.uploads.count(),
        application.status_changes.count(),
        application.issued_documents.count(),
    )


def _nested(depth: int) -> str:
    return '{"service_fields": ' + '{"a": ' * depth + "1" + "}" * depth + "}"


# ------------------------------------------------------------------------------------------------ lengths
def test_a_position_over_its_length_is_a_400_naming_it_and_nothing_is_filed(membership, employee):
    r = _api(membership.user).post(
        "/api/v1/applications/",
        {
            "service": "c3-invitation",
            "person": employee.pk,
            "validity_years": 2,
            "service_fields": {"position": "P" * 151, "visa_pickup_place": "Embassy, London"},
        },
        format="json",
    )
    assert r.status_code == 400
    assert "position" in r.json()["service_fields"]
    assert not Application.objects.exists()


def test_a_visa_pickup_place_over_its_length_is_a_400_and_the_draft_stays(draft, filer):
    before = _snapshot(draft)
    r = _api(filer).patch(
        f"/api/v1/applications/{draft.pk}/", {"service_fields": {"visa_pickup_place": "x" * 151}}, format="json"
    )
    assert r.status_code == 400
    assert "visa_pickup_place" in r.json()["service_fields"]
    assert _snapshot(draft) == before
    assert C3InvitationApplication.objects.get(pk=draft.pk).visa_pickup_place == "Embassy of Kazakhstan, London"


def test_a_decision_number_over_its_length_is_a_400_and_nothing_is_issued(membership, officer):
    app = factories.advance(
        aifc_draft(membership=membership), State.WITH_AUTHORITY, filer=membership.user, officer=officer
    )
    before = _snapshot(app)
    r = _api(officer).post(
        f"/api/v1/applications/{app.pk}/issue/",
        {"number": "9" * 65, f"attachments.{CERTIFICATE}": scan()},
        format="multipart",
    )
    assert r.status_code == 400
    assert "number" in r.json()
    assert _snapshot(app) == before


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("answer", {"answer": "a" * 4001}, "answer"),
        ("withdraw", {"reason": "a" * 4001}, "reason"),
    ],
)
def test_free_text_over_its_length_is_a_400_naming_it(draft, filer, path, body, field):
    r = _api(filer).post(f"/api/v1/applications/{draft.pk}/{path}/", body, format="json")
    assert r.status_code == 400
    assert field in r.json()


def test_the_officer_issue_form_keeps_the_number_to_its_column(membership, officer):
    from applications.forms_officer import IssueForm

    app = factories.advance(
        aifc_draft(membership=membership), State.WITH_AUTHORITY, filer=membership.user, officer=officer
    )
    form = IssueForm({"decision_number": "9" * 65}, {f"attachment_{CERTIFICATE}": scan()}, application=app.specific())
    assert not form.is_valid()
    assert "decision_number" in form.errors


# ------------------------------------------------------------------------------------------------ JSON shape
@pytest.mark.parametrize("depth", [40, 5000, 100_000])
def test_deeply_nested_json_is_a_400(draft, filer, depth):
    r = _api(filer).generic(
        "PATCH", f"/api/v1/applications/{draft.pk}/", _nested(depth), content_type="application/json"
    )
    assert r.status_code == 400
    assert "nested" in r.json()["detail"]


def test_deeply_nested_json_is_a_400_on_every_endpoint(filer):
    r = _api(filer).generic("POST", "/api/v1/persons/", "[" * 50_000 + "]" * 50_000, content_type="application/json")
    assert r.status_code == 400


def test_an_object_as_a_service_field_is_a_400_naming_the_field(draft, filer):
    r = _api(filer).patch(
        f"/api/v1/applications/{draft.pk}/",
        {"service_fields": {"position": {"title": {"en": "Analyst"}}}},
        format="json",
    )
    assert r.status_code == 400
    assert "position" in r.json()["service_fields"]


def test_an_outcome_field_that_is_a_list_is_a_400(membership, officer):
    app = factories.advance(
        aifc_draft(membership=membership), State.WITH_AUTHORITY, filer=membership.user, officer=officer
    )
    r = _api(officer).post(
        f"/api/v1/applications/{app.pk}/issue/", {"number": "1", "fields": {"x": [1, [2]]}}, format="json"
    )
    assert r.status_code == 400
    assert "fields" in r.json()


def test_a_json_body_over_the_data_limit_is_a_413(draft, filer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    r = _api(filer).patch(f"/api/v1/applications/{draft.pk}/", {"variant": "", "pad": "x" * 2000}, format="json")
    assert r.status_code == 413


# ------------------------------------------------------------------------------------------------ dates
def test_a_contract_ending_on_0001_01_01_is_a_400(draft, filer):
    before = _snapshot(draft)
    r = _api(filer).patch(
        f"/api/v1/applications/{draft.pk}/", {"service_fields": {"contract_ends_on": "0001-01-01"}}, format="json"
    )
    assert r.status_code == 400
    assert "contract_ends_on" in r.json()["service_fields"]
    assert _snapshot(draft) == before


def test_service_dates_on_the_html_forms_have_the_same_window():
    field = service_form_fields(C3InvitationApplication, ["contract_ends_on"])["contract_ends_on"]
    assert field.clean("2028-06-30") == dt.date(2028, 6, 30)
    for implausible in ("0001-01-01", "9999-12-31"):
        with pytest.raises(Exception, match="too far"):
            field.clean(implausible)


@pytest.fixture
def approved(draft, filer, officer):
    return factories.advance(draft, State.DOCUMENTS_APPROVED, filer=filer, officer=officer)


def test_a_slot_on_9999_12_31_is_a_400_naming_it(approved, filer):
    before = _snapshot(approved)
    r = _api(filer).post(
        f"/api/v1/applications/{approved.pk}/appointment/", {"starts_at": "9999-12-31T10:00:00+05:00"}, format="json"
    )
    assert r.status_code == 400
    assert "starts_at" in r.json()
    assert _snapshot(approved) == before


def test_slots_are_looked_up_at_most_a_year_ahead(approved, filer):
    api = _api(filer)
    r = api.get(f"/api/v1/applications/{approved.pk}/appointment-slots/?date=9999-12-31")
    assert r.status_code == 400
    assert "date" in r.json()
    assert api.get(f"/api/v1/applications/{approved.pk}/appointment-slots/?date=2026-03-10").status_code == 200
    assert not SlotDayForm({"date": "2030-01-01"}).is_valid()
    assert SlotDayForm({"date": "2026-03-10"}).is_valid()


# ------------------------------------------------------------------------------------------------ uploads
@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("scan.pdf", HTML_POLYGLOT, "file_polyglot"),
        ("scan.pdf", OPEN_ACTION_JS, "pdf_active_content"),
        ("scan.png", _png_declaring(60000, 60000), "image_too_large"),
    ],
    ids=["html-pdf-polyglot", "openaction-javascript", "png-60000x60000"],
)
def test_hostile_uploads_are_refused_and_the_application_stays_as_it_was(draft, filer, name, content, code):
    before = _snapshot(draft)
    with pytest.raises(UploadRejected) as err:
        services.document_upload(
            user=filer, application=draft, item_code="passport-copy", file=SimpleUploadedFile(name, content)
        )
    assert err.value.code == code
    assert _snapshot(draft) == before


def test_a_right_to_left_override_in_a_file_name_is_not_kept(draft, filer):
    upload = services.document_upload(
        user=filer, application=draft, item_code="passport-copy", file=factories.pdf_file("passport\u202efdp.exe")
    )
    assert DocumentUpload.objects.get(pk=upload.pk).original_name == "passportfdp.exe"


def test_a_hostile_scan_attached_by_the_officer_is_refused_and_nothing_is_issued(membership, officer):
    app = factories.advance(
        aifc_draft(membership=membership), State.WITH_AUTHORITY, filer=membership.user, officer=officer
    )
    before = _snapshot(app)
    r = _api(officer).post(
        f"/api/v1/applications/{app.pk}/issue/",
        {"number": "620300-2026-000123", f"attachments.{CERTIFICATE}": scan(OPEN_ACTION_JS)},
        format="multipart",
    )
    assert r.status_code == 400
    assert r.json()["code"] == "pdf_active_content"
    assert _snapshot(app) == before
    assert Application.objects.get(pk=app.pk).service_code == AIFC


def test_an_upload_over_the_request_cap_is_a_413_on_the_api(draft, filer, settings):
    settings.UPLOAD_MAX_REQUEST_BYTES = 64 * 1024
    before = _snapshot(draft)
    big = factories.pdf_file("big.pdf", factories.PDF_BYTES + b"%" + b"0" * (128 * 1024) + b"\n")
    r = _api(filer).post(
        f"/api/v1/applications/{draft.pk}/documents/", {"item": "passport-copy", "file": big}, format="multipart"
    )
    assert r.status_code == 413
    assert _snapshot(draft) == before


def test_an_upload_of_30_mb_is_refused_by_the_api_and_the_page(draft, filer):
    before = _snapshot(draft)
    content = factories.PDF_BYTES + b"%" + b"0" * (30 * 1024 * 1024) + b"\n"
    r = _api(filer).post(
        f"/api/v1/applications/{draft.pk}/documents/",
        {"item": "passport-copy", "file": factories.pdf_file("big.pdf", content)},
        format="multipart",
    )
    assert r.status_code == 413
    from django.test import Client

    page = Client(raise_request_exception=False)
    page.force_login(filer)
    r = page.post(
        reverse("application-upload", args=[draft.pk]),
        {"item_code": "passport-copy", "file": factories.pdf_file("big.pdf", content)},
    )
    assert r.status_code == 400
    assert _snapshot(draft) == before


def test_check_upload_stops_reading_a_file_larger_than_it_claims():
    from django.core.files.uploadedfile import UploadedFile

    from applications.services._base import check_upload
    from tests.test_uploads import CountingReader

    stream = CountingReader(factories.PDF_BYTES + b"%" + b"0" * (30 * 1024 * 1024) + b"\n")
    upload = UploadedFile(stream, name="big.pdf", content_type="application/pdf", size=2048)  # the size lies
    with pytest.raises(UploadRejected) as err:
        check_upload(upload)
    assert err.value.code == "file_too_large"
    assert stream.bytes_read < 11 * 1024 * 1024  # stopped just past the 10 MB limit, not at 30 MB
