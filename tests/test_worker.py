"""The invitation-letter task goes through Redis to a real Celery worker process, which renders the PDF.

Runs only when REDIS_URL and a PostgreSQL DATABASE_URL are set (as .ci/run does): the worker is a separate
process and must see the rows this test commits, which an in-memory SQLite test database cannot offer.
"""

from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path

import pytest

from applications.constants import State
from qazeta.celery import app as celery_app
from qazeta.documents.models import IssuedDocument
from tests import factories
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


@pytest.fixture
def celery_worker_process(tmp_path):
    with celery_worker(settings_module="qazeta.settings.test", log_path=tmp_path / "worker.log") as proc:
        yield proc


@pytest.mark.django_db(transaction=True)
# Only this process's clock moves (to a day whose year has an MRP, for the submission); the worker keeps the
# real clock, and nothing here compares a date it writes (e.g. the letter's issued_on) with this process's date.
@pytest.mark.time_machine(astana(FILING_DAY))
def test_invitation_letter_is_rendered_by_a_real_worker(celery_worker_process, tmp_path):
    eager = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    try:
        _walk_to_issued_and_check_letter(celery_worker_process, tmp_path)
    finally:
        celery_app.conf.task_always_eager = eager


def _walk_to_issued_and_check_letter(celery_worker_process, tmp_path) -> None:
    officer = factories.UserFactory(officer=True)
    membership, person = factories.employer_with_staff()
    draft = factories.c3_draft(membership=membership, person=person)

    application = factories.advance(draft, State.ISSUED, filer=membership.user, officer=officer)

    deadline = time.monotonic() + 90
    document = None
    while time.monotonic() < deadline:
        document = IssuedDocument.objects.filter(application=application).first()
        if document is not None or celery_worker_process.poll() is not None:
            break
        time.sleep(0.5)
    log = (tmp_path / "worker.log").read_text()
    assert celery_worker_process.poll() is None, f"the worker died:\n{log[-3000:]}"
    assert document is not None, f"no invitation letter after 90 s; worker log:\n{log[-3000:]}"
    assert "applications.tasks.render_output" in log
    pdf = Path(document.file.path).read_bytes()
    assert pdf.startswith(b"%PDF")
    assert hashlib.sha256(pdf).hexdigest() == document.sha256
    assert IssuedDocument.objects.filter(application=application).count() == 1
