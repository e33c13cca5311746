"""The EDS's precondition and rules, each with its refusal and message, and the checklist fact ``legal_entity``."""

from __future__ import annotations

import pytest

from applications import services
from applications.exceptions import NotEligible, SubmissionRefused
from tests import factories

from .conftest import SERVICE, eds_draft

pytestmark = pytest.mark.django_db


def _refusal(app, user) -> dict[str, str]:
    factories.upload_checklist(app, user)
    with pytest.raises(SubmissionRefused) as exc:
        services.application_submit(user=user, application=app)
    return {f.rule: f.message for f in exc.value.failures}


def test_a_complete_individual_request_is_submitted(membership, employee):
    app = eds_draft(membership=membership, person=employee)
    factories.upload_checklist(app, membership.user)
    assert services.application_submit(user=membership.user, application=app).state == "submitted"


def test_no_iin_is_told_before_a_draft_is_opened(membership):
    person = factories.PersonFactory(organisation=membership.organisation)
    with pytest.raises(NotEligible) as exc:
        eds_draft(membership=membership, person=person)
    (failure,) = exc.value.failures
    assert failure.rule == "iin_missing"
    assert failure.message == (
        f"{person.full_name} has no IIN on record. An EDS is requested on pki.gov.kz with the IIN (a legal entity's "
        "with its first head's IIN): obtain the IIN first (the IIN service), then request the EDS."
    )


def test_the_pki_request_number_is_required(membership, employee):
    app = eds_draft(membership=membership, person=employee, pki_request_number="")
    assert _refusal(app, membership.user) == {
        "pki_request_missing": "Give the number of the EDS request made on the National Certification Centre's "
        "portal (pki.gov.kz). The EDS is requested there; the Expat Centre visit only activates it."
    }


def test_a_malformed_pki_request_number_is_refused(membership, employee):
    app = eds_draft(membership=membership, person=employee)
    type(app).objects.filter(pk=app.pk).update(pki_request_number="no spaces please")
    app.refresh_from_db()
    assert _refusal(app, membership.user) == {
        "pki_request_number": "Give the request number as pki.gov.kz shows it: letters, digits, hyphens or slashes "
        "(3 to 40)."
    }


def test_the_mobile_citizens_database_registration_is_declared(membership, employee):
    app = eds_draft(membership=membership, person=employee, mobile_citizens_registered=False)
    assert _refusal(app, membership.user) == {
        "mobile_citizens_database": "Confirm that the applicant is registered in the mobile citizens database: the "
        "guide asks to check it before the EDS is requested, and the EDS cannot be activated otherwise."
    }


def test_a_legal_entitys_eds_is_filed_by_the_host_party(self_applicant):
    user, person = self_applicant
    app = eds_draft(user=user, person=person, holder="legal_entity")
    assert _refusal(app, user) == {
        "legal_entity_by_host_party": "A legal entity's EDS is requested with its BIN and its first head's IIN: the "
        "host party files it for its first head. Filing for yourself, choose your own (individual) EDS."
    }


def test_an_unknown_holder_is_refused(membership, employee):
    app = eds_draft(membership=membership, person=employee)
    type(app).objects.filter(pk=app.pk).update(holder="trust")
    app.refresh_from_db()
    failures = _refusal(app, membership.user)
    assert failures == {"invalid_holder": "Whose EDS: choose one of the options."}


@pytest.mark.parametrize(("holder", "asks_order"), [("individual", False), ("legal_entity", True)])
def test_the_checklist_asks_the_first_heads_order_for_a_legal_entity(membership, employee, holder, asks_order):
    app = eds_draft(membership=membership, person=employee, holder=holder)
    assert app.checklist_facts()["legal_entity"] is asks_order
    codes = [r.code for r in app.service.checklist(app.checklist_facts())]
    assert codes == ["pki-request", *(["first-head-appointment-order"] if asks_order else []), "consent-personal-data"]


def test_filed_by_the_person_or_the_host_party(self_applicant, membership, employee):
    user, person = self_applicant
    assert eds_draft(user=user, person=person).service_code == SERVICE
    assert eds_draft(membership=membership, person=employee, holder="legal_entity").organisation_id == (
        membership.organisation_id
    )
