"""The portal's pages render in Russian and Kazakh when the browser asks for them, and the footer switcher sets the
language. Navigation strings come from templates/base.html; their translations from locale/<lang>/LC_MESSAGES."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = pytest.mark.django_db

SERVICE_PAGE = "/services/c3-invitation/"

#: English navigation strings of base.html and what each language shows instead.
NAVIGATION = {
    "ru": {"Fee calculator": "Калькулятор сборов", "Verify a document": "Проверить документ", "Log in": "Войти"},
    "kk": {"Fee calculator": "Алым калькуляторы", "Verify a document": "Құжатты тексеру", "Log in": "Кіру"},
}


@pytest.fixture(autouse=True)
def _back_to_default_language() -> Iterator[None]:
    # LocaleMiddleware activates the request's language in this thread and leaves it active; later tests that
    # call gettext outside a request must see the default (English) again.
    yield
    translation.deactivate()


def _assert_navigation_in(html: str, lang: str) -> None:
    for english, translated in NAVIGATION[lang].items():
        assert translated in html, f"{lang}: {translated!r} missing"
        assert f">{english}<" not in html, f"{lang}: English {english!r} still shown"


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("path", ["/", SERVICE_PAGE])
def test_accept_language_header_renders_translated_navigation(lang: str, path: str) -> None:
    response = Client().get(path, HTTP_ACCEPT_LANGUAGE=lang)

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    _assert_navigation_in(html, lang)


@pytest.mark.parametrize("lang", ["ru", "kk"])
@pytest.mark.parametrize("path", ["/", SERVICE_PAGE])
def test_language_cookie_wins_over_accept_language(lang: str, path: str) -> None:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang

    html = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    _assert_navigation_in(html, lang)


def test_english_is_the_default_without_cookie_or_header() -> None:
    html = Client().get("/").content.decode()

    assert '<html lang="en">' in html
    assert ">Fee calculator<" in html
    assert "Калькулятор сборов" not in html


def test_service_page_body_strings_are_translated_too() -> None:
    html = Client().get(SERVICE_PAGE, HTTP_ACCEPT_LANGUAGE="kk").content.decode()

    # "Documents" heading and the "Log in to file" prompt of templates/catalogue/service_detail.html.
    assert "Құжаттар" in html
    assert "Осы өтінімді беру үшін кіріңіз" in html
    assert "Log in to file this application" not in html


def test_footer_switcher_offers_each_language_in_its_own_name_with_a_label() -> None:
    html = Client().get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert f'action="{reverse("set_language")}"' in html
    assert '<label for="language-select">Язык</label>' in html
    assert '<select id="language-select" name="language">' in html
    assert '<option value="en" lang="en">English</option>' in html
    assert '<option value="ru" lang="ru" selected>Русский</option>' in html
    assert '<option value="kk" lang="kk">Қазақша</option>' in html
    assert "Сменить язык" in html


@pytest.mark.parametrize(("lang", "calculator"), [("kk", "Алым калькуляторы"), ("ru", "Калькулятор сборов")])
def test_switcher_post_sets_the_language_cookie_and_returns_to_the_page(lang: str, calculator: str) -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get(SERVICE_PAGE)
    token = page.cookies[settings.CSRF_COOKIE_NAME].value

    response = client.post(
        reverse("set_language"), {"language": lang, "next": SERVICE_PAGE, "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert response["Location"] == SERVICE_PAGE
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == lang
    html = client.get(SERVICE_PAGE).content.decode()
    assert f'<html lang="{lang}">' in html
    assert calculator in html


def test_switcher_with_a_language_the_portal_does_not_offer_leaves_the_page_in_english() -> None:
    client = Client()

    response = client.post(reverse("set_language"), {"language": "de", "next": "/"})

    assert response.status_code == 302
    html = client.get("/").content.decode()
    assert '<html lang="en">' in html
    assert ">Fee calculator<" in html
