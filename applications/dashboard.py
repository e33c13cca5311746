"""Reads for the supervisors' dashboard (issue 9, item 7): submissions per day, backlog by state and service,
overdue applications, median working days to decision against each service's term, workload per officer.

Every figure is aggregated in the database (``GROUP BY`` with ``Count``), except the working days to decision,
which need the working-day calendar: that one reads two timestamps per decided application of the window and
counts with one ``WorkingCalendar`` (one query for its overrides). Days are Astana days (``TIME_ZONE``). Nothing
here names a person: the dashboard shows references, services and officers only, so reading it is not a read of
personal data.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from qazeta.accounts.constants import Role
from qazeta.accounts.models import User
from qazeta.workcalendar.calendar import WorkingCalendar

from .catalogue import CatalogueError, get_service
from .constants import FINAL_STATES, State
from .models import Application

#: Calendar days of the submissions chart, today included.
SUBMISSION_DAYS = 30
#: Calendar days back (today included) whose decisions count towards the medians.
DECISION_DAYS = 90
#: States that end an application with a decision (withdrawals and cancellations are not decisions).
DECISION_STATES = (State.ISSUED, State.REFUSED)


def _open() -> QuerySet[Application]:
    """Submitted applications not yet in a final state."""
    return Application.objects.exclude(state=State.DRAFT).exclude(state__in=FINAL_STATES)


def overdue_q(*, today: dt.date, now: dt.datetime) -> Q:
    """Open applications past their term, as ``QueueRow.overdue`` counts them: a term in minutes past its
    ``due_at``, else a ``due_date`` before ``today``; never while the filer is asked for information (the clock
    is paused)."""
    return ~Q(state=State.INFORMATION_REQUESTED) & (
        Q(due_at__isnull=False, due_at__lt=now) | Q(due_at__isnull=True, due_date__lt=today)
    )


def service_name(code: str) -> str:
    """The catalogue's name of a service, or its code when the catalogue does not know it."""
    try:
        return str(get_service(code).name)
    except CatalogueError:
        return code


def service_term(code: str) -> int | None:
    """The service's term in working days (the upper bound of a "3-5" term), or None (minutes, or no term)."""
    try:
        service = get_service(code)
    except CatalogueError:
        return None
    return service.term_working_days_max or service.term_working_days


def submissions_per_day(*, today: dt.date, days: int = SUBMISSION_DAYS) -> list[tuple[dt.date, int]]:
    """``(Astana day, applications submitted that day)`` for the ``days`` calendar days ending ``today``, oldest
    first, days without a submission included as 0. One query."""
    first = today - dt.timedelta(days=days - 1)
    start = dt.datetime.combine(first, dt.time.min, tzinfo=timezone.get_current_timezone())
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone())
    counts = dict(
        Application.objects.filter(submitted_at__gte=start, submitted_at__lt=end)
        .annotate(day=TruncDate("submitted_at"))
        .values_list("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    return [(first + dt.timedelta(days=i), counts.get(first + dt.timedelta(days=i), 0)) for i in range(days)]


@dataclass(frozen=True)
class BacklogRow:
    service_code: str
    state: str
    count: int

    @property
    def service(self) -> str:
        return service_name(self.service_code)

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)


def backlog() -> list[BacklogRow]:
    """Open applications counted by service and state, by service code then the FSM's order of states. One query."""
    order = {value: i for i, value in enumerate(State.values)}
    rows = _open().values_list("service_code", "state").annotate(n=Count("pk")).order_by()
    return sorted((BacklogRow(c, s, n) for c, s, n in rows), key=lambda r: (r.service_code, order.get(r.state, 99)))


def overdue(*, today: dt.date, now: dt.datetime) -> QuerySet[Application]:
    """Open applications past their term (``overdue_q``), oldest due first, with the assignee loaded."""
    return (
        _open()
        .filter(overdue_q(today=today, now=now))
        .select_related("assigned_to")
        .only("pk", "reference", "service_code", "state", "due_date", "due_at", "assigned_to__username")
        .order_by("due_date", "due_at", "pk")
    )


@dataclass(frozen=True)
class DecisionTime:
    """Working days from submission to decision for one service: the median and the number of decisions it is
    taken over, the service's term in working days (None without one), and how many decisions took longer."""

    service_code: str
    decisions: int
    median: float
    term: int | None
    over_term: int

    @property
    def service(self) -> str:
        return service_name(self.service_code)

    @property
    def within_term(self) -> bool | None:
        return None if self.term is None else self.median <= self.term


def decision_times(*, today: dt.date, days: int = DECISION_DAYS) -> list[DecisionTime]:
    """Per service, the median working days (``WorkingCalendar.working_days_between`` of the Astana days of
    submission and decision, so a decision on the day of submission is 0) of the applications issued or refused
    in the ``days`` calendar days ending ``today``. Clock pauses (information requested) and term extensions are
    not subtracted: this is the time the applicant waited. Two queries."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(today - dt.timedelta(days=days - 1), dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(today + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    rows = Application.objects.filter(
        state__in=DECISION_STATES, decided_at__gte=start, decided_at__lt=end, submitted_at__isnull=False
    ).values_list("service_code", "submitted_at", "decided_at")
    cal = WorkingCalendar.from_db()
    by_service: dict[str, list[int]] = {}
    for code, submitted_at, decided_at in rows:
        waited = cal.working_days_between(timezone.localdate(submitted_at, tz), timezone.localdate(decided_at, tz))
        by_service.setdefault(code, []).append(waited)
    result = []
    for code in sorted(by_service):
        values = by_service[code]
        term = service_term(code)
        over = sum(1 for v in values if term is not None and v > term)
        result.append(DecisionTime(code, len(values), float(statistics.median(values)), term, over))
    return result


@dataclass(frozen=True)
class Workload:
    """One officer's open applications (held), and how many of them are overdue."""

    officer: User | None
    open: int
    overdue: int

    @property
    def name(self) -> str:
        if self.officer is None:
            return ""
        return self.officer.get_full_name() or self.officer.username


def workload(*, today: dt.date, now: dt.datetime) -> list[Workload]:
    """Open applications held by each officer and supervisor (active ones, with 0 when they hold none), the
    unassigned ones last (``officer`` None). Two queries."""
    counts = {
        row["assigned_to"]: row
        for row in _open()
        .values("assigned_to")
        .annotate(n=Count("pk"), late=Count("pk", filter=overdue_q(today=today, now=now)))
        .order_by()
    }
    staff = User.objects.filter(Q(role__in=(Role.OFFICER, Role.SUPERVISOR), is_active=True) | Q(pk__in=counts.keys()))
    rows = [
        Workload(u, counts.get(u.pk, {}).get("n", 0), counts.get(u.pk, {}).get("late", 0))
        for u in staff.order_by("last_name", "first_name", "username")
    ]
    rows.sort(key=lambda r: -r.open)
    if None in counts:
        rows.append(Workload(None, counts[None]["n"], counts[None]["late"]))
    return rows


# --------------------------------------------------------------------------------------------- charts
#: Geometry of the inline SVG charts, in SVG user units (the SVG scales to its container by its viewBox).
CHART_WIDTH = 640
LABEL_WIDTH = 220
BAR_HEIGHT = 18
BAR_GAP = 6
COLUMN_CHART_HEIGHT = 160


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart: its label, value, text shown at its end and geometry."""

    label: str
    value: float
    text: str
    y: int
    width: float
    css: str = "bar"
    marker_x: float | None = None  # a term's position on the same scale


def bar_chart(items: list[tuple[str, float, str, str, float | None]]) -> dict[str, object]:
    """Horizontal bars for ``(label, value, text, css class, marker value or None)`` items, scaled to the largest
    value or marker; returns the bars with the SVG's height and the plot's x origin and width."""
    plot = CHART_WIDTH - LABEL_WIDTH - 60
    top = max([v for _l, v, _t, _c, _m in items] + [m for *_rest, m in items if m is not None] + [1])
    bars = []
    for i, (label, value, text, css, marker) in enumerate(items):
        bars.append(
            Bar(
                label=label,
                value=value,
                text=text,
                y=i * (BAR_HEIGHT + BAR_GAP),
                width=round(plot * value / top, 1),
                css=css,
                marker_x=None if marker is None else round(LABEL_WIDTH + plot * marker / top, 1),
            )
        )
    return {
        "bars": bars,
        "height": max(1, len(items)) * (BAR_HEIGHT + BAR_GAP),
        "x0": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
        "text_y": BAR_HEIGHT - 5,
        "width": CHART_WIDTH,
    }


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    day: dt.date
    value: int
    tick: bool  # label this column's day under the axis


def column_chart(days: list[tuple[dt.date, int]]) -> dict[str, object]:
    """Columns of the submissions per day, scaled to the busiest day; every seventh day is labelled, counting back
    from the last."""
    step = CHART_WIDTH / max(1, len(days))
    top = max([n for _d, n in days] + [1])
    columns = []
    for i, (day, n) in enumerate(days):
        height = round(COLUMN_CHART_HEIGHT * n / top, 1)
        columns.append(
            Column(
                x=round(i * step + 1, 1),
                y=round(COLUMN_CHART_HEIGHT - height, 1),
                width=round(step - 2, 1),
                height=height,
                day=day,
                value=n,
                tick=(len(days) - 1 - i) % 7 == 0,
            )
        )
    return {"columns": columns, "height": COLUMN_CHART_HEIGHT, "width": CHART_WIDTH, "top": top}
