"""The tests' PDF stream reader cuts each stream at its /Length, so compressed data that happens to end in a CR or
LF byte is read whole (it was cut off by a search for the line before ``endstream``: a test failing by chance)."""

from __future__ import annotations

import zlib

from tests.documents.pdftext import stream_data


def _compressed_ending_in(byte: int) -> tuple[bytes, bytes]:
    """Some text and its zlib compression, whose last byte is ``byte``."""
    for counter in range(100_000):
        text = f"BT /F1 12 Tf ({'x' * (counter % 300)}{counter}) Tj ET".encode()
        data = zlib.compress(text)
        if data[-1] == byte:
            return text, data
    raise AssertionError(f"no compression ending in {byte:#x} found")


def _object(number: int, data: bytes, length: bytes) -> bytes:
    return b"%d 0 obj\n<</Filter /FlateDecode/Length %s>>\nstream\n%s\nendstream\nendobj\n" % (number, length, data)


def test_a_stream_whose_data_ends_in_cr_or_lf_is_read_whole():
    for byte in (0x0D, 0x0A):
        text, data = _compressed_ending_in(byte)
        pdf = b"%PDF-1.7\n" + _object(1, data, b"%d" % len(data)) + _object(2, zlib.compress(b"next"), b"12")
        streams = list(stream_data(pdf))
        assert streams[0] == data
        assert zlib.decompress(streams[0]) == text
        assert len(streams) == 2


def test_a_stream_of_indirect_length_ends_before_endstream_and_a_lone_body_is_read():
    data = zlib.compress(b"indirect")
    pdf = b"%PDF-1.7\n" + _object(3, data, b"4 0 R") + b"4 0 obj\n%d\nendobj\n" % len(data)
    assert list(stream_data(pdf)) == [data]
    body = b"\n<</Filter /FlateDecode/Length %d>>\nstream\n%s\nendstream\n" % (len(data), data)
    assert list(stream_data(body)) == [data]
