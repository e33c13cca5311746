"""PDF reading for the tests: the text (pypdf), which fonts are embedded and which Unicode
characters their ToUnicode maps cover (i.e. which characters were actually drawn, and with which fonts)."""

from __future__ import annotations

import re
import zlib

_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)
_BASEFONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)")
_BFCHAR_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFCHAR = re.compile(rb"<[0-9a-fA-F]+>\s*<([0-9a-fA-F]+)>")


def _decompressed(pdf: bytes) -> list[bytes]:
    parts = [pdf]
    for match in _STREAM.finditer(pdf):
        try:
            parts.append(zlib.decompress(match.group(1)))
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
