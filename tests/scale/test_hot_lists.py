"""The hot lists at scale (issue 10): their plans use the indexes and their queries do not grow.

PostgreSQL only (plans are the planner's). Each test seeds with ``manage.py seed_scale`` (a few thousand rows,
analysed by the command), requests the real page through the client, captures the SQL the view ran and asks
PostgreSQL for the plan of every statement reading an application table. No planner setting is changed: the
plans are the ones chosen with the seeded statistics.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.clock import FILING_DAY, astana

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans and partial indexes need PostgreSQL"),
    # A fixed day: in December the queue also reminds of next year's missing MRP (a fee-table read on the first
    # request of a test), which a count of queries must not depend on.
    pytest.mark.time_machine(astana(FILING_DAY)),
]

QUEUE = "/officer/queue/"
API_QUEUE = "/api/v1/queue/"
API_LIST = "/api/v1/applications/"
LIST = "/applications/"


def _application_tables() -> set[str]:
    from django.apps import apps

    from applications.models import Application

    return {m._meta.db_table for m in apps.get_models() if issubclass(m, Application)}


def _nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from _nodes(child)


def _plans(queries: list[dict[str, str]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """``(sql, plan nodes)`` of every SELECT of ``queries`` that reads an application table."""
    tables = _application_tables()
    result = []
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT") or not any(f'"{t}"' in sql for t in tables):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            raw = cursor.fetchone()[0]
            plan = json.loads(raw) if isinstance(raw, str) else raw
            result.append((sql, list(_nodes(plan[0]["Plan"]))))
    return result


def _assert_no_seq_scan(queries: list[dict[str, str]]) -> set[str]:
    """Fail on any sequential scan of an application table; returns the index names the plans use."""
    tables = _application_tables()
    plans = _plans(queries)
    assert plans, "the page read no application table"
    indexes: set[str] = set()
    for sql, nodes in plans:
        for node in nodes:
            if node["Node Type"] == "Seq Scan":
                assert node.get("Relation Name") not in tables, f"sequential scan of {node['Relation Name']}: {sql}"
            if "Index Name" in node:
                indexes.add(node["Index Name"])
    return indexes


def _seed(n: int, **options: Any) -> None:
    call_command("seed_scale", applications=n, stdout=open("/dev/null", "w"), **options)  # noqa: SIM115


def _client(user):  # noqa: ANN001, ANN202
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _api(user):  # noqa: ANN001, ANN202
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user)
    return client


def _officer():  # noqa: ANN202
    from qazeta.accounts.models import User

    return User.objects.filter(username__startswith="scale-officer-", role="officer").order_by("pk").first()


def _big_employer():  # noqa: ANN202
    """The member of the seed's big host party (the organisation with the most applications)."""
    from django.db.models import Count

    from qazeta.accounts.models import Membership, Organisation

    org = Organisation.objects.annotate(n=Count("applications")).order_by("-n").first()
    return Membership.objects.filter(organisation=org).select_related("user").first().user


def _self_applicant():  # noqa: ANN202
    from qazeta.accounts.models import User

    return User.objects.filter(username__startswith="scale-applicant-").order_by("pk").first()


def _captured(client, url: str, data: dict[str, Any] | None = None) -> list[dict[str, str]]:  # noqa: ANN001
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, data or {})
    assert response.status_code == 200, response.content[:500]
    return ctx.captured_queries


@pytest.fixture
def seeded():
    """5,000 applications (100 open, a big host party of 1,000), analysed."""
    _seed(5000)


@pytest.fixture
def estimated_counts(monkeypatch):
    """Counts by the planner's estimate from 100 rows up, as a list is counted at national scale (above
    ``EXACT_COUNT_BELOW``), so the plans checked are the ones the page runs then."""
    from applications import selectors

    monkeypatch.setattr(selectors, "EXACT_COUNT_BELOW", 100)


# ------------------------------------------------------------------------------------------------ plans
@pytest.mark.parametrize(
    ("params", "index"),
    [
        ({}, "app_open_due_idx"),
        ({"assignee": "ME"}, "app_open_assignee_idx"),
        ({"service": "temporary-residence"}, "app_open_service_idx"),
    ],
    ids=["by-due-date", "by-assignee", "by-service"],
)
def test_queue_page_reads_the_partial_index_of_open_work(seeded, params, index):
    from applications.models import Application

    officer = _officer()
    Application.objects.filter(state="in_review").update(assigned_to=officer)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE applications_application")
    query = {k: (str(officer.pk) if v == "ME" else v) for k, v in params.items()}
    html = _captured(_client(officer), QUEUE, query)
    api = _captured(_api(officer), API_QUEUE, query)

    assert index in _assert_no_seq_scan(html)
    assert index in _assert_no_seq_scan(api)


def test_the_next_queue_page_reads_the_index_too(seeded):
    officer = _officer()
    client = _api(officer)
    first = client.get(API_QUEUE).json()
    assert first["next"]

    queries = _captured(client, first["next"])

    assert "app_open_due_idx" in _assert_no_seq_scan(queries)


def test_big_employer_list_and_api_list_use_indexes(seeded, estimated_counts):
    employer = _big_employer()

    _assert_no_seq_scan(_captured(_client(employer), LIST))
    indexes = _assert_no_seq_scan(_captured(_api(employer), API_LIST))

    assert indexes & {"app_created_idx", "app_org_created_idx"}


def test_self_applicant_list_uses_indexes(seeded, estimated_counts):
    applicant = _self_applicant()

    _assert_no_seq_scan(_captured(_client(applicant), LIST))
    _assert_no_seq_scan(_captured(_api(applicant), API_LIST))


def test_staff_api_list_reads_the_created_at_index(seeded, estimated_counts):
    indexes = _assert_no_seq_scan(_captured(_api(_officer()), API_LIST))

    assert "app_created_idx" in indexes


# ------------------------------------------------------------------------------------------------ query counts
def _move_all_to_first_host_party() -> None:
    """Every seeded application filed by the first host party's member (so one employer lists them all)."""
    from applications.models import Application
    from qazeta.accounts.models import Membership

    first = Membership.objects.order_by("pk").first()
    Application.objects.update(organisation_id=first.organisation_id, filer_id=first.user_id)


@pytest.mark.parametrize("url", [QUEUE, API_QUEUE])
def test_queue_queries_do_not_grow_with_the_rows(url):
    _seed(3, open=2)
    officer = _officer()
    client = _client(officer) if url == QUEUE else _api(officer)
    with CaptureQueriesContext(connection) as two:
        response = client.get(url)
    rows = response.context["rows"] if url == QUEUE else response.json()["results"]
    assert len(rows) == 2

    _seed(40, open=20, force=True, seed=11)
    with CaptureQueriesContext(connection) as twenty_two:
        response = client.get(url)
    rows = response.context["rows"] if url == QUEUE else response.json()["results"]
    assert len(rows) == 22

    assert len(twenty_two.captured_queries) == len(two.captured_queries)


@pytest.mark.parametrize("url", [LIST, API_LIST])
def test_employer_list_queries_do_not_grow_with_the_rows(url):
    from qazeta.accounts.models import Membership

    _seed(3, open=0)
    _move_all_to_first_host_party()
    employer = Membership.objects.order_by("pk").first().user
    client = _client(employer) if url == LIST else _api(employer)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    rows = response.context["rows"] if url == LIST else response.json()["results"]
    assert len(rows) == 3

    _seed(20, open=2, force=True, seed=11)
    _move_all_to_first_host_party()
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    rows = response.context["rows"] if url == LIST else response.json()["results"]
    assert len(rows) == 23

    assert len(many.captured_queries) == len(few.captured_queries)


@pytest.mark.parametrize("url", [QUEUE, API_QUEUE, API_LIST])
def test_a_later_page_runs_no_more_queries_than_the_first(url):
    _seed(2000, open=150)
    officer = _officer()
    if url == QUEUE:
        client = _client(officer)
        with CaptureQueriesContext(connection) as first:
            response = client.get(url)
        pages = [response.context["page"]]
        for _ in range(3):
            with CaptureQueriesContext(connection) as later:
                response = client.get(url, {"after": pages[-1].next_cursor})
            pages.append(response.context["page"])
        seen = [row.application.pk for row in response.context["rows"]]
    else:
        client = _api(officer)
        with CaptureQueriesContext(connection) as first:
            body = client.get(url).json()
        for _ in range(3):
            with CaptureQueriesContext(connection) as later:
                body = client.get(body["next"]).json()
        seen = [row["id"] for row in body["results"]]

    assert len(seen) == 25  # the fourth page is full: 150 open, 1,990 visible to staff
    assert len(later.captured_queries) <= len(first.captured_queries)
