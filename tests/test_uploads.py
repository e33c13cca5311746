"""The kernel's upload checks (qazeta/uploads.py): what a file must be before the portal keeps it (issue 6, Input)."""

from __future__ import annotations

import io
import socket
import struct
import threading
import zlib

import pytest
from django.core.exceptions import ImproperlyConfigured, RequestDataTooBig
from django.core.files.base import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from qazeta import uploads
from tests import factories

PAGES = factories.PDF_ONE_PAGE


def _refused(check, *args, **kwargs) -> str:
    with pytest.raises(uploads.FileRefused) as err:
        check(*args, **kwargs)
    return err.value.code


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png_declaring(width: int, height: int) -> bytes:
    """A small PNG whose header declares ``width`` × ``height`` RGB pixels, with a few rows of real data and correct
    checksums: a decompression bomb when the size is large (it would decode to ``3 * width * height`` bytes)."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * (1 + 3 * min(width, 64)) * 2)
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", rows) + _png_chunk(b"IEND", b"")


class CountingReader(io.BytesIO):
    """A byte stream that counts what was read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def readline(self, size: int | None = -1) -> bytes:
        data = super().readline(size)
        self.bytes_read += len(data)
        return data


def _encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt(user_password="opensesame", owner_password="owner", algorithm="RC4-128")  # noqa: S106
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------------ PDFs
def test_a_plain_pdf_passes():
    uploads.inspect_pdf(factories.PDF_BYTES, name="scan.pdf")


def test_a_pdf_with_openaction_javascript_is_refused():
    hostile = factories.pdf_document(
        b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>",
        *PAGES,
        b"<</Type/Action/S/JavaScript/JS(app.alert\\(document.cookie\\))>>",
    )
    assert _refused(uploads.inspect_pdf, hostile, name="x.pdf") == "pdf_active_content"


def test_javascript_is_found_under_hex_escaped_names():
    # "/J#53" is "/JS" and "/Java#53cript" is "/JavaScript" (ISO 32000-1, 7.3.5): a byte search would miss them.
    hostile = factories.pdf_document(
        b"<</Type/Catalog/Pages 2 0 R/OpenAction 4 0 R>>", *PAGES, b"<</S/Java#53cript/J#53(app.alert\\(1\\))>>"
    )
    assert _refused(uploads.inspect_pdf, hostile, name="x.pdf") == "pdf_active_content"


@pytest.mark.parametrize(
    ("catalog", "extra"),
    [
        # A launch action on a page's link, reachable from the page tree.
        (b"<</Type/Catalog/Pages 2 0 R/AA<</O 4 0 R>>>>", b"<</S/Launch/F(cmd.exe)>>"),
        # Embedded files in the name tree.
        (b"<</Type/Catalog/Pages 2 0 R/Names<</EmbeddedFiles 4 0 R>>>>", b"<</Names[(a.exe) 5 0 R]>>"),
        # An XFA form, whose scripts Acrobat runs.
        (b"<</Type/Catalog/Pages 2 0 R/AcroForm<</Fields[]/XFA 4 0 R>>>>", b"[(template) 4 0 R]"),
        # An action nobody links to: a viewer that repairs the file may still reach it.
        (b"<</Type/Catalog/Pages 2 0 R>>", b"<</S/Launch/F(calc.exe)>>"),
    ],
    ids=["launch", "embedded-files", "xfa", "orphan-launch"],
)
def test_pdfs_with_active_content_are_refused(catalog, extra):
    assert _refused(uploads.inspect_pdf, factories.pdf_document(catalog, *PAGES, extra), name="x.pdf") == (
        "pdf_active_content"
    )


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"%PDF-1.4\n" + b"0" * 1000, "pdf_damaged"),  # the magic bytes and nothing of a PDF
        (factories.PDF_BYTES[: len(factories.PDF_BYTES) // 2], "pdf_damaged"),  # cut in the middle
        (factories.pdf_document(b"<</Type/Catalog/Pages 2 0 R>>", b"<</Type/Pages/Kids[]/Count 0>>"), "pdf_damaged"),
        (_encrypted_pdf(), "pdf_encrypted"),
    ],
    ids=["not-a-pdf", "truncated", "no-pages", "encrypted"],
)
def test_pdfs_that_are_not_well_formed_are_refused(content, code):
    assert _refused(uploads.inspect_pdf, content, name="x.pdf") == code


def test_a_pdf_that_is_also_a_web_page_is_refused():
    polyglot = factories.pdf_document(
        b"<</Type/Catalog/Pages 2 0 R>>", *PAGES, header=b"%PDF-1.7\n%<html><body><script>alert(1)</script>\n"
    )
    uploads.inspect_pdf(polyglot, name="x.pdf")  # a valid PDF…
    assert _refused(uploads.refuse_html_markup, polyglot, name="x.pdf") == "file_polyglot"  # …and a page


def test_xmp_metadata_near_the_start_is_not_taken_for_html():
    xmp = b'%PDF-1.7\n%<?xpacket begin=""?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF></rdf:RDF></x:xmpmeta>\n'
    uploads.refuse_html_markup(xmp + factories.PDF_BYTES, name="scan.pdf")


# ------------------------------------------------------------------------------------------------ images
def test_a_png_declaring_60000_by_60000_pixels_is_refused_without_decoding_it():
    assert (
        _refused(
            uploads.inspect_image, _png_declaring(60000, 60000), mime="image/png", name="x.png", max_pixels=50_000_000
        )
        == "image_too_large"
    )


def test_the_pixel_cap_is_the_setting_not_pillows_default():
    assert (
        _refused(uploads.inspect_image, factories.jpeg_bytes(100, 100), mime="image/jpeg", name="x.jpg", max_pixels=99)
        == "image_too_large"
    )


def _noise(kind: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.effect_noise((300, 300), 50).convert("RGB").save(buffer, kind)
    return buffer.getvalue()


def test_whole_images_pass():
    uploads.inspect_image(factories.PNG_BYTES, mime="image/png", name="a.png", max_pixels=100)
    uploads.inspect_image(factories.jpeg_bytes(), mime="image/jpeg", name="a.jpg", max_pixels=100)
    uploads.inspect_image(_noise("JPEG"), mime="image/jpeg", name="a.jpg", max_pixels=10**6)


# WeasyPrint sets Pillow's LOAD_TRUNCATED_IMAGES = True for the whole process once imported: the checks must not
# depend on it.
@pytest.mark.parametrize("truncated_images_allowed", [False, True])
@pytest.mark.parametrize(
    ("kind", "mime", "cut"),
    [("PNG", "image/png", 2), ("JPEG", "image/jpeg", 2), ("JPEG", "image/jpeg", 200)],
    ids=["png-half", "jpeg-half", "jpeg-header-only"],
)
def test_cut_images_are_refused(monkeypatch, truncated_images_allowed, kind, mime, cut):
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", truncated_images_allowed)
    content = _noise(kind)
    content = content[: len(content) // cut] if cut < 10 else content[:cut]
    assert _refused(uploads.inspect_image, content, mime=mime, name="a", max_pixels=10**6) == "image_damaged"


def test_an_image_whose_bytes_are_another_format_is_refused():
    jpeg = factories.jpeg_bytes(64, 64)
    assert _refused(uploads.inspect_image, jpeg, mime="image/png", name="a.png", max_pixels=10**6) == "image_damaged"


# ------------------------------------------------------------------------------------------------ names
@pytest.mark.parametrize(
    ("name", "clean"),
    [
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # RIGHT-TO-LEFT OVERRIDE: shown as "invoiceexe.pdf"
        ("\u2067scan\u2069.pdf", "scan.pdf"),  # isolates
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\anna\\passport.pdf", "passport.pdf"),
        ("pass\x00port\n.pdf", "passport.pdf"),
        ("zero\u200bwidth.pdf", "zerowidth.pdf"),
        ("  .hidden.pdf. ", "hidden.pdf"),
        ("Cafe\u0301.pdf", "Café.pdf"),  # NFC: one character "é"
        ("\u202e", "file"),
        (None, "file"),
    ],
)
def test_file_names_are_normalised(name, clean):
    assert uploads.clean_file_name(name) == clean


def test_long_file_names_are_cut_keeping_the_extension():
    cleaned = uploads.clean_file_name("a" * 400 + ".pdf")
    assert len(cleaned) == uploads.MAX_FILE_NAME_LENGTH
    assert cleaned.endswith("a.pdf")


# ------------------------------------------------------------------------------------------------ size
def test_reading_stops_past_the_limit_when_a_file_hides_its_size():
    stream = CountingReader(b"%PDF-1.7\n" + b"0" * (30 * 1024 * 1024))
    upload = File(stream, name="big.pdf")
    with pytest.raises(uploads.FileRefused) as err:
        uploads.read_capped(upload, limit=1024 * 1024)
    assert err.value.code == "file_too_large"
    assert stream.bytes_read <= 1024 * 1024 + uploads.READ_CHUNK_BYTES


def _multipart_request(body: bytes, *, content_length: int | None = None) -> tuple[WSGIRequest, CountingReader]:
    stream = CountingReader(body)
    request = WSGIRequest(
        {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/",
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "wsgi.url_scheme": "http",
            "CONTENT_TYPE": MULTIPART_CONTENT,
            "CONTENT_LENGTH": str(len(body) if content_length is None else content_length),
            "wsgi.input": stream,
        }
    )
    return request, stream


def test_a_30_mb_body_is_refused_before_a_byte_is_read():
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("big.pdf", b"0" * (30 * 1024 * 1024))})
    request, stream = _multipart_request(body)
    with pytest.raises(RequestDataTooBig):
        request.POST  # noqa: B018 - reading it parses the body
    assert stream.bytes_read == 0


def test_a_file_part_over_the_limit_stops_the_upload_while_it_streams(settings):
    settings.UPLOAD_MAX_BYTES = 64 * 1024
    settings.UPLOAD_MAX_REQUEST_BYTES = 10 * 1024 * 1024
    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("big.pdf", b"0" * (4 * 1024 * 1024))})
    request, stream = _multipart_request(body)
    with pytest.raises(RequestDataTooBig):
        request.FILES  # noqa: B018
    assert stream.bytes_read < 512 * 1024  # of 4 MB


def test_a_body_within_the_limits_is_parsed():
    body = encode_multipart(BOUNDARY, {"item": "passport-copy", "file": factories.pdf_file()})
    request, _ = _multipart_request(body)
    assert request.FILES["file"].read() == factories.PDF_BYTES
    assert request.POST["item"] == "passport-copy"


# ------------------------------------------------------------------------------------------------ virus scanner
FOUND: list[bytes] = []


def fake_scanner(content: bytes) -> str | None:
    """A scanner for tests: flags the EICAR test string, records what it saw."""
    FOUND.append(content)
    return "Eicar-Test-Signature" if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in content else None


def broken_scanner(content: bytes) -> str | None:
    raise ConnectionRefusedError("clamd is down")


def test_no_scanner_is_called_by_default(settings):
    assert settings.UPLOAD_SCANNER == ""
    uploads.scan_for_viruses(b"anything", name="a.pdf")


def test_the_configured_scanner_refuses_an_infected_file(settings):
    settings.UPLOAD_SCANNER = "tests.test_uploads.fake_scanner"
    uploads.scan_for_viruses(factories.PDF_BYTES, name="clean.pdf")
    with pytest.raises(uploads.FileRefused, match="Eicar-Test-Signature") as err:
        uploads.scan_for_viruses(b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*", name="e.pdf")
    assert err.value.code == "file_infected"


def test_a_scanner_that_cannot_answer_refuses_the_file(settings):
    settings.UPLOAD_SCANNER = "tests.test_uploads.broken_scanner"
    assert _refused(uploads.scan_for_viruses, b"x", name="a.pdf") == "scanner_unavailable"


def _fake_clamd(path: str, answer: bytes) -> tuple[threading.Thread, list[bytes]]:
    """A one-connection ClamAV daemon on a Unix socket in the test's folder, speaking INSTREAM: it collects the
    chunks it is sent and answers ``answer``. Nothing leaves the machine."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    received: list[bytes] = []

    def serve() -> None:
        connection, _ = server.accept()
        with connection, server:
            data = b""
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                data += chunk
                if data.endswith(b"\x00\x00\x00\x00"):
                    break
            received.append(data)
            connection.sendall(answer)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return thread, received


@pytest.mark.parametrize(
    ("answer", "found"),
    [(b"stream: Eicar-Test-Signature FOUND\n", "Eicar-Test-Signature"), (b"stream: OK\n", None)],
)
def test_clamav_scan_speaks_instream_to_the_daemon(settings, tmp_path, answer, found):
    path = str(tmp_path / "clamd.ctl")
    thread, received = _fake_clamd(path, answer)
    settings.CLAMAV_URL = f"unix://{path}"
    settings.CLAMAV_TIMEOUT = 5
    assert uploads.clamav_scan(b"%PDF-1.7 content") == found
    thread.join(5)
    assert received[0].startswith(b"nINSTREAM\n")
    assert b"%PDF-1.7 content" in received[0]


def test_clamav_url_must_be_a_unix_or_tcp_address(settings):
    settings.CLAMAV_URL = "http://clamav:3310"
    with pytest.raises(ImproperlyConfigured):
        uploads.clamav_scan(b"x")
