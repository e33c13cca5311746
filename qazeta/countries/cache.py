"""A request-scoped cache of the country table, so a page that asks ``country_for`` / ``certification_for`` for
every document and person reads the table at most once.

A ``qazeta.request_memo.RequestMemo``: open for each HTTP request, openable elsewhere with :func:`country_cache`;
outside a scope every lookup reads the database, as before. A scope sees the table as it was when first read,
except that saving or deleting a ``Country`` through the ORM (the admin) empties it, so the page that saved shows
the new value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qazeta.request_memo import RequestMemo

if TYPE_CHECKING:
    from .models import Country

memo = RequestMemo("countries_table")

#: Open a cache scope for the block (nested scopes share the outer one).
country_cache = memo.scope


def _read_table() -> dict[str, Country]:
    from .models import Country

    table: dict[str, Country] = {}
    for country in Country.objects.all():
        table[country.code] = country
        if country.alpha3:
            table.setdefault(country.alpha3, country)
    return table


def lookup(code: str) -> tuple[bool, Country | None]:
    """``(True, country or None)`` for an upper-case alpha-2 or alpha-3 ``code`` when a scope is open (reading the
    whole table once, one query, the first time); ``(False, None)`` outside a scope: the caller reads the database."""
    if not memo.is_open():
        return False, None
    return True, memo.remember("table", _read_table).get(code)
