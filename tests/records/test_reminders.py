"""Issue 7: an e-mail goes to the host party's admins when a visa's extension window opens and 5 working days
before it closes (Celery beat task, idempotent per visa and reminder), with the clock pinned."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from qazeta.accounts.constants import MembershipRole
from qazeta.records import reminders
from qazeta.records.models import VisaReminder
from qazeta.records.tasks import send_visa_reminders
from tests import factories
from tests.clock import astana

from .conftest import TODAY, visa

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(host, calendar):
    """A C3 visa of the host party's employee expiring 60 working days from TODAY, and its reminder days."""
    admin, filer = host
    second_admin = factories.MembershipFactory(organisation=admin.organisation, role=MembershipRole.ADMIN)
    person = factories.PersonFactory(organisation=admin.organisation)
    record = visa(person, valid_to=calendar.add_working_days(TODAY, 60), number="C3REM0001")
    opens, closes = calendar.extension_window(record.valid_to)
    closing_from = calendar.subtract_working_days(closes, 5)
    return {
        "record": record,
        "admins": sorted([admin.user.email, second_admin.user.email]),
        "filer": filer.user.email,
        "opens": opens,
        "closes": closes,
        "closing_from": closing_from,
    }


def _run_on(time_machine, day: dt.date) -> int:
    time_machine.move_to(astana(day, 7))
    assert timezone.localdate() == day
    return send_visa_reminders()


def test_the_window_opening_reminder_goes_to_the_admins_once_on_the_first_day(time_machine, scene):
    mail.outbox = []
    assert _run_on(time_machine, scene["opens"] - dt.timedelta(days=1)) == 0
    assert mail.outbox == []
    assert _run_on(time_machine, scene["opens"]) == 1
    (message,) = mail.outbox
    assert sorted(message.to) == scene["admins"]
    assert scene["filer"] not in message.to
    assert "C3REM0001" in message.subject
    assert "window is open" in message.subject
    assert f"from {scene['opens']:%d.%m.%Y} to {scene['closes']:%d.%m.%Y}" in message.body
    assert f"/applications/new/?service=c3-extension&person={scene['record'].person_id}" in message.body
    reminder = VisaReminder.objects.get()
    assert (reminder.visa, reminder.kind) == (scene["record"], VisaReminder.Kind.WINDOW_OPENS)
    assert sorted(reminder.recipients) == scene["admins"]
    # A second run that day, and the days after, send nothing more until the closing reminder is due.
    assert _run_on(time_machine, scene["opens"]) == 0
    assert _run_on(time_machine, scene["closing_from"] - dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_the_closing_reminder_goes_5_working_days_before_the_window_closes_once(time_machine, scene):
    _run_on(time_machine, scene["opens"])
    mail.outbox = []
    assert _run_on(time_machine, scene["closing_from"]) == 1
    (message,) = mail.outbox
    assert "closes in 5 working days" in message.subject
    assert f"the last day to file the extension is {scene['closes']:%d.%m.%Y}" in message.body
    assert sorted(message.to) == scene["admins"]
    assert _run_on(time_machine, scene["closing_from"]) == 0
    assert _run_on(time_machine, scene["closes"]) == 0
    assert set(VisaReminder.objects.values_list("kind", flat=True)) == {"window_opens", "window_closing"}
    # After the window: nothing (the visa needs a new one, not an extension).
    assert _run_on(time_machine, scene["closes"] + dt.timedelta(days=1)) == 0
    assert len(mail.outbox) == 1


def test_the_closing_reminder_is_due_exactly_5_working_days_before_the_close(calendar, scene):
    assert calendar.subtract_working_days(scene["closes"], 5) == scene["closing_from"]
    assert calendar.is_working_day(scene["closing_from"])


def test_no_reminder_for_a_visa_already_extended_cancelled_rejected_or_without_a_host_party(time_machine, scene):
    record = scene["record"]
    # Extended: a later visa of the same person is on record.
    visa(record.person, valid_from=record.valid_to, valid_to=record.valid_to + dt.timedelta(days=365))
    # Cancelled, rejected, and a self-applicant's visa in the same window.
    person = factories.PersonFactory(organisation=record.host_party)
    visa(person, valid_to=record.valid_to, cancelled_at=timezone.now())
    visa(person, valid_to=record.valid_to, source="declared", rejected_at=timezone.now())
    visa(factories.PersonFactory(organisation=None), valid_to=record.valid_to)
    mail.outbox = []
    assert _run_on(time_machine, scene["opens"]) == 0
    assert mail.outbox == []
    assert not VisaReminder.objects.exists()


def test_a_mail_failure_records_nothing_and_the_next_run_sends(time_machine, scene, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert _run_on(time_machine, scene["opens"]) == 0
    assert not VisaReminder.objects.exists()
    monkeypatch.undo()
    mail.outbox = []
    assert _run_on(time_machine, scene["opens"] + dt.timedelta(days=1)) == 1
    assert len(mail.outbox) == 1


def test_the_management_command_runs_the_same_reminders(scene):
    mail.outbox = []
    out = StringIO()
    call_command("send_visa_reminders", "--date", scene["opens"].isoformat(), stdout=out)
    assert "Visa reminders sent: 1" in out.getvalue()
    call_command("send_visa_reminders", "--date", scene["opens"].isoformat(), stdout=out)
    assert len(mail.outbox) == 1


def test_the_task_is_on_the_beat_schedule_and_the_embedded_default_runs_it(settings):
    from pathlib import Path

    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "qazeta.records.tasks.send_visa_reminders" in tasks
    run = (Path(settings.BASE_DIR) / "bin" / "run").read_text()
    assert "manage.py send_visa_reminders" in run


def test_each_admin_reads_the_reminder_in_their_own_language(time_machine, scene, host):
    admin, _ = host
    admin.user.language = "kk"
    admin.user.save()
    mail.outbox = []

    assert _run_on(time_machine, scene["opens"]) == 1

    by_language = {("kk" if admin.user.email in m.to else "en"): m for m in mail.outbox}
    assert len(mail.outbox) == 2
    kazakh, english = by_language["kk"], by_language["en"]
    assert kazakh.to == [admin.user.email]
    assert sorted(kazakh.to + english.to) == scene["admins"]
    assert "C3REM0001" in kazakh.subject
    assert "window is open" not in kazakh.subject
    assert "Мәңгілік Ел даңғылы, 55/18, С3.3 павильоны" in kazakh.body
    assert "window is open" in english.subject
    assert "Mangilik El Ave 55/18, pavilion C3.3" in english.body
