"""The service catalogue's own texts (visas/catalogue.toml, residency/catalogue.toml) are given in Russian and
Kazakh, and the page and the API show the version of the request's language.

Kazakh wording follows the Expat Centre guide 2025 (seeds/001_84f5f4afc213442e.txt); Russian follows the glossary
of locale/ru/LC_MESSAGES/django.po. The registry is the one the apps filled at start-up (AppConfig.ready()).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client
from django.utils import translation

from applications.catalogue import LOCALISED_DOCUMENT_FIELDS, LOCALISED_SERVICE_FIELDS, LocalText, all_services

pytestmark = pytest.mark.django_db

LANGS = ("ru", "kk")
#: Letters of the Kazakh Cyrillic alphabet that Russian does not use.
KAZAKH_ONLY_LETTERS = set("әғқңөұүһі")
C3_INVITATION_KK = "Қазақстаннан тыс жерлерде жұмыс визасын алу үшін шақыру хаты"
C3_INVITATION_RU = "Пригласительное письмо для получения рабочей визы C3 (работник за пределами Казахстана)"


@pytest.fixture(autouse=True)
def _back_to_default_language() -> Iterator[None]:
    # The test client's LocaleMiddleware leaves the request's language active in this thread.
    yield
    translation.deactivate()


def _localised_texts() -> Iterator[tuple[str, LocalText]]:
    """Every non-empty English text of the catalogue: ``("<service>[/<document>].<field>", LocalText)``."""
    for service in all_services():
        for f in LOCALISED_SERVICE_FIELDS:
            text = getattr(service, f"{f}_text")
            if text.texts.get("en"):
                yield f"{service.code}.{f}", text
        for doc in service.documents:
            for f in LOCALISED_DOCUMENT_FIELDS:
                text = getattr(doc, f"{f}_text")
                if text.texts.get("en"):
                    yield f"{service.code}/{doc.code}.{f}", text


def test_the_registry_holds_all_23_services() -> None:
    assert len(all_services()) == 23


@pytest.mark.parametrize("lang", LANGS)
def test_every_service_and_document_name_has_a_translation_different_from_the_english(lang: str) -> None:
    untranslated = []
    for service in all_services():
        with translation.override("en"):
            english = [service.name] + [d.name for d in service.documents]
        with translation.override(lang):
            local = [service.name] + [d.name for d in service.documents]
        labels = [service.code] + [f"{service.code}/{d.code}" for d in service.documents]
        untranslated += [label for label, en, loc in zip(labels, english, local, strict=True) if not loc or loc == en]

    assert untranslated == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_non_empty_english_text_has_a_non_empty_version_in_the_language(lang: str) -> None:
    texts = list(_localised_texts())

    # 23 services with names, descriptions and who-may-apply, plus every document name: well over 300 texts.
    assert len(texts) > 300
    assert [label for label, text in texts if not text.texts.get(lang, "").strip()] == []


def test_languages_are_not_swapped_russian_has_no_kazakh_letters_and_kazakh_is_cyrillic() -> None:
    texts = list(_localised_texts())

    russian_with_kazakh_letters = [label for label, t in texts if KAZAKH_ONLY_LETTERS & set(t.texts["ru"].lower())]
    kazakh_without_cyrillic = [label for label, t in texts if not any("а" <= ch <= "я" for ch in t.texts["kk"].lower())]

    assert russian_with_kazakh_letters == []
    assert kazakh_without_cyrillic == []
    # Service names are headings of the guide: each Kazakh one carries at least one Kazakh-only letter.
    assert [s.code for s in all_services() if not KAZAKH_ONLY_LETTERS & set(s.name_text.texts["kk"].lower())] == []


def test_kazakh_service_names_take_the_guides_headings() -> None:
    with translation.override("kk"):
        names = {s.code: s.name for s in all_services()}

    assert names["c3-invitation"] == C3_INVITATION_KK
    assert names["c3-visa"] == "Қазақстан аумағында жұмыс визасын алу"
    assert names["arrival-notification"] == "Келу немесе мекенжайды өзгерту туралы хабарлама"
    assert names["fingerprinting"] == "Дактилоскопиялық тіркеу (саусақ таңбасын алу)"


def test_russian_texts_use_the_glossary_terms() -> None:
    services = {s.code: s for s in all_services()}

    # Texts are resolved when read, so every read happens under the override.
    with translation.override("ru"):
        assert services["permanent-residence"].name == "Вид на жительство"
        assert services["temporary-residence"].name.startswith("Разрешение на временное проживание (РВП)")
        assert services["visa-cancellation-exit"].name == "Аннулирование визы с выдачей выездной визы"
        assert "государственная пошлина 0,5 МРП" in services["c3-invitation"].fee_note
        assert "принимающей стороне" in services["c3-invitation"].description
        assert services["eds"].name.startswith("ЭЦП")
        assert services["c3-invitation"].term_display == "5 рабочих дней"
        assert services["tax-residency-certificate"].term_display == "от 3 до 5 рабочих дней"
        assert services["arrival-notification"].term_display == "30 мин."


def test_service_page_in_kazakh_shows_the_kazakh_name_and_term() -> None:
    response = Client().get("/services/c3-invitation/", HTTP_ACCEPT_LANGUAGE="kk")

    assert response.status_code == 200
    html = response.content.decode()
    assert C3_INVITATION_KK in html
    assert "5 жұмыс күні" in html
    assert "Заңды тұлғаны мемлекеттік тіркеу туралы анықтама" in html
    assert "Invitation letter for a C3 work visa" not in html


def test_api_service_in_russian_returns_the_russian_name_and_documents() -> None:
    response = Client().get("/api/v1/services/c3-invitation/", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 200
    body = response.json()
    assert body["name"] == C3_INVITATION_RU
    assert body["term"] == "5 рабочих дней"
    assert "Справка о государственной регистрации юридического лица" in [d["name"] for d in body["documents"]]


def test_api_service_without_a_language_stays_in_english() -> None:
    body = Client().get("/api/v1/services/c3-invitation/").json()

    assert body["name"] == "Invitation letter for a C3 work visa (employee outside Kazakhstan)"
