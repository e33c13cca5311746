"""What the portal checks in an uploaded file before anything is stored (docs/decisions/0010-input-hardening.md).

The engine's ``applications.services._base.check_upload`` runs these steps, in this order, for every file a filer
uploads and every scan an officer attaches:

1. size, while reading (``read_capped``): reading stops as soon as the file passes ``settings.UPLOAD_MAX_BYTES``;
   before that, ``CappedUploadHandler`` has refused a request body over ``settings.UPLOAD_MAX_REQUEST_BYTES``
   without reading it, and stopped a file part at the same per-file limit;
2. HTML in the first KB (``refuse_html_markup``): a PDF or image that is also a web page (a polyglot) is refused;
3. structure: a PDF is parsed with pypdf and refused when it is encrypted, has no page, or carries JavaScript,
   launch actions or embedded files (``inspect_pdf``); an image is decoded by Pillow with a pixel cap
   (``inspect_image``);
4. a virus scanner, when one is configured (``scan_for_viruses``: ClamAV through ``clamd`` when ``CLAMAV_URL`` is
   set, off by default).

File names are cleaned separately (``clean_file_name``): they are shown to officers and sent back in downloads.
This module is the kernel's: it raises its own ``FileRefused`` and knows nothing of applications.
"""

from __future__ import annotations

import io
import logging
import re
import unicodedata
import warnings
from collections.abc import Callable, Iterator
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.module_loading import import_string
from django.utils.translation import gettext, gettext_lazy

logger = logging.getLogger(__name__)

#: What the portal accepts as a scan: MIME type detected from the content → the extension it is stored with.
ACCEPTED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}

#: Bytes read at a time while checking the size of an upload.
READ_CHUNK_BYTES = 64 * 1024
#: How much of the start of a file is searched for HTML: browsers sniff the first 512 bytes, some more.
HTML_SNIFF_BYTES = 1024
#: Objects of a PDF walked at most while looking for active content; a scan has a few dozen.
MAX_PDF_OBJECTS = 100_000
#: Longest file name kept (the column is 255 characters).
MAX_FILE_NAME_LENGTH = 255

# Tags that make a browser (or a mail client) render the bytes as a page. Only tags, so that XMP metadata
# ("<x:xmpmeta", "<rdf:RDF"), which scanners write near the start of a JPEG or PDF, stays acceptable.
_HTML_MARKUP = re.compile(
    rb"<\s*(?:!doctype|html|head|body|script|iframe|frame|frameset|object|embed|applet|svg|img|meta|link|style"
    rb"|form|title|base)[\s/>]",
    re.IGNORECASE,
)

# Dictionary keys that carry code or other files in a PDF (ISO 32000-1: 12.6.4.16 JavaScript actions, 7.11.4
# embedded file streams, 12.7.8 XFA forms, whose scripts run in Acrobat; Adobe supplement: RichMedia).
_PDF_ACTIVE_KEYS = {
    "/JS": "JavaScript",
    "/JavaScript": "JavaScript",
    "/EmbeddedFiles": gettext_lazy("embedded files"),
    "/EmbeddedFile": gettext_lazy("embedded files"),
    "/EF": gettext_lazy("embedded files"),
    "/XFA": gettext_lazy("an XFA form (scripts)"),
    "/RichMedia": gettext_lazy("rich media (Flash)"),
    "/Launch": gettext_lazy("a launch action"),
}
# Action types (an action dictionary's /S) that run code, open other programs or files (ISO 32000-1, 12.6.4).
_PDF_ACTIVE_ACTIONS = {
    "/JavaScript": "JavaScript",
    "/Launch": gettext_lazy("a launch action"),
    "/ImportData": gettext_lazy("an import-data action"),
    "/GoToE": gettext_lazy("a link into an embedded file"),
    "/RichMediaExecute": gettext_lazy("rich media (Flash)"),
}


class FileRefused(Exception):
    """An uploaded file is refused. ``message`` is for the person who uploaded it; ``code`` is stable."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


class _Chunked(Protocol):
    def chunks(self, chunk_size: int | None = None) -> Iterator[bytes]: ...


def too_large_message(size: int | None = None) -> str:
    """The refusal for a file over ``settings.UPLOAD_MAX_BYTES``; ``size`` in bytes when known."""
    limit = gettext("the limit is %(value)s MB") % {"value": settings.UPLOAD_MAX_BYTES // 1048576}
    if size is None:
        return gettext("The file is larger than the limit; %(limit)s.") % {"limit": limit}
    return gettext("The file is %(value)s MB; %(limit)s.") % {"value": format(size / 1048576, ".1f"), "limit": limit}


def read_capped(upload: _Chunked, *, limit: int) -> bytes:
    """The content of ``upload`` (a Django ``File``), read in chunks of ``READ_CHUNK_BYTES``.

    Reading stops as soon as more than ``limit`` bytes have come: a file whose size is unknown, or that is larger
    than it claims, is never read whole. Raises FileRefused (code ``file_too_large``) then.
    """
    parts: list[bytes] = []
    total = 0
    for chunk in upload.chunks(READ_CHUNK_BYTES):
        total += len(chunk)
        if total > limit:
            raise FileRefused(too_large_message(), code="file_too_large")
        parts.append(chunk)
    return b"".join(parts)


def refuse_html_markup(content: bytes, *, name: str) -> None:
    """Refuse a file with HTML markup in its first ``HTML_SNIFF_BYTES`` bytes (a PDF or image that is also a page).

    Browsers that sniff content would render such a file as a page with scripts, on the portal's origin if it
    were ever served inline. Raises FileRefused (code ``file_polyglot``).
    """
    if _HTML_MARKUP.search(content[:HTML_SNIFF_BYTES]):
        raise FileRefused(
            gettext("“%(name)s” holds web page markup (HTML) as well as a document; upload a plain scan.")
            % {"name": name},
            code="file_polyglot",
        )


def inspect_pdf(content: bytes, *, name: str) -> None:
    """Parse a PDF with pypdf and refuse it unless it is a plain, well-formed document.

    Refused (FileRefused, with the code): not parseable (no cross-reference table pypdf can find, a reference that
    does not resolve) or without a page (``pdf_damaged``), encrypted or password-protected (``pdf_encrypted``: it
    could not be inspected, nor opened by the officer), carrying JavaScript, a launch or import action, embedded
    files, an XFA form or rich media in any object, reachable from the trailer or only listed in the
    cross-reference tables (``pdf_active_content``), or more than ``MAX_PDF_OBJECTS`` objects (``pdf_too_complex``).
    Names written with ``#xx`` escapes and objects inside compressed object streams are read as pypdf decodes them.
    """
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        if not encrypted:
            pages = len(reader.pages)
            trailer = reader.trailer
    except Exception as exc:  # pypdf raises many kinds on broken input; each means "not a well-formed PDF"
        logger.info("PDF upload %r refused as damaged: %s", name, exc)
        raise FileRefused(
            gettext("“%(name)s” is not a readable PDF; scan or export it again.") % {"name": name}, code="pdf_damaged"
        ) from None
    if encrypted:
        raise FileRefused(
            gettext("“%(name)s” is password-protected or encrypted; upload it without protection.") % {"name": name},
            code="pdf_encrypted",
        )
    if pages < 1:
        raise FileRefused(gettext("“%(name)s” has no pages.") % {"name": name}, code="pdf_damaged")

    def active(found: str) -> FileRefused:
        return FileRefused(
            gettext(
                "“%(name)s” contains %(found)s; only plain documents are accepted. Print it to PDF or scan it again."
            )
            % {"name": name, "found": found},
            code="pdf_active_content",
        )

    seen: set[tuple[int, int]] = set()
    visited = 0
    try:
        # From the trailer, and every object the cross-reference tables list: a viewer that repairs a file may
        # reach an object the trailer does not.
        stack: list[Any] = [trailer]
        stack.extend(
            IndirectObject(number, generation, reader)
            for generation, numbers in reader.xref.items()
            for number in numbers
        )
        stack.extend(IndirectObject(number, 0, reader) for number in reader.xref_objStm)
        while stack:
            obj = stack.pop()
            if isinstance(obj, IndirectObject):
                ref = (obj.idnum, obj.generation)
                if ref in seen:
                    continue
                seen.add(ref)
                obj = obj.get_object()
            visited += 1
            if visited > MAX_PDF_OBJECTS:
                raise FileRefused(
                    gettext("“%(name)s” is too complex to check; scan it again.") % {"name": name},
                    code="pdf_too_complex",
                )
            if isinstance(obj, DictionaryObject):  # stream objects too: their dictionary is what carries actions
                for key, value in obj.items():
                    if key in _PDF_ACTIVE_KEYS:
                        raise active(_PDF_ACTIVE_KEYS[key])
                    if key == "/S":
                        action = value.get_object() if isinstance(value, IndirectObject) else value
                        if isinstance(action, str) and action in _PDF_ACTIVE_ACTIONS:
                            raise active(_PDF_ACTIVE_ACTIONS[action])
                    stack.append(value)
            elif isinstance(obj, ArrayObject):
                stack.extend(obj)
    except FileRefused:
        raise
    except Exception as exc:  # a reference that cannot be resolved: the file is damaged
        logger.info("PDF upload %r refused while walking its objects: %s", name, exc)
        raise FileRefused(
            gettext("“%(name)s” is not a readable PDF; scan or export it again.") % {"name": name}, code="pdf_damaged"
        ) from None


def inspect_image(content: bytes, *, mime: str, name: str, max_pixels: int) -> None:
    """Decode a JPEG or PNG with Pillow and refuse it unless it is a whole image of at most ``max_pixels`` pixels.

    The pixel count is read from the header before anything is decoded, so a small file that declares
    60000×60000 pixels (a decompression bomb) costs nothing; Pillow's own ``DecompressionBombWarning`` is turned
    into a refusal as well. Then ``verify()`` checks the structure (PNG checksums up to the end chunk), a full
    decode catches broken data, and a JPEG must end its last scan with the end-of-image marker (a cut file).
    Raises FileRefused: ``image_too_large``, ``image_damaged`` (also when the format is not what the bytes announced).
    """
    from PIL import Image

    expected = {"image/jpeg": "JPEG", "image/png": "PNG"}[mime]
    damaged = FileRefused(
        gettext("“%(name)s” is not a readable image; scan it again.") % {"name": name}, code="image_damaged"
    )
    too_large = FileRefused(
        gettext("“%(name)s” has more than %(value)s million pixels; scan it at a lower resolution.")
        % {"name": name, "value": max_pixels // 1000000},
        code="image_too_large",
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
                if width * height > max_pixels:
                    raise too_large
                if image.format != expected:
                    raise damaged
                image.verify()
            with Image.open(io.BytesIO(content)) as image:
                image.load()
        # WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES for the whole process, and a JPEG's verify() checks
        # nothing: a JPEG cut short would then decode with grey rows. Its end-of-image marker must follow its last
        # start-of-scan (inside scan data every 0xFF is followed by 0x00 or a restart marker, so FFD9 is the end).
        if expected == "JPEG" and content.rfind(b"\xff\xd9") < content.rfind(b"\xff\xda"):
            raise damaged
    except FileRefused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_large from None
    except Exception as exc:  # Pillow raises OSError, SyntaxError, ValueError… on broken data
        logger.info("image upload %r refused as damaged: %s", name, exc)
        raise damaged from None


def clean_file_name(name: str | None, *, default: str = "file") -> str:
    """A file name safe to show and to send back in a download: ``default`` when nothing is left.

    Unicode NFC; any folder part dropped (``/`` and ``\\``); control and format characters removed (Unicode
    categories C*: NUL, newlines, the bidirectional overrides U+202A-U+202E and U+2066-U+2069 that make
    ``invoice‮fdp.exe`` read as ``invoiceexe.pdf``, zero-width characters); runs of spaces collapsed; leading and
    trailing dots and spaces dropped; at most ``MAX_FILE_NAME_LENGTH`` characters, keeping the extension.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = text.replace("\\", "/").rsplit("/", 1)[-1]
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith("C"))
    text = " ".join(text.split()).strip(" .")
    if len(text) > MAX_FILE_NAME_LENGTH:
        stem, dot, extension = text.rpartition(".")
        if dot and stem and len(extension) <= 10:
            text = f"{stem[: MAX_FILE_NAME_LENGTH - len(extension) - 1]}.{extension}"
        else:
            text = text[:MAX_FILE_NAME_LENGTH]
    return text or default


#: A scanner takes a file's bytes and returns the name of what it found, or ``None`` when the file is clean; it
#: raises when it cannot tell.
Scanner = Callable[[bytes], "str | None"]


def scan_for_viruses(content: bytes, *, name: str) -> None:
    """Run the configured virus scanner (``settings.UPLOAD_SCANNER``, a dotted path; empty means none) on a file.

    Fails closed: a scanner that cannot answer refuses the file (code ``scanner_unavailable``) rather than letting
    it through unchecked. Raises FileRefused (``file_infected`` with what was found, or ``scanner_unavailable``).
    """
    path = getattr(settings, "UPLOAD_SCANNER", "")
    if not path:
        return
    scanner: Scanner = import_string(path)
    try:
        found = scanner(content)
    except Exception:
        logger.exception("virus scanner %s failed on upload %r", path, name)
        raise FileRefused(
            gettext("The file cannot be checked for viruses at the moment; please try again in a few minutes."),
            code="scanner_unavailable",
        ) from None
    if found:
        logger.warning("virus scanner %s found %s in upload %r; refused", path, found, name)
        raise FileRefused(
            gettext("“%(name)s” contains malware (%(found)s); it was not stored.") % {"name": name, "found": found},
            code="file_infected",
        )


def clamav_scan(content: bytes) -> str | None:
    """Scan ``content`` with a ClamAV daemon (``clamd``'s INSTREAM command) at ``settings.CLAMAV_URL``.

    ``CLAMAV_URL`` is ``unix:///run/clamav/clamd.ctl`` or ``tcp://host:3310``; ``settings.CLAMAV_TIMEOUT`` in
    seconds. Returns the signature found, or ``None`` for a clean file. Raises ImproperlyConfigured for another
    scheme, and whatever ``clamd`` raises (connection refused, timeout) or RuntimeError for an ERROR answer.
    clamd's ``StreamMaxLength`` (25 MB by default) must be above ``UPLOAD_MAX_BYTES``.
    """
    import clamd

    url = urlsplit(settings.CLAMAV_URL)
    timeout = getattr(settings, "CLAMAV_TIMEOUT", 30)
    if url.scheme == "unix":
        daemon = clamd.ClamdUnixSocket(path=url.path, timeout=timeout)
    elif url.scheme == "tcp":
        daemon = clamd.ClamdNetworkSocket(host=url.hostname or "127.0.0.1", port=url.port or 3310, timeout=timeout)
    else:
        raise ImproperlyConfigured(f"CLAMAV_URL must be unix:///path or tcp://host:port, not {settings.CLAMAV_URL!r}")
    status, signature = daemon.instream(io.BytesIO(content))["stream"]
    if status == "FOUND":
        return signature or "malware"
    if status == "OK":
        return None
    raise RuntimeError(f"clamd answered {status}: {signature}")


class RequestTooLarge(RequestDataTooBig):
    """A request body or one of its files is over the upload limits (Django answers 400, the API 413)."""


class CappedUploadHandler(FileUploadHandler):
    """First of ``FILE_UPLOAD_HANDLERS``: limits a multipart body while it streams in.

    A body whose Content-Length is over ``settings.UPLOAD_MAX_REQUEST_BYTES`` is refused before a byte is read;
    a file part is cut off, and the request refused, as soon as it passes ``settings.UPLOAD_MAX_BYTES``, before the
    next handler keeps it in memory or in a temporary file. Raises RequestTooLarge.
    """

    def handle_raw_input(
        self,
        input_data: Any,
        META: dict[str, Any],  # noqa: N803 - Django's argument name
        content_length: int,
        boundary: bytes,
        encoding: str | None = None,
    ) -> None:
        if content_length > settings.UPLOAD_MAX_REQUEST_BYTES:
            raise RequestTooLarge(
                gettext("The request is %(value)s MB; uploads are limited to %(value2)s MB per file.")
                % {"value": format(content_length / 1048576, ".1f"), "value2": settings.UPLOAD_MAX_BYTES // 1048576}
            )
        return None

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            raise RequestTooLarge(too_large_message())
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def inspect_upload(upload: Any) -> tuple[str, bytes]:
    """Every check above, in order, on one uploaded file: ``(detected MIME type, content)``, or FileRefused.

    Accepts PDF, JPEG and PNG (``ACCEPTED_TYPES``, by content, not by name) of at most
    ``settings.UPLOAD_MAX_BYTES`` bytes; nothing is stored. Used for filers' uploads and officers' scans (the
    engine's ``check_upload``) and for a host party's AIFC registration certificate (``qazeta.accounts``).
    """
    import filetype

    name = clean_file_name(upload.name)
    if upload.size == 0:
        raise FileRefused(gettext("The file is empty."), code="empty_file")
    if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
        raise FileRefused(too_large_message(upload.size), code="file_too_large")
    content = read_capped(upload, limit=settings.UPLOAD_MAX_BYTES)
    if not content:
        raise FileRefused(gettext("The file is empty."), code="empty_file")
    kind = filetype.guess(content)
    if kind is None or kind.mime not in ACCEPTED_TYPES:
        found = kind.mime if kind else gettext("not a recognised document")
        raise FileRefused(
            gettext("Only PDF, JPEG or PNG files are accepted; “%(name)s” is %(found)s.")
            % {"name": name, "found": found},
            code="file_type",
        )
    refuse_html_markup(content, name=name)
    if kind.mime == "application/pdf":
        inspect_pdf(content, name=name)
    else:
        inspect_image(content, mime=kind.mime, name=name, max_pixels=settings.UPLOAD_MAX_IMAGE_PIXELS)
    scan_for_viruses(content, name=name)
    return kind.mime, content
