"""The one PDF entry point: render a Django template to PDF bytes with WeasyPrint.

Fonts: the templates ask for "DejaVu Sans" (Debian ``fonts-dejavu-core``), which covers Kazakh Cyrillic
(ә ғ қ ң ө ұ ү һ і) and the tenge sign ₸. Images (the QR) are inlined as data URIs and the fetcher only
allows ``data:`` and ``file:`` URLs, so rendering never touches the network.

Speed (issue 10, ``benchmarks/documents.py``): one :class:`weasyprint.text.fonts.FontConfiguration` and one URL
fetcher serve every render of the process (a fresh font map per render cost about a fifth of a letter), and
``data:`` images are decoded here rather than by urllib, whose ``data:`` handler validates the whole URI as a mail
header (about 18 ms for a QR code). The templates use no ``@font-face``, so the shared font configuration holds only
system fonts and no state leaks from one document to the next. Not thread-safe: one render at a time per process
(Celery's prefork and solo pools).
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import io
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

#: URL schemes a document may load: inline data and our own static files under ``base_url``.
_ALLOWED_SCHEMES = ("data", "file")


def render_pdf(template_name: str, context: dict[str, Any], *, base_url: str | Path | None = None) -> bytes:
    """Render ``template_name`` with ``context`` to PDF bytes (starting ``b"%PDF"``).

    ``context["document"]["languages"]`` (a tuple of language codes, set by ``documents.services.document_issue``):
    the template is rendered once per language, each under ``translation.override``, and the versions follow
    each other in the one PDF, in that order (each starts on a new page; page numbers count within a version).
    Lazy strings in ``context`` are evaluated in each version's language. Without it: rendered once, in the
    active language.

    ``base_url`` resolves relative URLs in the template (stylesheets, images); default
    ``settings.BASE_DIR / "templates"``. Raises ``TemplateDoesNotExist`` and WeasyPrint's errors unchanged,
    so a Celery task calling this can retry.
    """
    # Imported here: WeasyPrint loads pango/cairo at import time, which the web process rarely needs.
    import weasyprint

    root = Path(base_url) if base_url is not None else Path(settings.BASE_DIR) / "templates"
    fetcher = _fetcher()
    font_config = _font_config()
    document_block = context.get("document")
    languages = tuple(document_block.get("languages") or ()) if isinstance(document_block, dict) else ()
    versions = []
    for language in languages or (None,):
        with translation.override(language) if language else contextlib.nullcontext():
            html = render_to_string(template_name, context)
        document = weasyprint.HTML(string=html, base_url=str(root) + "/", url_fetcher=fetcher)
        versions.append(document.render(font_config=font_config))
    if len(versions) == 1:
        return versions[0].write_pdf()
    pages = [page for version in versions for page in version.pages]
    return versions[0].copy(pages).write_pdf()


@functools.cache
def _font_config() -> Any:
    """The process's one WeasyPrint FontConfiguration (created on first use, so after a worker forks)."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _decode_data_url(url: str) -> tuple[bytes, str]:
    """``data:[<mime>][;base64],<payload>`` → (bytes, mime type); ``ValueError`` when malformed (RFC 2397)."""
    header, sep, payload = url[len("data:") :].partition(",")
    if not sep:
        raise ValueError("data URL without a comma")
    params = header.split(";")
    mime = params[0].strip() or "text/plain"
    if params[-1].strip().lower() == "base64":
        try:
            return base64.b64decode(unquote_to_bytes(payload), validate=True), mime
        except binascii.Error as exc:
            raise ValueError(f"bad base64 in a data URL: {exc}") from exc
    return unquote_to_bytes(payload), mime


@functools.cache
def _fetcher() -> Any:
    """The process's URL fetcher: ``data:`` and ``file:`` only; ``data:`` decoded here (see the module docstring).

    WeasyPrint releases without ``URLFetcher`` (before 68) get None: their default fetcher.
    """
    import weasyprint

    fetcher_class = getattr(weasyprint, "URLFetcher", None)
    if fetcher_class is None:
        return None
    from weasyprint.urls import URLFetcherResponse

    class LocalFetcher(fetcher_class):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url[:5].lower() == "data:":
                body, mime = _decode_data_url(url)
                return URLFetcherResponse(url, body, {"Content-Type": mime})
            return super().fetch(url, headers)

    return LocalFetcher(allowed_protocols=_ALLOWED_SCHEMES)


def qr_png_data_uri(text: str) -> str:
    """A QR code of ``text`` as a ``data:image/png;base64,...`` URI, for an ``<img src>`` in a PDF template.

    Error correction M (15 %) survives a crease or a stamp over the code on a printed letter. Four pixels a module:
    the PDF scales it to 28 mm (about 160 dpi) with interpolation off (``image-rendering: crisp-edges`` in
    pdf_base.html), so the modules stay sharp; eight pixels cost the render about 7 % more (issue 10).
    """
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=4, border=2)
    qr.add_data(text)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
