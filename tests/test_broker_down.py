"""A broker outage loses and doubles nothing (issue 6, §4 and §7), on PostgreSQL, Redis and a real Celery worker.

With the web process's broker at a closed port, 20 applications are submitted and 5 issued over the API: every
request succeeds. Once the broker is back, ``manage.py dispatch_outbox`` hands over what was kept back and the
worker sends each e-mail once and renders each letter once; a redelivered e-mail task sends nothing.

Runs only with REDIS_URL and a PostgreSQL DATABASE_URL (as .ci/run does): the worker is another process.
"""

from __future__ import annotations

import email
import os
import time
from collections import Counter
from email.header import decode_header, make_header
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from applications.constants import State
from applications.models import Application, OutboxMessage
from payments.models import PaymentEvent
from qazeta.celery import app as celery_app
from qazeta.documents.models import IssuedDocument
from tests import factories
from tests.broker import UNREACHABLE_BROKER, broker_at
from tests.clock import FILING_DAY, astana
from tests.worker_process import celery_worker

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL and a Celery worker"),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="the worker process needs a shared database (PostgreSQL)",
    ),
]

SUBMITTED = 20
ISSUED = 5


@pytest.fixture
def mail_dir(tmp_path) -> Path:
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def worker(tmp_path, mail_dir):
    """A real Celery worker on the real broker (REDIS_URL), writing e-mails as files into ``mail_dir``."""
    with celery_worker(
        settings_module="tests.settings_worker",
        log_path=tmp_path / "worker.log",
        env={"EMAIL_FILE_PATH": str(mail_dir)},
    ) as proc:
        yield proc


def _subjects(mail_dir: Path) -> Counter[str]:
    """Every e-mail the worker sent, by subject (the file backend separates messages by a line of 79 dashes)."""
    found: Counter[str] = Counter()
    for path in mail_dir.iterdir():
        for chunk in path.read_text().split("-" * 79):
            if chunk.strip():
                message = email.message_from_string(chunk.strip())
                found[str(make_header(decode_header(message["Subject"])))] += 1
    return found


def _wait(condition, worker, *, seconds: float = 120, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        assert worker.poll() is None, f"the worker died:\n{worker.log_path.read_text()[-3000:]}"
        time.sleep(0.5)
    raise AssertionError(f"{what} not done after {seconds} s; worker log:\n{worker.log_path.read_text()[-3000:]}")


@pytest.mark.django_db(transaction=True)
# The worker keeps the real clock; this process files on a day whose year has an MRP (see tests/test_worker.py).
@pytest.mark.time_machine(astana(FILING_DAY))
def test_a_broker_outage_loses_and_doubles_nothing(worker, mail_dir, settings):
    settings.APPOINTMENT_SLOT_CAPACITY = ISSUED  # the walk books every visit in the same slot
    officer = factories.UserFactory(officer=True)
    membership = factories.MembershipFactory()
    drafts = []
    for _ in range(SUBMITTED):
        person = factories.PersonFactory(organisation=membership.organisation)
        draft = factories.c3_draft(membership=membership, person=person)
        factories.upload_checklist(draft, membership.user)
        drafts.append(draft)
    filer_api, officer_api = APIClient(), APIClient()
    filer_api.force_authenticate(membership.user)
    officer_api.force_authenticate(officer)

    with broker_at(settings.CELERY_BROKER_URL, eager=False):
        with broker_at(UNREACHABLE_BROKER):
            for draft in drafts:
                response = filer_api.post(f"/api/v1/applications/{draft.pk}/submit/")
                assert response.status_code == 200, response.content
            issued = []
            for draft in drafts[:ISSUED]:
                app = factories.advance(draft, State.WITH_AUTHORITY, filer=membership.user, officer=officer)
                response = officer_api.post(f"/api/v1/applications/{app.pk}/issue/", {"number": "WV-2026-0001"})
                assert response.status_code == 200, response.content
                issued.append(app)

        # Everything is committed and recorded; nothing reached the broker.
        assert Application.objects.filter(state=State.SUBMITTED).count() == SUBMITTED - ISSUED
        assert Application.objects.filter(state=State.ISSUED).count() == ISSUED
        kept = OutboxMessage.objects.filter(sent_at__isnull=True)
        # One letter to render per issued application, and one payment e-mail per payment event: the invoice at
        # approval and the receipt the filer uploads before booking the visit (the payments booking gate).
        tasks = kept.filter(kind=OutboxMessage.Kind.TASK)
        assert tasks.filter(task_name="applications.tasks.render_output").count() == ISSUED
        assert PaymentEvent.objects.filter(kind="invoice_issued").count() == ISSUED
        assert PaymentEvent.objects.filter(kind="receipt_uploaded").count() == ISSUED
        assert tasks.filter(task_name="payments.tasks.send_payment_email").count() == PaymentEvent.objects.count()
        assert not kept.filter(last_error="").exists()  # each on-commit hand-over failed and said so
        assert not IssuedDocument.objects.exists()
        assert not any(mail_dir.iterdir())

        # The broker is back: an operator (or beat, within a minute) runs the sweeper.
        call_command("dispatch_outbox", verbosity=0)
        _wait(
            lambda: (
                IssuedDocument.objects.count() == ISSUED
                and not OutboxMessage.objects.filter(sent_at__isnull=True).exists()
            ),
            worker,
            what="the e-mails and letters",
        )

        references = {a.pk: a.reference for a in Application.objects.all()}
        subjects = _subjects(mail_dir)
        for draft in drafts:
            assert subjects[f"Application {references[draft.pk]} received"] == 1
        for app in issued:
            assert subjects[f"Application {references[app.pk]}: issued"] == 1
            assert subjects[f"Application {references[app.pk]}: your document is ready to download"] == 1
        assert set(subjects.values()) == {1}, subjects  # no e-mail went twice
        # Every e-mail the outbox recorded went once: the engine's, and the payment e-mails the payments app queues as
        # tasks (one per payment event: invoice, receipt).
        payment_emails = OutboxMessage.objects.filter(task_name="payments.tasks.send_payment_email").count()
        assert payment_emails == 2 * ISSUED
        assert sum(subjects.values()) == (
            OutboxMessage.objects.filter(kind=OutboxMessage.Kind.EMAIL).count() + payment_emails
        )
        for app in issued:
            assert IssuedDocument.objects.filter(application=app, kind="invitation_letter").count() == 1

        # The broker delivers one e-mail task again: the worker finds it sent and sends nothing.
        message = OutboxMessage.objects.filter(kind=OutboxMessage.Kind.EMAIL).first()
        result = celery_app.send_task("applications.notifications.send_outbox_email", args=[message.pk])
        _wait(lambda: f"[{result.id}] succeeded" in worker.log_path.read_text(), worker, what="the redelivery")
        assert f"[{result.id}] succeeded in" in worker.log_path.read_text()
        assert _subjects(mail_dir) == subjects
        # And the sweeper finds nothing left to do.
        assert OutboxMessage.objects.filter(sent_at__isnull=True).count() == 0
