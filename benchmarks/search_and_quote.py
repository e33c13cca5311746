"""Benchmark: search by reference, passport number and name; fee quote throughput (run by hand; README.md here).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qazeta_s2 .venv/bin/python benchmarks/search_and_quote.py \
        --persons 100000

PostgreSQL only. Seeds (once; more rows are added when ``--persons`` grows) N persons with Latin, accented Latin
and Cyrillic names, and one closed or open application per person, with ``INSERT ... SELECT generate_series``
(application rows in the parent table only: search reads no child table). ``manage.py seed_scale`` (issue 10 §1)
had not landed when this was written; use it instead when it has.

Prints, for search by reference, by passport number and by name (a person's full name, one surname, a Cyrillic
name typed without its "ё", a name typed without its accents), the server time of
``applications.search.filter_applications`` applied to the officer queue and evaluated for one page of 25
(median / p95 over ``--repeat`` runs, variants interleaved), and the quote endpoint's throughput against an empty DRF
view: both served by one in-process WSGI handler (no network), requests interleaved in rounds.
Targets (issue 10): reference or passport ≤ 10 ms, name ≤ 50 ms p95; quote ≥ 70 % of the empty view.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qazeta.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

SURNAME_STEMS_LATIN = [
    "Smith", "Müller", "Dupré", "García", "Øster", "Şahin", "Nguyễn", "Kowalski", "Novák", "Jönsson", "Brown",
    "Rossi", "Fernández", "Łukasz", "Dvořák", "Björk", "Schäfer", "Kim", "Tanaka", "O'Brien", "Yılmaz", "Costa",
    "Peña", "Hernández", "Andersen", "Wójcik", "Horváth", "Popescu", "Papadopoulos", "Lefèvre",
]  # fmt: skip
SURNAME_STEMS_CYRILLIC = [
    "Иванов", "Ёлкин", "Петров", "Сидоров", "Құрманғазы", "Нұрланов", "Әбілов", "Ким", "Смирнов", "Кузнецов",
    "Попов", "Соколов", "Лебедев", "Козлов", "Новиков", "Морозов", "Волков", "Алексеев", "Жұмабаев", "Серікбаев",
    "Федоров", "Михайлов", "Беляев", "Тарасов", "Белов", "Комаров", "Орлов", "Киселёв", "Макаров", "Андреев",
]  # fmt: skip
# Suffixes multiply the stems into thousands of distinct surnames, as a real register has.
SUFFIXES_LATIN = ["", "son", "ová", "ini", "ez", "berg", "feld", "ski", "é", "ner", "man", "ley", "ton", "ach"]
SUFFIXES_CYRILLIC = ["", "а", "ский", "ич", "енко", "ұлы", "қызы", "ов", "ин", "ёв", "як", "ук", "ец", "ян"]
GIVEN_LATIN = ["John", "Anna", "José", "Zoë", "Chloé", "Jürgen", "Ali", "Mei", "Åsa", "Ömer", "Luis", "Marie"]
GIVEN_CYRILLIC = ["Иван", "Анна", "Пётр", "Айгерим", "Нұрлан", "Дәурен", "Ерлан", "Алёна", "Сергей", "Әсел"]


def _names() -> tuple[list[str], list[str]]:
    latin = [stem + suffix for stem in SURNAME_STEMS_LATIN for suffix in SUFFIXES_LATIN]
    cyrillic = [stem + suffix for stem in SURNAME_STEMS_CYRILLIC for suffix in SUFFIXES_CYRILLIC]
    return latin + cyrillic, GIVEN_LATIN + GIVEN_CYRILLIC


def seed(persons: int) -> None:
    """Migrate, load the demo (one organisation and filer) and top the tables up to ``persons`` persons, each with
    one application (2 % open, the rest issued)."""
    from qazeta.accounts.models import Organisation, User

    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    org = Organisation.objects.order_by("pk").first()
    filer = User.objects.get(username="aigerim.admin")
    surnames, given = _names()
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM accounts_person WHERE position = 'bench'")
        have = cur.fetchone()[0]
        if have >= persons:
            return
        print(f"seeding persons {have}..{persons}", flush=True)  # noqa: T201
        step = 100_000
        for start in range(have, persons, step):
            end = min(start + step, persons)
            cur.execute(
                """
                INSERT INTO accounts_person (organisation_id, relationship, surname, given_names, sex, date_of_birth,
                    nationality, passport_number, passport_issuing_state, passport_expires_on, email, position, iin,
                    created_at, updated_at)
                SELECT %(org)s, '', (%(surnames)s::text[])[1 + (i::bigint * 7919) %% %(ns)s],
                    (%(given)s::text[])[1 + (i::bigint * 104729) %% %(ng)s], 'M', date '1970-01-01' + (i %% 15000),
                    'GBR', 'B' || lpad(i::text, 8, '0'), 'GBR', date '2030-01-01', '', 'bench', '', now(), now()
                FROM generate_series(%(start)s, %(end)s - 1) AS i
                """,
                {"org": org.pk, "surnames": surnames, "ns": len(surnames), "given": given, "ng": len(given),
                 "start": start, "end": end},
            )  # fmt: skip
            cur.execute(
                """
                INSERT INTO applications_application (reference, service_code, filed_by_representative, channel,
                    variant, state, created_at, updated_at, submitted_at, due_date, term_extension_days, fee_note,
                    decision_number, refusal_reason, withdrawal_reason, filer_id, organisation_id, person_id,
                    refusal_grounds)
                SELECT 'EC-2025-' || lpad(p.id::text, 7, '0'), 'c3-invitation', false, 'standard', '',
                    CASE WHEN p.id %% 50 = 0 THEN 'submitted' ELSE 'issued' END, now(), now(), now(),
                    current_date + abs(hashtext(p.id::text)) %% 30, 0, '', '', '', '',
                    %(filer)s, %(org)s, p.id, '[]'::jsonb
                FROM accounts_person p
                WHERE p.position = 'bench' AND p.passport_number >= 'B' || lpad(%(start)s::text, 8, '0')
                    AND p.passport_number < 'B' || lpad(%(end)s::text, 8, '0')
                """,
                {"filer": filer.pk, "org": org.pk, "start": start, "end": end},
            )
            print(f"  {end}", flush=True)  # noqa: T201
        cur.execute("ANALYZE accounts_person; ANALYZE applications_application")


def _time(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def _summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return f"median {statistics.median(ordered):6.2f} ms  p95 {p95:6.2f} ms"


def bench_search(repeat: int) -> dict[str, list[float]]:
    """Server time of one queue page (25 rows) filtered by each kind of query, interleaved."""
    from applications import search, selectors
    from qazeta.accounts.models import Person

    rng = random.Random(10)  # noqa: S311 - picking benchmark rows, not a secret
    ids = list(Person.objects.filter(position="bench").values_list("pk", flat=True)[:200_000])
    kinds: dict[str, Callable[[Person], str]] = {
        "search by reference": lambda p: f"ec-2025-{p.pk:07d}",
        "search by passport": lambda p: p.passport_number.lower(),
        "search by name (surname + given names)": lambda p: f"{p.surname} {p.given_names}",
        "search by name (surname only)": lambda p: p.surname,
        "search by name (no accents, ё→е)": lambda p: p.surname.replace("ё", "е").replace("ü", "u").replace("é", "e"),
    }
    baseline = "baseline: same page, person_id = (no search)"
    samples: dict[str, list[float]] = {kind: [] for kind in [baseline, *kinds]}
    for _ in range(repeat):
        person = Person.objects.get(pk=rng.choice(ids))
        samples[baseline].append(
            _time(lambda person=person: list(selectors.officer_queue(include_closed=True).filter(person=person)[:25]))
        )
        for kind, make in kinds.items():
            text = make(person)

            def page(text: str = text) -> list[object]:
                qs = search.filter_applications(selectors.officer_queue(include_closed=True), text)
                return list(qs[:25])

            samples[kind].append(_time(page))
    return samples


def bench_quote(rounds: int, per_round: int) -> dict[str, float]:
    """Requests per second of GET /api/v1/fees/quote and of an empty DRF view, interleaved, one WSGI handler."""
    from django.test import Client
    from django.urls import path
    from rest_framework.permissions import AllowAny
    from rest_framework.response import Response
    from rest_framework.views import APIView

    class Empty(APIView):
        permission_classes = [AllowAny]
        authentication_classes: list = []

        def get(self, request):  # noqa: ANN001, ANN201
            return Response({})

    from django.conf import settings

    import qazeta.urls

    qazeta.urls.urlpatterns.append(path("bench-empty", Empty.as_view()))
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    urls = {
        "empty DRF view": "/bench-empty",
        "quote (c3-invitation, 2 years)": "/api/v1/fees/quote?service=c3-invitation&channel=standard&validity_years=2",
    }
    for url in urls.values():  # warm: URL resolver, fee cache
        assert client.get(url).status_code == 200, url  # noqa: S101
    spent = dict.fromkeys(urls, 0.0)
    for _ in range(rounds):
        for name, url in urls.items():
            start = time.perf_counter()
            for _ in range(per_round):
                client.get(url)
            spent[name] += time.perf_counter() - start
    return {name: rounds * per_round / seconds for name, seconds in spent.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--quote-rounds", type=int, default=10)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("PostgreSQL only: set DATABASE_URL.")
    seed(args.persons)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM applications_application")
        total = cur.fetchone()[0]
    print(f"applications: {total}")  # noqa: T201
    for kind, samples in bench_search(args.repeat).items():
        print(f"{kind:46s} {_summary(samples)}")  # noqa: T201
    rates = bench_quote(args.quote_rounds, 200)
    for name, rate in rates.items():
        print(f"{name:32s} {rate:8.0f} req/s")  # noqa: T201
    quote_rate = rates["quote (c3-invitation, 2 years)"]
    print(f"quote / empty view: {quote_rate / rates['empty DRF view']:.0%}")  # noqa: T201


if __name__ == "__main__":
    main()
