"""Browser tests: Playwright drives Debian's chromium (``bin/setup`` installs it; nothing is downloaded) against
pytest-django's live server.

A test signs a user in by handing the browser a session made with Django's test client (the sign-in form itself is
tested in tests/accounts), then clicks and types as the user would. Chromium missing is a skip on a developer's
machine and a failure in CI (``CI`` set): CI must run them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make there are synchronous
# and safe (Django refuses them by default when a loop is running).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

#: The portal's languages → the browser locale sent as Accept-Language (the ``django_language`` cookie decides).
BROWSER_LOCALES = {"en": "en-GB", "ru": "ru-RU", "kk": "kk-KZ"}


def screenshot_dir() -> Path:
    """The folder browser tests save screenshots in, created if missing: ``$QAZETA_SCREENSHOTS``, else
    ``<repo>/.artifacts/screenshots`` (git-ignored; ``.ci/run`` prints its path)."""
    folder = Path(os.environ.get("QAZETA_SCREENSHOTS") or Path(settings.BASE_DIR) / ".artifacts" / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def chromium_browser() -> Iterator[object]:
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("Debian's chromium is not installed: run bin/setup (browser tests must run in CI)")
        pytest.skip("chromium is not installed (bin/setup installs it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def signed_in(chromium_browser, live_server):  # noqa: ANN201 - a factory of Playwright pages
    """``signed_in(user, width=1280, language="en")`` → a Playwright page of a browser context in which ``user`` is
    signed in, ``width`` CSS px wide, with the portal's language cookie (and the browser's Accept-Language) set to
    ``language`` (``en``, ``ru`` or ``kk``)."""
    contexts = []

    def open_page(user, *, width: int = 1280, language: str = "en"):  # noqa: ANN202
        client = Client()
        client.force_login(user)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context = chromium_browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": 900}, locale=BROWSER_LOCALES[language]
        )
        context.add_cookies(
            [
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url},
            ]
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
