"""The service catalogue: every service of the Expat Centre guide, loaded from TOML data files.

Each plug-in app (``visas``, ``residency``) ships a ``catalogue.toml`` and registers it in its
``AppConfig.ready()``; this module knows nothing of a particular visa. The catalogue is code, not
database rows: a service's documents and rules change with the guide, together with the code that
enforces them (docs/decisions/0002-catalogue-as-data-files.md). Tariffs, which a supervisor edits,
live in the ``fees`` app.

Data file shape (one ``[[service]]`` table per service)::

    [[service]]
    code = "c3-invitation"            # stable, used in URLs, the API and tariffs
    name = "..."; category = "work-visa"; description = "..."; who_may_apply = "..."
    term_working_days = 5             # or term_minutes = 30, or term_working_days_max for "3-5"
    channels = ["standard", "walk_in"]
    requires_appointment = true; requires_state_body = true; filing_enabled = true
    fee_note = "..."; source = "guide 2025, Work visa §1"
    [[service.document]]
    code = "passport-copy"; name = "..."; required = true; when = "family_member"
    # a diploma, a certificate of no criminal record ...: also foreign_public_document = true (DocumentRequirement)
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from django.utils.translation import get_language, gettext, gettext_lazy, ngettext

from fees.constants import Channel

#: Conditions a checklist item may depend on; each is a boolean fact about one application.
CONDITIONS: dict[str, str] = {
    "principal": "the application is for the principal (employee, investor, visa holder)",
    "family_member": "the application is for a family member of a principal",
    "representative": "a representative files under a power of attorney",
    "has_current_visa": "the person holds a current Kazakh visa",
    "has_branch": "the host party is a representative office or branch of a foreign legal entity",
    "b2": "multiple-entry business visa, category B2 (works under a contract)",
    "b3": "multiple-entry business visa, category B3 (founder or board member)",
    "individual": "the applicant is an individual",
    "legal_entity": "the applicant is a legal entity",
    "first_application": "this is the person's first application of this kind",
    "employee": "the person is an employee of the host party",
    # Permanent residence permit: the guide asks for the notarised consent of a child aged 14-18.
    "minor_14_18": "the application is for a child aged 14 to 18",
    # Permanent residence permit (reading of the guide): the consent is asked when the family includes such a child.
    "family_includes_minor_14_18": "the person's family (on the roster) includes a child aged 14 to 18",
}

CATEGORIES: dict[str, str] = {
    "work-visa": gettext_lazy("Work visa (C3)"),
    "investor-visa": gettext_lazy("Investor visa (A5, A6)"),
    "permanent-residence": gettext_lazy("Permanent residence permit"),
    "temporary-residence": gettext_lazy("Temporary residence permit"),
    "business-visa-single": gettext_lazy("Short-term business visa (single entry)"),
    "business-visa-multi": gettext_lazy("Long-term business visa (multiple entry)"),
    "visa-cancellation": gettext_lazy("Visa cancellation"),
    "migration-tax": gettext_lazy("Other migration and tax services"),
    "qualification": gettext_lazy("AIFC qualification requirements"),
}

#: The channels a catalogue entry may offer: the one ``Channel`` of the portal (``fees.constants``).
CHANNELS = tuple(Channel.values)


@dataclass(frozen=True)
class LocalText:
    """A catalogue text in English with optional Russian and Kazakh versions: ``{"en": ..., "ru": ..., "kk": ...}``.

    ``str()`` gives the version of the active Django language, falling back to English. The data files give
    ``name`` (English) and ``name_ru`` / ``name_kk`` beside it; the Kazakh wording is the guide's own.
    """

    texts: Mapping[str, str]

    def __str__(self) -> str:
        language = (get_language() or "en")[:2]
        return self.texts.get(language) or self.texts.get("en", "")

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.texts.items())))


#: Catalogue fields that may carry ``_ru`` / ``_kk`` versions in the data files.
LOCALISED_SERVICE_FIELDS = ("name", "description", "who_may_apply", "fee_note", "term_note")
LOCALISED_DOCUMENT_FIELDS = ("name", "note")


def _local_texts(raw: dict, fields: tuple[str, ...]) -> dict[str, LocalText]:
    """Pop ``f``, ``f_ru``, ``f_kk`` of each field from ``raw`` and return ``{f + "_text": LocalText}``."""
    out = {}
    for f in fields:
        texts = {"en": raw.pop(f, "")}
        for lang in ("ru", "kk"):
            value = raw.pop(f"{f}_{lang}", "")
            if value:
                texts[lang] = value
        out[f"{f}_text"] = LocalText(texts)
    return out


class CatalogueError(Exception):
    """A catalogue data file is malformed, or a code is unknown."""


@dataclass(frozen=True)
class DocumentRequirement:
    """One checklist item of a service.

    ``when`` names a condition of :data:`CONDITIONS` (prefix ``not:`` negates it); empty means always.
    ``required=False`` marks "(if any)" items: shown, accepted, never blocking submission.
    ``name`` and ``note`` are given in the active language (see :class:`LocalText`).
    ``foreign_public_document=True`` marks a public document issued by a foreign state (a diploma, a certificate
    of no criminal record, a birth, marriage or adoption certificate, a power of attorney): the upload asks for
    its issuing state and the checklist says what that state's documents need (an apostille, consular
    legalisation, or only a notarised translation; Decree 1242 p.2.4, ``qazeta.countries.selectors``). The item's
    ``note`` then says nothing of legalisation: the engine words it per state.
    """

    code: str
    name_text: LocalText
    required: bool = True
    when: str = ""
    note_text: LocalText = field(default_factory=lambda: LocalText({"en": ""}))
    foreign_public_document: bool = False

    @property
    def name(self) -> str:
        return str(self.name_text)

    @property
    def note(self) -> str:
        return str(self.note_text)

    def applies(self, facts: Mapping[str, bool]) -> bool:
        """Whether this item belongs on the checklist of an application with these ``facts``."""
        if not self.when:
            return True
        negate = self.when.startswith("not:")
        name = self.when.removeprefix("not:")
        value = bool(facts.get(name, False))
        return not value if negate else value


@dataclass(frozen=True)
class Service:
    """A service of the guide: who may apply, documents, channels, service-level term."""

    code: str
    name_text: LocalText
    category: str
    description_text: LocalText
    who_may_apply_text: LocalText
    channels: tuple[str, ...]
    documents: tuple[DocumentRequirement, ...]
    term_working_days: int | None = None
    term_working_days_max: int | None = None
    term_minutes: int | None = None
    requires_appointment: bool = True
    requires_state_body: bool = True
    filing_enabled: bool = False
    fee_note_text: LocalText = field(default_factory=lambda: LocalText({"en": ""}))
    term_note_text: LocalText = field(default_factory=lambda: LocalText({"en": ""}))
    source: str = ""
    extra: Mapping[str, object] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.name_text)

    @property
    def description(self) -> str:
        return str(self.description_text)

    @property
    def who_may_apply(self) -> str:
        return str(self.who_may_apply_text)

    @property
    def fee_note(self) -> str:
        return str(self.fee_note_text)

    @property
    def term_note(self) -> str:
        return str(self.term_note_text)

    @property
    def category_name(self) -> str:
        return str(CATEGORIES.get(self.category, self.category))

    @property
    def term_display(self) -> str:
        """The service-level term as the guide words it ("5 working days", "3-5 working days", "30 minutes")."""
        if self.term_minutes:
            return gettext("%(n)s minutes") % {"n": self.term_minutes}
        if self.term_working_days and self.term_working_days_max:
            return gettext("%(low)s-%(high)s working days") % {
                "low": self.term_working_days,
                "high": self.term_working_days_max,
            }
        if self.term_working_days:
            n = self.term_working_days
            return ngettext("%(n)s working day", "%(n)s working days", n) % {"n": n}
        return gettext("not stated in the guide")

    @property
    def sla_working_days(self) -> int:
        """Working days the Expat Centre has for this service: the upper bound of the term; 0 for same-day."""
        return self.term_working_days_max or self.term_working_days or 0

    def checklist(self, facts: Mapping[str, bool]) -> list[DocumentRequirement]:
        """The checklist items that apply to an application with these ``facts`` (see :data:`CONDITIONS`)."""
        return [d for d in self.documents if d.applies(facts)]

    def document(self, code: str) -> DocumentRequirement:
        """Raises:  CatalogueError if the service has no item with this code."""
        for d in self.documents:
            if d.code == code:
                return d
        raise CatalogueError(f"service {self.code!r} has no document {code!r}")


_REGISTRY: dict[str, Service] = {}


def _parse_document(raw: dict) -> DocumentRequirement:
    texts = _local_texts(raw, LOCALISED_DOCUMENT_FIELDS)
    return DocumentRequirement(**raw, **texts)


def _parse_service(raw: dict, origin: Path) -> Service:
    try:
        docs = tuple(_parse_document(dict(doc)) for doc in raw.pop("document", []))
        raw.update(_local_texts(raw, LOCALISED_SERVICE_FIELDS))
        channels = tuple(raw.pop("channels"))
        known = {f for f in Service.__dataclass_fields__}
        extra = {k: raw.pop(k) for k in list(raw) if k not in known}
        service = Service(**raw, channels=channels, documents=docs, extra=extra)
    except (TypeError, KeyError) as exc:
        raise CatalogueError(f"{origin}: bad service entry {raw.get('code')!r}: {exc}") from exc
    for ch in service.channels:
        if ch not in CHANNELS:
            raise CatalogueError(f"{origin}: {service.code}: unknown channel {ch!r}")
    codes = [d.code for d in service.documents]
    if len(codes) != len(set(codes)):
        raise CatalogueError(f"{origin}: {service.code}: duplicate document codes")
    for d in service.documents:
        if not isinstance(d.foreign_public_document, bool):
            raise CatalogueError(f"{origin}: {service.code}/{d.code}: foreign_public_document must be true or false")
        if d.when and d.when.removeprefix("not:") not in CONDITIONS:
            raise CatalogueError(f"{origin}: {service.code}/{d.code}: unknown condition {d.when!r}")
    if service.category not in CATEGORIES:
        raise CatalogueError(f"{origin}: {service.code}: unknown category {service.category!r}")
    return service


def register_file(path: Path) -> None:
    """Load a ``catalogue.toml`` into the registry. Raises CatalogueError on bad data or a duplicate code."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    for raw in data.get("service", []):
        service = _parse_service(dict(raw), path)
        if service.code in _REGISTRY and _REGISTRY[service.code] != service:
            raise CatalogueError(f"{path}: duplicate service code {service.code!r}")
        _REGISTRY[service.code] = service


def get_service(code: str) -> Service:
    """Raises: CatalogueError (a ``KeyError`` subclass is not used, so views can map it to 404 explicitly)."""
    try:
        return _REGISTRY[code]
    except KeyError:
        raise CatalogueError(f"unknown service {code!r}") from None


def all_services() -> list[Service]:
    """Every registered service, in the guide's order (registration order)."""
    return list(_REGISTRY.values())


def service_choices() -> Iterable[tuple[str, str]]:
    return [(s.code, s.name) for s in _REGISTRY.values()]
