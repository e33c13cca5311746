"""The C3 invitation journey through the services, from draft to issued, and its timeline."""

from __future__ import annotations

import pytest
from django.core import mail
from django.utils import timezone

from applications import services
from applications.constants import Action, State
from applications.models import Application, StatusChange
from qazeta.workcalendar import calendar as workcalendar
from tests import factories
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


def test_c3_invitation_walks_from_draft_to_issued(membership, employee, officer, django_capture_on_commit_callbacks):
    draft = factories.c3_draft(membership=membership, person=employee)
    with django_capture_on_commit_callbacks(execute=True):
        app = factories.advance(draft, State.ISSUED, filer=membership.user, officer=officer)
    assert app.state == State.ISSUED
    assert app.reference.startswith("EC-")
    assert app.decision_number == "WV-2026-0001"
    actions = list(StatusChange.objects.filter(application=app).values_list("action", flat=True))
    assert actions[0] == Action.CREATE
    assert Action.SUBMIT in actions
    assert actions[-1] in (Action.ISSUE, Action.DOCUMENT_ISSUED)
    states = [(c.from_state, c.to_state) for c in StatusChange.objects.filter(application=app)]
    assert (State.WITH_AUTHORITY, State.ISSUED) in states
    assert any("received" in m.subject for m in mail.outbox)


def test_submission_sets_reference_due_date_and_frozen_fee(draft, filer, django_capture_on_commit_callbacks):
    factories.upload_checklist(draft, filer)
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_submit(user=filer, application=draft)
    app = Application.objects.get(pk=app.pk)
    assert app.state == State.SUBMITTED
    submitted_on = timezone.localtime(app.submitted_at).date()
    assert app.due_date == workcalendar.add_working_days(submitted_on, 5)
    assert app.fee_service == 360000
    assert app.fee_state_duty_mrp == pytest.approx(0.5)
    assert app.fee_total == app.fee_service + app.fee_state_duty
    assert len(mail.outbox) == 1
    assert app.reference in mail.outbox[0].subject
