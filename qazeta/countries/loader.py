"""Load ``data/countries.tsv`` (values) and ``data/countries_provenance.tsv`` (where each value comes from).

Column conventions are those of ``data/SOURCES.md``. Provenance codes: HCCH, DEP, NEWS, SEC as found; ``MEM`` (not
found in retrieved text) and ``unverified`` values load as **unconfirmed**, and so does a visa-free cell flagged
``check``. ``checked_on`` is the date of the source the cell was read from where SOURCES.md gives one (the HCCH
status table of 29 July 2024, the depositary's list as of 14 January 2026), else null until a supervisor checks it.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")
VALUES = DATA / "countries.tsv"
PROVENANCE = DATA / "countries_provenance.tsv"

#: The date of the source behind each provenance code, where SOURCES.md states one.
SOURCE_DATES = {"HCCH": "2024-07-29", "DEP": "2026-01-14", "HCCH/DEP (absence)": "2026-01-14"}

_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def _date(text: str) -> dt.date | None:
    found = _DATE.search(text or "")
    return dt.date.fromisoformat(found.group(1)) if found else None


def _apostille(text: str) -> tuple[str, dt.date | None, str]:
    text = text.strip()
    if text.startswith("yes"):
        return "party", _date(text), text.removeprefix("yes").strip(" ()")
    if text.startswith("no"):
        return "not_party", None, ""
    return "unverified", None, text


def _convention(text: str) -> tuple[str, dt.date | None]:
    text = text.strip()
    if text.startswith("withdrawn"):
        return "withdrawn", _date(text)
    if text.startswith("yes"):
        return "party", None
    if text.startswith("unverified"):
        return "unverified", None
    return "not_party", None


def _cis(text: str) -> str:
    text = text.strip()
    for prefix, value in (("yes", "member"), ("associate", "associate"), ("withdrawn", "withdrawn")):
        if text.startswith(prefix):
            return value
    return "not_member"


def _cell(source: str, note: str = "", *, unconfirmed: bool = False) -> dict[str, Any]:
    source = (source or "").strip()
    if source == "-":
        source = ""
    return {
        "source": source,
        "note": note.strip(),
        "checked_on": SOURCE_DATES.get(source),
        "unconfirmed": unconfirmed or source == "MEM",
    }


def rows() -> Iterator[dict[str, Any]]:
    """One dict of ``Country`` field values per row of the data files."""
    import pycountry

    with PROVENANCE.open(encoding="utf-8") as handle:
        provenance = {row["iso_alpha2"]: row for row in csv.DictReader(handle, delimiter="\t")}
    with VALUES.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            code = row["iso_alpha2"]
            source = provenance.get(code, {})
            apostille, in_force, detail = _apostille(row["hague_apostille"])
            minsk, withdrawn_on = _convention(row["minsk_1993"])
            chisinau, _ = _convention(row["chisinau_2002"])
            days = row["kazakhstan_visa_free_days"].strip()
            known = pycountry.countries.get(alpha_2=code)
            chisinau_text = row["chisinau_2002"]
            yield {
                "code": code,
                "alpha3": known.alpha_3 if known else "",
                "name": row["name_en"],
                "apostille": apostille,
                "apostille_in_force_from": in_force,
                "apostille_detail": detail[:120],
                "minsk_1993": minsk,
                "minsk_withdrawn_on": withdrawn_on,
                "chisinau_2002": chisinau,
                "cis": _cis(row["cis_member"]),
                "eaeu_member": row["eaeu_member"].strip().startswith("yes"),
                "visa_free_days": int(days) if days.isdigit() else None,
                "provenance": {
                    "apostille": _cell(
                        source.get("apostille_source", ""),
                        source.get("apostille_note", ""),
                        unconfirmed=apostille == "unverified",
                    ),
                    "minsk_1993": _cell(source.get("minsk_source", "")),
                    "chisinau_2002": _cell(
                        source.get("chisinau_source", ""),
                        unconfirmed="unverified" in chisinau_text,
                    ),
                    "cis": _cell(source.get("cis_source", ""), row["cis_member"]),
                    "eaeu_member": _cell(source.get("cis_source", ""), row["eaeu_member"]),
                    "visa_free_days": _cell(
                        source.get("visa_source", ""),
                        days if not days.isdigit() else "",
                        unconfirmed=source.get("visa_flag", "").strip() == "check",
                    ),
                },
            }


def load(country_model: Any, *, update: bool = False) -> tuple[int, int]:
    """Create the missing countries (and with ``update``, overwrite the others from the files).

    ``country_model``: the ``Country`` model (the data migration passes its historical model). Returns
    ``(created, updated)``. Without ``update`` a supervisor's edits are never overwritten.
    """
    existing = set(country_model.objects.values_list("code", flat=True))
    missing, updated = [], 0
    for values in rows():
        code = values.pop("code")
        if code not in existing:
            missing.append(country_model(code=code, **values))
        elif update:
            country_model.objects.filter(code=code).update(**values)
            updated += 1
    # bulk_create: the loaded table is the starting point, not an edit (history starts with a supervisor's change).
    country_model.objects.bulk_create(missing)
    return len(missing), updated
