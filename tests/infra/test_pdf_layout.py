"""The issued PDFs after issue 10: no flex layout, the same look, and one font set-up and fetcher per process."""

from __future__ import annotations

import base64
import datetime as dt
import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from pypdf import PdfReader

from qazeta.documents import pdf
from qazeta.documents.pdf import qr_png_data_uri, render_pdf

TEMPLATE = "visas/invitation_letter.html"
MM = 96 / 25.4  # WeasyPrint lays out in CSS px


def _context(n: int) -> dict:
    person = SimpleNamespace(
        surname=f"SMITH{n}",
        given_names="JOHN",
        get_sex_display="Male",
        date_of_birth=dt.date(1985, 3, 14),
        nationality="GBR",
        passport_number=f"P{n:08d}",
        passport_issuing_state="GBR",
        passport_expires_on=dt.date(2031, 5, 1),
    )
    host = SimpleNamespace(name="Astana Analytics Ltd", bin="210440012345", aifc_registration_number="A-1", address="X")
    return {
        "person": person,
        "host_party": host,
        "visa_category": "C3 — work visa",
        "validity": "2 years",
        "position": "Analyst",
        "contract_ends_on": dt.date(2028, 12, 31),
        "visa_pickup_place": "London",
        "reference": f"C3-2026-{n:06d}",
        "decision_number": f"D-{n}",
        "document": {
            "title": "Invitation letter",
            "verification_code": f"QZ{n:010d}",
            "verification_url": f"https://qazeta.example.kz/verify/QZ{n:010d}/",
            "qr_data_uri": qr_png_data_uri(f"https://qazeta.example.kz/verify/QZ{n:010d}/"),
            "issued_on": dt.date(2026, 11, 30),
            "languages": (),
        },
    }


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _box_of(page, css_class: str):
    for box in _boxes(page._page_box):
        element = getattr(box, "element", None)
        if element is not None and css_class in (element.get("class") or "").split() and box.element_tag != "img":
            return box
    raise AssertionError(f"no box with class {css_class}")


def test_no_pdf_template_uses_flex_or_grid():
    roots = [Path(settings.BASE_DIR) / "templates" / "documents", Path(settings.BASE_DIR) / "templates" / "visas"]
    roots += [p for app in ("visas", "residency") for p in (Path(settings.BASE_DIR) / app).rglob("templates")]
    checked = 0
    for root in roots:
        for template in root.rglob("*.html"):
            text = template.read_text()
            if "pdf_base.html" in text or template.name == "pdf_base.html" or template.name.startswith("_style"):
                checked += 1
                for construct in ("display: flex", "display:flex", "display: grid", "display:grid", "inline-flex"):
                    assert construct not in text, f"{template}: {construct} (issue 10: costly in WeasyPrint)"
    assert checked >= 8


def test_the_letter_keeps_its_layout_without_flex():
    import weasyprint

    html = render_to_string(TEMPLATE, _context(1))
    document = weasyprint.HTML(string=html, base_url=str(Path(settings.BASE_DIR) / "templates") + "/").render(
        font_config=pdf._font_config()
    )
    assert len(document.pages) == 1
    page = document.pages[0]
    letterhead, meta = _box_of(page, "letterhead"), _box_of(page, "meta")
    content_right = letterhead.content_box_x() + letterhead.width
    # The date block sits on the right of the letterhead, its text right-aligned, at the bottom of the row.
    assert meta.position_x > letterhead.content_box_x() + letterhead.width / 2
    assert abs(meta.position_x + meta.margin_width() - content_right) < 1
    assert meta.style["text_align_all"] == "right"
    # The QR code is 28 mm wide, left of the verification text, 6 mm apart, both inside the framed box.
    verification = _box_of(page, "verification")
    qr = _box_of(page, "qr")
    image = next(b for b in _boxes(qr) if b.element_tag == "img")
    assert abs(image.width - 28 * MM) < 1
    code = _box_of(page, "code")
    assert code.position_x >= image.position_x + image.width + 6 * MM - 1
    assert code.position_x + code.width <= verification.content_box_x() + verification.width + 1
    # Vertically centred: the code line is within the QR code's height band.
    assert image.position_y < code.position_y < image.position_y + image.height


def test_consecutive_letters_share_the_font_set_up_and_each_has_its_own_data():
    first, second = render_pdf(TEMPLATE, _context(1)), render_pdf(TEMPLATE, _context(2))
    assert pdf._font_config() is pdf._font_config()
    for number, data in ((1, first), (2, second)):
        reader = PdfReader(io.BytesIO(data))
        assert len(reader.pages) == 1
        text = reader.pages[0].extract_text()
        assert f"C3-2026-{number:06d}" in text
        assert f"QZ{number:010d}" in text
        images = reader.pages[0].images
        assert len(images) == 1, "the QR code (a data: URL) was not embedded"


def test_data_urls_are_decoded_without_urllib():
    payload = b"\x89PNG\r\n\x1a\n rest"
    url = "data:image/png;base64," + base64.b64encode(payload).decode()
    assert pdf._decode_data_url(url) == (payload, "image/png")
    assert pdf._decode_data_url("data:,A%20B") == (b"A B", "text/plain")
    with pytest.raises(ValueError, match="comma"):
        pdf._decode_data_url("data:image/png;base64")
    with pytest.raises(ValueError, match="base64"):
        pdf._decode_data_url("data:image/png;base64,@@@")


def test_the_fetcher_serves_data_urls_and_still_refuses_the_network():
    fetcher = pdf._fetcher()
    response = fetcher.fetch("data:image/png;base64," + base64.b64encode(b"x").decode())
    assert response.read() == b"x"
    assert response.content_type == "image/png"
    for url in ("http://example.com/a.png", "https://example.com/a.css", "ftp://example.com/x"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
