"""The one PDF entry point: render a Django template to PDF bytes with WeasyPrint.

Fonts: the templates ask for "DejaVu Sans" (Debian ``fonts-dejavu-core``), which covers Kazakh Cyrillic
(ә ғ қ ң ө ұ ү һ і) and the tenge sign ₸. Images (the QR) are inlined as data URIs and the fetcher only
allows ``data:`` and ``file:`` URLs, so rendering never touches the network.
"""

from __future__ import annotations

import base64
import contextlib
import io
from pathlib import Path
from typing import Any

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
    fetcher_class = getattr(weasyprint, "URLFetcher", None)
    # Recent WeasyPrint takes a URLFetcher object; releases without that class keep their default fetcher.
    fetcher = fetcher_class(allowed_protocols=_ALLOWED_SCHEMES) if fetcher_class is not None else None
    document_block = context.get("document")
    languages = tuple(document_block.get("languages") or ()) if isinstance(document_block, dict) else ()
    versions = []
    for language in languages or (None,):
        with translation.override(language) if language else contextlib.nullcontext():
            html = render_to_string(template_name, context)
        versions.append(weasyprint.HTML(string=html, base_url=str(root) + "/", url_fetcher=fetcher).render())
    if len(versions) == 1:
        return versions[0].write_pdf()
    pages = [page for version in versions for page in version.pages]
    return versions[0].copy(pages).write_pdf()


def qr_png_data_uri(text: str) -> str:
    """A QR code of ``text`` as a ``data:image/png;base64,...`` URI, for an ``<img src>`` in a PDF template.

    Error correction M (15 %) survives a crease or a stamp over the code on a printed letter.
    """
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M

    qr = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=8, border=2)
    qr.add_data(text)
    qr.make(fit=True)
    buffer = io.BytesIO()
    qr.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
