"""The business visa rules, each refused with its message: the category-specific documents (B2 contract, B3
confirmation), the categories each service offers, the passport, and the extension's window and host party."""

from __future__ import annotations

import datetime as dt

import pytest

from applications import services
from applications.exceptions import NotEligible, SubmissionRefused
from applications.models import Application
from tests import factories

from .conftest import (
    ASTANA,
    MULTI_EXTENSION,
    MULTI_INVITATION,
    MULTI_VISA,
    SINGLE_EXTENSION,
    SINGLE_INVITATION,
    api_client_for,
    draft_of,
    visa_record,
)

pytestmark = pytest.mark.django_db


def _upload_all_but(app: Application, user, *skip: str) -> None:
    app = Application.objects.get(pk=app.pk)
    for req in app.service.checklist(app.checklist_facts()):
        if req.required and req.code not in skip:
            services.document_upload(user=user, application=app, item_code=req.code, file=factories.pdf_file())


def _refusal(app: Application, user) -> dict[str, str]:
    with pytest.raises(SubmissionRefused) as caught:
        services.application_submit(user=user, application=Application.objects.get(pk=app.pk))
    return {f.rule if not f.item else f"{f.rule}:{f.item}": f.message for f in caught.value.failures}


# ------------------------------------------------------------------------------- category documents
@pytest.mark.parametrize("service", [MULTI_INVITATION, MULTI_VISA])
def test_b2_without_the_contract_is_refused(service, membership, employee):
    app = draft_of(service, membership, employee, visa_category="B2")
    _upload_all_but(app, membership.user, "b2-services-contract")
    failures = _refusal(app, membership.user)
    assert failures == {
        "document_missing:b2-services-contract": "Upload “Contract for consulting, audit or installation works”."
    }


@pytest.mark.parametrize("service", [MULTI_INVITATION, MULTI_VISA])
def test_b3_without_the_membership_confirmation_is_refused(service, membership, employee):
    app = draft_of(service, membership, employee, visa_category="B3")
    codes = {r.code for r in app.service.checklist(app.checklist_facts())}
    assert "b2-services-contract" not in codes  # a founder needs no works contract
    _upload_all_but(app, membership.user, "b3-membership-confirmation")
    assert _refusal(app, membership.user) == {
        "document_missing:b3-membership-confirmation": (
            "Upload “Confirmation of membership of the founders or of the board of directors”."
        )
    }


def test_multiple_entry_extension_asks_the_document_of_the_extended_visas_category(membership, employee):
    visa_record(employee, category="B3", host=membership.organisation)
    app = draft_of(MULTI_EXTENSION, membership, employee)
    codes = {r.code for r in app.service.checklist(app.checklist_facts())}
    assert "b3-membership-confirmation" in codes
    assert "b2-services-contract" not in codes


# ------------------------------------------------------------------------------------------ categories
def test_single_entry_does_not_offer_b2(membership, employee):
    r = api_client_for(membership.user).post(
        "/api/v1/applications/",
        {
            "service": SINGLE_INVITATION,
            "person": employee.pk,
            "channel": "standard",
            "service_fields": {"visa_category": "B2", "visit_purpose": "Audit", "visa_pickup_place": "Berlin"},
        },
        format="json",
    )
    assert r.status_code == 400, r.content
    assert "B2" in r.content.decode()
    assert not Application.objects.filter(service_code=SINGLE_INVITATION).exists()


def test_a_single_entry_application_holding_b2_is_refused_at_submission(membership, employee):
    app = draft_of(SINGLE_INVITATION, membership, employee, visa_category="B1")
    _upload_all_but(app, membership.user)
    type(app.specific()).objects.filter(pk=app.pk).update(visa_category="B2")
    assert _refusal(app, membership.user) == {
        "visa_category": (
            "A single-entry business visa is issued in category B1 or B3 only, not B2. File the multiple-entry "
            "business visa invitation for B2."
        )
    }


def test_multiple_entry_does_not_offer_b1(membership, employee):
    app = draft_of(MULTI_INVITATION, membership, employee)
    _upload_all_but(app, membership.user)
    type(app.specific()).objects.filter(pk=app.pk).update(visa_category="B1")
    assert _refusal(app, membership.user)["visa_category"] == (
        "A multiple-entry business visa is issued in category B2 or B3 only, not B1."
    )


# ------------------------------------------------------------------------------------------- passport
@pytest.mark.parametrize("service", [SINGLE_INVITATION, MULTI_INVITATION, MULTI_VISA])
def test_passport_must_be_valid_more_than_3_months_with_2_blank_pages(service, membership):
    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=dt.date(2026, 9, 16))
    app = draft_of(service, membership, person, passport_blank_pages=1)
    _upload_all_but(app, membership.user)
    assert _refusal(app, membership.user) == {
        "passport_validity": (
            "The passport must be valid for more than 3 months after submission (it expires on 16.09.2026; it "
            "must expire after 16.09.2026)."
        ),
        "blank_pages": "The passport needs at least 2 blank pages; 1 declared.",
    }


# ------------------------------------------------------------------------------------------ extensions
@pytest.mark.parametrize(("service", "held"), [(SINGLE_EXTENSION, "B1"), (MULTI_EXTENSION, "B2")])
def test_extension_before_the_window_opens_is_refused_before_typing(service, held, membership, employee):
    visa_record(employee, category=held, host=membership.organisation, valid_to=dt.date(2026, 12, 31))
    with pytest.raises(NotEligible) as caught:
        draft_of(service, membership, employee)
    (failure,) = caught.value.failures
    assert failure.rule == "extension_window"
    assert "(30 to 5 working days before it expires); it is not open yet." in failure.message
    assert f"{held} visa {held}0000111, valid 16.07.2025–31.12.2026" in failure.message


@pytest.mark.parametrize(
    ("service", "instead"),
    [
        (SINGLE_EXTENSION, "Invitation letter for a single-entry business visa (B1, B3)"),
        (MULTI_EXTENSION, "Multiple-entry business visa (B2, B3) issued in Kazakhstan"),
    ],
)
def test_extension_after_the_window_closed_names_the_new_visa_to_file(service, instead, membership, employee):
    held = "B3"
    visa_record(employee, category=held, host=membership.organisation, valid_to=dt.date(2026, 6, 19))
    with pytest.raises(NotEligible) as caught:
        draft_of(service, membership, employee)
    (failure,) = caught.value.failures
    assert failure.rule == "extension_window"
    assert "closed on" in failure.message
    assert f"File “{instead}” instead; staying beyond the visa risks fines." in failure.message


@pytest.mark.parametrize("service", [SINGLE_EXTENSION, MULTI_EXTENSION])
def test_extension_with_another_host_party_is_refused(service, membership, employee):
    other = factories.OrganisationFactory(name="Former Host Ltd")
    visa_record(employee, category="B3", host=other)
    r = api_client_for(membership.user).post(
        "/api/v1/applications/",
        {"service": service, "person": employee.pk, "channel": "standard", "passport_blank_pages": 4},
        format="json",
    )
    assert r.status_code == 400, r.content
    body = r.content.decode()
    assert "was issued for the host party Former Host Ltd; a visa is extended only with the same host party" in body
    assert not Application.objects.filter(service_code=service).exists()


@pytest.mark.parametrize(("service", "held"), [(SINGLE_EXTENSION, "B2"), (MULTI_EXTENSION, "B1")])
def test_extension_of_a_visa_of_the_other_kind_is_refused(service, held, membership, employee):
    visa_record(employee, category=held, host=membership.organisation)
    with pytest.raises(NotEligible) as caught:
        draft_of(service, membership, employee)
    (failure,) = caught.value.failures
    assert failure.rule == "no_current_visa"
    assert "only a valid visa can be extended" in failure.message


def test_extension_window_is_checked_again_at_submission(membership, employee, clock):
    visa_record(employee, category="B2", host=membership.organisation)
    app = draft_of(MULTI_EXTENSION, membership, employee)
    _upload_all_but(app, membership.user)
    clock.move_to(dt.datetime(2026, 7, 13, 10, 0, tzinfo=ASTANA), tick=False)
    failures = _refusal(app, membership.user)
    assert list(failures) == ["extension_window"]
    assert "closed on" in failures["extension_window"]
