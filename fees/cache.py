"""The fee tables (MRP, tariffs, state duties) held in process memory, so that a quote runs no query.

The tables change a few times a year, when a supervisor edits them in the admin; a quote is asked on every fee
calculator keystroke and every submission. Each process keeps one snapshot of all rows (a few hundred) and picks
the rows in force on a date in memory (fees.selectors). Invalidation (docs/decisions/0018-fee-tables-cache.md):

* a **version key** in the shared Django cache (``settings.CACHES["default"]``: Redis when ``CACHE_URL`` is set,
  as in docker-compose; in-process memory otherwise) names the current tables; a snapshot is reused only while its
  version is the key's value, so every web worker and Celery worker agrees on the next quote after a change;
* ``post_save`` / ``post_delete`` of ``Mrp``, ``Tariff`` and ``StateDuty`` (the admin, its history revert, the
  loader) **bump the version on commit**: bumping before the commit would let another worker reload the old rows
  under the new version and keep them;
* until that commit, the writing thread reads the tables from the database on every call (it must see its own
  uncommitted rows, and must not cache rows that may still be rolled back).

Writes that send no signal (``QuerySet.update()``, ``bulk_create``, raw SQL) must call ``fee_tables_changed()``.
If the shared cache cannot be reached, every call reads the database: slower, never stale.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db import transaction

from fees.models import Mrp, StateDuty, Tariff

logger = logging.getLogger(__name__)

#: Key of the version in the shared Django cache; its value is an opaque token, a new one at every change.
VERSION_KEY = "fees:tables-version"


@dataclass(frozen=True)
class FeeTables:
    """A snapshot of every MRP, tariff and state duty row, shared by the threads of a process: read it, never
    change or save its rows. ``version`` is the cache token it was loaded under ("" when not cacheable)."""

    version: str
    mrps: dict[int, Decimal]
    tariffs: dict[str, tuple[Tariff, ...]]
    state_duties: dict[str, tuple[StateDuty, ...]]

    def mrp(self, year: int) -> Decimal | None:
        """The MRP (KZT, as stored) of calendar ``year``, ``None`` when not recorded."""
        return self.mrps.get(year)

    def has_rows(self, service: str) -> bool:
        """Whether ``service`` has a tariff or state duty row of any period."""
        return service in self.tariffs or service in self.state_duties

    def tariff_services(self) -> set[str]:
        """Codes of the services with a tariff row of any period."""
        return set(self.tariffs)

    def tariffs_in_force(self, service: str, on: date) -> list[Tariff]:
        """Tariff rows of ``service`` in force on ``on`` (both period ends inclusive; fees.models.in_force_on)."""
        return [row for row in self.tariffs.get(service, ()) if _in_force(row, on)]

    def state_duty_in_force(self, service: str, on: date) -> StateDuty | None:
        """The state duty row of ``service`` in force on ``on``; the latest start wins should two overlap."""
        rows = [row for row in self.state_duties.get(service, ()) if _in_force(row, on)]
        return max(rows, key=lambda row: row.effective_from, default=None)


def _in_force(row: Tariff | StateDuty, on: date) -> bool:
    return row.effective_from <= on and (row.effective_to is None or row.effective_to >= on)


def _group(rows: list[Any]) -> dict[str, tuple[Any, ...]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.service].append(row)
    return {service: tuple(items) for service, items in grouped.items()}


def _load(version: str) -> FeeTables:
    # Three queries, a few hundred rows; the version was read before them, so a change committed while they run
    # leaves this snapshot under an old version, replaced on the next call.
    return FeeTables(
        version=version,
        mrps=dict(Mrp.objects.values_list("year", "amount")),
        tariffs=_group(list(Tariff.objects.all())),
        state_duties=_group(list(StateDuty.objects.all())),
    )


_lock = threading.Lock()
_snapshot: FeeTables | None = None
# Per thread, as Django's connections are: this thread wrote fee rows in a transaction not yet committed.
_local = threading.local()


def _current_version() -> str | None:
    """The version token in the shared cache (set one if there is none); ``None`` when the cache fails."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            # First process after a cache flush or restart: every process then reloads once.
            cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
            version = cache.get(VERSION_KEY)
    except Exception:  # the cache is an optimisation: any failure means "read the database"
        logger.warning("fee tables: the cache cannot be read; reading the database", exc_info=True)
        return None
    return version


def fee_tables() -> FeeTables:
    """The fee tables to quote from: this process's snapshot while the shared version is unchanged.

    No database query on the hot path (one cache read: in process memory, or one Redis GET). Reads the database
    when the version changed, when this thread has uncommitted fee writes, or when the cache cannot be reached.
    """
    global _snapshot
    if getattr(_local, "dirty", False):
        if transaction.get_connection().in_atomic_block:
            return _load(version="")
        # The transaction that wrote ended: committed (the version was bumped) or rolled back (nothing changed).
        _local.dirty = False
    version = _current_version()
    if version is None:
        return _load(version="")
    snapshot = _snapshot
    if snapshot is not None and snapshot.version == version:
        return snapshot
    with _lock:  # one reload per process when many threads see the new version together
        if _snapshot is None or _snapshot.version != version:
            _snapshot = _load(version)
        return _snapshot


def _bump() -> None:
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:
        # Other processes keep their snapshot until the cache is back and bumped again: say so loudly.
        logger.exception("fee tables changed but the cache version could not be bumped")
    forget()


def fee_tables_changed(**kwargs: Any) -> None:
    """Say that fee rows changed: the version is bumped when the current transaction commits (at once outside
    one). Connected to ``post_save`` and ``post_delete`` of the fee models (fees.apps); ``kwargs`` are the
    signal's, ignored."""
    _local.dirty = True
    transaction.on_commit(_bump)


def forget() -> None:
    """Drop this process's snapshot and this thread's uncommitted-writes mark (the next call reloads)."""
    global _snapshot
    with _lock:
        _snapshot = None
    _local.dirty = False
