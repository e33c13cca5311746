"""Fixtures of the qualification exemption tests: a fixed Astana clock, the host party's draft, clients, and a spy
on the PDFs rendered."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.template.loader import render_to_string
from django.test import Client
from rest_framework.test import APIClient

from applications.models import Application
from tests import factories

SERVICE = "qualification-exemption"
ASTANA = ZoneInfo("Asia/Almaty")
#: Tuesday 16 June 2026, 10:00 in Astana: a working day inside office hours.
TUESDAY_10 = dt.datetime(2026, 6, 16, 10, 0, tzinfo=ASTANA)
CRITERIA = "Analyst: 3 years of experience instead of the 5 required by Annex 1 part B; no master's degree."
TERMS = "Exempted from the experience criterion of Annex 1 part B for the position of analyst."


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(TUESDAY_10, tick=False)
    return time_machine


def qe_fields(**overrides: Any) -> dict[str, Any]:
    return {"request_kind": "exemption", "unmet_criteria": CRITERIA, "no_controlled_function": True, **overrides}


def qe_draft(membership, person=None, **overrides: Any) -> Application:
    return factories.file_draft(SERVICE, membership=membership, person=person, **qe_fields(**overrides))


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def html_text(page: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture
def rendered_html(monkeypatch) -> list[tuple[str, str]]:
    """``[(template name, HTML)]`` of every PDF rendered while the test runs (the PDF is still made)."""
    from qazeta.documents import pdf

    original = pdf.render_pdf
    seen: list[tuple[str, str]] = []

    def spy(template_name: str, context: dict[str, Any]) -> bytes:
        seen.append((template_name, render_to_string(template_name, context)))
        return original(template_name, context)

    monkeypatch.setattr(pdf, "render_pdf", spy)
    return seen
