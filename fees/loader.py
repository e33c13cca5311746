"""Reads fees/data/tariffs.toml and inserts its rows into the database.

The data file is the seed; the database is the truth once a supervisor has edited it. ``load_tariffs``
therefore inserts only the rows whose natural key is missing and never updates an existing row:

* MRP: key ``year``;
* tariff: key ``(service, channel, validity_band, variant, effective_from)``;
* state duty: key ``(service, effective_from)``.

It runs on every ``migrate`` (post_migrate, see fees/apps.py) and as ``manage.py load_tariffs``; running it
twice changes nothing the second time.
"""

from __future__ import annotations

import functools
import logging
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction

from fees.constants import Channel, ValidityBand, Variant
from fees.models import Mrp, StateDuty, Tariff

logger = logging.getLogger(__name__)

#: The fee data file shipped with the app.
DEFAULT_DATA_PATH = Path(__file__).resolve().parent / "data" / "tariffs.toml"


#: A service code: lowercase letters and digits, words joined by single hyphens ("c3-invitation", "iin").
SERVICE_CODE_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

#: Longest service code the ``service`` columns hold.
SERVICE_CODE_MAX_LENGTH: int = Tariff._meta.get_field("service").max_length


class TariffDataError(ValueError):
    """The data file is malformed: bad code, missing key, wrong type. The message names the entry."""


@dataclass(frozen=True)
class Alias:
    """A service the guide gives no tariff for, priced as another service (``priced_as``), with a note."""

    service: str
    priced_as: str
    note: str


@dataclass(frozen=True)
class FeeData:
    """The parsed data file: model instances not yet saved, plus aliases and per-service quote notes."""

    mrps: list[Mrp]
    tariffs: list[Tariff]
    state_duties: list[StateDuty]
    aliases: dict[str, Alias]
    notes: dict[str, str]


@dataclass
class LoadResult:
    """What ``load_tariffs`` did: counts of rows inserted and kept, and rows refused because they overlap.

    ``existing`` counts file rows whose natural key was already in the database (left as they are, edited or
    not). ``conflicts`` describes file rows not inserted because a row of the same key, with another start
    date, is in force during part of their period (typically a supervisor's own row).
    """

    mrp_created: int = 0
    tariffs_created: int = 0
    state_duties_created: int = 0
    existing: int = 0
    conflicts: list[str] = field(default_factory=list)

    @property
    def created(self) -> int:
        """Rows inserted, all tables together."""
        return self.mrp_created + self.tariffs_created + self.state_duties_created


def _require(entry: dict[str, Any], name: str, kind: type | tuple[type, ...], where: str) -> Any:
    if name not in entry:
        raise TariffDataError(f"{where}: missing '{name}'")
    value = entry[name]
    # bool is an int subclass; a true/false where a number is expected is a typo, not a value.
    if isinstance(value, bool) or not isinstance(value, kind):
        raise TariffDataError(f"{where}: '{name}' has the wrong type ({type(value).__name__})")
    return value


def _choice(value: str, choices: type, name: str, where: str) -> str:
    if value not in choices.values:
        raise TariffDataError(f"{where}: unknown {name} '{value}'")
    return value


def _service_code(value: str, name: str, where: str) -> str:
    """``value`` if it is shaped like a service code; the catalogue, not this app, says which codes exist."""
    if not SERVICE_CODE_RE.fullmatch(value) or len(value) > SERVICE_CODE_MAX_LENGTH:
        raise TariffDataError(
            f"{where}: {name} '{value}' is not a service code (lowercase letters and digits, words joined by "
            f"single hyphens, at most {SERVICE_CODE_MAX_LENGTH} characters, e.g. c3-invitation)"
        )
    return value


def _optional_date(entry: dict[str, Any], where: str) -> date | None:
    value = entry.get("effective_to")
    if value is not None and not isinstance(value, date):
        raise TariffDataError(f"{where}: 'effective_to' must be a date")
    return value


def _decimal(value: int | Decimal) -> Decimal:
    return Decimal(value)


def parse_fee_data(path: Path | str | None = None) -> FeeData:
    """Parse and check the data file at ``path`` (default: fees/data/tariffs.toml).

    Returns unsaved ``Mrp``/``Tariff``/``StateDuty`` instances, the aliases keyed by aliased service and the
    notes keyed by service. Raises ``TariffDataError`` naming the entry on a malformed service code, an
    unknown channel, band or variant, a missing or mistyped key, an alias whose service has rows of its own or
    whose target has no tariff. Which service codes exist is the catalogue's business, not this file's: a code
    is only checked for its shape (tests/catalogue checks that the file and the catalogue name the same ones).
    """
    data_path = Path(path) if path is not None else DEFAULT_DATA_PATH
    with data_path.open("rb") as fh:
        # Fractions are parsed as Decimal so that 0.5 MRP is exactly one half.
        raw = tomllib.load(fh, parse_float=Decimal)

    mrps = []
    for i, entry in enumerate(raw.get("mrp", [])):
        where = f"mrp[{i}]"
        mrps.append(
            Mrp(
                year=_require(entry, "year", int, where),
                amount=_decimal(_require(entry, "amount", (int, Decimal), where)),
                source=entry.get("source", ""),
            )
        )

    tariffs = []
    for i, entry in enumerate(raw.get("tariff", [])):
        where = f"tariff[{i}]"
        tariffs.append(
            Tariff(
                service=_service_code(_require(entry, "service", str, where), "service", where),
                channel=_choice(_require(entry, "channel", str, where), Channel, "channel", where),
                validity_band=_choice(
                    entry.get("validity_band", ValidityBand.ANY), ValidityBand, "validity_band", where
                ),
                variant=_choice(entry.get("variant", Variant.NONE), Variant, "variant", where),
                amount=_decimal(_require(entry, "amount", (int, Decimal), where)),
                effective_from=_require(entry, "effective_from", date, where),
                effective_to=_optional_date(entry, where),
                source=entry.get("source", ""),
            )
        )

    duties = []
    for i, entry in enumerate(raw.get("state_duty", [])):
        where = f"state_duty[{i}]"
        duties.append(
            StateDuty(
                service=_service_code(_require(entry, "service", str, where), "service", where),
                mrp_multiple=_decimal(_require(entry, "mrp_multiple", (int, Decimal), where)),
                effective_from=_require(entry, "effective_from", date, where),
                effective_to=_optional_date(entry, where),
                source=entry.get("source", ""),
            )
        )

    priced = {t.service for t in tariffs} | {d.service for d in duties}
    aliases: dict[str, Alias] = {}
    for i, entry in enumerate(raw.get("alias", [])):
        where = f"alias[{i}]"
        service = _service_code(_require(entry, "service", str, where), "service", where)
        target = _service_code(_require(entry, "priced_as", str, where), "priced_as", where)
        if service in priced:
            raise TariffDataError(f"{where}: '{service}' has tariff or duty rows of its own")
        if target not in {t.service for t in tariffs}:
            raise TariffDataError(f"{where}: '{target}' has no tariff to price '{service}' with")
        aliases[service] = Alias(service=service, priced_as=target, note=_require(entry, "note", str, where))

    notes: dict[str, str] = {}
    for i, entry in enumerate(raw.get("note", [])):
        where = f"note[{i}]"
        service = _service_code(_require(entry, "service", str, where), "service", where)
        notes[service] = _require(entry, "text", str, where)

    return FeeData(mrps=mrps, tariffs=tariffs, state_duties=duties, aliases=aliases, notes=notes)


@functools.cache
def default_fee_data() -> FeeData:
    """The shipped data file, parsed once per process (aliases and notes are read from it at quote time)."""
    return parse_fee_data(DEFAULT_DATA_PATH)


def _insert_dated(row: Tariff | StateDuty, using: str, result: LoadResult) -> bool:
    """Insert ``row`` unless its natural key exists or it would overlap another row of its key."""
    model = type(row)
    same_key = model._default_manager.using(using).filter(**row.key())
    if same_key.filter(effective_from=row.effective_from).exists():
        result.existing += 1
        return False
    if row.overlapping_rows(using=using).exists():
        result.conflicts.append(f"{model._meta.verbose_name} {row}: overlaps a row already in the database")
        return False
    row.save(using=using)
    return True


def load_tariffs(path: Path | str | None = None, *, using: str = "default") -> LoadResult:
    """Insert the MRP, tariff and state duty rows of the data file that the database lacks.

    ``path`` defaults to fees/data/tariffs.toml; ``using`` is the database alias. Rows present by natural key
    are left untouched, so a supervisor's edit survives every later ``migrate``; a file row that would overlap
    a row of the same key is skipped and reported in ``LoadResult.conflicts``. One transaction: a malformed
    file (``TariffDataError``) inserts nothing. Idempotent.
    """
    data = parse_fee_data(path)
    result = LoadResult()
    with transaction.atomic(using=using):
        for mrp in data.mrps:
            if Mrp.objects.using(using).filter(year=mrp.year).exists():
                result.existing += 1
            else:
                mrp.save(using=using)
                result.mrp_created += 1
        for tariff in data.tariffs:
            result.tariffs_created += _insert_dated(tariff, using, result)
        for duty in data.state_duties:
            result.state_duties_created += _insert_dated(duty, using, result)
    for conflict in result.conflicts:
        logger.warning("load_tariffs: %s", conflict)
    return result
