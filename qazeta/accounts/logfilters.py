"""No personal data in the application's logs: a logging filter that masks what looks like it.

Wired into ``LOGGING`` for every handler (``qazeta/settings/base.py``), in web and worker processes alike. It
masks, in the message, its arguments, and the traceback text:

- e-mail addresses → ``[e-mail]``;
- 12-digit numbers (an IIN or a BIN; Kazakhstan, Code on taxes: 12 digits) → ``[IIN/BIN]``;
- passport numbers: 6 to 9 capital letters and digits with at least one of each (``N12345678``, ``C01X00T47``)
  or 9 digits alone → ``[passport]``;
- machine-readable zone lines of a passport (ICAO 9303: capitals, digits and ``<`` fillers, name included)
  → ``[MRZ]``.

Names are not masked: a name cannot be told from other words without the records (log ids, not names). The
patterns leave the portal's own numbers alone: references (``EC-2026-000123``, hyphen-separated parts of 6 digits
at most), verification codes (groups of 4) and database ids. See docs/security.md, "Privacy: what is logged".
"""

from __future__ import annotations

import logging
import re

#: (pattern, replacement), applied in this order (MRZ first: its lines contain passport numbers and names).
PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![A-Z0-9<])(?=[A-Z0-9<]*<)[A-Z0-9<]{20,}(?![A-Z0-9<])"), "[MRZ]"),
    (re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+"), "[e-mail]"),
    (re.compile(r"(?<!\d)\d{12}(?!\d)"), "[IIN/BIN]"),
    (re.compile(r"\b(?=[A-Z0-9]{6,9}\b)(?=[A-Z]*\d)(?=\d*[A-Z])[A-Z0-9]{6,9}\b"), "[passport]"),
    (re.compile(r"(?<![\d-])\d{9}(?![\d-])"), "[passport]"),
)


def mask_personal_data(text: str) -> str:
    """``text`` with e-mail addresses, IIN/BIN-like numbers, passport numbers and MRZ lines masked."""
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class PersonalDataFilter(logging.Filter):
    """Masks personal data in every record it sees (see the module's docstring); never drops a record.

    The message is formatted with its arguments first and the result masked (an argument may be any object whose
    text holds an e-mail address), then the traceback and stack texts. Masking twice changes nothing.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave the record to logging's own error report
            return True
        record.msg = mask_personal_data(message)
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_personal_data(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True
