"""Benchmark: the hot lists at national scale (issue 10), server time through the whole Django stack.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qazeta_s1_100k .venv/bin/python benchmarks/scale.py

Run against a database seeded with ``manage.py seed_scale --applications N`` (100,000 and 1,000,000 for the
README's figures). Each request goes through Django's test client in this process (middleware, sessions, views,
templates, serializers: the server's time, no network). The variants are interleaved round by round (one request
of each per round, after ``BENCH_WARMUP`` warm-up rounds), so a noisy neighbour on the machine hits all alike;
p50/p95 over ``BENCH_ROUNDS`` rounds (default 60), milliseconds, and the queries of one request.

Variants: the officer queue page (HTML) and the queue API; Django's admin changelist of applications; the big
employer's own list (HTML, up to 200 rows) and API list; the staff API list; page 1 vs a deep page reached by
cursor (the queue API's last page, the staff API list's page ``BENCH_DEEP_PAGE``, default 1,000); and filing by
API (create a C3 invitation + upload every required document + submit) with its query count.
The database must be one made for benchmarking: filing adds applications (and persons) to it.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qazeta.settings.local")
os.environ.setdefault("DEBUG", "False")  # as served: no query log, no debug pages
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="qazeta-bench-media-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "60"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "3"))
DEEP_PAGE = int(os.environ.get("BENCH_DEEP_PAGE", "1000"))


def _login(user) -> Client:  # noqa: ANN001
    """A client signed in as ``user``, second factor passed (a static test device, as the tests do)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from qazeta.accounts.signin.policy import second_factor_required

    client = Client()
    client.force_login(user)
    if second_factor_required(user):
        device, _ = StaticDevice.objects.get_or_create(user=user, name="Benchmark", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _users():  # noqa: ANN202
    from django.db.models import Count

    from qazeta.accounts.models import Membership, Organisation, User

    officer = User.objects.filter(username__startswith="scale-officer-", role="officer").order_by("pk").first()
    if officer is None:
        raise SystemExit("No seeded officer: run manage.py seed_scale --applications N first.")
    admin, _ = User.objects.get_or_create(
        username="scale-bench-admin", defaults={"is_staff": True, "is_superuser": True, "role": "supervisor"}
    )
    org = (
        Organisation.objects.filter(name__startswith="Scale host party")
        .annotate(n=Count("applications"))
        .order_by("-n")
        .first()
    )
    employer = Membership.objects.filter(organisation=org).select_related("user").first().user
    return officer, admin, employer, org


def _get(client: Client, url: str) -> Callable[[], object]:
    def run() -> object:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code, response.content[:300])
        return response

    return run


def _deep_cursor(client: Client, url: str, page: int) -> tuple[str, int]:
    """The URL of page ``page`` of an API list reached by following ``next`` (or of its last page)."""
    reached = 1
    while reached < page:
        following = client.get(url).json()["next"]
        if not following:
            break
        url, reached = following, reached + 1
    return url, reached


def _filing(employer, org, *, batch: bool) -> Callable[[], object]:  # noqa: ANN001
    """Create a C3 invitation draft for a new roster person, upload every required document, submit.

    ``batch``: every document in one request (``POST …/documents/batch/``); otherwise one request per document.
    """
    import datetime as dt

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from qazeta.accounts.models import Person

    client = _login(employer)
    pdf = (Path(__file__).resolve().parent.parent / "tests" / "factories.py").exists()
    assert pdf
    from tests.factories import PDF_BYTES

    counter = iter(range(10**6))

    def run() -> object:
        k = next(counter)
        person = Person.objects.create(
            organisation=org,
            surname=f"BENCH{k}",
            given_names="FILING",
            sex="F",
            date_of_birth=dt.date(1985, 5, 5),
            nationality="GBR",
            passport_number=f"{'B' if batch else 'S'}{os.getpid() % 1000:03d}{k:05d}",
            passport_issuing_state="GBR",
            passport_expires_on=timezone.localdate() + dt.timedelta(days=2000),
        )
        body = {
            "service": "c3-invitation",
            "person": person.pk,
            "channel": "standard",
            "validity_years": 2,
            "passport_blank_pages": 5,
            "service_fields": {"position": "Engineer", "visa_pickup_place": "Embassy of Kazakhstan, London"},
            "consent": True,
        }
        r = client.post("/api/v1/applications/", body, content_type="application/json")
        assert r.status_code == 201, r.content[:500]
        created = r.json()
        app_id = created["id"]
        required = [item["code"] for item in created["checklist"] if item["required"]]
        if batch:
            files = {
                code: SimpleUploadedFile(f"{code}.pdf", PDF_BYTES, content_type="application/pdf") for code in required
            }
            r = client.post(f"/api/v1/applications/{app_id}/documents/batch/", files)
            assert r.status_code == 201, r.content[:500]
        for code in [] if batch else required:
            upload = SimpleUploadedFile(f"{code}.pdf", PDF_BYTES, content_type="application/pdf")
            r = client.post(f"/api/v1/applications/{app_id}/documents/", {"item": code, "file": upload})
            assert r.status_code == 201, r.content[:500]
        r = client.post(f"/api/v1/applications/{app_id}/submit/", {}, content_type="application/json")
        assert r.status_code == 200, r.content[:500]
        return r

    return run


#: Where this process mounts the admin of applications as it was when issue 10 was filed (``_admin_as_filed``).
ADMIN_AS_FILED = "bench-admin-as-filed"


def _admin_as_filed() -> None:
    """Mount, in this process only, the applications changelist as issue 10 found it: the ``ApplicationAdmin`` of
    commit 1e35cc9^ (``git show 1e35cc9^:applications/admin.py``), with no ``list_select_related`` (a query per row
    for the person, the host party and the assignee), Django's full count and its ``icontains`` search. The issue's
    target, "≥ 10× faster than the admin changelist as it is today", compares the queue with this.

    ``BENCH_AS_FILED_DATABASE_URL``: a copy of the benchmark's database without issue 10's indexes (README: "the
    admin as filed"), which this changelist then reads, so that the old code runs on the old schema, side by side
    with the new; without it, the old code reads the current database (and profits from the new indexes).
    """
    import environ
    from django.contrib import admin
    from django.urls import clear_url_caches, path

    from applications.models import Application

    alias = "default"
    if url := os.environ.get("BENCH_AS_FILED_DATABASE_URL"):
        alias = "as_filed"
        config = {**settings.DATABASES["default"], **environ.Env.db_url_config(url)}
        connections.settings[alias] = connections.configure_settings({"default": config})["default"]

    class ApplicationAdminAsFiled(admin.ModelAdmin):
        list_display = ("reference", "service_code", "person", "organisation", "state", "due_date", "assigned_to")
        list_filter = ("service_code", "state", "channel")
        search_fields = ("reference", "person__surname", "person__passport_number")

        def get_queryset(self, request):  # noqa: ANN001, ANN202
            return super().get_queryset(request).using(alias)

    site = admin.AdminSite(name="as_filed")
    site.register(Application, ApplicationAdminAsFiled)
    import qazeta.urls

    qazeta.urls.urlpatterns.insert(0, path(f"{ADMIN_AS_FILED}/", site.urls))
    clear_url_caches()


def main() -> None:
    from applications.models import Application

    settings.ALLOWED_HOSTS = ["*"]  # the test client's host
    _admin_as_filed()
    officer, admin, employer, org = _users()
    staff, boss, filer = _login(officer), _login(admin), _login(employer)
    total = Application.objects.count()
    employer_rows = Application.objects.filter(organisation=org).count()
    deep_queue, queue_page = _deep_cursor(staff, "/api/v1/queue/", DEEP_PAGE)
    deep_list, list_page = _deep_cursor(staff, "/api/v1/applications/", DEEP_PAGE)
    variants: dict[str, Callable[[], object]] = {
        "officer queue page (HTML)": _get(staff, "/officer/queue/"),
        "queue API page 1": _get(staff, "/api/v1/queue/"),
        f"queue API page {queue_page} (cursor)": _get(staff, deep_queue),
        "admin changelist of applications": _get(boss, "/admin/applications/application/"),
        f"employer's list (HTML, {employer_rows} applications)": _get(filer, "/applications/"),
        "employer's API list page 1": _get(filer, "/api/v1/applications/"),
        "staff API list page 1": _get(staff, "/api/v1/applications/"),
        f"staff API list page {list_page} (cursor)": _get(staff, deep_list),
    }
    variants["admin changelist as filed (issue 10's 'today')"] = _get(
        boss, f"/{ADMIN_AS_FILED}/applications/application/"
    )
    if os.environ.get("BENCH_FILING", "1") == "1":
        variants["filing: create + batch upload + submit"] = _filing(employer, org, batch=True)
        variants["filing: create + one upload per document + submit"] = _filing(employer, org, batch=False)
    times: dict[str, list[float]] = {name: [] for name in variants}
    queries: dict[str, int] = {}
    from contextlib import ExitStack

    for name, run in variants.items():  # queries of one request, on every database it reads
        with ExitStack() as stack:
            contexts = [stack.enter_context(CaptureQueriesContext(connections[a])) for a in connections.settings]
            run()
        queries[name] = sum(len(ctx.captured_queries) for ctx in contexts)
    for round_ in range(WARMUP + ROUNDS):
        for name, run in variants.items():
            start = time.perf_counter()
            run()
            elapsed = (time.perf_counter() - start) * 1000
            if round_ >= WARMUP:
                times[name].append(elapsed)

    print(f"applications: {total:,}; rounds: {ROUNDS} (+{WARMUP} warm-up), interleaved; server time in ms")
    print(f"{'variant':<52} {'p50':>8} {'p95':>8} {'queries':>8}")
    summary = {}
    for name, values in times.items():
        values.sort()
        p50 = statistics.median(values)
        p95 = values[min(len(values) - 1, int(round(0.95 * len(values))) - 1)]
        summary[name] = (p50, p95)
        print(f"{name:<52} {p50:8.1f} {p95:8.1f} {queries[name]:8d}")
    queue = summary["officer queue page (HTML)"]
    for name in ("admin changelist of applications", "admin changelist as filed (issue 10's 'today')"):
        print(f"{name} / queue page (p50): {summary[name][0] / queue[0]:.1f}x")


if __name__ == "__main__":
    main()
