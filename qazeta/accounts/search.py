"""Search of persons by passport number and by name, shared by the admin, the officer pages and the API.

* **passport number**: exact on the normalised form (upper-case, no spaces), which is how forms and the API store
  it; served by the ``person_passport_number`` index.
* **name**: every word of the query must occur in "surname given names", case- and accent-insensitive, Latin and
  Cyrillic ("muller" finds "Müller", "елкин" finds "Ёлкин" and "ЁЛКИН"). On PostgreSQL the name is compared as
  ``qazeta_unaccent(lower(surname || ' ' || given_names))`` with ``LIKE '%word%'``, served by a GIN trigram index
  on that very expression (pg_trgm; accounts migration 0010). On SQLite (the embedded default) it is a plain
  ``icontains`` per word, without accent folding (SQLite's ``LIKE`` folds ASCII case only).

Search of applications (adds the reference) is ``applications.search``; docs/decisions/0017-search.md.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import F, Func, Q, QuerySet, TextField, Value
from django.db.models.functions import Concat, Lower

from .models import Person

#: Name of the immutable wrapper around ``unaccent`` that accounts migration 0010 creates on PostgreSQL
#: (``unaccent()`` itself is only STABLE, so it cannot appear in an index expression).
UNACCENT_FUNCTION = "qazeta_unaccent"

#: Name of the GIN trigram index on the person's name key (PostgreSQL only; accounts migration 0010).
PERSON_NAME_INDEX = "person_name_trgm"

#: A passport number: ICAO 9303 allows at most 9 characters, letters and digits (accounts.Person.passport_number).
PASSPORT_RE = re.compile(r"^[A-Z0-9<]{1,9}$")


class ImmutableUnaccent(Func):
    """``qazeta_unaccent(text)``: ``unaccent`` declared IMMUTABLE so that it can be indexed (PostgreSQL only)."""

    function = UNACCENT_FUNCTION
    output_field = TextField()


def normalise_passport_number(text: str) -> str:
    """``"n 1234 5678"`` → ``"N12345678"``: upper-case, whitespace removed (how a passport number is stored)."""
    return "".join(text.split()).upper()


def passport_only(text: str) -> str | None:
    """The normalised passport number when ``text`` can only be one (passport-shaped, with a digit: names have
    no digits), else ``None``."""
    passport = normalise_passport_number(text)
    if PASSPORT_RE.match(passport) and any(char.isdigit() for char in passport):
        return passport
    return None


def name_key() -> Func | Concat:
    """The expression a person's name is searched on.

    On PostgreSQL ``qazeta_unaccent(lower(surname || ' ' || given_names))``, the expression the trigram index is
    built on (accounts migration 0010 builds it from the same Django expression); elsewhere the bare concatenation.
    """
    full = Concat(F("surname"), Value(" "), F("given_names"), output_field=TextField())
    if connection.vendor == "postgresql":
        return ImmutableUnaccent(Lower(full))
    return full


def _name_q(words: list[str]) -> Q:
    """Every word of ``words`` occurs in the alias ``_search_name`` (see ``name_key``)."""
    q = Q()
    for word in words:
        if connection.vendor == "postgresql":
            # The query word is folded by the same function as the column, so "MÜLLER" and "muller" agree. The
            # function is immutable, so the planner folds it to a constant and can use the trigram index.
            q &= Q(_search_name__contains=ImmutableUnaccent(Lower(Value(word, output_field=TextField()))))
        else:
            q &= Q(_search_name__icontains=word)
    return q


def filter_persons(qs: QuerySet[Person], text: str | None) -> QuerySet[Person]:
    """Persons of ``qs`` whose passport number equals ``text`` (normalised) or whose name contains every word of
    ``text``. A text with a digit is taken as a passport number only; a text longer than a passport number (9
    characters without spaces) as a name only. An empty or blank ``text`` returns ``qs`` unchanged. Lazy: no query
    is run here."""
    if not text or not text.strip():
        return qs
    passport = normalise_passport_number(text)
    if not PASSPORT_RE.match(passport):
        return qs.alias(_search_name=name_key()).filter(_name_q(text.split()))
    if passport_only(text):
        return qs.filter(passport_number=passport)
    # Letters only, up to 9: a name or a passport number. One table, so PostgreSQL answers the OR with a
    # BitmapOr of the two indexes.
    return qs.alias(_search_name=name_key()).filter(_name_q(text.split()) | Q(passport_number=passport))
