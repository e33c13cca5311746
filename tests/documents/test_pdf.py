"""The one PDF entry point: real WeasyPrint output, DejaVu fonts, Kazakh Cyrillic and the tenge sign."""

from __future__ import annotations

import base64
import datetime as dt

from django.template.loader import render_to_string

from qazeta.documents.pdf import qr_png_data_uri, render_pdf

from .pdftext import drawn_characters, embedded_fonts

KAZAKH_LETTERS = "әғқңөұүһі"


def _letter_context(host_name: str = "Participant Ltd") -> dict:
    return {
        "document": {
            "title": "Invitation letter for a C3 work visa",
            "verification_code": "7K3M-Q9TX-2HBD-W4ZP",
            "verification_url": "http://testserver/verify/7K3M-Q9TX-2HBD-W4ZP/",
            "qr_data_uri": qr_png_data_uri("http://testserver/verify/7K3M-Q9TX-2HBD-W4ZP/"),
            "issued_on": dt.date(2026, 3, 2),
        },
        "host_party": {"name": host_name, "bin": "250440000011", "aifc_registration_number": "AIFC-000001"},
        "person": {"surname": "SMITH", "given_names": "JOHN"},
        "visa_category": "C3 — work visa",
        "validity": "2 years",
        "visa_pickup_place": "Embassy of Kazakhstan, London",
        "reference": "EC-2026-000001",
        "decision_number": "WV-2026-0001",
    }


def test_render_pdf_returns_pdf_bytes():
    content = render_pdf("visas/invitation_letter.html", _letter_context())
    assert isinstance(content, bytes)
    assert content.startswith(b"%PDF")
    assert content.rstrip().endswith(b"%%EOF")


def test_kazakh_letters_and_tenge_sign_are_drawn_with_dejavu_only():
    # Every Kazakh-specific letter and ₸ in the host party's name: if DejaVu lacked one, pango would fall back
    # to another font (a second font family in the PDF) or draw nothing for it (no glyph mapped to it).
    content = render_pdf("visas/invitation_letter.html", _letter_context(f"«{KAZAKH_LETTERS}» ЖШС ₸"))
    drawn = drawn_characters(content)
    assert set(KAZAKH_LETTERS) <= drawn
    assert "₸" in drawn
    assert set("Шақыру хаты") <= drawn
    assert set("Тексеру коды") <= drawn
    fonts = embedded_fonts(content)
    assert fonts, "no embedded fonts found"
    assert all(name.startswith("DejaVu") for name in fonts), fonts


def test_invitation_letter_html_carries_the_kazakh_lines_and_the_verification_block():
    html = render_to_string("visas/invitation_letter.html", _letter_context())
    assert "Шақыру хаты" in html
    assert "Тексеру коды" in html
    assert "7K3M-Q9TX-2HBD-W4ZP" in html
    assert "http://testserver/verify/7K3M-Q9TX-2HBD-W4ZP/" in html
    assert 'src="data:image/png;base64,' in html
    assert "02.03.2026" in html


def test_qr_is_an_inline_png_data_uri():
    uri = qr_png_data_uri("http://testserver/verify/7K3M-Q9TX-2HBD-W4ZP/")
    assert uri.startswith("data:image/png;base64,")
    png = base64.b64decode(uri.removeprefix("data:image/png;base64,"))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")


def test_render_pdf_never_requests_a_remote_url(monkeypatch):
    # The fetcher allows data: and file: only, so a remote image is dropped before any request is made.
    import urllib.request

    original_open = urllib.request.OpenerDirector.open
    remote: list[str] = []

    def recording_open(self, url, *args, **kwargs):
        full_url = url.full_url if isinstance(url, urllib.request.Request) else url
        if full_url.startswith(("http:", "https:")):
            remote.append(full_url)
            raise OSError("network disabled in this test")
        return original_open(self, url, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", recording_open)
    context = _letter_context()
    context["document"]["qr_data_uri"] = "http://203.0.113.1/qr.png"
    content = render_pdf("visas/invitation_letter.html", context)
    assert content.startswith(b"%PDF")
    assert remote == []
