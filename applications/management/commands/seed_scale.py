"""``manage.py seed_scale --applications N [--open M]``: a year of applications at national scale, in bulk.

Writes with ``COPY`` on PostgreSQL (``executemany`` on SQLite, for small N) straight into the tables, both halves of
the multi-table inheritance: the ``applications_application`` parent row and the service's own child row
(``ServiceDefinition.model``), the child's own columns holding placeholders (blank text, the seed's dates).

The mix (deterministic for a given ``--seed``):

- services from the registry, weighted towards the busy ones (temporary residence, arrival notifications, IIN);
- states: ``--open`` open applications (default ``min(3000, N // 50)``) spread over ``OPEN_STATES``, due from 5
  days ago to 20 days ahead, created in the last 30 days, assigned to an officer once claimed; 0.5 % drafts; the
  rest closed (issued 80 %, withdrawn 10 %, refused 8 %, cancelled 2 %), created over the past 365 days;
- host parties: one big employer holding ``min(20000, N // 5)`` applications, ``N // 500`` others sharing the rest
  of the 90 % filed by employers (verified, each with one member, ``scale-employer-<n>``); 10 % filed by
  self-applicants (their own login);
- one person per application (passport ``<tag><7 digits>``), 40 officers and 2 supervisors (``scale-officer-<n>``).

Refuses to run when applications exist, unless ``--force`` (then it adds to them). PostgreSQL is vacuumed and
analysed after.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import random
import string
import time
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

#: Closed states and their share of the closed applications.
CLOSED_MIX = (("issued", 80), ("withdrawn", 10), ("refused", 8), ("cancelled", 2))
#: Open states and their share of the open applications (``submitted`` ones are unassigned).
OPEN_MIX = (
    ("submitted", 30),
    ("in_review", 35),
    ("information_requested", 10),
    ("documents_approved", 10),
    ("appointment_booked", 5),
    ("originals_received", 5),
    ("with_authority", 5),
)
#: Relative weight of a service by a part of its code; any other service weighs 1.
SERVICE_WEIGHTS = (("temporary-residence", 30), ("arrival", 25), ("iin", 10), ("c3", 5), ("business", 3))
BATCH = 20_000


def _placeholder(field: models.Field, today: dt.date, now: dt.datetime) -> Any:
    """A value for a NOT NULL column the seed does not set: the field's default, else a blank of its type."""
    if field.has_default():
        return field.get_default()
    if field.null:
        return None
    if isinstance(field, models.DateTimeField):
        return now
    if isinstance(field, models.DateField):
        return today
    if isinstance(field, models.BooleanField):
        return False
    if isinstance(field, models.DecimalField):
        return decimal.Decimal(0)
    if isinstance(field, models.IntegerField | models.FloatField):
        return 0
    return ""


class Writer:
    """Rows into one table: ``COPY`` on PostgreSQL, ``executemany`` elsewhere; ``columns`` are attnames of
    ``model``'s local concrete fields; the others get :func:`_placeholder` (JSON as text)."""

    def __init__(self, model: type[models.Model], columns: Sequence[str], *, now: dt.datetime) -> None:
        self.model = model
        fields = [f for f in model._meta.local_concrete_fields if not (f.primary_key and f.attname not in columns)]
        self.fields = fields
        self.names = [f.column for f in fields]
        self.positions = [columns.index(f.attname) if f.attname in columns else None for f in fields]
        self.fixed = [self._db(f, _placeholder(f, now.date(), now)) for f in fields]
        self.json = [isinstance(f, models.JSONField) for f in fields]

    def _db(self, field: models.Field, value: Any) -> Any:
        if isinstance(field, models.JSONField) and value is not None:
            return json.dumps(value)
        return value

    def write(self, rows: Iterable[Sequence[Any]]) -> int:
        table = connection.ops.quote_name(self.model._meta.db_table)
        cols = ", ".join(connection.ops.quote_name(n) for n in self.names)
        count = 0
        full = (
            [
                self.fixed[i] if pos is None else self._db(self.fields[i], row[pos])
                for i, pos in enumerate(self.positions)
            ]
            for row in rows
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                    for row in full:
                        copy.write_row(row)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(self.names))
                batch: list[list[Any]] = []
                for row in full:
                    batch.append(row)
                    if len(batch) >= BATCH:
                        cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", batch)  # noqa: S608 - model names
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", batch)  # noqa: S608 - model names
                    count += len(batch)
        return count


def _next_id(model: type[models.Model]) -> int:
    last = model.objects.aggregate(m=models.Max("pk"))["m"]
    return (last or 0) + 1


def _weighted(rng: random.Random, mix: Sequence[tuple[str, int]], n: int) -> list[str]:
    names, weights = zip(*mix, strict=True)
    return rng.choices(names, weights=weights, k=n)


class Command(BaseCommand):
    help = "Seed N applications in bulk (both inheritance tables), a realistic year of national-scale history."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--applications", type=int, required=True, help="How many applications to add.")
        parser.add_argument("--open", type=int, default=None, help="How many are open (default min(3000, N/50)).")
        parser.add_argument("--seed", type=int, default=10, help="Random seed (the same seed, the same data).")
        parser.add_argument("--force", action="store_true", help="Add even though applications exist.")

    def handle(self, *args: Any, **options: Any) -> None:
        from applications.models import Application

        n = options["applications"]
        if n < 1:
            raise CommandError("--applications must be at least 1.")
        if connection.vendor != "postgresql" and n > 50_000:
            raise CommandError("More than 50,000 applications needs PostgreSQL (DATABASE_URL).")
        if Application.objects.exists() and not options["force"]:
            raise CommandError("The database already holds applications; add --force to add to them.")
        opened = options["open"] if options["open"] is not None else min(3000, n // 50)
        if not 0 <= opened <= n:
            raise CommandError("--open must be between 0 and --applications.")
        started = time.monotonic()
        with transaction.atomic():
            counts = self._seed(n, opened, random.Random(options["seed"]))  # noqa: S311 - test data
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # VACUUM as well as ANALYZE: autovacuum keeps a live database's visibility map current, so the
                # counts and index-only scans of the benchmark read the index alone, as they would in production.
                # Inside a transaction (a test) VACUUM cannot run: the statistics are enough for the plans there.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        counts["seconds"] = round(time.monotonic() - started, 1)
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))

    # ------------------------------------------------------------------------------------------------ seed
    def _seed(self, n: int, opened: int, rng: random.Random) -> dict[str, Any]:
        from applications.models import Application
        from applications.registry import get_registry
        from qazeta.accounts.constants import MembershipRole, Role
        from qazeta.accounts.models import Membership, Organisation, Person, User

        now = timezone.now().replace(microsecond=0)
        today = timezone.localdate()
        tag = "".join(rng.choices(string.ascii_uppercase, k=2))
        run = f"{tag}{rng.randrange(10**6):06d}"

        definitions = [d for d in get_registry() if d.model is not None]
        if not definitions:
            raise CommandError("No service is registered with a model.")
        service_mix = [(d.code, next((w for part, w in SERVICE_WEIGHTS if part in d.code), 1)) for d in definitions]
        model_of = {d.code: d.model for d in definitions}

        # Officers, host parties with one filer each, self-applicants.
        big = min(20_000, n // 5)
        organisations = max(1, n // 500)
        employer_share = int(n * 0.9)
        selfs = n - employer_share
        user_id = _next_id(User)
        user_cols = ["id", "username", "password", "role", "first_name", "last_name", "email"]
        officers = list(range(user_id, user_id + 42))
        users = [
            (
                uid,
                f"scale-officer-{run}-{k}",
                "!",
                Role.SUPERVISOR if k >= 40 else Role.OFFICER,
                "Officer",
                str(k),
                "",
            )
            for k, uid in enumerate(officers)
        ]
        employer_users = list(range(user_id + 42, user_id + 42 + organisations))
        users += [
            (uid, f"scale-employer-{run}-{k}", "!", Role.EMPLOYER, "Filer", str(k), "")
            for k, uid in enumerate(employer_users)
        ]
        self_users = list(range(employer_users[-1] + 1, employer_users[-1] + 1 + selfs))
        users += [
            (uid, f"scale-applicant-{run}-{k}", "!", Role.APPLICANT, "Applicant", str(k), "")
            for k, uid in enumerate(self_users)
        ]
        Writer(User, user_cols, now=now).write(users)

        org_id = _next_id(Organisation)
        org_ids = list(range(org_id, org_id + organisations))
        org_cols = ["id", "name", "bin", "aifc_registration_number", "created_at", "verification_status", "verified_at"]
        Writer(Organisation, org_cols, now=now).write(
            (oid, f"Scale host party {k}", f"{run[:2]}{oid:010d}"[-12:], f"SC-{run}-{k}", now, "verified", now)
            for k, oid in enumerate(org_ids)
        )
        Writer(Membership, ["organisation_id", "user_id", "role", "created_at"], now=now).write(
            (oid, uid, MembershipRole.ADMIN, now) for oid, uid in zip(org_ids, employer_users, strict=True)
        )

        # Who files each application: the big employer first, the other employers, then the self-applicants.
        owners: list[tuple[int | None, int, int | None]] = []  # (organisation, filer, person's account)
        owners += [(org_ids[0], employer_users[0], None)] * big
        others = list(zip(org_ids[1:], employer_users[1:], strict=True)) or [(org_ids[0], employer_users[0])]
        owners += [(*rng.choice(others), None) for _ in range(employer_share - big)]
        owners += [(None, uid, uid) for uid in self_users]
        rng.shuffle(owners)

        # States: open ones (recent), a few drafts, the rest closed (over the year).
        drafts = n // 200 if n >= 200 else 0
        closed = n - opened - drafts
        states = (_weighted(rng, OPEN_MIX, opened) + ["draft"] * drafts + _weighted(rng, CLOSED_MIX, max(closed, 0)))[
            :n
        ]
        rng.shuffle(states)
        services = _weighted(rng, service_mix, n)

        person_id = _next_id(Person)
        person_cols = [
            "id", "account_id", "organisation_id", "surname", "given_names", "sex", "date_of_birth", "nationality",
            "passport_number", "passport_issuing_state", "passport_expires_on", "created_at", "updated_at",
        ]  # fmt: skip
        surnames = ("Ivanov", "Smith", "Müller", "Kim", "Chen", "Petrova", "Garcia", "Nazarbayev", "Sato", "Ali")
        nations = ("RUS", "CHN", "TUR", "DEU", "KOR", "UZB", "USA", "IND", "GBR", "KGZ")
        Writer(Person, person_cols, now=now).write(
            (
                person_id + j,
                owners[j][2],
                owners[j][0],
                f"{surnames[j % 10]}{j}",
                "Scale",
                "M" if j % 2 else "F",
                dt.date(1970 + j % 35, 1 + j % 12, 1 + j % 28),
                nations[j % 10],
                f"{tag}{j:07d}"[-9:],
                nations[j % 10],
                today + dt.timedelta(days=400 + j % 2000),
                now,
                now,
            )
            for j in range(n)
        )

        app_id = _next_id(Application)
        app_cols = [
            "id", "reference", "service_code", "person_id", "filer_id", "organisation_id", "state", "created_at",
            "updated_at", "submitted_at", "decided_at", "due_date", "assigned_to_id",
        ]  # fmt: skip
        year = 365 * 24 * 3600

        def application(j: int) -> tuple[Any, ...]:
            state = states[j]
            organisation, filer, _account = owners[j]
            is_open = state not in ("draft", "issued", "refused", "withdrawn", "cancelled")
            age = rng.randrange(30 * 24 * 3600) if is_open or state == "draft" else rng.randrange(year)
            created = now - dt.timedelta(seconds=age)
            submitted = None if state == "draft" else created + dt.timedelta(hours=rng.randrange(1, 48))
            if is_open:
                due = today + dt.timedelta(days=rng.randrange(-5, 21))
            elif submitted is not None:
                due = timezone.localdate(submitted) + dt.timedelta(days=15)
            else:
                due = None
            decided = None if is_open or submitted is None else submitted + dt.timedelta(days=rng.randrange(1, 20))
            assignee = None if state in ("draft", "submitted") else rng.choice(officers)
            reference = None if state == "draft" else f"S{run}{j:09d}"[-20:]
            updated = decided or submitted or created
            return (app_id + j, reference, services[j], person_id + j, filer, organisation, state, created,
                    updated, submitted, decided, due, assignee)  # fmt: skip

        Writer(Application, app_cols, now=now).write(application(j) for j in range(n))

        children: dict[str, int] = {}
        for code, model in model_of.items():
            ids = [app_id + j for j in range(n) if services[j] == code]
            if not ids:
                continue
            pointer = model._meta.pk.attname
            children[code] = Writer(model, [pointer], now=now).write((pk,) for pk in ids)

        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for model in (User, Organisation, Membership, Person, Application):
                    table = model._meta.db_table
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
                    )
        return {
            "applications": n,
            "open": opened,
            "drafts": drafts,
            "big employer": big,
            "host parties": organisations,
            "persons": n,
            "users": len(users),
            "services": len(children),
        }
