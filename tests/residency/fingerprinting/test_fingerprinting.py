"""Fingerprinting: the fee waiver computed from the person's applications (each qualifying service, an invitation
not counting unless the supervisors' setting says so, a refused/withdrawn/cancelled application not counting, a fee
counting as paid only as its payment says: the receipt uploaded or the payment confirmed), the
note naming the application relied on, the journey through issue and the certificate reused by reference."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications import services
from applications.constants import State
from applications.models import Application
from applications.selectors import checklist_status
from applications.views_helpers import fee_quote_for
from payments import services as payments
from qazeta.accounts import services as account_services
from residency.fingerprinting.models import FingerprintingSettings
from tests import factories
from tests.clock import astana

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 16)
CODE = "fingerprinting"
EXTRA_FIELDS = {
    "c3-visa": {"validity_years": 2, "passport_blank_pages": 4},
    "a5-visa": {"validity_years": 2, "passport_blank_pages": 4},
    "c3-invitation": {"validity_years": 2, "passport_blank_pages": 4},
    "a5-invitation": {"validity_years": 2, "passport_blank_pages": 4},
    "a6-invitation": {"validity_years": 2, "passport_blank_pages": 4},
}


@pytest.fixture(autouse=True)
def _a_fixed_day(time_machine):
    time_machine.move_to(astana(TODAY, 10))


def _service_fields(code: str) -> dict:
    from applications.registry import registry

    model = registry.get(code).model
    values = {
        "position": "Analyst",
        "contract_ends_on": dt.date(2028, 1, 1),
        "visa_pickup_place": "Embassy of Kazakhstan, London",
        "petitioner": "aifc_administration",
    }
    names = registry.get(code).filing_field_names()
    return {k: v for k, v in values.items() if k in names and model._meta.get_field(k)}


def _paid(code: str, membership, person, state: str | None = None, officer=None) -> Application:
    """An application of ``code`` for ``person`` with its fee paid: submitted (its fee frozen), its documents
    approved (the invoice issued) and the payment receipt uploaded; or, given ``state``, only walked to it."""
    app = factories.file_draft(
        code, membership=membership, person=person, **EXTRA_FIELDS.get(code, {}), **_service_fields(code)
    )
    if state == State.DRAFT:
        return app
    officer = officer or factories.UserFactory(officer=True)
    if state is not None:
        return factories.advance(app, state, filer=membership.user, officer=officer)
    app = factories.advance(app, State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer)
    payments.receipt_upload(user=membership.user, application=app, file=factories.pdf_file("receipt.pdf"))
    return app


def _quote(membership, person):
    return fee_quote_for(factories.file_draft(CODE, membership=membership, person=person))


def test_without_a_paid_visa_or_trp_the_fee_is_10000(membership, employee):
    quote = _quote(membership, employee)
    assert quote["service_fee"] == Decimal("10000.00")
    assert not quote["note"].startswith("Free: the service fee of")


@pytest.mark.parametrize("code", ["c3-visa", "a5-visa"])
def test_a_paid_work_or_investor_visa_makes_it_free_and_the_quote_names_the_application(code, membership, employee):
    paid = _paid(code, membership, employee)
    quote = _quote(membership, employee)
    assert quote["service_fee"] == Decimal("0.00")
    assert quote["total"] == quote["state_duty"]
    assert paid.reference in quote["note"]
    assert quote["note"].startswith(f"Free: the service fee of {paid.service.name}")


def test_the_trp_counts_as_a_qualifying_service_of_the_same_person(membership, employee):
    # The TRP is filed by another plug-in; its frozen fee is read like any other application's.
    other = _paid("c3-visa", membership, employee)
    Application.objects.filter(pk=other.pk).update(service_code="temporary-residence")
    from residency.fingerprinting.fees import waiver_application

    draft = factories.file_draft(CODE, membership=membership, person=employee)
    assert waiver_application(draft).pk == other.pk


def test_another_persons_paid_visa_does_not_count(membership, employee):
    _paid("c3-visa", membership, factories.PersonFactory(organisation=membership.organisation))
    assert _quote(membership, employee)["service_fee"] == Decimal("10000.00")


@pytest.mark.parametrize("state", [State.DRAFT, State.WITHDRAWN, State.REFUSED, State.CANCELLED])
def test_an_unsubmitted_withdrawn_refused_or_cancelled_visa_does_not_count(state, membership, employee, officer):
    _paid("c3-visa", membership, employee, state=state, officer=officer)
    assert _quote(membership, employee)["service_fee"] == Decimal("10000.00")


def test_a_fee_not_paid_does_not_count_whatever_the_state(membership, employee, officer):
    """The waiver agrees with the payment: a visa submitted but not yet invoiced, one invoiced and unpaid, one whose
    receipt was rejected, one refunded: none makes fingerprinting free."""
    submitted = _paid("c3-visa", membership, employee, state=State.SUBMITTED, officer=officer)
    assert _quote(membership, employee)["service_fee"] == Decimal("10000.00")
    approved = factories.advance(submitted, State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer)
    assert _quote(membership, employee)["service_fee"] == Decimal("10000.00")  # invoiced, unpaid
    payments.receipt_upload(user=membership.user, application=approved, file=factories.pdf_file("r.pdf"))
    quote = _quote(membership, employee)
    assert quote["service_fee"] == Decimal("0.00")
    assert f"({approved.reference}) was paid." in quote["note"]
    payments.payment_reject(user=officer, application=approved, reason="Wrong account")
    assert _quote(membership, employee)["service_fee"] == Decimal("10000.00")  # the receipt was rejected
    payments.receipt_upload(user=membership.user, application=approved, file=factories.pdf_file("r2.pdf"))
    payments.payment_confirm(user=officer, application=approved)
    assert _quote(membership, employee)["service_fee"] == Decimal("0.00")
    payments.payment_refund(user=factories.UserFactory(supervisor=True), application=approved, reason="Paid twice")
    assert _quote(membership, employee)["service_fee"] == Decimal("10000.00")  # refunded


@pytest.mark.parametrize("code", ["c3-invitation", "a5-invitation", "a6-invitation"])
def test_a_paid_invitation_counts_only_when_the_supervisors_setting_says_so(code, membership, employee):
    paid = _paid(code, membership, employee)
    assert _quote(membership, employee)["service_fee"] == Decimal("10000.00")
    FingerprintingSettings.objects.update_or_create(pk=1, defaults={"invitations_earn_waiver": True})
    quote = _quote(membership, employee)
    assert quote["service_fee"] == Decimal("0.00")
    assert paid.reference in quote["note"]


def test_the_waiver_is_frozen_at_submission(membership, employee):
    _paid("c3-visa", membership, employee)
    app = factories.file_draft(CODE, membership=membership, person=employee)
    factories.upload_checklist(app, membership.user)
    submitted = services.application_submit(user=membership.user, application=app)
    assert submitted.fee_service == Decimal("0.00")
    assert "Free: the service fee of" in submitted.fee_note


def test_supervisors_change_the_setting_in_the_admin_with_history_and_officers_cannot(client, officer):
    supervisor = account_services.staff_user_create(
        username="sup", email="sup@example.com", password="Str0ng-pass-2025!", supervisor=True
    )
    FingerprintingSettings.current()
    client.force_login(officer)
    assert client.get("/admin/residency_fingerprinting/fingerprintingsettings/1/change/").status_code in (302, 403)
    client.force_login(supervisor)
    r = client.post(
        "/admin/residency_fingerprinting/fingerprintingsettings/1/change/",
        {"invitations_earn_waiver": "on", "note": "EC letter 12/2026"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    settings = FingerprintingSettings.objects.get(pk=1)
    assert settings.invitations_earn_waiver is True
    assert settings.history.count() == 2
    assert settings.history.first().history_user == supervisor
    assert client.get("/admin/residency_fingerprinting/fingerprintingsettings/add/").status_code == 403


def test_journey_through_issue_and_the_certificate_satisfies_the_visa_checklists(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    from qazeta.documents.models import IssuedDocument

    app = factories.file_draft(CODE, membership=membership, person=employee)
    assert app.lifecycle.term_unit == "minutes"
    scan = SimpleUploadedFile("cert.pdf", factories.PDF_BYTES + b"% fingerprinting\n", content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=True):
        issued = factories.advance(
            app,
            State.ISSUED,
            filer=membership.user,
            officer=officer,
            issue={"attachments": {"fingerprinting_certificate": scan}},
        )
    assert issued.state == State.ISSUED
    assert issued.submitted_at is not None
    assert issued.due_at is not None
    certificate = IssuedDocument.objects.get(application=issued)
    assert certificate.kind == "fingerprinting_certificate"
    assert certificate.received
    visa = factories.file_draft(
        "c3-visa", membership=membership, person=employee, **EXTRA_FIELDS["c3-visa"], **_service_fields("c3-visa")
    )
    row = {r.requirement.code: r for r in checklist_status(visa)}["fingerprinting-certificate"]
    assert row.on_record is not None
    assert certificate.verification_code in row.on_record.url


def test_html_the_draft_page_shows_the_waiver_and_the_application_it_relies_on(membership, employee):
    paid = _paid("a5-visa", membership, employee)
    client = Client()
    client.force_login(membership.user)
    r = client.post(
        reverse("application-new") + f"?service={CODE}",
        {"service": CODE, "person": employee.pk, "channel": "standard", "consent": "on"},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    app = Application.objects.get(service_code=CODE, person=employee)
    page = client.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert f"Free: the service fee of {paid.service.name} ({paid.reference}) was paid." in page


def test_the_iin_on_the_persons_record_satisfies_the_iin_item(membership, employee):
    from tests.residency.iin.conftest import make_iin

    app = factories.file_draft(CODE, membership=membership, person=employee)
    assert {r.requirement.code: r for r in checklist_status(app)}["iin"].on_record is None
    employee.iin = make_iin(employee.date_of_birth, employee.sex)
    employee.save(update_fields=["iin"])
    row = {r.requirement.code: r for r in checklist_status(app)}["iin"]
    assert row.on_record is not None
    assert row.on_record.label == f"IIN {employee.iin}"
