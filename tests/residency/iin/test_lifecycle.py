"""The IIN's own lifecycle through the services: review, information requests, a visit with the original passport,
the Expat Centre's decision. Never a state body; 1 working day after the day of submission; who may file."""

from __future__ import annotations

import datetime as dt

import pytest

from applications import services
from applications.constants import Action, State
from applications.exceptions import ApplicationError, NotAllowed, WrongState
from applications.models import Application, StatusChange
from applications.selectors import available_action_names
from qazeta.accounts.models import Person
from residency.iin.models import IinApplication
from tests import factories

from .conftest import ALMATY, iin_draft, iin_for

pytestmark = pytest.mark.django_db


def _walk(app: Application, to: str, *, filer, officer, **kwargs) -> Application:
    return factories.advance(app, to, filer=filer, officer=officer, **kwargs)


# --------------------------------------------------------------------------------------------- the path
def test_host_party_walks_the_whole_path_and_the_iin_is_kept_on_the_person(membership, employee, officer):
    draft = iin_draft(membership=membership, person=employee)
    assert isinstance(draft, IinApplication)
    iin = iin_for(employee)

    seen = []
    app = Application.objects.get(pk=draft.pk)
    for state in app.lifecycle.path()[1:]:
        app = _walk(app, state, filer=membership.user, officer=officer, issue={"fields": {"assigned_iin": iin}})
        seen.append(app.state)
        assert "forward_to_authority" not in available_action_names(app, officer)

    assert seen == [
        State.SUBMITTED,
        State.IN_REVIEW,
        State.DOCUMENTS_APPROVED,
        State.APPOINTMENT_BOOKED,
        State.ORIGINALS_RECEIVED,
        State.ISSUED,
    ]
    assert IinApplication.objects.get(pk=app.pk).assigned_iin == iin
    assert Person.objects.get(pk=employee.pk).iin == iin
    actions = list(StatusChange.objects.filter(application=app).values_list("action", flat=True))
    assert Action.FORWARD_TO_AUTHORITY not in actions
    assert Action.BOOK_APPOINTMENT in actions
    assert Action.RECEIVE_ORIGINALS in actions
    assert State.WITH_AUTHORITY not in StatusChange.objects.filter(application=app).values_list("to_state", flat=True)


def test_information_requests_are_a_step_of_the_review(membership, employee, officer):
    app = _walk(
        iin_draft(membership=membership, person=employee),
        State.INFORMATION_REQUESTED,
        filer=membership.user,
        officer=officer,
    )
    assert app.state == State.INFORMATION_REQUESTED
    assert app.clock_remaining_working_days == 1

    services.information_answer(user=membership.user, application=app, answer="The scan is clearer now.")

    assert Application.objects.get(pk=app.pk).state == State.IN_REVIEW


@pytest.mark.parametrize(
    "state",
    [
        State.SUBMITTED,
        State.IN_REVIEW,
        State.INFORMATION_REQUESTED,
        State.DOCUMENTS_APPROVED,
        State.APPOINTMENT_BOOKED,
        State.ORIGINALS_RECEIVED,
        State.ISSUED,
        State.REFUSED,
    ],
)
def test_an_iin_is_never_forwarded_to_a_state_body(membership, employee, officer, supervisor, state):
    app = _walk(
        iin_draft(membership=membership, person=employee),
        state,
        filer=membership.user,
        officer=officer,
        issue={"fields": {"assigned_iin": iin_for(employee)}},
    )
    assert app.state == state
    for user in (officer, supervisor, membership.user):
        assert "forward_to_authority" not in available_action_names(app, user)

    with pytest.raises(WrongState):
        services.authority_forward(user=officer, application=app)

    assert Application.objects.get(pk=app.pk).state == state


def test_the_decision_is_taken_after_the_originals_not_before(membership, employee, officer):
    app = _walk(
        iin_draft(membership=membership, person=employee),
        State.DOCUMENTS_APPROVED,
        filer=membership.user,
        officer=officer,
    )

    with pytest.raises(WrongState):
        services.application_issue(user=officer, application=app, fields={"assigned_iin": iin_for(employee)})
    with pytest.raises(WrongState):
        services.application_refuse(user=officer, application=app, grounds=["data_mismatch"])
    assert "issue" not in available_action_names(app, officer)

    app = _walk(app, State.APPOINTMENT_BOOKED, filer=membership.user, officer=officer)
    with pytest.raises(WrongState):
        services.application_issue(user=officer, application=app, fields={"assigned_iin": iin_for(employee)})

    app = _walk(app, State.ORIGINALS_RECEIVED, filer=membership.user, officer=officer)
    assert {"issue", "refuse"} <= available_action_names(app, officer)
    assert Person.objects.get(pk=employee.pk).iin == ""


def test_the_expat_centre_may_refuse_at_review_on_a_declared_ground(membership, employee, officer):
    app = _walk(
        iin_draft(membership=membership, person=employee), State.IN_REVIEW, filer=membership.user, officer=officer
    )

    with pytest.raises(ApplicationError) as excinfo:
        services.application_refuse(user=officer, application=app, reason="Passport scan unreadable")
    assert excinfo.value.code == "grounds_required"
    with pytest.raises(ApplicationError) as excinfo:
        services.application_refuse(user=officer, application=app, grounds=["no_such_ground"])
    assert excinfo.value.code == "bad_ground"

    services.application_refuse(user=officer, application=app, grounds=["incomplete_documents"], reason="No scan")

    refused = Application.objects.get(pk=app.pk)
    assert refused.state == State.REFUSED
    assert refused.refusal_grounds == ["incomplete_documents"]
    assert refused.refusal_reason.endswith("No scan")


def test_the_term_cannot_be_extended(membership, employee, officer):
    app = _walk(
        iin_draft(membership=membership, person=employee), State.IN_REVIEW, filer=membership.user, officer=officer
    )
    assert "extend_term" not in available_action_names(app, officer)
    with pytest.raises(WrongState):
        services.application_extend_term(user=officer, application=app, days=5, reason="Delay")


# --------------------------------------------------------------------------------------------- the term
@pytest.mark.parametrize(
    ("submitted_on", "due"),
    [
        (dt.datetime(2026, 6, 16, 11, 0, tzinfo=ALMATY), dt.date(2026, 6, 17)),  # Tuesday → Wednesday
        (dt.datetime(2026, 6, 19, 17, 30, tzinfo=ALMATY), dt.date(2026, 6, 22)),  # Friday → Monday
        # Friday 8 May 2026 → Tuesday 12 May: Saturday 9 May (Victory Day) is moved to Monday 11 May.
        (dt.datetime(2026, 5, 8, 9, 15, tzinfo=ALMATY), dt.date(2026, 5, 12)),
        # Thursday 30 April → Monday 4 May: Friday 1 May is Unity Day.
        (dt.datetime(2026, 4, 30, 12, 0, tzinfo=ALMATY), dt.date(2026, 5, 4)),
    ],
)
def test_due_one_working_day_after_the_day_of_submission(time_machine, membership, employee, submitted_on, due):
    time_machine.move_to(submitted_on)
    draft = iin_draft(membership=membership, person=employee, passport_issued_on=dt.date(2022, 5, 10))
    factories.upload_checklist(draft, membership.user)

    app = services.application_submit(user=membership.user, application=draft)

    assert app.due_date == due
    assert app.due_at is None


# --------------------------------------------------------------------------------------------- who may file
def test_a_self_applicant_files_for_themselves_and_gets_the_iin(self_applicant, officer):
    user, person = self_applicant
    draft = iin_draft(user=user, person=person)
    assert draft.organisation is None
    assert draft.filer == user

    app = _walk(draft, State.ISSUED, filer=user, officer=officer, issue={"fields": {"assigned_iin": iin_for(person)}})

    assert app.state == State.ISSUED
    assert Person.objects.get(pk=person.pk).iin == iin_for(person)


def test_expat_centre_staff_cannot_file(officer, employee):
    with pytest.raises(NotAllowed, match="Expat Centre staff do not file applications"):
        services.application_create(user=officer, service_code="iin", person=employee, organisation=None)


def test_an_applicant_cannot_file_for_someone_elses_person(self_applicant, employee):
    user, _person = self_applicant
    stranger = factories.PersonFactory(organisation=None)
    with pytest.raises(NotAllowed, match="You can file for yourself"):
        iin_draft(user=user, person=stranger)
    assert not IinApplication.objects.exists()


def test_a_host_party_files_only_for_its_own_roster(membership):
    other = factories.PersonFactory(organisation=factories.OrganisationFactory())
    with pytest.raises(NotAllowed):
        services.application_create(
            user=membership.user, service_code="iin", person=other, organisation=other.organisation
        )
    elsewhere = factories.PersonFactory(organisation=factories.OrganisationFactory())
    with pytest.raises(ApplicationError, match="not on the host party's staff roster"):
        services.application_create(
            user=membership.user, service_code="iin", person=elsewhere, organisation=membership.organisation
        )
