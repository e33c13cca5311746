"""Issue 9, item 7: the supervisors' dashboard — numbers on fixed data and a pinned day, the CSV exports, the SVG
charts, and access (officers, filers and visitors refused)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from applications.constants import State
from applications.models import Application
from tests import factories
from tests.clock import astana

#: A Monday; the dashboard's "today".
TODAY = dt.date(2026, 3, 16)
URL = "/officer/dashboard/"

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(TODAY, 12))]


@pytest.fixture
def data(membership, officer):
    """Eight C3 applications set straight in the rows (the dashboard reads rows, not the walk that made them)."""

    def app(n: int, state: str, *, submitted=None, decided=None, due=None, holder=None) -> Application:
        draft = factories.c3_draft(membership=membership)
        Application.objects.filter(pk=draft.pk).update(
            state=state,
            reference=f"EC-2026-{n:06d}" if submitted else None,
            submitted_at=submitted,
            decided_at=decided,
            due_date=due,
            assigned_to=holder,
        )
        return Application.objects.get(pk=draft.pk)

    return {
        "a": app(1, State.SUBMITTED, submitted=astana(TODAY, 10), due=dt.date(2026, 3, 20)),
        "b": app(2, State.IN_REVIEW, submitted=astana(TODAY, 8), due=dt.date(2026, 3, 13), holder=officer),
        # Past its due date but the clock is paused: not overdue.
        "c": app(
            3, State.INFORMATION_REQUESTED, submitted=astana("2026-03-02"), due=dt.date(2026, 3, 10), holder=officer
        ),
        # 8 working days (term 5), and 3.
        "d": app(4, State.ISSUED, submitted=astana("2026-03-02"), decided=astana("2026-03-13", 15)),
        "e": app(5, State.REFUSED, submitted=astana("2026-03-02"), decided=astana("2026-03-05", 15)),
        # Decided before the 90-day window; submitted before the 30-day one.
        "f": app(6, State.ISSUED, submitted=astana("2025-10-01"), decided=astana("2025-10-03")),
        "g": app(7, State.DRAFT),
        # A Sunday submission, later withdrawn: a submission, not a decision, not in the backlog.
        "h": app(8, State.WITHDRAWN, submitted=astana("2026-03-15", 23, 30), decided=astana(TODAY, 9)),
    }


def rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content]).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


def test_submissions_per_day(client, supervisor, data):
    from applications import dashboard

    days = dict(dashboard.submissions_per_day(today=TODAY))
    assert len(days) == 30
    assert min(days) == dt.date(2026, 2, 15)
    assert max(days) == TODAY
    assert days[TODAY] == 2
    assert days[dt.date(2026, 3, 15)] == 1  # 23:30 Astana is still the 15th (18:30 UTC)
    assert days[dt.date(2026, 3, 2)] == 3
    assert sum(days.values()) == 6

    client.force_login(supervisor)
    table = rows(client.get(URL, {"export": "submissions"}))
    assert table[0] == ["day", "submitted"]
    assert table[1] == ["2026-02-15", "0"]
    assert table[-1] == ["2026-03-16", "2"]
    assert len(table) == 31


def test_backlog_overdue_and_workload(client, supervisor, officer, data):
    client.force_login(supervisor)
    backlog = rows(client.get(URL, {"export": "backlog"}))
    assert backlog[0] == ["service code", "service", "state", "state name", "open"]
    assert [(r[0], r[2], r[4]) for r in backlog[1:]] == [
        ("c3-invitation", "submitted", "1"),
        ("c3-invitation", "in_review", "1"),
        ("c3-invitation", "information_requested", "1"),
    ]
    overdue = rows(client.get(URL, {"export": "overdue"}))
    assert overdue[1:] == [["EC-2026-000002", "c3-invitation", "in_review", "2026-03-13", officer.username]]
    workload = {r[0]: r[2:] for r in rows(client.get(URL, {"export": "workload"}))[1:]}
    assert workload[officer.username] == ["2", "1"]
    assert workload[supervisor.username] == ["0", "0"]
    assert workload[""] == ["1", "0"]  # unassigned


def test_median_working_days_to_decision_against_the_term(client, supervisor, data):
    client.force_login(supervisor)
    table = rows(client.get(URL, {"export": "decision-times"}))
    assert table[0][2:] == ["decisions", "median working days", "term (working days)", "over term"]
    assert table[1:] == [["c3-invitation", table[1][1], "2", "5.5", "5", "1"]]


def test_the_page_draws_the_charts_as_inline_svg(client, supervisor, data, django_assert_max_num_queries):
    client.force_login(supervisor)
    with django_assert_max_num_queries(20):
        response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 5
    assert "style=" not in html
    assert "<script" not in html.split("</head>")[1]
    # 30 columns of submissions, one bar per service elsewhere; the busiest day is the full height.
    chart = html[html.index('id="chart-submissions"') : html.index('id="chart-backlog"')]
    assert chart.count('class="bar"') == 30
    assert 'y="0.0" width="19.3" height="160.0"' in chart  # today, 2 submissions
    decisions = html[html.index('id="chart-decision-times"') : html.index('id="chart-workload"')]
    assert 'class="bar late"' in decisions  # the median 5.5 is over the 5-day term
    assert "chart-marker" in decisions
    for export in ("submissions", "backlog", "overdue", "decision-times", "workload"):
        assert f'href="?export={export}"' in html
    # No one's name: references, services and officers only.
    assert data["b"].person.surname not in html


def test_queries_do_not_grow_with_the_data(client, supervisor, membership, officer, django_assert_max_num_queries):
    for _ in range(6):
        draft = factories.c3_draft(membership=membership)
        Application.objects.filter(pk=draft.pk).update(
            state=State.IN_REVIEW, submitted_at=astana(TODAY, 8), due_date=dt.date(2026, 3, 1), assigned_to=officer
        )
    client.force_login(supervisor)
    with django_assert_max_num_queries(20):
        assert client.get(URL).status_code == 200


def test_an_unknown_export_is_404(client, supervisor):
    client.force_login(supervisor)
    assert client.get(URL, {"export": "persons"}).status_code == 404


@pytest.mark.parametrize("role", ["officer", "filer", "employee_login", "anonymous"])
def test_only_supervisors(client, role, officer, membership, employee):
    if role == "officer":
        client.force_login(officer)
    elif role == "filer":
        client.force_login(membership.user)
    elif role == "employee_login":
        client.force_login(factories.UserFactory())
    for params in ({}, {"export": "workload"}):
        response = client.get(URL, params)
        if role == "anonymous":
            assert response.status_code == 302
            assert "/accounts/login/" in response["Location"]
        else:
            assert response.status_code == 404


def test_the_queue_links_the_dashboard_for_supervisors_only(client, supervisor, officer):
    client.force_login(supervisor)
    assert f'href="{URL}"' in client.get(reverse("officer-queue")).content.decode()
    client.force_login(officer)
    assert f'href="{URL}"' not in client.get(reverse("officer-queue")).content.decode()


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_svg_geometry_is_not_localised(client, supervisor, data, lang):
    """Russian and Kazakh write 19,3: the SVG's numbers must stay 19.3 whatever the page's language."""
    import re

    from django.utils import translation

    client.force_login(supervisor)
    try:
        html = client.get(URL, HTTP_ACCEPT_LANGUAGE=lang).content.decode()
    finally:
        translation.deactivate()
    assert f'<html lang="{lang}">' in html
    geometry = re.findall(r'\s(?:x|y|dx|x1|x2|y1|y2|width|height)="([^"]*)"', html.split("<main", 1)[1])
    assert geometry
    assert all(re.fullmatch(r"-?\d+(\.\d+)?", value) for value in geometry), geometry
