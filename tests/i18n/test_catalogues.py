"""Both catalogues are complete and compiled: every msgid in locale/{ru,kk}/LC_MESSAGES/django.po has a non-empty
translation, nothing is fuzzy, and the committed .mo holds exactly the .po's entries (so a fresh machine needs no
gettext tools). Plural rules: ru as Django's own catalogue (4 forms), kk "nplurals=2; plural=(n != 1);"."""

from __future__ import annotations

import gettext
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LANGS = ["ru", "kk"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
_KEYWORD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) "(.*)"$')


@dataclass
class Entry:
    """One .po entry: its flags, msgid (plural too, when any) and its msgstr forms, unescaped."""

    flags: set[str]
    fields: dict[str, str]

    @property
    def msgid(self) -> str:
        return self.fields["msgid"]

    @property
    def key(self) -> str:
        """The message's key in a compiled catalogue: ``msgctxt + "\\x04" + msgid`` when it has a context."""
        context = self.fields.get("msgctxt")
        return f"{context}\x04{self.msgid}" if context else self.msgid

    @property
    def msgstrs(self) -> list[str]:
        return [v for k, v in self.fields.items() if k.startswith("msgstr")]


_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unescape(s: str) -> str:
    return re.sub(r"\\(.)", lambda m: _ESCAPES[m.group(1)], s)


def parse_po(path: Path) -> list[Entry]:
    """Entries of a .po file (header and obsolete ``#~`` entries left out)."""
    entries: list[Entry] = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        flags: set[str] = set()
        fields: dict[str, str] = {}
        key = ""
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags |= {f.strip() for f in line[2:].split(",")}
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[key] += _unescape(line[1:-1])
            else:
                match = _KEYWORD.match(line)
                assert match, f"{path}: cannot read {line!r}"
                key = match.group(1)
                fields[key] = _unescape(match.group(2))
        if fields.get("msgid"):
            entries.append(Entry(flags, fields))
    return entries


def _po(lang: str) -> Path:
    return Path(settings.LOCALE_PATHS[0]) / lang / "LC_MESSAGES" / "django.po"


@pytest.fixture(autouse=True)
def _back_to_default_language() -> Iterator[None]:
    yield
    translation.deactivate()


def test_the_po_parser_reads_plural_and_wrapped_entries() -> None:
    entries = {e.msgid: e for e in parse_po(_po("ru"))}

    assert entries["%(n)s year"].fields["msgid_plural"] == "%(n)s years"
    assert len(entries["%(n)s year"].msgstrs) == 4
    long_id = "Issued, refused, withdrawn and cancelled applications are hidden unless ticked."
    assert long_id in entries


@pytest.mark.parametrize("lang", LANGS)
def test_every_msgid_has_a_non_empty_translation_and_none_is_fuzzy(lang: str) -> None:
    entries = parse_po(_po(lang))

    assert len(entries) > 400
    untranslated = [e.msgid for e in entries if not e.msgstrs or not all(s.strip() for s in e.msgstrs)]
    assert untranslated == []
    assert [e.msgid for e in entries if "fuzzy" in e.flags] == []
    assert "#, fuzzy" not in _po(lang).read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", LANGS)
def test_translations_keep_every_placeholder(lang: str) -> None:
    broken = [
        (e.msgid, s)
        for e in parse_po(_po(lang))
        for s in e.msgstrs
        if sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(e.fields.get("msgid_plural", e.msgid)))
    ]

    assert broken == []


@pytest.mark.parametrize("lang", LANGS)
def test_compiled_mo_holds_exactly_the_po_entries(lang: str) -> None:
    po_path = _po(lang)
    with po_path.with_suffix(".mo").open("rb") as handle:
        mo = gettext.GNUTranslations(handle)
    entries = parse_po(po_path)
    # GNUTranslations keeps the header under "" and each plural form under (msgid, index).
    catalog = {key: value for key, value in mo._catalog.items() if key != ""}

    assert len({k if isinstance(k, str) else k[0] for k in catalog}) == len(entries)
    for entry in entries:
        if "msgid_plural" in entry.fields:
            assert [catalog[(entry.key, i)] for i in range(len(entry.msgstrs))] == entry.msgstrs
        else:
            assert catalog[entry.key] == entry.fields["msgstr"], entry.msgid


def test_plural_forms_headers() -> None:
    ru = _po("ru").read_text(encoding="utf-8")
    kk = _po("kk").read_text(encoding="utf-8")

    assert '"Plural-Forms: nplurals=4; plural=(n%10==1 && n%100!=11 ? 0 : ' in ru
    assert '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"' in kk
    assert '"Language: ru\\n"' in ru
    assert '"Language: kk\\n"' in kk


@pytest.mark.parametrize(
    ("lang", "n", "expected"),
    [
        ("ru", 1, "1 год"),
        ("ru", 3, "3 года"),
        ("ru", 5, "5 лет"),
        ("ru", 21, "21 год"),
        ("ru", 11, "11 лет"),
        ("kk", 1, "1 жыл"),
        ("kk", 5, "5 жыл"),
    ],
)
def test_plural_forms_choose_the_right_word(lang: str, n: int, expected: str) -> None:
    with translation.override(lang):
        assert translation.ngettext("%(n)s year", "%(n)s years", n) % {"n": n} == expected


@pytest.mark.parametrize(
    ("english", "ru", "kk"),
    [
        ("State duty", "Государственная пошлина", "Мемлекеттік баж"),
        ("Host party", "Принимающая сторона", "Қабылдаушы тарап"),
        ("MRP", "МРП", "АЕК"),
        ("BIN", "БИН", "БСН"),
        ("Permanent residence permit", "Вид на жительство", "Тұруға ықтиярхат"),
        ("Temporary residence permit (TRP)", "Разрешение на временное проживание (РВП)", "Уақытша тұруға рұқсат"),
        (
            "Arrival notification or change of address",
            "Уведомление о прибытии или смене адреса",
            "Келу немесе мекенжайды өзгерту туралы хабарлама",
        ),
        (
            "Visa cancellation with an exit visa",
            "Аннулирование визы с выдачей выездной визы",
            "Визаның күшін жою және шығу визасын беру",
        ),
    ],
)
def test_field_terms_follow_the_glossary(english: str, ru: str, kk: str) -> None:
    with translation.override("ru"):
        assert translation.gettext(english) == ru
    with translation.override("kk"):
        assert translation.gettext(english) == kk
