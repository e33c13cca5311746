"""Benchmark: the officer queue page and fee quotes on a realistic volume (run by hand, results in README.md here).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qazeta_bench .venv/bin/python benchmarks/queue_and_quote.py

Creates N submitted applications (default 5,000) with bulk inserts, then times: one queue page of 25 and of 100
rows with working days left (queries counted), 1,000 due-date computations, and 1,000 fee quotes. Targets: a queue
page well under 100 ms with the same number of queries whatever the page size; a quote fast enough for a live
calculator (under 50 ms).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qazeta.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

N = int(os.environ.get("BENCH_N", "5000"))


def setup() -> None:
    from applications.models import Application
    from qazeta.accounts.models import Organisation, Person, User
    from visas.models import C3InvitationApplication

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    have = Application.objects.exclude(state="draft").count()
    if have >= N:
        return
    org = Organisation.objects.first()
    filer = User.objects.get(username="aigerim.admin")
    today = timezone.localdate()
    with transaction.atomic():
        persons = Person.objects.bulk_create(
            [
                Person(
                    organisation=org,
                    surname=f"BENCH{i}",
                    given_names="X",
                    sex="M",
                    date_of_birth=dt.date(1980, 1, 1),
                    nationality="GBR",
                    passport_number=f"B{i:08d}",
                    passport_issuing_state="GBR",
                    passport_expires_on=today + dt.timedelta(days=2000),
                )
                for i in range(have, N)
            ]
        )
        for i, person in enumerate(persons):
            # Bulk rows in a submitted state: raw insert is the point here (a benchmark fixture, not app code).
            C3InvitationApplication.objects.create(
                service_code="c3-invitation",
                person=person,
                filer=filer,
                organisation=org,
                channel="standard",
                validity_years=2,
                position="Analyst",
                visa_pickup_place="London",
                due_date=today + dt.timedelta(days=i % 30),
                submitted_at=timezone.now(),
            )
        Application.objects.filter(state="draft", person__surname__startswith="BENCH").update(state="submitted")


def bench_queue(page_size: int) -> tuple[float, int]:
    from applications import selectors

    best = float("inf")
    queries = 0
    for _ in range(5):
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            page = list(selectors.officer_queue()[:page_size])
            rows = selectors.with_working_days_left(page)
            _ = [(r.application.person.full_name, r.application.organisation.name, r.working_days_left) for r in rows]
            best = min(best, time.perf_counter() - start)
        queries = len(ctx.captured_queries)
    return best * 1000, queries


def bench_calendar() -> float:
    from qazeta.workcalendar.calendar import WorkingCalendar

    cal = WorkingCalendar.from_db()
    start = time.perf_counter()
    day = dt.date(2026, 1, 1)
    for i in range(1000):
        cal.add_working_days(day + dt.timedelta(days=i % 365), 45)
    return (time.perf_counter() - start) * 1000


def bench_quote() -> float:
    from fees.selectors import quote

    start = time.perf_counter()
    for _ in range(1000):
        quote(service="c3-invitation", channel="walk_in", validity_years=3, on=dt.date(2026, 3, 2))
    return time.perf_counter() - start


def main() -> None:
    setup()
    tracemalloc.start()
    for size in (25, 100):
        ms, q = bench_queue(size)
        print(f"queue page of {size:>3}: {ms:7.2f} ms, {q} queries  (applications in table: {N})")
    print(f"1,000 due dates (45 working days): {bench_calendar():7.2f} ms")
    print(f"1,000 fee quotes: {bench_quote() * 1000:7.2f} ms ({bench_quote():.3f} ms each)")
    _, peak = tracemalloc.get_traced_memory()
    print(f"peak traced memory: {peak / 1_048_576:.1f} MiB")


if __name__ == "__main__":
    main()
