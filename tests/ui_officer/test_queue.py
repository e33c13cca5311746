"""The officer queue at /officer/queue/: filters, order by due date, working days left, paging, query count."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.catalogue import all_services
from applications.constants import State
from applications.models import Application
from qazeta.workcalendar import calendar as workcalendar
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

URL = "/officer/queue/"


def _row(html: str, app: Application) -> str:
    """The HTML of the queue row of ``app`` (fails the test if the row is not there)."""
    match = re.search(rf'<tr id="queue-row-{app.pk}">(.*?)</tr>', html, re.S)
    assert match, f"{app.reference} is not in the queue"
    return match.group(1)


def _pks(response) -> list[int]:
    return [row.application.pk for row in response.context["rows"]]


def test_queue_url_name_is_officer_queue():
    assert reverse("officer-queue") == URL


def test_queue_is_sorted_by_due_date_soonest_first(officer_client, make_application, officer):
    later, middle, soonest = (make_application(State.SUBMITTED) for _ in range(3))
    services.application_extend_term(user=officer, application=later, days=10, reason="State body delay")
    services.application_extend_term(user=officer, application=middle, days=5, reason="State body delay")

    response = officer_client.get(URL)

    assert response.status_code == 200
    assert _pks(response) == [soonest.pk, middle.pk, later.pk]
    html = response.content.decode()
    positions = [html.index(f'id="queue-row-{app.pk}"') for app in (soonest, middle, later)]
    assert positions == sorted(positions)


def test_queue_shows_columns_and_working_days_left(officer_client, make_application, membership):
    app = make_application(State.SUBMITTED)
    today = timezone.localdate()
    expected = workcalendar.working_days_between(today, app.due_date)

    response = officer_client.get(URL)

    row = _row(response.content.decode(), app)
    assert app.reference in row
    assert app.service.name in row
    assert app.person.full_name in row
    assert membership.organisation.name in row
    assert "state-submitted" in row
    assert app.due_date.strftime("%d.%m.%Y") in row
    assert re.search(rf'<td class="num"[^>]*>\s*{expected}\s*</td>', row)
    assert "overdue" not in row


def test_queue_marks_overdue_applications_in_red(officer_client, officer, make_application, time_machine):
    app = make_application(State.SUBMITTED)
    # Two weeks after the due date, as the calendar would see it then.
    late = app.due_date + dt.timedelta(days=14)
    time_machine.move_to(astana(late))
    officer_client.force_login(officer)  # the session opened before the move has expired by then
    expected = workcalendar.working_days_between(late, app.due_date)
    assert expected < 0

    row = _row(officer_client.get(URL).content.decode(), app)

    assert 'class="badge overdue"' in row
    assert f"{expected} (overdue)" in row


def test_queue_shows_paused_when_information_is_requested(officer_client, make_application):
    app = make_application(State.INFORMATION_REQUESTED)

    row = _row(officer_client.get(URL).content.decode(), app)

    assert "paused" in row
    assert "state-information_requested" in row


def test_queue_filters_by_service(officer_client, make_application):
    app = make_application(State.SUBMITTED)
    other = next(s.code for s in all_services() if s.code != app.service_code)

    assert _pks(officer_client.get(URL, {"service": app.service_code})) == [app.pk]
    response = officer_client.get(URL, {"service": other})
    assert _pks(response) == []
    assert "No application matches these filters." in response.content.decode()


def test_queue_filters_by_state(officer_client, make_application):
    submitted = make_application(State.SUBMITTED)
    in_review = make_application(State.IN_REVIEW)

    assert _pks(officer_client.get(URL, {"state": State.SUBMITTED})) == [submitted.pk]
    assert _pks(officer_client.get(URL, {"state": State.IN_REVIEW})) == [in_review.pk]


def test_queue_filters_by_assignee_me_unassigned_and_officer(officer_client, make_application, officer2):
    unassigned = make_application(State.SUBMITTED)
    mine = make_application(State.IN_REVIEW)
    theirs = make_application(State.IN_REVIEW, by=officer2)

    assert _pks(officer_client.get(URL, {"assignee": "me"})) == [mine.pk]
    assert _pks(officer_client.get(URL, {"assignee": "none"})) == [unassigned.pk]
    assert _pks(officer_client.get(URL, {"assignee": str(officer2.pk)})) == [theirs.pk]
    assert set(_pks(officer_client.get(URL))) == {unassigned.pk, mine.pk, theirs.pk}


def test_queue_hides_closed_applications_unless_asked(officer_client, make_application):
    open_app = make_application(State.SUBMITTED)
    issued = make_application(State.ISSUED)

    assert _pks(officer_client.get(URL)) == [open_app.pk]
    assert set(_pks(officer_client.get(URL, {"closed": "on"}))) == {open_app.pk, issued.pk}


def test_queue_ignores_an_unknown_filter_value_and_says_so(officer_client, make_application):
    app = make_application(State.SUBMITTED)

    response = officer_client.get(URL, {"assignee": "999999"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert _pks(response) == [app.pk]


def test_empty_queue_says_what_to_do(officer_client):
    response = officer_client.get(URL)

    html = response.content.decode()
    assert "The queue is empty" in html
    assert reverse("officer-appointments") in html


def test_unassigned_rows_have_a_claim_button_and_assigned_rows_do_not(officer_client, make_application):
    unassigned = make_application(State.SUBMITTED)
    mine = make_application(State.IN_REVIEW)

    html = officer_client.get(URL).content.decode()

    assert reverse("officer-claim", args=[unassigned.pk]) in _row(html, unassigned)
    assert reverse("officer-claim", args=[mine.pk]) not in _row(html, mine)


def test_claim_from_the_queue_starts_review_and_returns_to_the_queue(officer_client, make_application, officer):
    app = make_application(State.SUBMITTED)

    response = officer_client.post(
        reverse("officer-claim", args=[app.pk]), {"next": f"{URL}?assignee=none"}, follow=True
    )

    app.refresh_from_db()
    assert app.state == State.IN_REVIEW
    assert app.assigned_to == officer
    assert response.redirect_chain[-1][0] == f"{URL}?assignee=none"
    assert f"You now hold {app.reference}." in response.content.decode()


def test_claim_ignores_a_next_address_on_another_site(officer_client, make_application):
    app = make_application(State.SUBMITTED)

    response = officer_client.post(reverse("officer-claim", args=[app.pk]), {"next": "https://evil.example/"})

    assert response.status_code == 302
    assert response["Location"] == reverse("officer-application", args=[app.pk])


def test_queue_query_count_does_not_grow_with_the_number_of_applications(
    officer_client, make_application, django_assert_max_num_queries
):
    # Mix unassigned and assigned rows so the person, host party and assignee are all rendered.
    for i in range(5):
        make_application(State.SUBMITTED if i % 2 else State.IN_REVIEW)
    with CaptureQueriesContext(connection) as five:
        response = officer_client.get(URL)
    assert len(response.context["rows"]) == 5
    # Session, user, the staff member's second-factor device, officers for the filter, the count, the page, the
    # calendar overrides, the access-log row with its persons (two INSERTs in a savepoint, whatever the page size)
    # and next year's MRP reminder.
    assert len(five.captured_queries) <= 12

    for i in range(25):
        make_application(State.SUBMITTED if i % 2 else State.IN_REVIEW)
    with django_assert_max_num_queries(len(five.captured_queries)):
        response = officer_client.get(URL)

    assert response.context["page"].count == 30
    assert response.context["page"].count_exact
    assert len(response.context["rows"]) == 25


def test_queue_pages_hold_25_rows(officer_client, make_application):
    apps = [make_application(State.SUBMITTED) for _ in range(27)]

    first = officer_client.get(URL)
    cursor = first.context["page"].next_cursor
    second = officer_client.get(URL, {"after": cursor})

    assert len(first.context["rows"]) == 25
    assert len(second.context["rows"]) == 2
    assert set(_pks(first)) | set(_pks(second)) == {a.pk for a in apps}
    assert f"?after={cursor}" in first.content.decode()
    assert not second.context["page"].has_next
    assert 'rel="first"' in second.content.decode()


def test_only_the_open_queue_is_counted_without_an_estimate():
    from applications import selectors
    from applications.constants import State

    assert selectors.queue_is_open_only()
    assert selectors.queue_is_open_only(state=State.IN_REVIEW)
    assert not selectors.queue_is_open_only(include_closed=True)
    assert not selectors.queue_is_open_only(state=State.ISSUED)
    assert selectors.queue_is_open_only(state=State.IN_REVIEW, include_closed=True)
