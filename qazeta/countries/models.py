"""What the portal knows of each state a document or a person comes from, with where each value comes from.

One row per ISO 3166-1 state or territory (and Kosovo, ``XK``), loaded from ``data/countries.tsv`` with
``data/countries_provenance.tsv`` (sources in ``data/SOURCES.md``) and editable by supervisors in the admin, with
history. Each cell's provenance is kept in :attr:`Country.provenance`: its source code (HCCH, DEP, NEWS, SEC, MEM),
a note, the day it was last checked, and whether it is **unconfirmed** (``MEM``: the compiler's knowledge, not
found in retrieved text). Unconfirmed cells are shown to officers with their flag, never to filers as fact.

Read by the checklists (Decree 1242 p.2.4: a foreign public document is apostilled, consularly legalised, or
neither for a party to the Minsk 1993 / Chisinau 2002 conventions: ``selectors.certification_for``) and by the
temporary residence permit's eligibility (CIS and EAEU membership: ``selectors.trp_stay_threshold``).
"""

from __future__ import annotations

import functools
import gettext as gettext_module

import pycountry
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Apostille(models.TextChoices):
    PARTY = "party", _("Party to the Hague Apostille Convention")
    NOT_PARTY = "not_party", _("Not a party")
    UNVERIFIED = "unverified", _("Not verified")


class LegalAssistance(models.TextChoices):
    PARTY = "party", _("Party")
    NOT_PARTY = "not_party", _("Not a party")
    WITHDRAWN = "withdrawn", _("Withdrew")
    UNVERIFIED = "unverified", _("Not verified")


class CisStatus(models.TextChoices):
    MEMBER = "member", _("Member")
    ASSOCIATE = "associate", _("Associate member")
    WITHDRAWN = "withdrawn", _("Withdrew")
    NOT_MEMBER = "not_member", _("Not a member")


#: The cells whose provenance is kept, by field name.
PROVENANCE_FIELDS = ("apostille", "minsk_1993", "chisinau_2002", "cis", "eaeu_member", "visa_free_days")


class Country(models.Model):
    """A state (or territory) by its ISO 3166-1 alpha-2 code.

    ``apostille_in_force_from``: the day the Apostille Convention entered into force for it (None when unknown, or
    for a territory covered by extension). ``minsk_withdrawn_on``: the day the Minsk convention ceased for it.
    ``visa_free_days``: calendar days a citizen may stay in Kazakhstan without a visa (None: a visa is needed, or
    no data). ``provenance``: ``{field: {"source", "note", "checked_on" (ISO date or null), "unconfirmed"}}``.
    """

    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    alpha3 = models.CharField(_("ISO alpha-3 code"), max_length=3, blank=True, db_index=True)
    name = models.CharField(_("Name"), max_length=100)
    apostille = models.CharField(_("Apostille Convention"), max_length=12, choices=Apostille.choices)
    apostille_in_force_from = models.DateField(_("Apostille in force from"), null=True, blank=True)
    apostille_detail = models.CharField(_("Apostille detail"), max_length=120, blank=True)
    minsk_1993 = models.CharField(_("Minsk Convention 1993"), max_length=12, choices=LegalAssistance.choices)
    minsk_withdrawn_on = models.DateField(_("Minsk Convention ceased on"), null=True, blank=True)
    chisinau_2002 = models.CharField(_("Chisinau Convention 2002"), max_length=12, choices=LegalAssistance.choices)
    cis = models.CharField(_("CIS"), max_length=12, choices=CisStatus.choices)
    eaeu_member = models.BooleanField(_("EAEU member"), default=False)
    visa_free_days = models.PositiveSmallIntegerField(_("Visa-free days in Kazakhstan"), null=True, blank=True)
    provenance = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    @property
    def local_name(self) -> str:
        """The state's name in the active language (ru, kk: the ISO 3166-1 names of the iso-codes project that
        pycountry ships); the table's English ``name`` when the language has none or the code is not in ISO 3166-1."""
        return localised_country_name(self.code, self.name, get_language() or "en")

    def cell(self, field: str) -> dict:
        """The provenance of one cell: ``{"source", "note", "checked_on", "unconfirmed"}`` (empty values if none)."""
        found = self.provenance.get(field) or {}
        return {
            "source": found.get("source", ""),
            "note": found.get("note", ""),
            "checked_on": found.get("checked_on"),
            "unconfirmed": bool(found.get("unconfirmed")),
        }

    def is_unconfirmed(self, *fields: str) -> bool:
        return any(self.cell(f)["unconfirmed"] for f in fields)

    @property
    def is_cis(self) -> bool:
        """A member (or associate member) of the CIS today."""
        return self.cis in (CisStatus.MEMBER, CisStatus.ASSOCIATE)


@functools.cache
def _iso3166_catalogue(language: str) -> gettext_module.NullTranslations:
    return gettext_module.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)


def localised_country_name(code: str, english: str, language: str) -> str:
    """``code``'s ISO 3166-1 name translated into ``language`` (a Django language code); ``english`` when the
    language is English, has no catalogue, or the code is unknown to ISO 3166-1."""
    language = language.split("-")[0]
    if language == "en":
        return english
    iso = pycountry.countries.get(alpha_2=code)
    if iso is None:
        return english
    translated = _iso3166_catalogue(language).gettext(iso.name)
    return english if translated == iso.name else translated
