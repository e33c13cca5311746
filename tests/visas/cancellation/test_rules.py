"""What the cancellation services refuse, and the words they use: the preconditions told before typing (no visa on
record; a visa of another host party; an A5/A6 visa, which the guide's §1 does not name), re-checked at submission;
the departure and termination days; the outcome without a visa left to cancel; the exit visa's 15 working days."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from applications import services
from applications.constants import State
from applications.exceptions import ApplicationError, NotEligible, SubmissionRefused
from applications.models import Application
from qazeta.records.models import VisaRecord
from qazeta.workcalendar.calendar import add_working_days
from tests import factories
from visas.cancellation.rules import exit_visa_term_problem

from .conftest import CANCEL, EXIT, api_client_for, scan, visa_record

pytestmark = pytest.mark.django_db


def _create(membership, person, service: str = CANCEL, **fields):
    defaults = (
        {"left_kazakhstan_on": dt.date(2026, 2, 27)}
        if service == CANCEL
        else {"contract_terminated_on": dt.date(2026, 2, 27)}
    )
    return factories.file_draft(service, membership=membership, person=person, consent=False, **{**defaults, **fields})


def _refusal(membership, person, service: str = CANCEL) -> list:
    with pytest.raises(NotEligible) as excinfo:
        _create(membership, person, service)
    return excinfo.value.failures


# --------------------------------------------------------------------------------------------- preconditions
def test_no_visa_on_record_is_refused_and_says_to_declare_it(membership, employee):
    (failure,) = _refusal(membership, employee)
    assert failure.rule == "no_visa_on_record"
    assert f"{employee.full_name} has no valid visa on record, so there is nothing to cancel" in failure.message
    assert "Declare the current visa" in failure.message
    assert not Application.objects.exists()


@pytest.mark.parametrize(
    "valid",
    [
        {"valid_from": dt.date(2024, 1, 1), "valid_to": dt.date(2026, 3, 1)},  # expired yesterday
        {"valid_from": dt.date(2025, 1, 1), "valid_to": dt.date(2027, 1, 1), "cancelled": True},
        {"valid_from": dt.date(2025, 1, 1), "valid_to": dt.date(2027, 1, 1), "rejected": True},
    ],
)
def test_an_expired_cancelled_or_rejected_visa_is_no_visa(membership, employee, valid):
    from django.utils import timezone

    cancelled, rejected = valid.pop("cancelled", False), valid.pop("rejected", False)
    record = visa_record(employee, **valid)
    if cancelled:
        VisaRecord.objects.filter(pk=record.pk).update(cancelled_at=timezone.now())
    if rejected:
        VisaRecord.objects.filter(pk=record.pk).update(rejected_at=timezone.now(), rejection_reason="x")
    (failure,) = _refusal(membership, employee)
    assert failure.rule == "no_visa_on_record"


def test_a_visa_of_another_host_party_is_refused_naming_that_host(membership, employee):
    other = factories.OrganisationFactory(name="Other Host LLP")
    record = visa_record(employee, host=other)
    for service in (CANCEL, EXIT):
        (failure,) = _refusal(membership, employee, service)
        assert failure.rule == "visa_host_party"
        assert f"C3 visa {record.number}" in failure.message
        assert "issued for or declared with Other Host LLP" in failure.message
        assert "only the visa's own host party can ask to cancel it" in failure.message


@pytest.mark.parametrize("category", ["A5", "A6"])
def test_an_investor_visa_is_refused_the_guide_names_business_and_work_visas_only(membership, employee, category):
    record = visa_record(employee, category=category)
    (failure,) = _refusal(membership, employee)
    assert failure.rule == "visa_category"
    assert f"{category} visa {record.number}" in failure.message
    assert "the guide names business and work visas only (C3, B1, B2, B3)" in failure.message
    assert f"Ask the Expat Centre how to cancel a {category} visa" in failure.message


@pytest.mark.parametrize("category", ["C3", "B1", "B2", "B3"])
def test_work_and_business_visas_of_the_host_party_may_be_cancelled(membership, employee, category):
    visa_record(employee, category=category)
    assert _create(membership, employee).state == State.DRAFT


def test_the_exit_visa_cancellation_takes_an_investor_visa_of_the_host(membership, employee):
    visa_record(employee, category="A5")
    assert _create(membership, employee, EXIT).state == State.DRAFT


def test_the_api_refuses_the_draft_with_every_reason(membership, employee):
    visa_record(employee, category="A5")
    r = api_client_for(membership.user).post(
        "/api/v1/applications/",
        {
            "service": CANCEL,
            "person": employee.pk,
            "channel": "standard",
            "service_fields": {"left_kazakhstan_on": "2026-02-27"},
        },
        format="json",
    )
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "not_eligible"
    assert [e["rule"] for e in body["errors"]] == ["visa_category"]
    assert "business and work visas only" in body["detail"]


def test_the_new_application_page_tells_before_typing(membership, employee):
    from django.test import Client

    client = Client()
    client.force_login(membership.user)
    page = client.get(reverse("application-new") + f"?service={CANCEL}&person={employee.pk}")
    assert page.status_code == 200
    assert "has no valid visa on record, so there is nothing to cancel" in page.content.decode()


def test_submission_rechecks_the_precondition(membership, employee, officer):
    record = visa_record(employee)
    draft = _create(membership, employee)
    factories.upload_checklist(draft, membership.user)
    VisaRecord.objects.filter(pk=record.pk).update(valid_to=dt.date(2026, 3, 1))  # it expired meanwhile
    with pytest.raises(SubmissionRefused) as excinfo:
        services.application_submit(user=membership.user, application=draft)
    assert "no_visa_on_record" in [f.rule for f in excinfo.value.failures]
    assert Application.objects.get(pk=draft.pk).state == State.DRAFT


# --------------------------------------------------------------------------------------------- rules
def test_a_departure_in_the_future_is_refused_at_submission(membership, employee):
    visa_record(employee)
    draft = _create(membership, employee, left_kazakhstan_on=dt.date(2026, 3, 5))
    factories.upload_checklist(draft, membership.user)
    with pytest.raises(SubmissionRefused) as excinfo:
        services.application_submit(user=membership.user, application=draft)
    (failure,) = excinfo.value.failures
    assert failure.rule == "not_left_yet"
    assert "file the cancellation with an exit visa" in failure.message


def test_a_termination_in_the_future_is_refused_at_submission(membership, employee):
    visa_record(employee)
    draft = _create(membership, employee, EXIT, contract_terminated_on=dt.date(2026, 3, 5))
    factories.upload_checklist(draft, membership.user)
    with pytest.raises(SubmissionRefused) as excinfo:
        services.application_submit(user=membership.user, application=draft)
    assert [f.rule for f in excinfo.value.failures] == ["contract_not_terminated"]


def test_cancellation_needs_no_consent(membership, employee):
    visa_record(employee)
    draft = _create(membership, employee)
    factories.upload_checklist(draft, membership.user)
    submitted = services.application_submit(user=membership.user, application=draft)
    assert submitted.state == State.SUBMITTED
    assert not employee.consents.exists()


# --------------------------------------------------------------------------------------------- outcome
def test_the_outcome_is_refused_when_no_visa_is_left_to_cancel(membership, employee, officer):
    record = visa_record(employee)
    app = factories.advance(_create(membership, employee), State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    VisaRecord.objects.filter(pk=record.pk).update(valid_to=dt.date(2026, 3, 1))
    with pytest.raises(ApplicationError) as excinfo:
        services.application_issue(
            user=officer,
            application=app,
            decision_number="MS-1",
            attachments={"visa_cancellation_confirmation": scan()},
        )
    assert excinfo.value.code == "no_visa_to_cancel"
    assert Application.objects.get(pk=app.pk).state == State.WITH_AUTHORITY
    assert not app.issued_documents.exists()


def test_a_family_members_visa_of_another_host_party_is_left_alone(membership, employee, officer):
    spouse = factories.PersonFactory(organisation=membership.organisation, principal=employee)
    own = visa_record(employee)
    elsewhere = visa_record(spouse, host=factories.OrganisationFactory())
    later = visa_record(spouse, valid_from=dt.date(2027, 9, 1), valid_to=dt.date(2028, 8, 31))
    app = factories.advance(_create(membership, employee), State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    services.application_issue(
        user=officer, application=app, decision_number="MS-1", attachments={"visa_cancellation_confirmation": scan()}
    )
    own.refresh_from_db(), elsewhere.refresh_from_db(), later.refresh_from_db()
    assert own.cancelled_at is not None
    assert later.cancelled_at is not None  # a visa of the same host not yet in force goes too
    assert elsewhere.cancelled_at is None


def test_cancelling_a_family_member_leaves_the_principal_visa(membership, employee, officer):
    spouse = factories.PersonFactory(organisation=membership.organisation, principal=employee)
    principal = visa_record(employee)
    dependant = visa_record(spouse)
    app = factories.advance(_create(membership, spouse), State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    services.application_issue(
        user=officer, application=app, decision_number="MS-1", attachments={"visa_cancellation_confirmation": scan()}
    )
    principal.refresh_from_db(), dependant.refresh_from_db()
    assert dependant.cancelled_at is not None
    assert principal.cancelled_at is None


@pytest.mark.parametrize(
    ("extra", "ok"),
    [(-1, True), (0, True), (1, False), (10, False)],
)
def test_exit_visa_at_most_15_working_days_from_its_issue(extra, ok):
    valid_from = dt.date(2026, 3, 3)
    latest = add_working_days(valid_from, 15)
    problem = exit_visa_term_problem(valid_from, latest + dt.timedelta(days=extra))
    assert (problem == "") is ok
    if not ok:
        assert "at most 15 working days" in problem


def test_a_too_long_exit_visa_is_refused_through_the_services(membership, employee, officer):
    current = visa_record(employee)
    app = factories.advance(
        _create(membership, employee, EXIT), State.WITH_AUTHORITY, filer=membership.user, officer=officer
    )
    fields = {
        "visa_number": "EX1",
        "visa_valid_from": "2026-03-03",
        "visa_valid_to": "2026-04-30",
        "visa_entries": "single",
    }
    with pytest.raises(ApplicationError) as excinfo:
        services.application_issue(
            user=officer, application=app, decision_number="MS-1", fields=fields, attachments={"exit_visa": scan()}
        )
    assert excinfo.value.code == "exit_visa_term"
    assert "not 30.04.2026" in excinfo.value.message
    current.refresh_from_db()
    assert current.cancelled_at is None
    assert not VisaRecord.objects.filter(category="EXIT").exists()
    assert Application.objects.get(pk=app.pk).state == State.WITH_AUTHORITY
