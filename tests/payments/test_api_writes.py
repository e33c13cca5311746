"""The payments API's writes (issue 9, item 4): the receipt upload (multipart), the officer's confirmation and
rejection, the supervisor's refund; the same rules and services as the HTML pages; 404 outside one's access, 403
for a reader without the right, 409 for an action the payment's state does not allow (a second officer acting
on a receipt already decided); documented in the OpenAPI schema."""

from __future__ import annotations

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from applications.constants import State
from payments.constants import PaymentStatus
from payments.models import Payment
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


@pytest.fixture
def world(django_capture_on_commit_callbacks):
    membership, person = factories.employer_with_staff()
    officer = factories.UserFactory(officer=True)
    with django_capture_on_commit_callbacks(execute=True):
        app = factories.advance(
            factories.c3_draft(membership=membership, person=person),
            State.DOCUMENTS_APPROVED,
            filer=membership.user,
            officer=officer,
        )
    return {
        "app": app,
        "filer": membership.user,
        "person": person,
        "officer": officer,
        "other_officer": factories.UserFactory(officer=True),
        "supervisor": factories.UserFactory(supervisor=True),
        "stranger": factories.MembershipFactory().user,
    }


def api(user) -> APIClient:
    """An API client signed in with a knox token of ``user``."""
    _, key = AuthToken.objects.create(user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def url(name: str, app) -> str:
    return reverse(name, args=[app.pk])


def status_of(app) -> str:
    return Payment.objects.get(application=app).status


def upload(client: APIClient, app, name: str = "receipt.pdf"):
    return client.post(url("api-payment-receipt", app), {"receipt": factories.pdf_file(name)}, format="multipart")


def test_the_filer_uploads_the_receipt_and_the_officer_confirms(world):
    app = world["app"]
    response = upload(api(world["filer"]), app)
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "receipt_uploaded"
    assert data["receipt_url"].endswith(reverse("payment-receipt", args=[app.pk]))
    assert [e["kind"] for e in data["events"]] == ["invoice_issued", "receipt_uploaded"]
    payment = Payment.objects.get(application=app)
    assert payment.receipt_name == "receipt.pdf"
    assert payment.receipt_content_type == "application/pdf"

    response = api(world["officer"]).post(url("api-payment-confirm", app))
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    payment.refresh_from_db()
    assert payment.confirmed_by == world["officer"]


def test_a_second_officer_confirming_gets_409_and_nothing_changes(world):
    app = world["app"]
    upload(api(world["filer"]), app)
    assert api(world["officer"]).post(url("api-payment-confirm", app)).status_code == 200
    late = api(world["supervisor"]).post(url("api-payment-confirm", app))
    assert late.status_code == 409
    assert late.json() == {"detail": "There is no payment receipt to confirm.", "code": "wrong_state"}
    rejected_late = api(world["supervisor"]).post(url("api-payment-reject", app), {"reason": "x"}, format="json")
    assert rejected_late.status_code == 409
    payment = Payment.objects.get(application=app)
    assert (payment.status, payment.confirmed_by) == (PaymentStatus.CONFIRMED, world["officer"])
    assert payment.events.filter(kind="confirmed").count() == 1


def test_reject_needs_a_reason_and_returns_to_unpaid(world):
    app = world["app"]
    upload(api(world["filer"]), app)
    officer = api(world["officer"])
    missing = officer.post(url("api-payment-reject", app), {}, format="json")
    assert missing.status_code == 400
    assert missing.json()["code"] == "invalid"
    assert "reason" in missing.json()["errors"]
    blank = officer.post(url("api-payment-reject", app), {"reason": "   "}, format="json")
    assert blank.status_code == 400
    assert status_of(app) == PaymentStatus.RECEIPT_UPLOADED
    response = officer.post(url("api-payment-reject", app), {"reason": "The amount is short"}, format="json")
    assert response.status_code == 200
    data = response.json()
    assert (data["status"], data["rejection_reason"]) == ("unpaid", "The amount is short")
    # The filer uploads again.
    assert upload(api(world["filer"]), app, "second.pdf").status_code == 201
    assert status_of(app) == PaymentStatus.RECEIPT_UPLOADED


def test_the_supervisor_refunds_a_confirmed_payment_once(world):
    app = world["app"]
    supervisor = api(world["supervisor"])
    early = supervisor.post(url("api-payment-refund", app), {"reason": "Paid twice"}, format="json")
    assert early.status_code == 409
    assert early.json()["code"] == "wrong_state"
    upload(api(world["filer"]), app)
    api(world["officer"]).post(url("api-payment-confirm", app))
    assert supervisor.post(url("api-payment-refund", app), {}, format="json").status_code == 400
    response = supervisor.post(url("api-payment-refund", app), {"reason": "Paid twice"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "refunded"
    again = supervisor.post(url("api-payment-refund", app), {"reason": "Paid twice"}, format="json")
    assert again.status_code == 409
    assert Payment.objects.get(application=app).events.filter(kind="refunded").count() == 1


@pytest.mark.parametrize(
    ("name", "who", "code"),
    [
        ("api-payment-receipt", "stranger", 404),
        ("api-payment-receipt", "other_officer", 403),
        ("api-payment-receipt", "officer", 403),
        ("api-payment-confirm", "stranger", 404),
        ("api-payment-confirm", "filer", 403),
        ("api-payment-confirm", "other_officer", 403),
        ("api-payment-reject", "filer", 403),
        ("api-payment-reject", "stranger", 404),
        ("api-payment-refund", "officer", 403),
        ("api-payment-refund", "filer", 403),
        ("api-payment-refund", "stranger", 404),
    ],
)
def test_who_may_call_what(world, name, who, code):
    app = world["app"]
    upload(api(world["filer"]), app)
    before = status_of(app)
    body = {"receipt": factories.pdf_file("x.pdf"), "reason": "r"}
    response = api(world[who]).post(url(name, app), body, format="multipart")
    assert response.status_code == code
    if code == 403:
        assert response.json()["code"] == "not_allowed"
    assert status_of(app) == before


def test_an_unknown_application_is_404_whatever_the_body(world):
    response = api(world["filer"]).post(reverse("api-payment-receipt", args=[999999]), {}, format="multipart")
    assert response.status_code == 404


def test_upload_refusals(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    app = world["app"]
    filer = api(world["filer"])
    assert filer.post(url("api-payment-receipt", app), {}, format="multipart").status_code == 400
    bad = SimpleUploadedFile("receipt.pdf", b"<html><script>x</script></html>", content_type="application/pdf")
    refused = filer.post(url("api-payment-receipt", app), {"receipt": bad}, format="multipart")
    assert refused.status_code == 400
    assert refused.json()["code"] == "file_type"  # the upload check's own code
    assert status_of(app) == PaymentStatus.UNPAID


def test_no_receipt_before_approval_is_409(world):
    membership = factories.MembershipFactory(organisation=world["person"].organisation)
    draft = factories.advance(
        factories.c3_draft(membership=membership), State.IN_REVIEW, filer=membership.user, officer=world["officer"]
    )
    response = upload(api(membership.user), draft)
    assert response.status_code == 409
    assert response.json()["code"] == "wrong_state"
    assert not Payment.objects.filter(application=draft).exists()


def test_the_schema_documents_the_writes(client):
    schema = client.get(reverse("schema"), {"format": "json"}).json()
    paths = schema["paths"]
    receipt = paths["/api/v1/applications/{id}/payment/receipt/"]["post"]
    assert "multipart/form-data" in receipt["requestBody"]["content"]
    assert set(receipt["responses"]) >= {"201", "400", "403", "404", "409"}
    for action in ("confirm", "reject", "refund"):
        assert set(paths[f"/api/v1/applications/{{id}}/payment/{action}/"]["post"]["responses"]) >= {"200", "409"}
