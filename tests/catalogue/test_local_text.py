"""Catalogue texts follow the active language, falling back to English."""

from __future__ import annotations

from django.utils import translation

from applications.catalogue import LocalText


def test_local_text_follows_the_active_language_and_falls_back_to_english():
    text = LocalText({"en": "Invitation letter", "kk": "Шақыру хаты"})
    with translation.override("kk"):
        assert str(text) == "Шақыру хаты"
    with translation.override("ru"):
        assert str(text) == "Invitation letter"
    with translation.override("en"):
        assert str(text) == "Invitation letter"
