"""The qualification exemption's declaration, precondition and rules, each with its refusal and message."""

from __future__ import annotations

import pytest

from applications import services
from applications.catalogue import get_service
from applications.exceptions import NotAllowed, NotEligible, SubmissionRefused
from applications.registry import FilerKind, Step, definition_for
from qazeta.accounts.constants import Role
from tests import factories

from .conftest import SERVICE, qe_draft, qe_fields

pytestmark = pytest.mark.django_db


def _refusal(app, user) -> dict[str, str]:
    factories.upload_checklist(app, user)
    with pytest.raises(SubmissionRefused) as exc:
        services.application_submit(user=user, application=app)
    return {f.rule: f.message for f in exc.value.failures}


def test_declared_uploads_only_decided_by_the_aifc_administration_in_30_working_days():
    definition = definition_for(SERVICE)
    assert definition.lifecycle.steps == {
        Step.DOCUMENT_REVIEW,
        Step.INFORMATION_REQUESTS,
        Step.ELECTRONIC_DECISION,
        Step.STATE_BODY,
    }
    assert definition.lifecycle.state_body == "the AIFC Administration"
    assert definition.filers == {FilerKind.HOST_PARTY}
    assert definition.opened_by_staff is True
    assert definition.asks_decision_number is True
    service = get_service(SERVICE)
    assert (service.requires_appointment, service.requires_state_body, service.filing_enabled) == (False, True, True)
    assert service.sla_working_days == 30


def test_a_complete_request_is_submitted_due_in_30_working_days(membership, employee):
    app = qe_draft(membership, employee)
    factories.upload_checklist(app, membership.user)
    app = services.application_submit(user=membership.user, application=app)
    assert app.state == "submitted"
    assert str(app.due_date) == "2026-07-29"  # 30 working days after 16 June 2026 (6 July a holiday)
    assert app.fee_total == 60000


def test_without_the_declaration_it_is_refused_citing_the_general_rules(membership, employee):
    app = qe_draft(membership, employee, no_controlled_function=False)
    assert _refusal(app, membership.user) == {
        "controlled_function": "Declare that the employee performs no controlled or designated function: the AIFC "
        "Administration changes the qualification requirements only for such employees (AIFC General Rules 2.2 and "
        "2.3). An employee who performs one cannot be exempted this way."
    }


def test_the_criteria_not_met_are_said(membership, employee):
    app = qe_draft(membership, employee, unmet_criteria="   ")
    assert _refusal(app, membership.user) == {
        "unmet_criteria": "Say which education or work-experience criteria of GR0009 (Annex 1, parts A and B) the "
        "employee does not meet, and why the exemption or change is asked."
    }


def test_an_unknown_request_kind_is_refused(membership, employee):
    app = qe_draft(membership, employee)
    type(app).objects.filter(pk=app.pk).update(request_kind="waiver")
    app.refresh_from_db()
    assert _refusal(app, membership.user) == {
        "invalid_request_kind": "What is asked: choose an exemption or a change of the requirements."
    }


def test_a_family_member_is_told_before_a_draft_is_opened(membership, employee):
    spouse = factories.PersonFactory(organisation=membership.organisation, principal=employee, relationship="spouse")
    with pytest.raises(NotEligible) as exc:
        qe_draft(membership, spouse)
    (failure,) = exc.value.failures
    assert failure.rule == "not_an_employee"
    assert failure.message == (
        f"{spouse.full_name} is recorded as a family member. The AIFC qualification requirements (GR0009) apply to "
        "the host party's employees: file for the employee."
    )


def test_the_person_cannot_file_it_for_themselves(db):
    user = factories.UserFactory(role=Role.APPLICANT)
    person = factories.PersonFactory(account=user, organisation=None)
    with pytest.raises(NotAllowed, match="is filed by the host party"):
        factories.file_draft(SERVICE, user=user, person=person, **qe_fields())


def test_the_host_partys_application_is_asked_when_the_host_party_files(membership, employee):
    app = qe_draft(membership, employee)
    codes = [r.code for r in app.service.checklist(app.checklist_facts())]
    assert codes == [
        "qualification-exemption-application",
        "consent-personal-data",
        "passport-copy",
        "cv",
        "qualification-supporting-documents",
    ]
    assert definition_for(SERVICE).references["qualification-exemption-application"](app) is None
