"""Verification codes printed on issued documents: ``XXXX-XXXX-XXXX-XXXX`` in Crockford base32.

A code is 16 symbols drawn with :mod:`secrets` (80 random bits), so nobody can enumerate documents from the
public verification page, and short enough to type from a printed letter.
"""

from __future__ import annotations

import secrets

from .constants import CODE_ALPHABET, CODE_CONFUSABLES, CODE_GROUP, CODE_LENGTH


def _group(symbols: str) -> str:
    return "-".join(symbols[i : i + CODE_GROUP] for i in range(0, len(symbols), CODE_GROUP))


def new_verification_code() -> str:
    """A fresh random code, grouped for reading: e.g. ``"7K3M-Q9TX-2HBD-W4ZP"`` (19 characters)."""
    return _group("".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH)))


def normalise_code(raw: str) -> str | None:
    """The stored form of a code as someone typed it, or None if it cannot be a code.

    Case, spaces and dashes are ignored, and O/I/L read as 0/1/1 (Crockford's rule), so
    ``"7k3m q9tx 2hbd w4zp"`` and ``"7K3MQ9TX2HBDW4ZP"`` both give ``"7K3M-Q9TX-2HBD-W4ZP"``.
    """
    symbols = "".join(raw.split()).replace("-", "").upper().translate(CODE_CONFUSABLES)
    if len(symbols) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in symbols):
        return None
    return _group(symbols)
