"""Read the text a PDF draws, without a PDF library (enough for WeasyPrint's own output).

``tests/documents/pdftext.py`` tells which characters a PDF draws, not in which order; the confirmation's
assertions need its words. WeasyPrint (pydyf) writes each run of text as ``x y Tm [<glyph ids> kerning …] TJ``
in the page content streams, with one ``/ToUnicode`` CMap and one ``/W`` width table per font subset, and puts
the font dictionaries into compressed object streams. This reader resolves the page's font names, maps each glyph
back to its characters and measures each run, so runs that touch on one baseline join into one word, runs apart
on one baseline are separated by a space, and a new baseline starts a new line.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

from tests.documents.pdftext import stream_data

_OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_REF = rb"(\d+) 0 R"
_FONT_ENTRY = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+" + _REF)
_BFCHAR_BLOCK = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFCHAR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_BFRANGE_BLOCK = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_BFRANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_NUMBER = rb"-?[\d.]+"
_TOKENS = re.compile(
    rb"/([A-Za-z0-9_.+-]+)\s+(" + _NUMBER + rb")\s+Tf"
    rb"|((?:" + _NUMBER + rb"\s+){6})Tm"
    rb"|\[(.*?)\]\s*TJ"
    rb"|<([0-9a-fA-F]*)>\s*Tj",
    re.S,
)
_TJ_PART = re.compile(rb"<([0-9a-fA-F]*)>|(" + _NUMBER + rb")")


@dataclass
class _Font:
    chars: dict[int, str] = field(default_factory=dict)
    widths: dict[int, float] = field(default_factory=dict)
    default_width: float = 1000.0


@dataclass
class _Run:
    x: float
    y: float
    end: float
    size: float
    text: str


def _objects(pdf: bytes) -> dict[int, bytes]:
    """Every object's body by number, the ones packed in object streams included."""
    objects = {int(m.group(1)): m.group(2) for m in _OBJ.finditer(pdf)}
    for body in list(objects.values()):
        if b"/ObjStm" not in body:
            continue
        stream = next(stream_data(body), None)
        first = re.search(rb"/First\s+(\d+)", body)
        if stream is None or first is None:
            continue
        data = zlib.decompress(stream)
        start = int(first.group(1))
        header = [int(n) for n in data[:start].split()]
        pairs = list(zip(header[::2], header[1::2], strict=True))
        for i, (number, offset) in enumerate(pairs):
            end = start + pairs[i + 1][1] if i + 1 < len(pairs) else len(data)
            objects[number] = data[start + offset : end]
    return objects


def _stream(body: bytes) -> bytes:
    raw = next(stream_data(body), None)
    if raw is None:
        return b""
    return zlib.decompress(raw) if b"/FlateDecode" in body else raw


def _cmap(data: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for block in _BFCHAR_BLOCK.findall(data):
        for code, target in _BFCHAR.findall(block):
            mapping[int(code, 16)] = bytes.fromhex(target.decode()).decode("utf-16-be")
    for block in _BFRANGE_BLOCK.findall(data):
        for low, high, target in _BFRANGE.findall(block):
            base = int(target, 16)
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                mapping[code] = chr(base + offset)
    return mapping


def _widths(cid_font: bytes) -> tuple[dict[int, float], float]:
    """The ``/W`` table of a CID font (``c [w1 w2 …]`` and ``c_first c_last w`` entries) and its ``/DW``."""
    default = re.search(rb"/DW\s+(" + _NUMBER + rb")", cid_font)
    table = re.search(rb"/W\s*\[(.*)\]", cid_font, re.S)
    widths: dict[int, float] = {}
    if table is not None:
        body = table.group(1)
        for match in re.finditer(rb"(\d+)\s*\[([^\]]*)\]|(\d+)\s+(\d+)\s+(" + _NUMBER + rb")", body):
            if match.group(1):
                for i, w in enumerate(match.group(2).split()):
                    widths[int(match.group(1)) + i] = float(w)
            else:
                for code in range(int(match.group(3)), int(match.group(4)) + 1):
                    widths[code] = float(match.group(5))
    return widths, float(default.group(1)) if default else 1000.0


def _fonts(objects: dict[int, bytes]) -> dict[bytes, _Font]:
    """Font resource name (as the content streams use it) → its glyph-to-text map and glyph widths."""
    fonts: dict[bytes, _Font] = {}
    for body in objects.values():
        inline = re.search(rb"/Font\s*<<(.*?)>>", body, re.S)
        indirect = re.search(rb"/Font\s+" + _REF, body)
        if inline is not None:
            entries = inline.group(1)
        elif indirect is not None:
            entries = objects.get(int(indirect.group(1)), b"")
        else:
            continue
        for name, ref in _FONT_ENTRY.findall(entries):
            font = objects.get(int(ref), b"")
            to_unicode = re.search(rb"/ToUnicode\s+" + _REF, font)
            if to_unicode is None:
                continue
            entry = _Font(chars=_cmap(_stream(objects[int(to_unicode.group(1))])))
            descendant = re.search(rb"/DescendantFonts\s*\[\s*" + _REF, font)
            if descendant is not None:
                entry.widths, entry.default_width = _widths(objects.get(int(descendant.group(1)), b""))
            fonts[name] = entry
    return fonts


def _runs(content: bytes, fonts: dict[bytes, _Font]) -> list[_Run]:
    runs: list[_Run] = []
    font, size, x, y = _Font(), 0.0, 0.0, 0.0
    for name, font_size, matrix, array, single in _TOKENS.findall(content):
        if name:
            font, size = fonts.get(name, _Font()), float(font_size)
        elif matrix:
            x, y = (float(v) for v in matrix.split()[4:6])
        else:
            text, advance = [], 0.0
            for hexes, kerning in _TJ_PART.findall(array) if array else [(single, b"")]:
                if kerning:
                    advance -= float(kerning) * size / 1000
                    continue
                for i in range(0, len(hexes), 4):
                    glyph = int(hexes[i : i + 4], 16)
                    text.append(font.chars.get(glyph, "\ufffd"))
                    advance += font.widths.get(glyph, font.default_width) * size / 1000
            runs.append(_Run(x=x, y=y, end=x + advance, size=size, text="".join(text)))
            x += advance
    return runs


def pdf_text(pdf: bytes) -> str:
    """The text drawn in ``pdf``, in drawing order: one line per baseline, runs apart on a line space-separated."""
    objects = _objects(pdf)
    fonts = _fonts(objects)
    out: list[str] = []
    previous: _Run | None = None
    for body in objects.values():
        if b"/FlateDecode" not in body or b"stream" not in body:
            continue
        try:
            content = _stream(body)
        except zlib.error:
            continue
        if b"BT" not in content:
            continue
        for run in _runs(content, fonts):
            if previous is not None:
                if abs(run.y - previous.y) > 0.5:
                    out.append("\n")
                elif run.x - previous.end > run.size * 0.1:
                    out.append(" ")
            out.append(run.text)
            previous = run
    return "".join(out)


def pdf_words(pdf: bytes) -> str:
    """:func:`pdf_text` with every run of whitespace made one space (lines joined): for ``in`` assertions."""
    return " ".join(pdf_text(pdf).split())
