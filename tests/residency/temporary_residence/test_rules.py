"""Who the TRP is for and what exempts a person (each refusal and its message), told before typing (the
preconditions) or at submission (the rules). Guide 2025, TRP; Decree 807 p.10."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from applications import services
from applications.exceptions import NotEligible, RuleFailure
from applications.registry import definition_for
from residency.temporary_residence.rules import RULES
from tests import factories

from .conftest import SERVICE, TODAY, cis_person, family_member_of, trp_draft

pytestmark = pytest.mark.django_db


def _preconditions(person) -> list[RuleFailure]:
    return definition_for(SERVICE).check_preconditions(person, person.organisation, TODAY)


def _rule_failures(app) -> dict[str, str]:
    specific = app.specific()
    return {f.rule: f.message for rule in RULES for f in rule(specific, TODAY)}


def test_a_citizen_of_a_cis_or_eaeu_state_may_have_it(membership):
    assert _preconditions(cis_person(membership, "UZB")) == []
    assert _preconditions(cis_person(membership, "KGZ")) == []
    assert _preconditions(cis_person(membership, "RUS")) == []


def test_another_citizenship_is_told_before_typing_to_file_a_visa_instead(membership):
    person = cis_person(membership, "GBR")
    (failure,) = _preconditions(person)
    assert failure.rule == "trp_citizenship"
    assert "only for citizens of CIS and EAEU states" in failure.message
    assert "United Kingdom" in failure.message
    assert "A visa is needed instead" in failure.message
    assert "C3 work visa issued in Kazakhstan" in failure.message
    with pytest.raises(NotEligible):
        trp_draft(membership, person)
    # The filing page lists it as soon as the person is known.
    client = Client()
    client.force_login(membership.user)
    page = client.get(reverse("application-new") + f"?service={SERVICE}&person={person.pk}").content.decode()
    assert "only for citizens of CIS and EAEU states" in page


def test_under_16_is_exempt_from_the_date_of_birth(membership):
    child = cis_person(membership, "UZB", date_of_birth=dt.date(2010, 6, 17))  # 16 tomorrow
    (failure,) = _preconditions(child)
    assert failure.rule == "trp_exempt_under_16"
    assert "is 15 and needs no temporary residence permit" in failure.message
    assert "from 17.06.2026" in failure.message
    assert _preconditions(cis_person(membership, "UZB", date_of_birth=dt.date(2010, 6, 16))) == []  # 16 today


def test_a_valid_kazakh_visa_on_record_exempts_before_typing(membership):
    person = cis_person(membership, "UZB")
    factories.VisaRecordFactory(person=person, number="C30000777", valid_to=dt.date(2026, 12, 31))
    (failure,) = _preconditions(person)
    assert failure.rule == "trp_exempt_kazakh_visa"
    assert "holds the Kazakh C3 visa C30000777, valid to 31.12.2026" in failure.message
    assert "entered on a Kazakh visa needs no temporary residence permit" in failure.message


@pytest.mark.parametrize(
    ("nationality", "days", "refused"),
    [("UZB", 30, True), ("UZB", 31, False), ("KGZ", 90, True), ("KGZ", 91, False), ("KGZ", 60, True)],
)
def test_the_planned_stay_must_exceed_the_threshold_of_the_citizenship(membership, nationality, days, refused):
    # Uzbekistan: CIS only (> 30); Kyrgyzstan: CIS and EAEU, so the EAEU threshold (> 90).
    app = trp_draft(membership, cis_person(membership, nationality), planned_stay_days=days)
    failures = _rule_failures(app)
    assert ("trp_stay_below_threshold" in failures) is refused
    if nationality == "KGZ" and refused:
        assert (
            "A citizen of a EAEU state needs a temporary residence permit only for a stay of more than 90"
            in (failures["trp_stay_below_threshold"])
        )
    if nationality == "UZB" and refused:
        assert "of a CIS state" in failures["trp_stay_below_threshold"]
        assert "more than 30 calendar days; the planned stay is 30" in failures["trp_stay_below_threshold"]


def test_the_planned_stay_is_required(membership):
    app = trp_draft(membership, cis_person(membership), planned_stay_days=None)
    assert _rule_failures(app)["trp_planned_stay_required"] == "Give the planned stay in Kazakhstan, in calendar days."


def test_entry_on_a_kazakh_visa_stated_on_the_form_exempts(membership):
    app = trp_draft(membership, cis_person(membership), entered_on_kazakh_visa=True)
    assert (
        "entered Kazakhstan on a Kazakh visa and needs no temporary residence permit"
        in (_rule_failures(app)["trp_exempt_kazakh_visa"])
    )


@pytest.mark.parametrize(("kind", "words"), [("diplomatic", "diplomatic passport"), ("service", "service passport")])
def test_a_diplomatic_or_service_passport_exempts(membership, kind, words):
    app = trp_draft(membership, cis_person(membership), passport_kind=kind)
    assert _rule_failures(app)["trp_exempt_passport"] == (
        f"Holders of a {words} need no temporary residence permit (Decree 807, point 10)."
    )
    assert "trp_exempt_passport" not in _rule_failures(trp_draft(membership, cis_person(membership)))


def test_an_employees_contract_end_is_required_and_not_past(membership):
    app = trp_draft(membership, cis_person(membership), contract_ends_on=None)
    assert "the permit never runs beyond it" in _rule_failures(app)["trp_contract_end_required"]
    app = trp_draft(membership, cis_person(membership), contract_ends_on=dt.date(2026, 6, 1))
    assert _rule_failures(app)["trp_contract_ended"] == "The contract ended on 01.06.2026; no permit can follow it."
    resident = trp_draft(membership, cis_person(membership), basis="aifc_investment_resident", contract_ends_on=None)
    assert "trp_contract_end_required" not in _rule_failures(resident)


def test_a_family_member_is_filed_with_the_principals_trp(membership):
    principal = cis_person(membership)
    spouse = family_member_of(principal)
    alone = trp_draft(membership, spouse)
    assert "file the principal's temporary residence permit" in _rule_failures(alone)["trp_principal_application"]
    linked = trp_draft(membership, spouse, principal=trp_draft(membership, principal))
    assert "trp_principal_application" not in _rule_failures(linked)


def test_no_term_left_is_refused_at_submission_with_the_reason(membership):
    person = cis_person(membership, passport_expires_on=dt.date(2026, 6, 20))
    app = trp_draft(membership, person)
    person.passport_expires_on = dt.date(2026, 6, 10)  # expired since the draft was opened
    person.save()
    factories.upload_checklist(app, membership.user)
    with pytest.raises(Exception) as exc:  # noqa: PT011 - RulesFailed carries every failure
        services.application_submit(user=membership.user, application=app)
    messages = " ".join(f.message for f in exc.value.failures)
    assert "No temporary residence permit can be issued: the latest end would be 10.06.2026" in messages
    assert "The passport expires on 10.06.2026" in messages


def test_a_complete_principal_passes_every_rule(membership):
    app = trp_draft(membership, cis_person(membership))
    assert _rule_failures(app) == {}
