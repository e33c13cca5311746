"""The Content-Security-Policy is sent, and no template needs what it forbids: inline scripts, event-handler
attributes, inline styles (issue 6, Input)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

ROOT = Path(settings.BASE_DIR)

# An inline script: a <script> element without src (JSON data blocks would count too: the pages have none).
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>\s*\S", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)


def _templates() -> list[Path]:
    folders = [ROOT / "templates", *(p for p in ROOT.glob("*/templates")), *(p for p in ROOT.glob("*/*/templates"))]
    return sorted(
        path for folder in folders if ".venv" not in folder.parts for path in folder.rglob("*.html") if path.is_file()
    )


def _pdf_templates(templates: list[Path]) -> set[Path]:
    """Templates WeasyPrint renders to PDF (documents/pdf_base.html, those extending it and what they include):
    no browser reads them, so their <style> blocks are not the policy's concern."""
    pdf = {p for p in templates if p.name == "pdf_base.html" or "documents/pdf_base.html" in p.read_text()}
    included = {name for p in pdf for name in re.findall(r"""\{%\s*include\s+["']([^"']+)["']""", p.read_text())}
    return pdf | {p for p in templates if any(str(p).endswith(name) for name in included)}


def test_templates_are_found():
    names = {p.name for p in _templates()}
    assert {"base.html", "login.html", "swagger_ui.html", "registration_certificate.html"} <= names


@pytest.mark.parametrize("pattern", [INLINE_SCRIPT, EVENT_HANDLER, JAVASCRIPT_URL], ids=["script", "on*=", "js-url"])
def test_no_template_holds_inline_script(pattern):
    offenders = [str(p.relative_to(ROOT)) for p in _templates() if pattern.search(p.read_text())]
    assert offenders == []


def test_no_page_template_holds_inline_style():
    templates = _templates()
    pdf = _pdf_templates(templates)
    offenders = [str(p.relative_to(ROOT)) for p in templates if p not in pdf and INLINE_STYLE.search(p.read_text())]
    assert offenders == []


def _policy(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/api/docs/"])
def test_pages_carry_the_policy(path):
    response = Client().get(path, follow=True)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == "default-src 'self'"
    assert policy["script-src"] == "script-src 'self'"
    assert policy["style-src"] == "style-src 'self'"
    assert policy["img-src"] == "img-src 'self' data:"
    assert policy["object-src"] == "object-src 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["form-action"] == "form-action 'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_the_api_docs_page_starts_swagger_from_a_static_script():
    body = Client().get("/api/docs/").content.decode()
    assert "swagger-init.js" in body
    assert 'data-schema-url="/api/schema/"' in body
    assert not INLINE_SCRIPT.search(body)
    assert not INLINE_STYLE.search(body)
    init = (ROOT / "static" / "js" / "swagger-init.js").read_text()
    assert "SwaggerUIBundle(" in init


@pytest.mark.django_db
def test_rendered_pages_have_no_inline_script(client, django_user_model):
    user = django_user_model.objects.create_user(username="u", password="pass-12345")
    client.force_login(user)
    for path in ("/", "/services/", "/fees/", "/verify/"):
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert not INLINE_SCRIPT.search(body), path
        assert not EVENT_HANDLER.search(body), path
