"""Benchmark: the invitation letter PDF, its layout's costly constructs and a worker's memory (run by hand).

    .venv/bin/python benchmarks/documents.py                 # everything below, 1,000 letters
    BENCH_LETTERS=300 .venv/bin/python benchmarks/documents.py

No database: the letter's context is built in memory (the same keys as ``visas.documents.invitation_letter_context``
plus the ``document`` block of ``documents.services.document_issue``), so the figures are the render alone, which is
what a ``documents`` worker spends its time on. Prints, in one run:

1. The letter (``visas/invitation_letter.html``) against a one-line WeasyPrint page, interleaved, 30 rounds:
   median ms of each and the ratio. Times are CPU milliseconds of this process (BENCH_CLOCK=wall for elapsed
   time): the machine is shared, and CPU time is what a worker's throughput is made of.
2. Variants of the letter's CSS, interleaved (``CSS_VARIANTS``): the layout as it is, and the flex containers of
   the letterhead and the verification box put back (the layout before issue 10), to show what each costs.
3. BENCH_LETTERS letters (default 1,000) rendered one after the other in this process through
   ``qazeta.documents.pdf.render_pdf``: median and p95 ms, letters per second, RSS (MiB) at start, after 100 and at
   the end.
4. The same with the worker's recycling (``CELERY_WORKER_MAX_TASKS_PER_CHILD`` letters per child process, as
   ``--max-tasks-per-child`` does): the RSS of each child when it is replaced.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qazeta.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402

from qazeta.documents import pdf  # noqa: E402
from qazeta.documents.pdf import qr_png_data_uri, render_pdf  # noqa: E402

LETTERS = int(os.environ.get("BENCH_LETTERS", "1000"))
TEMPLATE = "visas/invitation_letter.html"

#: The pre-issue-10 rules of pdf_base.html, appended to the page to put a construct back (a later rule wins).
CSS_VARIANTS = {
    "as is": "",
    "+ flex letterhead": ".letterhead { display: flex; justify-content: space-between; align-items: flex-end; }",
    "+ flex verification": ".verification { display: flex; gap: 6mm; align-items: center; }",
    "+ both flex (before issue 10)": (
        ".letterhead { display: flex; justify-content: space-between; align-items: flex-end; }"
        ".verification { display: flex; gap: 6mm; align-items: center; }"
    ),
}


def rss_mib() -> float:
    """This process's resident set size in MiB (Linux ``/proc/self/status``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status (Linux only)")


def letter_context(i: int) -> dict:
    """A C3 principal's letter context, varied by ``i`` so no two letters are identical."""
    person = SimpleNamespace(
        surname=f"SMITH{i}",
        given_names="JOHN PETER",
        get_sex_display="Male",
        date_of_birth=dt.date(1985, 3, 14),
        nationality="GBR",
        passport_number=f"P{i:08d}",
        passport_issuing_state="GBR",
        passport_expires_on=dt.date(2031, 5, 1),
    )
    host = SimpleNamespace(
        name="Astana Analytics Ltd",
        bin="210440012345",
        aifc_registration_number="AFSA-2021-0042",
        address="Mangilik El 55/20, Astana",
    )
    reference = f"C3-2026-{i:06d}"
    return {
        "person": person,
        "host_party": host,
        "visa_category": "C3 — work visa",
        "validity": "2 years",
        "is_family_member": False,
        "position": "Senior analyst",
        "contract_ends_on": dt.date(2028, 12, 31),
        "visa_pickup_place": "Embassy of Kazakhstan, London",
        "reference": reference,
        "decision_number": f"D-{i:06d}",
        "document": {
            "title": "Invitation letter",
            "verification_code": f"QZ{i:010d}",
            "verification_url": f"https://qazeta.example.kz/verify/QZ{i:010d}/",
            "qr_data_uri": qr_png_data_uri(f"https://qazeta.example.kz/verify/QZ{i:010d}/"),
            "issued_on": dt.date(2026, 11, 30),
            "languages": (),
        },
    }


def one_line_pdf() -> bytes:
    import weasyprint

    return weasyprint.HTML(string="<p>Invitation letter</p>").write_pdf()


def letter_with_css(context: dict, extra_css: str) -> bytes:
    """The letter with ``extra_css`` appended in a ``<style>`` at the end of the head, rendered as render_pdf does."""
    import weasyprint

    html = render_to_string(TEMPLATE, context)
    if extra_css:
        html = html.replace("</head>", f"<style>{extra_css}</style></head>", 1)
    base_url = str(Path(settings.BASE_DIR) / "templates") + "/"
    document = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=pdf._fetcher())
    return document.render(font_config=pdf._font_config()).write_pdf()


#: "cpu" (default): this process's CPU time, which other load on a shared machine barely moves; "wall": elapsed time.
CLOCK = os.environ.get("BENCH_CLOCK", "cpu")
_clock = time.process_time if CLOCK == "cpu" else time.perf_counter


def ms(fn, *args) -> float:  # noqa: ANN001 - any callable
    """Milliseconds ``fn(*args)`` takes on the BENCH_CLOCK clock."""
    start = _clock()
    fn(*args)
    return (_clock() - start) * 1000


def p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95) - 1)]


def compare_with_one_line(rounds: int = 30) -> None:
    context = letter_context(0)
    letter, line = [], []
    for _ in range(3):  # warm-up: fonts, template cache
        render_pdf(TEMPLATE, context)
        one_line_pdf()
    for _ in range(rounds):
        letter.append(ms(render_pdf, TEMPLATE, context))
        line.append(ms(one_line_pdf))
    lm, om = statistics.median(letter), statistics.median(line)
    print(f"1. letter median {lm:.1f} ms, one-line page median {om:.1f} ms, ratio {lm / om:.1f}x ({rounds} rounds)")


def compare_css_variants(rounds: int = 20) -> None:
    context = letter_context(0)
    times: dict[str, list[float]] = {name: [] for name in CSS_VARIANTS}
    for css in CSS_VARIANTS.values():
        letter_with_css(context, css)
    for _ in range(rounds):
        for name, css in CSS_VARIANTS.items():
            times[name].append(ms(letter_with_css, context, css))
    base = statistics.median(times["as is"])
    print(f"2. layout variants, median of {rounds} interleaved rounds:")
    for name, values in times.items():
        med = statistics.median(values)
        print(f"   {name:32s} {med:6.1f} ms  ({(med - base) / base * 100:+.0f} % vs as is)")


def run_letters(count: int, *, report: bool = True) -> dict:
    contexts = [letter_context(i) for i in range(50)]  # QR images made up front: the worker gets them the same way
    start_rss = rss_mib()
    times, rss_100 = [], None
    started, started_cpu = time.perf_counter(), time.process_time()
    for i in range(count):
        times.append(ms(render_pdf, TEMPLATE, contexts[i % len(contexts)]))
        if i == 99:
            rss_100 = rss_mib()
    elapsed = time.perf_counter() - started
    result = {
        "per_s_cpu": count / (time.process_time() - started_cpu),
        "median": statistics.median(times),
        "p95": p95(times),
        "per_s": count / elapsed,
        "rss_start": start_rss,
        "rss_100": rss_100,
        "rss_end": rss_mib(),
    }
    if report:
        print(
            f"3. {count} letters in one process: median {result['median']:.1f} ms, p95 {result['p95']:.1f} ms, "
            f"{result['per_s']:.1f} letters/s wall ({result['per_s_cpu']:.1f} per CPU second); "
            f"RSS {result['rss_start']:.0f} MiB at start, {result['rss_100']:.0f} after 100, "
            f"{result['rss_end']:.0f} after {count}"
        )
    return result


def _child(count: int, queue: multiprocessing.Queue) -> None:
    result = run_letters(count, report=False)
    queue.put(result)


def run_recycled(total: int) -> None:
    per_child = int(settings.CELERY_WORKER_MAX_TASKS_PER_CHILD)
    limit_mib = int(settings.CELERY_WORKER_MAX_MEMORY_PER_CHILD) / 1024
    ctx = multiprocessing.get_context("fork")  # as Celery's prefork pool: children start from the parent's image
    queue = ctx.Queue()
    ends = []
    for _ in range(max(1, total // per_child)):
        proc = ctx.Process(target=_child, args=(per_child, queue))
        proc.start()
        ends.append(queue.get())
        proc.join()
    print(
        f"4. recycled every {per_child} letters (memory limit {limit_mib:.0f} MiB): {len(ends)} children, RSS at "
        f"replacement {min(e['rss_end'] for e in ends):.0f}-{max(e['rss_end'] for e in ends):.0f} MiB "
        f"(started at {ends[0]['rss_start']:.0f}); median {statistics.median(e['median'] for e in ends):.1f} ms"
    )


if __name__ == "__main__":
    print(
        f"weasyprint letter benchmark, {os.cpu_count()} CPUs, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
        f"times on the {CLOCK} clock, load average {os.getloadavg()[0]:.2f}"
    )
    compare_with_one_line()
    compare_css_variants()
    run_letters(LETTERS)
    run_recycled(LETTERS)
