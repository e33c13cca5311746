"""The supervisors' dashboard (issue 9, item 7): five charts drawn on the server as inline SVG (no JavaScript, no
library, no inline style: SVG presentation attributes and classes of ``static/css/qazeta.css``), each with its data
as a table and as CSV (``?export=<chart>``). Supervisors only (``applications.view_dashboard``); 404 to everyone
else, like the access log."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from applications import dashboard

#: The charts, by the name ``?export=`` takes.
CHARTS = ("submissions", "backlog", "overdue", "decision-times", "workload")
#: A CSV cell starting with one of these is taken for a formula by spreadsheets: it is prefixed with a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def supervisors_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log in first; then 404 unless ``applications.view_dashboard`` (supervisors)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_perm("applications.view_dashboard"):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(_FORMULA_START) else text


def _csv(name: str, header: list[str], rows: list[list[Any]]) -> HttpResponse:
    """A CSV download (UTF-8 with BOM for spreadsheets) named ``dashboard-<name>-<today>.csv``."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[_cell(c) for c in row] for row in rows])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dashboard-{name}-{timezone.localdate():%Y-%m-%d}.csv"'
    return response


def _due_text(application: Any) -> str:
    if application.due_at is not None:
        return timezone.localtime(application.due_at).strftime("%Y-%m-%d %H:%M")
    return application.due_date.isoformat() if application.due_date else ""


@supervisors_only
@require_GET
def dashboard_page(request: HttpRequest) -> HttpResponse:
    """The dashboard, or one chart's data as CSV with ``?export=submissions|backlog|overdue|decision-times|workload``
    (anything else is a 404). Figures as of now, Astana days."""
    today, now = timezone.localdate(), timezone.now()
    export = request.GET.get("export")
    if export is not None and export not in CHARTS:
        raise Http404
    if export in (None, "submissions"):
        submissions = dashboard.submissions_per_day(today=today)
        if export:
            return _csv("submissions", ["day", "submitted"], [[d.isoformat(), n] for d, n in submissions])
    if export in (None, "backlog"):
        backlog = dashboard.backlog()
        if export:
            rows = [[r.service_code, r.service, r.state, r.state_label, r.count] for r in backlog]
            return _csv("backlog", ["service code", "service", "state", "state name", "open"], rows)
    if export in (None, "overdue"):
        overdue = list(dashboard.overdue(today=today, now=now))
        if export:
            rows = [
                [
                    a.reference,
                    a.service_code,
                    a.state,
                    _due_text(a),
                    a.assigned_to.username if a.assigned_to_id else "",
                ]
                for a in overdue
            ]
            return _csv("overdue", ["reference", "service code", "state", "due (Astana)", "officer"], rows)
    if export in (None, "decision-times"):
        times = dashboard.decision_times(today=today)
        if export:
            rows = [[t.service_code, t.service, t.decisions, t.median, t.term, t.over_term] for t in times]
            header = ["service code", "service", "decisions", "median working days", "term (working days)", "over term"]
            return _csv("decision-times", header, rows)
    if export in (None, "workload"):
        workload = dashboard.workload(today=today, now=now)
        if export:
            rows = [[w.officer.username if w.officer else "", w.name, w.open, w.overdue] for w in workload]
            return _csv("workload", ["officer", "name", "open", "overdue"], rows)

    # Backlog by service (stacked by nothing: one bar per service), the states in the table below it.
    per_service: dict[str, int] = {}
    for row in backlog:
        per_service[row.service_code] = per_service.get(row.service_code, 0) + row.count
    overdue_per_service: dict[str, int] = {}
    for a in overdue:
        overdue_per_service[a.service_code] = overdue_per_service.get(a.service_code, 0) + 1
    context = {
        "today": today,
        "submission_days": dashboard.SUBMISSION_DAYS,
        "decision_days": dashboard.DECISION_DAYS,
        "submissions": submissions,
        "submissions_total": sum(n for _d, n in submissions),
        "submissions_chart": dashboard.column_chart(submissions),
        "backlog": backlog,
        "backlog_total": sum(per_service.values()),
        "backlog_chart": dashboard.bar_chart(
            [(dashboard.service_name(c), n, str(n), "bar", None) for c, n in sorted(per_service.items())]
        ),
        "overdue": overdue,
        "overdue_chart": dashboard.bar_chart(
            [(dashboard.service_name(c), n, str(n), "bar late", None) for c, n in sorted(overdue_per_service.items())]
        ),
        "decision_times": times,
        "decision_chart": dashboard.bar_chart(
            [
                (
                    t.service,
                    t.median,
                    _("%(median)s (term %(term)s)") % {"median": f"{t.median:g}", "term": t.term}
                    if t.term is not None
                    else f"{t.median:g}",
                    "bar late" if t.within_term is False else "bar",
                    t.term,
                )
                for t in times
            ]
        ),
        "workload": workload,
        "workload_chart": dashboard.bar_chart(
            [
                (
                    w.name or _("Unassigned"),
                    w.open,
                    f"{w.open} / {w.overdue}",
                    "bar" if w.officer else "bar muted",
                    None,
                )
                for w in workload
            ]
        ),
    }
    return render(request, "applications/officer/dashboard.html", context)


urlpatterns = [path("officer/dashboard/", dashboard_page, name="officer-dashboard")]
