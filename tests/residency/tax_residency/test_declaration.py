"""The two tax residency declarations: registry check, catalogue agreement, lifecycle, fees and checklist facts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import management
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.catalogue import get_service
from applications.checks import check_registry
from applications.constants import State
from applications.exceptions import SubmissionRefused
from applications.models import Application
from applications.registry import FilerKind, Outcome, Step, TermUnit, definition_for, get_registry
from applications.services.outputs import document_revoke
from fees.selectors import quote
from qazeta.accounts.validators import kz_check_digit
from residency.tax_residency.models import (
    AifcTaxResidencyCertificateApplication,
    TaxResidencyCertificateApplication,
)
from residency.tax_residency.plugin import STATE_REVENUE_COMMITTEE
from tests import factories

from .helpers import AIFC, CERTIFICATE, STANDARD, aifc_draft, checklist_codes, issue_kwargs, standard_draft

pytestmark = pytest.mark.django_db

INDIVIDUAL_ITEMS = {"passport-copy", "stay-period-proof", "residence-permit-copy"}
MIA_LETTER = "mia-citizenship-letter"


# --------------------------------------------------------------------------------------------- declaration
def test_both_services_are_fileable_and_the_registry_check_finds_nothing_wrong():
    registry = get_registry()
    assert registry.fileable(STANDARD) is not None
    assert registry.fileable(AIFC) is not None
    mine = [e for e in check_registry(registry) if STANDARD in e.msg or AIFC in e.msg]
    assert mine == []
    management.call_command("check")  # the registered system check (services.E001-E008) passes


def test_standard_certificate_lifecycle_has_the_appointment_and_the_tax_authority():
    definition = definition_for(STANDARD)
    lifecycle = definition.lifecycle
    assert definition.model is TaxResidencyCertificateApplication
    assert lifecycle.path() == [
        State.DRAFT,
        State.SUBMITTED,
        State.IN_REVIEW,
        State.DOCUMENTS_APPROVED,
        State.APPOINTMENT_BOOKED,
        State.ORIGINALS_RECEIVED,
        State.WITH_AUTHORITY,
        State.ISSUED,
    ]
    assert lifecycle.state_body == STATE_REVENUE_COMMITTEE
    assert "State Revenue Committee" in lifecycle.state_body
    assert get_service(STANDARD).requires_appointment is True


def test_aifc_certificate_lifecycle_has_no_appointment_but_the_tax_authority():
    definition = definition_for(AIFC)
    lifecycle = definition.lifecycle
    assert definition.model is AifcTaxResidencyCertificateApplication
    assert lifecycle.path() == [
        State.DRAFT,
        State.SUBMITTED,
        State.IN_REVIEW,
        State.DOCUMENTS_APPROVED,
        State.WITH_AUTHORITY,
        State.ISSUED,
    ]
    assert not lifecycle.has(Step.APPOINTMENT)
    assert lifecycle.forward_from == State.DOCUMENTS_APPROVED
    assert get_service(AIFC).requires_appointment is False
    assert get_service(AIFC).requires_state_body is True


@pytest.mark.parametrize("code", [STANDARD, AIFC])
def test_common_terms_of_both_services(code):
    definition = definition_for(code)
    service = get_service(code)
    # 3-5 working days; the engine counts the upper bound; no 30-day extension (visa services only).
    assert (service.term_working_days, service.term_working_days_max) == (3, 5)
    assert definition.lifecycle.term_unit == TermUnit.WORKING_DAYS
    assert definition.lifecycle.term_extension is False
    assert definition.filers == frozenset({FilerKind.PERSON, FilerKind.HOST_PARTY})
    # The decision number is the tax authority's certificate number; refusal is free text, with no document.
    assert definition.asks_decision_number is True
    assert definition.refusal_grounds == ()
    assert definition.outputs_for(Outcome.REFUSED) == ()
    (output,) = definition.outputs_for(Outcome.ISSUED)
    assert output.kind == CERTIFICATE
    assert output.received is True
    assert output.template == ""


@pytest.mark.parametrize("code", [STANDARD, AIFC])
def test_due_date_is_five_working_days_after_submission(code, membership, officer):
    draft = standard_draft(membership=membership) if code == STANDARD else aifc_draft(membership=membership)
    factories.upload_checklist(draft, membership.user)
    app = services.application_submit(user=membership.user, application=draft)
    # Submitted Tuesday 16 June 2026: five working days later is Tuesday 23 June.
    assert app.due_date.isoformat() == "2026-06-23"
    assert app.term_extension_days == 0


# --------------------------------------------------------------------------------------------- fees
def test_aifc_fee_stands_with_the_decree_1242_note():
    today = timezone.localdate()
    q = quote(service=AIFC, channel="standard", on=today)
    assert q.service_fee == Decimal("40000.00")
    assert q.state_duty == Decimal("0")
    assert q.total == Decimal("40000.00")
    assert quote(service=AIFC, channel="personal_manager", on=today).service_fee == Decimal("140000.00")
    note = get_service(AIFC).fee_note
    assert "Decree No 1242" in note
    assert "until an act abolishes it, the fee stands" in note


def test_aifc_service_page_shows_the_fee_and_the_decree_note():
    page = Client().get(reverse("service-detail", args=[AIFC])).content.decode()
    assert "40,000" in page
    assert "140,000" in page
    assert "Decree No 1242" in page


def test_aifc_fee_is_frozen_at_submission(membership):
    draft = aifc_draft(membership=membership)
    factories.upload_checklist(draft, membership.user)
    app = services.application_submit(user=membership.user, application=draft)
    assert app.fee_service == Decimal("40000.00")
    assert app.fee_total == Decimal("40000.00")


def test_standard_fee_by_channel_and_no_walk_in():
    assert quote(service=STANDARD, channel="standard").total == Decimal("40000.00")
    assert quote(service=STANDARD, channel="personal_manager").total == Decimal("140000.00")
    assert get_service(STANDARD).channels == ("standard", "personal_manager")


# --------------------------------------------------------------------------------------------- facts
def test_individual_gets_the_personal_documents_and_not_the_management_proof(membership):
    draft = standard_draft(membership=membership, applicant_kind="individual")
    codes = checklist_codes(draft)
    assert codes >= INDIVIDUAL_ITEMS
    assert "effective-management-proof" not in codes
    assert "tax-residency-application" in codes
    required = {r.code for r in draft.service.checklist(draft.checklist_facts()) if r.required}
    assert "residence-permit-copy" not in required  # "if any"


def test_legal_entity_gets_the_management_proof_and_not_the_personal_documents(membership):
    draft = standard_draft(membership=membership, applicant_kind="legal_entity", entity_name="Steppe Holdings B.V.")
    codes = checklist_codes(draft)
    assert codes == {"tax-residency-application", "effective-management-proof"}


def test_checklist_follows_a_change_of_the_declared_applicant_kind(membership):
    draft = standard_draft(membership=membership, applicant_kind="individual")
    assert "effective-management-proof" not in checklist_codes(draft)
    services.application_update_draft(
        user=membership.user, application=draft, applicant_kind="legal_entity", entity_name="Steppe Holdings B.V."
    )
    assert "effective-management-proof" in checklist_codes(draft)
    assert not INDIVIDUAL_ITEMS & checklist_codes(draft)


def test_first_aifc_application_asks_for_the_internal_affairs_letter(membership):
    draft = aifc_draft(membership=membership)
    assert draft.checklist_facts()["first_application"] is True
    assert MIA_LETTER in checklist_codes(draft)
    requirement = get_service(AIFC).document(MIA_LETTER)
    assert requirement.required
    assert "internal affairs" in requirement.name.lower()


def test_no_internal_affairs_letter_once_an_earlier_aifc_certificate_was_issued(membership, officer):
    person = factories.PersonFactory(organisation=membership.organisation)
    first = aifc_draft(membership=membership, person=person)
    factories.advance(first, State.ISSUED, filer=membership.user, officer=officer, issue=issue_kwargs())
    assert first.uploads.filter(item_code=MIA_LETTER).exists()

    second = aifc_draft(membership=membership, person=person, tax_period_year=2026)
    assert second.checklist_facts()["first_application"] is False
    assert MIA_LETTER not in checklist_codes(second)
    # The first application's own checklist does not change afterwards.
    assert MIA_LETTER in checklist_codes(first)


def _iin(first11: str = "85041230001") -> str:
    return f"{first11}{kz_check_digit(first11)}"


def test_the_earlier_certificate_counts_for_the_same_person_under_a_new_passport(membership, officer):
    # One person, one IIN (unique in the portal): a renewed passport updates the person, whose history stays.
    person = factories.PersonFactory(organisation=membership.organisation, iin=_iin())
    factories.advance(
        aifc_draft(membership=membership, person=person),
        State.ISSUED,
        filer=membership.user,
        officer=officer,
        issue=issue_kwargs(),
    )
    person.passport_number = "N0000001"
    person.save()
    assert MIA_LETTER not in checklist_codes(aifc_draft(membership=membership, person=person))


@pytest.mark.parametrize("outcome", [State.REFUSED, State.WITHDRAWN])
def test_a_refused_or_withdrawn_first_application_still_leaves_the_letter_required(membership, officer, outcome):
    # Digest 3-1 (reading): if no residency document was issued on the initial application, the letter stays.
    person = factories.PersonFactory(organisation=membership.organisation)
    factories.advance(aifc_draft(membership=membership, person=person), outcome, filer=membership.user, officer=officer)
    assert MIA_LETTER in checklist_codes(aifc_draft(membership=membership, person=person))


def test_another_persons_certificate_or_a_standard_certificate_does_not_count(membership, officer):
    person = factories.PersonFactory(organisation=membership.organisation)
    factories.advance(
        aifc_draft(membership=membership), State.ISSUED, filer=membership.user, officer=officer, issue=issue_kwargs()
    )
    factories.advance(
        standard_draft(membership=membership, person=person),
        State.ISSUED,
        filer=membership.user,
        officer=officer,
        issue=issue_kwargs(),
    )
    assert MIA_LETTER in checklist_codes(aifc_draft(membership=membership, person=person))


def test_a_revoked_earlier_certificate_does_not_count(membership, officer, supervisor):
    person = factories.PersonFactory(organisation=membership.organisation)
    first = factories.advance(
        aifc_draft(membership=membership, person=person),
        State.ISSUED,
        filer=membership.user,
        officer=officer,
        issue=issue_kwargs(),
    )
    document_revoke(user=supervisor, document=first.issued_documents.get(), reason="Wrong scan attached")
    assert MIA_LETTER in checklist_codes(aifc_draft(membership=membership, person=person))


def test_a_declared_initial_certificate_number_drops_the_letter(membership):
    draft = aifc_draft(membership=membership, initial_certificate_number="620300-2024-000777")
    assert draft.checklist_facts()["first_application"] is False
    assert MIA_LETTER not in checklist_codes(draft)
    assert {"tax-residency-application", "aifc-investment-confirmation", "residency-fee-payment"} <= checklist_codes(
        draft
    )


def test_the_letter_is_required_at_submission_of_a_first_application(membership):
    draft = aifc_draft(membership=membership)
    for req in draft.service.checklist(draft.checklist_facts()):
        if req.required and req.code != MIA_LETTER:
            services.document_upload(
                user=membership.user, application=draft, item_code=req.code, file=factories.pdf_file()
            )
    with pytest.raises(SubmissionRefused) as exc:
        services.application_submit(user=membership.user, application=draft)
    assert [(f.rule, f.item) for f in exc.value.failures] == [("document_missing", MIA_LETTER)]
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT
