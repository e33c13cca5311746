"""A request-scoped cache of the country table, so a page that asks ``country_for`` / ``certification_for`` for
every document and person reads the table at most once.

The cache lives only while a scope is open: each HTTP request opens one (``request_started``; closed on
``request_finished``), and code outside a request (a task, a command) may open one with :func:`country_cache`.
Outside a scope every lookup reads the database, as before. A scope sees the table as it was when first read,
except that saving or deleting a ``Country`` through the ORM (the admin) empties the open scope's cache
(``post_save`` / ``post_delete``), so the page that saved shows the new value. Nothing is kept between requests,
so an edit in one process is seen by the next request of every other process, and a rolled-back test
transaction leaves nothing stale behind.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Country

#: ``None`` outside a scope; in a scope, ``{}`` until the table is read, then ``{code or alpha-3: Country}``.
_table: ContextVar[dict[str, Country] | None] = ContextVar("countries_table", default=None)


def lookup(code: str) -> tuple[bool, Country | None]:
    """``(True, country or None)`` for an upper-case alpha-2 or alpha-3 ``code`` when a scope is open (reading the
    whole table once, one query, the first time); ``(False, None)`` outside a scope: the caller reads the database."""
    table = _table.get()
    if table is None:
        return False, None
    if not table:
        from .models import Country

        for country in Country.objects.all():
            table[country.code] = country
            if country.alpha3:
                table.setdefault(country.alpha3, country)
        table.setdefault("", None)  # marks the table as read even when it is empty
    return True, table.get(code)


@contextlib.contextmanager
def country_cache() -> Iterator[None]:
    """Open a cache scope for the block (nested scopes share the outer one)."""
    if _table.get() is not None:
        yield
        return
    token = _table.set({})
    try:
        yield
    finally:
        _table.reset(token)


def clear(**kwargs: Any) -> None:
    """Empty the open scope's cache (a ``Country`` was saved or deleted); no-op outside a scope."""
    table = _table.get()
    if table is not None:
        table.clear()


def open_for_request(**kwargs: Any) -> None:
    """``request_started``: a fresh, empty scope for this request (never one left by an earlier request)."""
    _table.set({})


def close_for_request(**kwargs: Any) -> None:
    """``request_finished``: drop the request's scope."""
    _table.set(None)
