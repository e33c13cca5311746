"""Every checklist condition the engine answers is set by what the filer declares or the data shows."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from applications.facts import ENGINE_FACTS
from qazeta.accounts import services as account_services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(dt.datetime(2026, 6, 16, 10, 0, tzinfo=ZoneInfo("Asia/Almaty")))


def _codes(application) -> set[str]:
    return {r.code for r in application.service.checklist(application.checklist_facts())}


def test_a_branch_host_party_is_asked_for_its_general_power_of_attorney(membership, employee):
    assert "branch-power-of-attorney" not in _codes(factories.c3_draft(membership=membership, person=employee))
    branch = factories.MembershipFactory(organisation__is_branch=True)
    draft = factories.c3_draft(membership=branch)
    assert "branch-power-of-attorney" in _codes(draft)


def test_the_branch_is_declared_at_registration(db):
    _user, organisation = account_services.employer_register(
        username="branch.admin",
        email="a@example.com",
        password="a-long-password-2026",
        name="Foreign Bank Astana Branch",
        bin=factories.make_bin(),
        aifc_registration_number="AIFC-B-1",
        is_branch=True,
    )
    assert organisation.is_branch is True


def test_a_representative_filing_is_asked_for_the_power_of_attorney(membership, employee):
    draft = factories.c3_draft(membership=membership, person=employee, filed_by_representative=True)
    assert "power-of-attorney" in _codes(draft)


def test_a_family_member_is_asked_for_kinship_proof_and_not_the_employees_documents(membership, employee):
    principal = factories.c3_draft(membership=membership, person=employee)
    spouse = factories.PersonFactory(organisation=membership.organisation, principal=employee, relationship="spouse")
    dependant = factories.c3_draft(membership=membership, person=spouse, principal=principal)
    facts = dependant.checklist_facts()
    assert facts["family_member"] is True
    assert facts["principal"] is False
    assert facts["employee"] is False
    assert "qualification-proof-cv" in _codes(principal)
    assert "qualification-proof-cv" not in _codes(dependant)


@pytest.mark.parametrize(
    ("born", "minor"),
    [
        (dt.date(2012, 6, 16), True),
        (dt.date(2012, 6, 17), False),
        (dt.date(2008, 6, 17), True),
        (dt.date(2008, 6, 16), False),
    ],
)
def test_a_child_aged_14_to_18_is_told_from_the_date_of_birth(membership, born, minor):
    person = factories.PersonFactory(organisation=membership.organisation, date_of_birth=born)
    draft = factories.c3_draft(membership=membership, person=person)
    assert ENGINE_FACTS["minor_14_18"](draft) is minor
