"""The engine's "opened on the deciding body's own initiative" capability (``ServiceDefinition.opened_by_staff``,
``services.application_open_on_own_initiative``), on a throw-away service: a supervisor opens a case for a host
party's employee; it is in review at once, held by the supervisor, free of charge, on the host party's list and
e-mailed to its members; nobody else may open one, and no service that does not declare it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from applications import catalogue, services
from applications.catalogue import DocumentRequirement, LocalText, get_service
from applications.constants import Action, State
from applications.exceptions import ApplicationError, NotAllowed
from applications.models import Application
from applications.notifications import recipients
from applications.registry import FilerKind, Lifecycle, Registry, RegistryError, ServiceDefinition, Step, get_registry
from fees.models import StateDuty, Tariff
from qazeta.permissions import visible_applications_q
from tests import factories
from tests.throwaway.models import ThrowawayApplication

pytestmark = pytest.mark.django_db

ASTANA = ZoneInfo("Asia/Almaty")
LIFECYCLE = Lifecycle(steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS}), state_body="")
BODY_LIFECYCLE = Lifecycle(
    steps=frozenset({Step.DOCUMENT_REVIEW, Step.INFORMATION_REQUESTS, Step.STATE_BODY}), state_body="Test body"
)
FIELDS = {"badge_colour": "teal", "arrives_on": dt.date(2026, 7, 1), "nights": 4}


@pytest.fixture(autouse=True)
def _today(time_machine):
    # Tuesday 16 June 2026, 10:00 in Astana: a working day.
    time_machine.move_to(dt.datetime(2026, 6, 16, 10, 0, tzinfo=ASTANA), tick=False)


@pytest.fixture
def openable(monkeypatch):
    """``tw-open`` (opened_by_staff, decided by "Test body", 3 working days) and ``tw-closed`` (not openable)."""
    registry = Registry()
    for definition in get_registry():
        registry.register(definition)
    template = get_service("c3-invitation")
    passport = DocumentRequirement(code="passport-copy", name_text=LocalText({"en": "Passport copy"}))
    for code, lifecycle, opened in (("tw-open", BODY_LIFECYCLE, True), ("tw-closed", LIFECYCLE, False)):
        registry.register(
            ServiceDefinition(
                code=code,
                model=ThrowawayApplication,
                lifecycle=lifecycle,
                filers=frozenset({FilerKind.HOST_PARTY}),
                opened_by_staff=opened,
            )
        )
        entry = dataclasses.replace(
            template,
            code=code,
            name_text=LocalText({"en": f"Throw-away service {code}"}),
            channels=("standard",),
            documents=(passport,),
            term_working_days=3,
            term_working_days_max=None,
            term_minutes=None,
            requires_appointment=False,
            requires_state_body=lifecycle.has(Step.STATE_BODY),
            filing_enabled=True,
        )
        monkeypatch.setitem(catalogue._REGISTRY, code, entry)
        since = dt.date(2020, 1, 1)
        Tariff.objects.create(service=code, channel="standard", amount=Decimal(1000), effective_from=since)
        StateDuty.objects.create(service=code, mrp_multiple=Decimal(0), effective_from=since)
    monkeypatch.setattr("applications.registry.registry", registry)
    return registry


def _open(user, membership, person, code="tw-open", note="Annex 1 part B to be changed for analysts", **fields):
    return services.application_open_on_own_initiative(
        user=user,
        service_code=code,
        person=person,
        organisation=membership.organisation,
        note=note,
        **(fields or FIELDS),
    )


def test_a_supervisor_opens_a_case_in_review_for_the_host_party(openable, supervisor, membership, employee):
    app = _open(supervisor, membership, employee)
    app = Application.objects.get(pk=app.pk)
    assert app.state == State.IN_REVIEW
    assert app.assigned_to_id == supervisor.pk
    assert app.organisation_id == membership.organisation_id
    assert app.reference == f"EC-2026-{app.pk:06d}"
    assert app.due_date == dt.date(2026, 6, 19)  # 3 working days after Tuesday 16 June
    assert app.fee_total == Decimal("0.00")
    assert app.fee_note == "Opened on the initiative of Test body: no fee is charged to the host party."
    timeline = list(app.status_changes.values_list("action", "reason"))
    note = "Annex 1 part B to be changed for analysts"
    reason = f"Opened on the initiative of Test body by {supervisor.get_full_name()}: {note}"
    assert timeline[0] == (Action.CREATE, reason)
    assert timeline[1] == (Action.SUBMIT, reason)
    assert [a for a, _ in timeline[2:]] == [Action.ASSIGN, Action.START_REVIEW]
    # The host party's members see it and act for the filing side; its e-mails go to them, not the supervisor.
    assert Application.objects.filter(visible_applications_q(membership.user), pk=app.pk).exists()
    assert membership.user.has_perm("applications.act_as_filer", app)
    assert supervisor.email not in recipients(app)
    assert membership.user.email in recipients(app)
    # The host party answers the officer's request for information like on any case it filed.
    services.information_request(user=supervisor, application=app, message="Upload the employee's passport copy.")
    app = Application.objects.get(pk=app.pk)
    scan = factories.pdf_file()
    services.document_upload(user=membership.user, application=app, item_code="passport-copy", file=scan)
    services.information_answer(user=membership.user, application=app, answer="Uploaded.")
    assert Application.objects.get(pk=app.pk).state == State.IN_REVIEW


@pytest.mark.parametrize("who", ["officer", "filer"])
def test_only_a_supervisor_opens_one(openable, who, officer, membership, employee):
    user = officer if who == "officer" else membership.user
    with pytest.raises(NotAllowed):
        _open(user, membership, employee)
    assert not Application.objects.exists()


def test_a_service_that_does_not_declare_it_cannot_be_opened(openable, supervisor, membership, employee):
    with pytest.raises(ApplicationError) as exc:
        _open(supervisor, membership, employee, code="tw-closed")
    assert exc.value.code == "not_openable"


def test_the_person_is_the_host_partys_employee_and_a_note_is_given(openable, supervisor, membership, employee):
    stranger = factories.PersonFactory(organisation=factories.OrganisationFactory())
    with pytest.raises(ApplicationError) as exc:
        _open(supervisor, membership, stranger)
    assert exc.value.code == "not_on_roster"
    child = factories.PersonFactory(organisation=membership.organisation, principal=employee, relationship="child")
    with pytest.raises(ApplicationError) as exc:
        _open(supervisor, membership, child)
    assert exc.value.code == "not_employee"
    with pytest.raises(ApplicationError) as exc:
        _open(supervisor, membership, employee, note="  ")
    assert exc.value.code == "note_required"
    with pytest.raises(ApplicationError) as exc:
        _open(supervisor, membership, employee, badge_colour="purple", arrives_on=dt.date(2026, 7, 1), nights=4)
    assert exc.value.code == "invalid_service_fields"
    assert not Application.objects.exists()


def test_a_case_opened_by_staff_belongs_to_a_host_party():
    with pytest.raises(RegistryError, match="add FilerKind.HOST_PARTY"):
        ServiceDefinition(
            code="tw-self",
            model=ThrowawayApplication,
            lifecycle=LIFECYCLE,
            filers=frozenset({FilerKind.PERSON}),
            opened_by_staff=True,
        )
