"""The term: 30 office minutes after submission, counted inside office hours (09:00-13:00, 14:00-18:00 Astana,
working days; guide 2025, Other migration and tax services §1 and "office hours"). Shown on the filer page and
in the API as ``due_at``."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from applications import services
from applications.constants import State
from applications.models import Application
from tests import factories

from .conftest import ASTANA, api_client_for, arrival_draft

pytestmark = pytest.mark.django_db


def _at(day: int, hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 6, day, hour, minute, tzinfo=ASTANA)


@pytest.mark.parametrize(
    ("submitted", "due"),
    [
        pytest.param(_at(16, 10, 0), _at(16, 10, 30), id="tuesday-10:00-same-day-10:30"),
        pytest.param(_at(16, 12, 50), _at(16, 14, 20), id="tuesday-12:50-lunch-skipped-14:20"),
        pytest.param(_at(16, 17, 50), _at(17, 9, 20), id="tuesday-17:50-next-working-day-09:20"),
        pytest.param(_at(20, 11, 0), _at(22, 9, 30), id="saturday-monday-09:30"),
    ],
)
def test_due_30_office_minutes_after_submission(membership, employee, clock, submitted, due, filer_client):
    clock.move_to(submitted, tick=False)
    filer_client.force_login(membership.user)  # a session idle for hours before the move has timed out
    draft = arrival_draft(membership, employee)
    factories.upload_checklist(draft, membership.user)

    app = services.application_submit(user=membership.user, application=draft)

    assert app.due_at == due
    assert app.due_date == due.date()
    # The filer page shows the due moment in Astana time.
    page = filer_client.get(reverse("application-detail", args=[app.pk])).content.decode()
    assert f"{due:%d.%m.%Y %H:%M} (Astana time)" in page
    # The API gives the same instant.
    detail = api_client_for(membership.user).get(f"/api/v1/applications/{app.pk}/").json()
    assert dt.datetime.fromisoformat(detail["due_at"]) == due
    assert detail["due_date"] == due.date().isoformat()


def test_before_submission_the_page_states_the_term(membership, employee, filer_client):
    draft = arrival_draft(membership, employee)

    page = filer_client.get(reverse("application-detail", args=[draft.pk])).content.decode()

    assert "set at submission (30 minutes)" in page
    assert Application.objects.get(pk=draft.pk).due_at is None


def test_a_paused_minute_term_is_not_shown_in_working_days(membership, employee, officer, filer_client):
    app = factories.advance(
        arrival_draft(membership, employee), State.INFORMATION_REQUESTED, filer=membership.user, officer=officer
    )

    page = filer_client.get(reverse("application-detail", args=[app.pk])).content.decode()

    assert "clock paused" in page
    assert "working days left" not in page
