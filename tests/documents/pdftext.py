"""PDF reading for the tests: the text (pypdf), which fonts are embedded and which Unicode
characters their ToUnicode maps cover (i.e. which characters were actually drawn, and with which fonts)."""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

#: The ``stream`` keyword after a stream's dictionary, and its end of line (CRLF or LF, ISO 32000-1 7.3.8.1): the
#: data starts right after.
_STREAM_KEYWORD = re.compile(rb">>\s*stream(?:\r\n|\n)")
#: A direct ``/Length N`` in a stream's dictionary (not ``/Length1``, not an indirect ``N 0 R``).
_DIRECT_LENGTH = re.compile(rb"/Length\s+(\d+)(?!\d)(?!\s+\d+\s+R)")
#: The end of line before ``endstream``, where a stream of indirect length ends.
_END = re.compile(rb"(?:\r\n|\n)endstream")
_BASEFONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)")
_BFCHAR_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFCHAR = re.compile(rb"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]+)>")


def stream_data(pdf: bytes) -> Iterator[bytes]:
    """The raw (still encoded) data of each stream in ``pdf`` (a whole file or one object's body), in order.

    The data is cut at the stream's direct ``/Length``: compressed data may itself end in a CR or LF byte, which a
    search for the line before ``endstream`` would cut off (a truncated zlib stream, a test failing by chance). A
    stream whose length is indirect ends at the line before its ``endstream``.
    """
    position = 0
    while (keyword := _STREAM_KEYWORD.search(pdf, position)) is not None:
        start = keyword.end()
        # The object's text before the keyword (from its "obj", or the start of a lone object's body).
        lengths = _DIRECT_LENGTH.findall(pdf[max(pdf.rfind(b"obj", 0, keyword.start()), 0) : keyword.start()])
        if lengths:
            end = start + int(lengths[-1])
        elif (tail := _END.search(pdf, start)) is not None:
            end = tail.start()
        else:
            return
        yield pdf[start:end]
        position = end


def _decompressed(pdf: bytes) -> list[bytes]:
    parts = [pdf]
    for data in stream_data(pdf):
        try:
            parts.append(zlib.decompress(data))
        except zlib.error:
            continue  # an image or an uncompressed stream: nothing we need
    return parts


def embedded_fonts(pdf: bytes) -> set[str]:
    """Names of the fonts embedded in ``pdf`` without the subset prefix, e.g. {"DejaVuSans"}."""
    return {name.decode() for part in _decompressed(pdf) for name in _BASEFONT.findall(part)}


def drawn_characters(pdf: bytes) -> set[str]:
    """Every character some embedded font subset maps a glyph to (the characters the PDF draws)."""
    chars: set[str] = set()
    for part in _decompressed(pdf):
        for block in _BFCHAR_BLOCK.findall(part):
            for target in _BFCHAR.findall(block):
                chars.update(bytes.fromhex(target.decode()).decode("utf-16-be"))
    return chars


def pdf_text(pdf: bytes) -> str:
    """The text of every page of ``pdf``, as pypdf extracts it (layout spaces collapsed to one)."""
    import io

    from pypdf import PdfReader

    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"[ \t]+", " ", "\n".join(page.extract_text() or "" for page in pages))
