"""What the IIN documents say: the registration certificate (issued) and the refusal notice (refused).

Both follow order 004 (seed 004, an expired pilot used by analogy; SERVICES.md "IIN formation under order
004"): the registration certificate of Annex 2 and the refusal notice of Annex 3 to its algorithm, each in
Kazakh and Russian, with the appeal route of its chapter 3 on the notice. The Kazakh wording is the order's
own wherever it has one; the Russian labels of Annexes 2 and 3 are the order's too.

Where the brief and the source differ, the source wins: the brief names the certificate «Тіркеу туралы
куәлік» / «Свидетельство о регистрации»; Annex 2 itself heads it «Тіркеу куәлігі» / «Регистрационное
свидетельство», and that is what the certificate prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy

from .models import IinApplication

#: The body that forms the IIN and issues both documents here: the Expat Centre decides (no state body step).
#: Order 004 names the Ministry of Internal Affairs (ҚР Ішкі істер министрлігі / МВД РК) for its own pilot.
ISSUING_BODY = {"kk": "АХҚО Экспат орталығы", "ru": "Экспат-центр МФЦА", "en": "AIFC Expat Centre"}


@dataclass(frozen=True)
class Ground:
    """A refusal ground in the officer's English and the notice's Kazakh and Russian."""

    code: str
    en: str
    kk: str
    ru: str


#: The grounds an officer refuses an IIN on (``ServiceDefinition.refusal_grounds``), in the notice's order.
#: Order 004: p.7 (incomplete set or expired document: refused at intake) and p.13 1)-3).
GROUNDS: tuple[Ground, ...] = (
    Ground(
        "incomplete_documents",
        gettext_lazy(
            "Incomplete or invalid documents: the set is incomplete or a document has expired (order 004, p.7)"
        ),
        "Құжаттар топтамасы толық ұсынылмаған және (немесе) қолданылу мерзімі өткен құжаттар ұсынылған",
        "Представлен неполный пакет документов и (или) документы с истёкшим сроком действия",
    ),
    Ground(
        "data_mismatch",
        gettext_lazy("The data given do not match the passport (order 004, p.13 2))"),
        "Өтініште көрсетілген деректер жеке басын куәландыратын құжаттағы деректерге сәйкес келмейді",
        "Данные, указанные в заявлении, не соответствуют данным документа, удостоверяющего личность",
    ),
    Ground(
        "iin_already_assigned",
        gettext_lazy("An IIN was already assigned to this person (order 004, p.13 3))"),
        "Көрсетілетін қызметті алушыда бұрын тіркелген ЖСН анықталуы",
        "Выявление ранее зарегистрированного ИИН у услугополучателя",
    ),
    Ground(
        "false_data",
        gettext_lazy("The documents or the data in them are false (order 004, p.13 1))"),
        "Көрсетілетін қызметті алушының мемлекеттік қызметті алу үшін ұсынған құжаттардың және (немесе) олардағы "
        "деректердің (мәліметтердің) шынайы еместігінің анықталуы",
        "Установление недостоверности документов, представленных услугополучателем для получения "
        "государственной услуги, и (или) данных (сведений), содержащихся в них",
    ),
)

GROUNDS_BY_CODE = {g.code: g for g in GROUNDS}


def _both(latin: str, cyrillic: str) -> str:
    """``"SMITH / СМИТ"``; one of them when the other is empty; ``"—"`` when both are."""
    parts = [p for p in (latin.strip(), cyrillic.strip()) if p]
    return " / ".join(parts) if parts else "—"


def place_of_birth(application: IinApplication) -> str:
    """Country, region, district or locality, as given, e.g. ``"United Kingdom, England, London"``."""
    parts = [application.birth_country, application.birth_region, application.birth_locality]
    return ", ".join(p.strip() for p in parts if p and p.strip())


def _identity(application: IinApplication) -> dict[str, Any]:
    """The rows both documents carry: names in both transcriptions, date and place of birth, issuing body."""
    return {
        "surname": _both(application.surname_latin, application.surname_cyrillic),
        "given_names": _both(application.given_names_latin, application.given_names_cyrillic),
        "patronymic": _both(application.patronymic_latin, application.patronymic_cyrillic),
        "date_of_birth": application.person.date_of_birth,
        "place_of_birth": place_of_birth(application),
        "issuing_body": ISSUING_BODY,
    }


def registration_certificate_context(application: IinApplication) -> dict[str, Any]:
    """Context of the registration certificate (Annex 2), on top of the engine's ``output_context``.

    Keys: ``iin`` (the IIN the officer recorded), ``surname``, ``given_names``, ``patronymic`` (each "Latin /
    Cyrillic"), ``date_of_birth``, ``place_of_birth``, ``issuing_body`` (``{"kk", "ru", "en"}``).
    """
    return {"iin": application.assigned_iin or application.person.iin, **_identity(application)}


def refusal_details(application: IinApplication) -> str:
    """The officer's own words on the refusal (the engine keeps the chosen grounds apart, as codes)."""
    return (application.refusal_reason or "").strip()


def refusal_notice_context(application: IinApplication) -> dict[str, Any]:
    """Context of the refusal notice (Annex 3), on top of the engine's ``output_context``.

    Keys: the identity rows (see :func:`registration_certificate_context`), ``grounds`` (the chosen
    :class:`Ground` rows, in the service's order) and ``details`` (the officer's own words, may be empty).
    """
    chosen = set(application.refusal_grounds or [])
    return {
        **_identity(application),
        "grounds": [g for g in GROUNDS if g.code in chosen],
        "details": refusal_details(application),
    }
