"""No lost or doubled work (issue 6, §4): the outbox records e-mails and document tasks with the change, a broker
that is down fails nothing, the sweeper hands over what was kept back, and each e-mail is sent once."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db.models import QuerySet
from django.utils import timezone

from applications import outbox, services
from applications.constants import State
from applications.models import Application, OutboxMessage
from applications.notifications import send_application_email, send_outbox_email
from qazeta.documents.models import IssuedDocument
from tests import factories
from tests.broker import UNREACHABLE_BROKER, broker_at
from tests.clock import FILING_DAY, astana

# Submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


def _emails(kind: str) -> QuerySet[OutboxMessage]:
    return OutboxMessage.objects.filter(kind=OutboxMessage.Kind.EMAIL, args__1=kind)


# --------------------------------------------------------------------------------------------- broker down
def test_submission_succeeds_while_the_broker_is_down_and_its_email_waits_in_the_outbox(
    draft, filer, django_capture_on_commit_callbacks
):
    factories.upload_checklist(draft, filer)
    mail.outbox.clear()
    with broker_at(UNREACHABLE_BROKER), django_capture_on_commit_callbacks(execute=True):
        # Before the outbox, the e-mail was queued on commit and the broker's error reached the user (a 500).
        services.application_submit(user=filer, application=draft)

    assert Application.objects.get(pk=draft.pk).state == State.SUBMITTED
    message = _emails("submitted").get()
    assert message.sent_at is None
    assert message.dispatched_at is None
    assert "OperationalError" in message.last_error
    assert mail.outbox == []

    # The broker is back (eager here): the sweeper sends it at once, as its on-commit hand-over failed.
    assert outbox.dispatch_pending() == 1
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.attempts == 1
    assert [m.subject for m in mail.outbox] == [
        f"Application {Application.objects.get(pk=draft.pk).reference} received"
    ]
    assert outbox.dispatch_pending() == 0
    assert len(mail.outbox) == 1


def test_issue_succeeds_while_the_broker_is_down_and_the_letter_is_rendered_once_it_is_back(
    membership, employee, officer, django_capture_on_commit_callbacks
):
    draft = factories.c3_draft(membership=membership, person=employee)
    app = factories.advance(draft, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
    earlier = set(OutboxMessage.objects.values_list("pk", flat=True))  # the walk's e-mails, never committed here
    with broker_at(UNREACHABLE_BROKER), django_capture_on_commit_callbacks(execute=True):
        services.application_issue(user=officer, application=app, decision_number="WV-2026-0001")

    assert Application.objects.get(pk=app.pk).state == State.ISSUED
    render = OutboxMessage.objects.get(kind=OutboxMessage.Kind.TASK, task_name="applications.tasks.render_output")
    assert render.task_name == "applications.tasks.render_output"
    assert render.args == [app.pk, "invitation_letter"]
    assert render.idempotency_key == f"task:render_output:{app.pk}:invitation_letter"
    assert render.sent_at is None
    assert not IssuedDocument.objects.exists()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("dispatch_outbox", verbosity=0)
    assert IssuedDocument.objects.filter(application=app, kind="invitation_letter").count() == 1
    render.refresh_from_db()
    assert render.sent_at is not None
    assert sorted(m.subject for m in mail.outbox) == [
        f"Application {app.reference}: issued",
        f"Application {app.reference}: your document is ready to download",
    ]
    assert not OutboxMessage.objects.exclude(pk__in=earlier).filter(sent_at__isnull=True).exists()


# --------------------------------------------------------------------------------------------- sent once
def test_each_email_is_recorded_with_its_change_and_sent_once_after_commit(
    draft, filer, django_capture_on_commit_callbacks
):
    factories.upload_checklist(draft, filer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.application_submit(user=filer, application=draft)
        message = _emails("submitted").get()
        assert message.sent_at is None  # recorded in the transaction, sent only after commit
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    message.refresh_from_db()
    assert message.sent_at is not None
    assert len(mail.outbox) == 1


def test_a_redelivered_email_task_sends_nothing(draft, filer, django_capture_on_commit_callbacks):
    factories.upload_checklist(draft, filer)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(user=filer, application=draft)
    message = _emails("submitted").get()
    assert len(mail.outbox) == 1

    # The broker delivers the same task again (a worker died before acknowledging it), twice.
    assert send_outbox_email.apply(args=[message.pk]).get() == 0
    assert send_outbox_email.apply(args=[message.pk]).get() == 0
    # And the sweeper, asked by an operator, hands nothing over.
    assert outbox.dispatch([message.pk]) == 0
    assert len(mail.outbox) == 1


def test_the_same_event_is_recorded_once(draft, filer):
    first = outbox.email_later(draft, "submitted")
    second = outbox.email_later(draft, "submitted")
    assert first.pk == second.pk
    assert OutboxMessage.objects.count() == 1


def test_the_same_email_kind_twice_on_an_application_is_two_messages(membership, employee, officer, filer):
    draft = factories.c3_draft(membership=membership, person=employee)
    app = factories.advance(draft, State.INFORMATION_REQUESTED, filer=filer, officer=officer)
    for code in Application.objects.get(pk=app.pk).information_requests.get().item_codes:
        services.document_upload(user=filer, application=app, item_code=code, file=factories.pdf_file())
    services.information_answer(user=filer, application=Application.objects.get(pk=app.pk), answer="Sent.")
    services.information_request(user=officer, application=Application.objects.get(pk=app.pk), message="Again.")
    assert _emails("information_requested").count() == 2


def test_deprecated_email_task_sends_a_redelivered_message_once(draft):
    mail.outbox.clear()
    send_application_email.apply(args=[draft.pk, "submitted"], task_id="task-1")
    send_application_email.apply(args=[draft.pk, "submitted"], task_id="task-1")
    assert len(mail.outbox) == 1
    assert OutboxMessage.objects.get().idempotency_key == "celery:task-1"


# --------------------------------------------------------------------------------------------- mail server fails
def test_a_failing_mail_server_is_recorded_masked_and_the_sweeper_sends_later(
    draft, filer, monkeypatch, django_capture_on_commit_callbacks
):
    factories.upload_checklist(draft, filer)

    def refused(*args, **kwargs):
        raise OSError("550 mailbox jane.doe@example.com unavailable")

    monkeypatch.setattr("applications.notifications.send_mail", refused)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(user=filer, application=draft)  # the e-mail fails: the submission does not
    message = _emails("submitted").get()
    assert message.sent_at is None
    assert "mailbox [e-mail] unavailable" in message.last_error
    assert "jane.doe" not in message.last_error

    monkeypatch.undo()
    mail.outbox.clear()
    assert outbox.dispatch_pending() == 1
    message.refresh_from_db()
    assert message.sent_at is not None
    assert message.last_error == ""
    assert len(mail.outbox) == 1


# --------------------------------------------------------------------------------------------- the sweeper
def _message(**fields) -> OutboxMessage:
    message = OutboxMessage.objects.create(
        kind=OutboxMessage.Kind.TASK,
        task_name="applications.tasks.requeue_pending_outputs",
        args=[],
        idempotency_key=f"task:test:{OutboxMessage.objects.count()}",
    )
    OutboxMessage.objects.filter(pk=message.pk).update(**fields)
    return message


def test_sweeper_leaves_a_fresh_message_to_its_own_hand_over():
    _message()  # just recorded: its on-commit hand-over is under way
    old = _message(created_at=timezone.now() - outbox.GRACE - dt.timedelta(seconds=1))
    failed = _message(last_error="OperationalError: connection refused")
    assert outbox.pending() == [old.pk, failed.pk]


def test_sweeper_hands_an_unsent_email_over_again_after_a_while_and_gives_up_at_last():
    now = timezone.now()
    recently = _message(dispatched_at=now - dt.timedelta(minutes=1), attempts=1)
    long_ago = _message(dispatched_at=now - outbox.REDISPATCH_AFTER - dt.timedelta(minutes=1), attempts=1)
    given_up = _message(dispatched_at=now - dt.timedelta(days=1), attempts=outbox.MAX_ATTEMPTS)
    sent = _message(dispatched_at=now - dt.timedelta(days=1), sent_at=now - dt.timedelta(days=1))
    assert outbox.pending(now) == [long_ago.pk]
    assert {recently.pk, given_up.pk, sent.pk}.isdisjoint(outbox.pending(now))


def test_sweeper_stops_at_the_first_broker_failure_and_keeps_the_order():
    messages = [_message(last_error="earlier failure") for _ in range(3)]
    with broker_at(UNREACHABLE_BROKER):
        assert outbox.dispatch_pending() == 0
    for message in messages:
        message.refresh_from_db()
        assert message.sent_at is None
        assert message.attempts == 0
    assert "OperationalError" in messages[0].last_error
    assert messages[1].last_error == "earlier failure"  # not tried: the broker was down


def test_dispatch_outbox_command_reports_what_it_handed_over():
    _message(last_error="earlier failure")
    from io import StringIO

    out = StringIO()
    call_command("dispatch_outbox", stdout=out)
    assert out.getvalue().strip() == "1 message(s) handed over; 0 not sent yet."


def test_beat_runs_the_outbox_sweeper_every_minute(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["dispatch-outbox"]
    assert entry == {"task": "applications.tasks.dispatch_outbox", "schedule": 60.0}
    from applications.tasks import dispatch_outbox

    assert dispatch_outbox.name == entry["task"]


def test_an_hour_later_the_sweeper_sends_what_was_handed_over_but_lost(draft, filer):
    # The broker took the e-mail's task and then lost it (restarted without persistence).
    message = outbox.email_later(draft, "submitted")
    OutboxMessage.objects.filter(pk=message.pk).update(dispatched_at=timezone.now(), attempts=1)
    mail.outbox.clear()
    with time_machine.travel(timezone.now() + dt.timedelta(hours=1)):
        assert outbox.dispatch_pending() == 1
    message.refresh_from_db()
    assert (message.sent_at is not None, message.attempts, len(mail.outbox)) == (True, 2, 1)
