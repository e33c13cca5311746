"""Every allowed transition of the lifecycle, and at least one forbidden one per state, through the services."""

from __future__ import annotations

import pytest

from applications import services
from applications.constants import State
from applications.exceptions import NotAllowed, WrongState
from applications.models import Application, StatusChange
from tests import factories
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.time_machine(astana(FILING_DAY)),
    pytest.mark.usefixtures("receipt_on_approval"),
]


def _do(action: str, app: Application, filer, officer, supervisor):
    slot = factories.next_office_slot()
    return {
        "submit": lambda: (
            factories.upload_checklist(app, filer),
            services.application_submit(user=filer, application=app),
        ),
        "assign": lambda: services.application_assign(user=officer, application=app, officer=officer),
        "request_information": lambda: services.information_request(user=officer, application=app, message="More"),
        "answer": lambda: services.information_answer(user=filer, application=app, answer="Here"),
        "approve": lambda: (
            [services.document_review(user=officer, upload=u, accept=True) for u in app.uploads.all()],
            services.documents_approve(user=officer, application=app),
        ),
        "book": lambda: services.appointment_book(user=filer, application=app, starts_at=slot),
        "cancel_appointment": lambda: services.appointment_cancel(user=filer, application=app),
        "receive": lambda: factories.receive_originals(officer, app),
        "forward": lambda: services.authority_forward(user=officer, application=app),
        "issue": lambda: services.application_issue(user=officer, application=app, decision_number="N-1"),
        "refuse": lambda: services.application_refuse(user=officer, application=app, reason="Incomplete"),
        "withdraw": lambda: services.application_withdraw(user=filer, application=app, reason="Changed plans"),
        "cancel": lambda: services.application_cancel(user=supervisor, application=app, reason="Duplicate"),
    }[action]()


ALLOWED = [
    (State.DRAFT, "submit", State.SUBMITTED),
    (State.DRAFT, "withdraw", State.WITHDRAWN),
    (State.SUBMITTED, "assign", State.IN_REVIEW),
    (State.SUBMITTED, "withdraw", State.WITHDRAWN),
    (State.SUBMITTED, "cancel", State.CANCELLED),
    (State.IN_REVIEW, "request_information", State.INFORMATION_REQUESTED),
    (State.IN_REVIEW, "approve", State.DOCUMENTS_APPROVED),
    (State.IN_REVIEW, "refuse", State.REFUSED),
    (State.IN_REVIEW, "withdraw", State.WITHDRAWN),
    (State.IN_REVIEW, "cancel", State.CANCELLED),
    (State.INFORMATION_REQUESTED, "answer", State.IN_REVIEW),
    (State.INFORMATION_REQUESTED, "withdraw", State.WITHDRAWN),
    (State.INFORMATION_REQUESTED, "cancel", State.CANCELLED),
    (State.DOCUMENTS_APPROVED, "book", State.APPOINTMENT_BOOKED),
    (State.DOCUMENTS_APPROVED, "withdraw", State.WITHDRAWN),
    (State.DOCUMENTS_APPROVED, "cancel", State.CANCELLED),
    (State.APPOINTMENT_BOOKED, "receive", State.ORIGINALS_RECEIVED),
    (State.APPOINTMENT_BOOKED, "cancel_appointment", State.DOCUMENTS_APPROVED),
    (State.APPOINTMENT_BOOKED, "withdraw", State.WITHDRAWN),
    (State.APPOINTMENT_BOOKED, "cancel", State.CANCELLED),
    (State.ORIGINALS_RECEIVED, "forward", State.WITH_AUTHORITY),
    (State.ORIGINALS_RECEIVED, "cancel", State.CANCELLED),
    (State.WITH_AUTHORITY, "issue", State.ISSUED),
    (State.WITH_AUTHORITY, "refuse", State.REFUSED),
    (State.WITH_AUTHORITY, "cancel", State.CANCELLED),
]

#: Actions an officer takes (on a draft they are refused as not the officer's to take, before any state check).
OFFICER_ACTIONS = {"assign", "request_information", "approve", "receive", "forward", "issue", "refuse"}

FORBIDDEN = [
    (State.DRAFT, "approve"),
    (State.SUBMITTED, "book"),
    (State.IN_REVIEW, "receive"),
    (State.INFORMATION_REQUESTED, "approve"),
    (State.DOCUMENTS_APPROVED, "forward"),
    (State.APPOINTMENT_BOOKED, "issue"),
    (State.ORIGINALS_RECEIVED, "withdraw"),
    (State.WITH_AUTHORITY, "book"),
    (State.ISSUED, "withdraw"),
    (State.ISSUED, "cancel"),
    (State.REFUSED, "forward"),
    (State.WITHDRAWN, "submit"),
    (State.CANCELLED, "assign"),
]


@pytest.fixture
def at_state(draft, filer, officer):
    def make(state: str) -> Application:
        return factories.advance(draft, state, filer=filer, officer=officer)

    return make


@pytest.mark.parametrize(("source", "action", "target"), ALLOWED)
def test_allowed_transition_changes_state_and_leaves_a_timeline_row(
    at_state, filer, officer, supervisor, source, action, target
):
    app = at_state(source)
    assert app.state == source
    rows_before = StatusChange.objects.filter(application=app).count()
    _do(action, app, filer, officer, supervisor)
    app = Application.objects.get(pk=app.pk)
    assert app.state == target
    last = StatusChange.objects.filter(application=app).exclude(from_state=target, to_state=target).last()
    assert (last.from_state, last.to_state) == (source, target)
    assert StatusChange.objects.filter(application=app).count() > rows_before


@pytest.mark.parametrize(("source", "action"), FORBIDDEN)
def test_forbidden_transition_is_refused_and_changes_nothing(at_state, filer, officer, supervisor, source, action):
    app = at_state(source)
    rows_before = StatusChange.objects.filter(application=app).count()
    # An officer acting on a draft is refused before its state is even looked at: drafts are the filer's own.
    with pytest.raises(NotAllowed if source == State.DRAFT and action in OFFICER_ACTIONS else WrongState):
        _do(action, app, filer, officer, supervisor)
    app = Application.objects.get(pk=app.pk)
    assert app.state == source
    assert StatusChange.objects.filter(application=app).count() == rows_before


def test_information_request_pauses_the_clock_and_the_answer_gives_the_days_back(at_state, filer, officer):
    from django.utils import timezone

    from qazeta.workcalendar import calendar as workcalendar

    app = at_state(State.IN_REVIEW)
    today = timezone.localdate()
    left = workcalendar.working_days_between(today, app.due_date)
    services.information_request(user=officer, application=app, message="Need the contract")
    app = Application.objects.get(pk=app.pk)
    assert app.clock_remaining_working_days == left
    assert app.clock_paused_on == today
    services.information_answer(user=filer, application=app, answer="Attached")
    app = Application.objects.get(pk=app.pk)
    assert app.due_date == workcalendar.add_working_days(today, left)
    assert app.clock_remaining_working_days is None


def test_term_extension_is_capped_at_30_calendar_days(at_state, officer):
    from applications.exceptions import ApplicationError

    app = at_state(State.WITH_AUTHORITY)
    due = app.due_date
    services.application_extend_term(user=officer, application=app, days=20, reason="Migration service backlog")
    with pytest.raises(ApplicationError, match="at most 30 calendar days"):
        services.application_extend_term(user=officer, application=app, days=11, reason="More delay")
    app = Application.objects.get(pk=app.pk)
    assert (app.due_date - due).days == 20
    assert app.term_extension_days == 20


def test_slot_capacity_is_enforced(settings, membership, officer):
    from applications.exceptions import ApplicationError

    settings.APPOINTMENT_SLOT_CAPACITY = 1
    slot = factories.next_office_slot()
    first = factories.advance(
        factories.c3_draft(membership=membership), State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer
    )
    second = factories.advance(
        factories.c3_draft(membership=membership), State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer
    )
    services.appointment_book(user=membership.user, application=first, starts_at=slot)
    with pytest.raises(ApplicationError, match="slot is full"):
        services.appointment_book(user=membership.user, application=second, starts_at=slot)
    assert Application.objects.get(pk=second.pk).state == State.DOCUMENTS_APPROVED


def test_lunch_hour_and_weekend_slots_are_refused(membership, officer):
    import datetime as dt

    from django.utils import timezone

    from applications.exceptions import ApplicationError
    from qazeta.workcalendar import calendar as workcalendar

    app = factories.advance(
        factories.c3_draft(membership=membership), State.DOCUMENTS_APPROVED, filer=membership.user, officer=officer
    )
    day = workcalendar.add_working_days(timezone.localdate(), 1)
    lunch = timezone.make_aware(dt.datetime.combine(day, dt.time(13, 0)))
    with pytest.raises(ApplicationError, match="13:00-14:00"):
        services.appointment_book(user=membership.user, application=app, starts_at=lunch)
    sunday = day + dt.timedelta(days=(6 - day.weekday()) or 7)
    with pytest.raises(ApplicationError):
        services.appointment_book(
            user=membership.user,
            application=app,
            starts_at=timezone.make_aware(dt.datetime.combine(sunday, dt.time(10))),
        )
