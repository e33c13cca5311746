"""Reading the country table: a code in any form, what a foreign public document needs, the TRP threshold.

Sources: Decree 1242 p.2.4 (checks adapted to the country of origin); the Hague Apostille Convention 1961; the
Minsk (1993) and Chisinau (2002) conventions on legal assistance (documents of a party need no legalisation in
another party: Art. 13 Minsk, Art. 22 Chisinau); the Expat Centre guide 2025, Temporary residence permit (CIS
citizens staying more than 30 calendar days, EAEU citizens more than 90; for a state in both, the EAEU threshold).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext as _

from . import cache
from .models import Apostille, Country, LegalAssistance

#: ICAO Doc 9303 codes that are not ISO alpha-3 but name a state the table has.
ICAO_TO_ISO2 = {"D": "DE", "GBD": "GB", "GBN": "GB", "GBO": "GB", "GBP": "GB", "GBS": "GB", "RKS": "XK"}


def country_for(code: str | None) -> Country | None:
    """The country of an ISO alpha-2, ISO alpha-3 or ICAO 9303 code (``"DE"``, ``"DEU"``, ``"D"``); None if unknown.

    Inside a cache scope (every HTTP request, or ``cache.country_cache()``) the table is read once per scope;
    otherwise one query per call."""
    if not code:
        return None
    code = code.strip().upper()
    code = ICAO_TO_ISO2.get(code, code)
    cached, country = cache.lookup(code)
    if cached:
        return country
    if len(code) == 2:
        return Country.objects.filter(code=code).first()
    return Country.objects.filter(alpha3=code).first()


class CertificationKind(StrEnum):
    """What a foreign public document needs to be accepted in Kazakhstan."""

    NONE = "none"  # a party to the Minsk or Chisinau convention: a notarised translation only
    APOSTILLE = "apostille"
    LEGALISATION = "legalisation"  # consular legalisation
    UNKNOWN = "unknown"  # the table cannot tell: the officer decides


@dataclass(frozen=True)
class Certification:
    """What a document issued by ``country`` needs (``kind``), in words (``text``), why (``reason``, with the
    convention), and whether the table's cells behind it are unconfirmed (officers see the flag; filers never).
    ``cells``: the country fields the answer rests on (their provenance: ``country.cell(name)``)."""

    country: Country | None
    kind: CertificationKind
    text: str
    reason: str
    unconfirmed: bool
    cells: tuple[str, ...] = ()


def _texts(kind: CertificationKind) -> str:
    return {
        CertificationKind.NONE: _("No apostille or legalisation: a notarised translation into Kazakh or Russian only."),
        CertificationKind.APOSTILLE: _("An apostille, and a notarised translation into Kazakh or Russian."),
        CertificationKind.LEGALISATION: _(
            "Consular legalisation (at a Kazakh embassy or consulate), and a notarised translation into Kazakh or "
            "Russian."
        ),
        CertificationKind.UNKNOWN: _("Apostilled or legalised, as the Expat Centre confirms."),
    }[kind]


def certification_for(code: str | None, *, on: dt.date) -> Certification:
    """What a public document issued by the state ``code`` (any code form) needs on the day ``on``.

    A party to the Minsk 1993 (not withdrawn by ``on``) or the Chisinau 2002 convention: nothing but a notarised
    translation (Kazakhstan is a party to both). Otherwise a party to the Apostille Convention in force by ``on``:
    an apostille. Otherwise consular legalisation. An unknown state or unverified cells: ``UNKNOWN`` or flagged.
    """
    country = country_for(code)
    if country is None:
        return Certification(None, CertificationKind.UNKNOWN, _texts(CertificationKind.UNKNOWN), "", True)
    minsk = country.minsk_1993 == LegalAssistance.PARTY or (
        country.minsk_1993 == LegalAssistance.WITHDRAWN
        and country.minsk_withdrawn_on is not None
        and on < country.minsk_withdrawn_on
    )
    if minsk:
        kind, reason, cells = CertificationKind.NONE, _("Minsk Convention 1993 on legal assistance"), ("minsk_1993",)
    elif country.chisinau_2002 == LegalAssistance.PARTY:
        kind, reason, cells = (
            CertificationKind.NONE,
            _("Chisinau Convention 2002 on legal assistance"),
            ("chisinau_2002",),
        )
    elif country.apostille == Apostille.PARTY and (
        country.apostille_in_force_from is None or country.apostille_in_force_from <= on
    ):
        kind, reason, cells = CertificationKind.APOSTILLE, _("Hague Apostille Convention 1961"), ("apostille",)
    elif country.apostille == Apostille.UNVERIFIED:
        kind, reason, cells = (
            CertificationKind.UNKNOWN,
            _("Hague Apostille Convention 1961: not verified"),
            ("apostille",),
        )
    else:
        kind = CertificationKind.LEGALISATION
        reason = _("Not a party to the Apostille, Minsk or Chisinau conventions")
        cells = ("apostille", "minsk_1993", "chisinau_2002")
    return Certification(country, kind, _texts(kind), reason, country.is_unconfirmed(*cells), cells)


#: Guide 2025, Temporary residence permit: CIS citizens staying more than 30 calendar days, EAEU more than 90.
CIS_STAY_DAYS = 30
EAEU_STAY_DAYS = 90


def trp_stay_threshold(code: str | None) -> int | None:
    """Calendar days of stay beyond which a citizen of ``code`` needs a TRP instead of a visa: 90 for an EAEU member
    (a state in both groups takes the EAEU threshold), 30 for a CIS member or associate, None when the Expat
    Centre's TRP service is not for that citizenship."""
    country = country_for(code)
    if country is None:
        return None
    if country.eaeu_member:
        return EAEU_STAY_DAYS
    if country.is_cis:
        return CIS_STAY_DAYS
    return None
