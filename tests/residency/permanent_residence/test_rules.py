"""The permanent residence permit's rules, each with its refusal and message, the computed limits and the facts."""

from __future__ import annotations

import datetime as dt

import pytest

from applications import services
from applications.exceptions import RuleFailure
from qazeta.accounts.constants import Relationship
from residency.permanent_residence.rules import (
    family_includes_minor_14_18,
    requested_validity_within_limits,
    validity_limit,
    whole_years_within_passport,
)
from tests import factories

from .conftest import CODE, TODAY, give_investor_visa, long_passport, pr_draft

pytestmark = pytest.mark.django_db


def _codes(failures: list[RuleFailure]) -> list[str]:
    return [f.rule for f in failures]


def _submit_failures(app, user) -> list[RuleFailure]:
    from applications.exceptions import SubmissionRefused

    factories.upload_checklist(app, user)
    with pytest.raises(SubmissionRefused) as exc:
        services.application_submit(user=user, application=app)
    return exc.value.failures


def test_more_than_ten_years_is_refused_with_the_maximum(membership):
    from applications.exceptions import ApplicationError

    with pytest.raises(ApplicationError) as exc:
        pr_draft(membership, years=11)
    assert exc.value.message == "Requested validity (years): Ensure this value is less than or equal to 10."
    # And at submission, whatever path stored it.
    app = pr_draft(membership, years=10).specific()
    app.requested_validity_years = 11
    (failure,) = requested_validity_within_limits(app, TODAY)
    assert failure.rule == "validity_over_10_years"
    assert failure.message == "A permanent residence permit is valid for at most 10 years; 11 were asked for."


def test_zero_years_is_refused(membership):
    app = pr_draft(membership).specific()
    app.requested_validity_years = 0
    (failure,) = requested_validity_within_limits(app, TODAY)
    assert failure.message == "Give the requested validity: 1 to 10 whole years."


def test_ten_years_within_the_passport_pass(membership):
    assert requested_validity_within_limits(pr_draft(membership, years=10).specific(), TODAY) == []


def test_a_validity_beyond_the_passport_is_refused_at_submission_with_the_most_years_that_fit(membership):
    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=dt.date(2030, 3, 1))
    give_investor_visa(person)
    app = pr_draft(membership, person, years=5)
    failures = _submit_failures(app, membership.user)
    assert _codes(failures) == ["validity_beyond_passport"]
    assert failures[0].message == (
        "A permit of 5 years from 16.06.2026 would end on 15.06.2031, after the passport expires (01.03.2030); the "
        "permit never runs beyond the passport: ask for at most 3 years, or renew the passport first."
    )
    app.specific().__class__.objects.filter(pk=app.pk).update(requested_validity_years=3)
    services.application_submit(user=membership.user, application=app.__class__.objects.get(pk=app.pk))


def test_when_not_one_year_fits_the_filer_is_told_to_renew_the_passport(membership):
    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=dt.date(2027, 3, 1))
    app = pr_draft(membership, person, years=1).specific()
    (failure,) = requested_validity_within_limits(app, TODAY)
    assert failure.message.endswith("the permit never runs beyond the passport: renew the passport first.")


@pytest.mark.parametrize(
    ("expires", "refused"),
    [(dt.date(2026, 12, 13), True), (dt.date(2026, 12, 14), False)],  # 16.06 + 180 days = 13.12.2026
)
def test_the_passport_must_be_valid_more_than_180_calendar_days(membership, expires, refused):
    person = factories.PersonFactory(organisation=membership.organisation, passport_expires_on=expires)
    app = pr_draft(membership, person, years=1)
    factories.upload_checklist(app, membership.user)
    from applications.exceptions import SubmissionRefused

    if refused:
        with pytest.raises(SubmissionRefused) as exc:
            services.application_submit(user=membership.user, application=app)
        messages = [f.message for f in exc.value.failures]
        assert (
            "The passport must be valid for more than 180 calendar days after submission (it expires on 13.12.2026; "
            "it must expire after 13.12.2026)."
        ) in messages
    else:
        # Passport rule passes; only the validity (1 year ends 15.06.2027, after 14.12.2026) is refused.
        with pytest.raises(SubmissionRefused) as exc:
            services.application_submit(user=membership.user, application=app)
        assert _codes(exc.value.failures) == ["validity_beyond_passport"]


def test_the_limit_is_ten_years_from_the_first_day_when_the_passport_lasts_longer():
    person = factories.PersonFactory.build(**long_passport())
    limit = validity_limit(person, dt.date(2026, 8, 1))
    assert (limit.latest, limit.by_passport) == (dt.date(2036, 7, 31), False)
    assert limit.reason == "at most 10 years from 01.08.2026 (the passport expires later)"


def test_the_limit_is_the_passports_expiry_when_it_comes_first():
    person = factories.PersonFactory.build(passport_expires_on=dt.date(2031, 5, 4))
    limit = validity_limit(person, dt.date(2026, 8, 1))
    assert (limit.latest, limit.by_passport) == (dt.date(2031, 5, 4), True)
    assert "the passport expires on 04.05.2031" in limit.reason
    assert whole_years_within_passport(person, dt.date(2026, 8, 1)) == 4


def test_the_investor_visa_on_record_satisfies_its_item_otherwise_it_is_uploaded(membership):
    from applications.selectors import checklist_status

    app = pr_draft(membership)
    row = {r.requirement.code: r for r in checklist_status(app)}["investor-visa-copy"]
    assert row.on_record is None
    visa = give_investor_visa(app.person, "A6")
    row = {r.requirement.code: r for r in checklist_status(app)}["investor-visa-copy"]
    assert row.on_record is not None
    assert visa.number in row.on_record.label
    # A C3 work visa is not an investor visa.
    visa.delete()
    factories.VisaRecordFactory(person=app.person)
    assert {r.requirement.code: r for r in checklist_status(app)}["investor-visa-copy"].on_record is None


def _child(principal, born: dt.date):
    return factories.PersonFactory(
        organisation=principal.organisation, principal=principal, relationship=Relationship.CHILD, date_of_birth=born
    )


@pytest.mark.parametrize(
    ("born", "asked"),
    [
        (dt.date(2012, 6, 16), True),  # 14 today
        (dt.date(2008, 6, 17), True),  # 17, turns 18 tomorrow
        (dt.date(2008, 6, 16), False),  # 18 today
        (dt.date(2012, 6, 17), False),  # 13, turns 14 tomorrow
    ],
)
def test_the_childs_consent_is_asked_when_the_family_includes_a_child_aged_14_to_18(membership, born, asked):
    app = pr_draft(membership)
    _child(app.person, born)
    assert family_includes_minor_14_18(app.specific()) is asked
    codes = {r.code for r in app.service.checklist(app.checklist_facts())}
    assert ("child-consent-permanent-residence" in codes) is asked


def test_a_spouses_application_asks_it_too_and_a_family_without_children_does_not(membership):
    investor = factories.PersonFactory(organisation=membership.organisation, **long_passport())
    spouse = factories.PersonFactory(
        organisation=membership.organisation, principal=investor, relationship=Relationship.SPOUSE, **long_passport()
    )
    app = pr_draft(membership, spouse)
    assert not family_includes_minor_14_18(app.specific())
    _child(investor, dt.date(2011, 1, 1))
    assert family_includes_minor_14_18(app.specific())
    assert "child-consent-permanent-residence" in {r.code for r in app.service.checklist(app.checklist_facts())}


def test_the_fee_is_the_guides(membership):
    from applications.views_helpers import fee_quote_for

    quote = fee_quote_for(pr_draft(membership))
    assert quote["service_fee"] == 1440000
    assert quote["state_duty_mrp"] == 4


def test_the_service_is_fileable_and_its_term_is_45_working_days(membership):
    from applications.registry import registry

    assert registry.fileable(CODE) is not None
    app = pr_draft(membership)
    give_investor_visa(app.person)
    factories.upload_checklist(app, membership.user)
    submitted = services.application_submit(user=membership.user, application=app)
    from qazeta.workcalendar import calendar as workcalendar

    assert submitted.due_date == workcalendar.add_working_days(TODAY, 45) == dt.date(2026, 8, 19)
