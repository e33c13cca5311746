"""Search of applications: by reference, by passport number and by name (issue 10 §3).

One text box, three kinds of match (docs/decisions/0017-search.md):

* **reference** (``EC-2026-000012``): exact, case-insensitive. References are written upper-case, so the query is
  upper-cased and compared with ``=`` on the column's unique index.
* **passport number** and **name**: ``qazeta.accounts.search.filter_persons`` (passport exact and normalised, name
  case- and accent-insensitive on a trigram index on PostgreSQL, ``icontains`` on SQLite).

A query is matched against persons first (passport OR name, one table, so PostgreSQL combines both indexes in a
bitmap OR) and applications are then those of the matching persons, by id: an OR across the join of applications
and persons could use neither index.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TypeVar

from django.db import connection
from django.db.models import (
    AutoField,
    BigAutoField,
    DateField,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Lookup,
    Model,
    OrderBy,
    QuerySet,
    Value,
)

from qazeta.accounts.models import Person
from qazeta.accounts.search import filter_persons, passport_only

#: An application reference as the portal writes it (applications.services.filing): "EC-2026-000012".
REFERENCE_RE = re.compile(r"^[A-Z]{2}-\d{4}-\d{1,12}$")

#: Up to this many matching persons, their ids go to the applications' query as constants, and the applications
#: are read through the person index and then sorted (``sorted_after_reading`` on PostgreSQL).
MAX_PERSON_IDS = 5000

_M = TypeVar("_M", bound=Model)


def normalise_reference(text: str) -> str:
    """``" ec-2026-000012 "`` → ``"EC-2026-000012"``: how a reference is stored."""
    return text.strip().upper()


def filter_applications(qs: QuerySet[_M], text: str | None) -> QuerySet[_M]:
    """Applications of ``qs`` found by ``text``: its reference (exact, any case), its person's passport number
    (exact, normalised) or its person's name (every word, case- and accent-insensitive).

    ``qs`` is a queryset of ``applications.Application`` (or a child model). An empty or blank ``text`` returns
    ``qs`` unchanged; a text matching nothing returns an empty queryset. Queries: a reference or a passport
    number adds none; a name runs one query on persons now (their ids, at most ``MAX_PERSON_IDS`` + 1).
    """
    if not text or not text.strip():
        return qs
    reference = normalise_reference(text)
    if REFERENCE_RE.match(reference):
        return qs.filter(reference=reference)
    passport = passport_only(text)
    if passport is not None:
        # One query: the passport index, then the applications by person (both b-tree probes).
        return qs.filter(person__passport_number=passport)
    # Unordered: the first matches found, not a sort of every match before the limit.
    persons = filter_persons(Person.objects.all(), text).order_by().values_list("pk", flat=True)
    # The matching persons are fetched first (one query on the persons' indexes). As a sub-select, PostgreSQL
    # underestimates how far it must walk the list's ordering index before LIMIT rows match, and tests the name
    # expression on every row it walks (a join to persons: 0.5-1 s at 100,000 applications, 100 ms at 1,000,000
    # for a name of 2,400 persons); with the ids as constants it reads exactly the applications of those persons.
    ids = list(persons[: MAX_PERSON_IDS + 1])
    if len(ids) > MAX_PERSON_IDS:
        # Matches are then at least 0.5 % of a million-person register: the walk of the order stops early.
        # (The ids as one array instead made PostgreSQL probe the person index for each: 280 ms for 16,000.)
        return qs.filter(person__in=persons)
    if connection.vendor != "postgresql":
        return qs.filter(person_id__in=ids)
    # One array parameter, not thousands of placeholders: the SQL stays short to build, send and plan.
    return sorted_after_reading(qs.filter(AnyOf(F("person_id"), ids)))


class AnyOf(Lookup):
    """``column = ANY(%s)`` with the values as one array parameter (PostgreSQL): what ``__in`` means, without a
    placeholder per value (``__in`` with 5,000 ids built, sent and planned a 35 KB statement)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):  # noqa: ANN001, ANN201
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, list(self.rhs)]


def sorted_after_reading(qs: QuerySet[_M]) -> QuerySet[_M]:
    """``qs`` in the same order, read through the filter's own index and then sorted (PostgreSQL).

    With a page LIMIT, PostgreSQL prefers walking the index of the list's ordering (the due date, say) and testing
    each row against the filter, expecting matches to be spread evenly; for a name matching a thousand persons
    among a million applications it walked 34,000 rows (16,500 pages read, 30-100 ms) to find 25. Reading the
    matching applications by ``person_id`` (a few thousand at most: ``MAX_PERSON_IDS``) and sorting them is
    bounded by the matches instead. The first sort key becomes ``key + 0`` (a date or a number) or
    ``key + interval '0'`` (a timestamp): the same order and the same nulls, but no index offers it. Elsewhere, or
    for an ordering this does not recognise, ``qs`` is returned unchanged.
    """
    if connection.vendor != "postgresql" or not qs.query.order_by:
        return qs
    first, *rest = qs.query.order_by
    if isinstance(first, str):
        descending = first.startswith("-")
        first = OrderBy(F(first.lstrip("-")), descending=descending)
    if not isinstance(first, OrderBy) or not isinstance(first.expression, F):
        return qs
    name = first.expression.name
    field = qs.model._meta.pk if name == "pk" else qs.model._meta.get_field(name)
    if isinstance(field, DateTimeField):
        zero: Value = Value(dt.timedelta(0), output_field=DurationField())
    elif isinstance(field, DateField | IntegerField | AutoField | BigAutoField):
        zero = Value(0)
    else:
        return qs
    fenced = OrderBy(
        ExpressionWrapper(F(name) + zero, output_field=field.__class__()),
        descending=first.descending,
        nulls_first=first.nulls_first,
        nulls_last=first.nulls_last,
    )
    return qs.order_by(fenced, *rest)
