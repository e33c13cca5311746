"""The officer queue over the API: filters, order by due date, working days left, constant query count."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from applications import services
from applications.constants import State
from tests import factories
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


def _submitted(membership, officer, n: int) -> list:
    return [
        factories.advance(
            factories.c3_draft(membership=membership), State.SUBMITTED, filer=membership.user, officer=officer
        )
        for _ in range(n)
    ]


@pytest.fixture
def staff(officer):
    client = APIClient()
    client.force_authenticate(officer)
    return client


def test_queue_filters_by_state_and_assignee(staff, membership, officer, officer2):
    apps = _submitted(membership, officer, 3)
    services.application_assign(user=officer2, application=apps[0], officer=officer2)
    assert [r["id"] for r in staff.get("/api/v1/queue/?assignee=none").json()["results"]] == [a.pk for a in apps[1:]]
    assert [r["id"] for r in staff.get(f"/api/v1/queue/?assignee={officer2.pk}").json()["results"]] == [apps[0].pk]
    rows = staff.get("/api/v1/queue/?state=in_review").json()["results"]
    assert [(r["id"], r["assigned_to_name"]) for r in rows] == [(apps[0].pk, officer2.username)]
    assert staff.get("/api/v1/queue/?service=iin").json()["count"] == 0
    assert staff.get("/api/v1/queue/?state=nonsense").status_code == 400


def test_queue_orders_by_due_date_and_shows_working_days_left(staff, membership, officer):
    apps = _submitted(membership, officer, 2)
    services.application_extend_term(user=officer, application=apps[0], days=10, reason="State body backlog")
    rows = staff.get("/api/v1/queue/").json()["results"]
    assert [r["id"] for r in rows] == [apps[1].pk, apps[0].pk]
    assert rows[0]["working_days_left"] == 5
    assert rows[1]["working_days_left"] > 5


def test_queue_query_count_does_not_grow_with_the_page(staff, membership, officer):
    _submitted(membership, officer, 3)
    with CaptureQueriesContext(connection) as small:
        assert staff.get("/api/v1/queue/").json()["count"] == 3
    _submitted(membership, officer, 12)
    with CaptureQueriesContext(connection) as large:
        assert staff.get("/api/v1/queue/").json()["count"] == 15
    assert len(large.captured_queries) == len(small.captured_queries)
