"""Issue 9: the officer pages' tables become one card per row on a phone (``<table class="stack">``, CSS in
static/css/qazeta.css): every body cell carries a ``data-label`` that is its column's header, word for word (the same
msgid, so the label is translated wherever the header is)."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import timezone

from applications.constants import State
from applications.models import Application, Appointment
from qazeta.workcalendar.calendar import OFFICE_TZ
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


class _Tables(HTMLParser):
    """Each ``<table>`` of a page as ``{"classes", "headers", "rows"}``; a row is a list of ``(tag, data-label or
    None)`` per cell, headers are the texts of the ``<thead>`` cells."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self._section = ""
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "table":
            self.tables.append({"classes": (values.get("class") or "").split(), "headers": [], "rows": []})
        elif tag in ("thead", "tbody"):
            self._section = tag
        elif tag == "tr" and self._section == "tbody":
            self.tables[-1]["rows"].append([])
        elif tag in ("th", "td") and self.tables:
            if self._section == "thead":
                self._cell = []
            else:
                self.tables[-1]["rows"][-1].append((tag, values.get("data-label")))

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1]["headers"].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag in ("thead", "tbody"):
            self._section = ""


def _assert_stacked(html: str, expected_tables: int) -> None:
    """Every table of ``html`` stacks, has rows, and labels each body cell with its column's header."""
    parser = _Tables()
    parser.feed(html)
    assert len(parser.tables) == expected_tables
    for table in parser.tables:
        assert "stack" in table["classes"], table["headers"]
        assert table["rows"], f"no rows to check in {table['headers']}"
        for row in table["rows"]:
            assert [label for _, label in row] == table["headers"], row


def _day_of(app: Application) -> dt.date:
    slot = Appointment.objects.get(application=app).slot
    return timezone.localtime(slot.starts_at, OFFICE_TZ).date()


def test_the_appointments_of_the_day_stack(officer_client, make_application):
    app = make_application(State.APPOINTMENT_BOOKED)

    response = officer_client.get(reverse("officer-appointments"), {"date": _day_of(app).isoformat()})

    assert response.status_code == 200
    _assert_stacked(response.content.decode(), 1)


def test_the_appointments_of_the_week_stack(officer_client, make_application):
    app = make_application(State.APPOINTMENT_BOOKED)

    response = officer_client.get(reverse("officer-appointments-week"), {"date": _day_of(app).isoformat()})

    assert response.status_code == 200
    html = response.content.decode()
    assert app.person.full_name in html
    _assert_stacked(html, len(re.findall(r"<table\b", html)))
    assert "<table" in html


def test_the_access_log_stacks(client, supervisor, make_application):
    make_application(State.SUBMITTED)
    client.force_login(supervisor)
    assert client.get(reverse("officer-queue")).status_code == 200  # leaves an access row

    response = client.get(reverse("officer-access-log"))

    assert response.status_code == 200
    _assert_stacked(response.content.decode(), 1)


def test_the_dashboard_tables_stack(client, supervisor, officer, membership):
    now = timezone.now()
    for state, decided in ((State.IN_REVIEW, None), (State.ISSUED, now)):
        draft = factories.c3_draft(membership=membership)
        Application.objects.filter(pk=draft.pk).update(
            state=state,
            reference=f"EC-2026-{draft.pk:06d}",
            submitted_at=now - dt.timedelta(days=10),
            decided_at=decided,
            due_date=(now - dt.timedelta(days=2)).date(),
            assigned_to=officer,
        )
    client.force_login(supervisor)

    response = client.get(reverse("officer-dashboard"))

    assert response.status_code == 200
    # Submissions per day, backlog, overdue, decision times, workload.
    _assert_stacked(response.content.decode(), 5)
