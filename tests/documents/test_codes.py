"""Verification codes: format, alphabet and how typed codes are read."""

from __future__ import annotations

import re

import pytest

from qazeta.documents.codes import new_verification_code, normalise_code
from qazeta.documents.constants import CODE_ALPHABET

CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{4}}(-[{CODE_ALPHABET}]{{4}}){{3}}$")


def test_new_codes_are_four_groups_of_crockford_symbols_and_differ():
    codes = {new_verification_code() for _ in range(200)}
    assert all(CODE_RE.match(c) for c in codes)
    assert len(codes) == 200


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("7K3M-Q9TX-2HBD-W4ZP", "7K3M-Q9TX-2HBD-W4ZP"),
        ("7k3m q9tx 2hbd w4zp", "7K3M-Q9TX-2HBD-W4ZP"),
        ("  7K3MQ9TX2HBDW4ZP ", "7K3M-Q9TX-2HBD-W4ZP"),
        ("7K3M-Q9TX-2HBD-W4Z-P", "7K3M-Q9TX-2HBD-W4ZP"),
        ("OIL0-Q9TX-2HBD-W4ZP", "0110-Q9TX-2HBD-W4ZP"),  # Crockford: O→0, I/L→1
    ],
)
def test_typed_codes_are_normalised(typed, expected):
    assert normalise_code(typed) == expected


@pytest.mark.parametrize("typed", ["", "7K3M-Q9TX-2HBD", "7K3M-Q9TX-2HBD-W4ZPX", "7K3M-Q9TX-2HBD-W4ZU", "../../etc"])
def test_malformed_codes_are_rejected(typed):
    assert normalise_code(typed) is None
