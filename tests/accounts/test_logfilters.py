"""No personal data in the application's logs: the filter masks it, and every handler has the filter (issue 6, §5)."""

from __future__ import annotations

import io
import logging

import pytest
from django.conf import settings

from qazeta.accounts.logfilters import PersonalDataFilter, mask_personal_data


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail to jane.doe+visa@example.co.uk failed", "mail to [e-mail] failed"),
        ("IIN 870412300123 recorded", "IIN [IIN/BIN] recorded"),
        ("BIN=180340021791;", "BIN=[IIN/BIN];"),
        ("passport N12345678 of KAZ", "passport [passport] of KAZ"),
        ("passport C01X00T47 (DEU)", "passport [passport] (DEU)"),
        ("passport 123456789 (USA)", "passport [passport] (USA)"),
        ("MRZ P<GBRSMITH<<JOHN<<<<<<<<<<<<<<<<<<<<<<<<<<<<", "MRZ [MRZ]"),
        ("MRZ L898902C36UTO7408122F1204159ZE184226B<<<<<10", "MRZ [MRZ]"),
    ],
)
def test_personal_data_is_masked(text, masked):
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "application EC-2026-000123 submitted",
        "verification code 7K3M-Q9TX-2HBD-W4ZP",
        "GET /applications/12/uploads/3/ HTTP/1.1 200 5120",
        "task 9f8e7d6c-1b2a-4c3d-8e9f-0a1b2c3d4e5f succeeded in 0.25s: 41",
    ],
)
def test_the_portals_own_numbers_are_left_alone(text):
    assert mask_personal_data(text) == text


def _log_through(handler: logging.Handler, *args, exc_info=None) -> str:
    record = logging.LogRecord("test", logging.WARNING, __file__, 1, args[0], args[1:], exc_info)
    if handler.filter(record):
        handler.emit(record)
    return handler.stream.getvalue()


def test_the_filter_masks_arguments_and_tracebacks():
    handler = logging.StreamHandler(io.StringIO())
    handler.addFilter(PersonalDataFilter())
    try:
        raise ValueError("recipient jane@example.com refused")
    except ValueError:
        import sys

        out = _log_through(
            handler, "sent to %s for passport %s", "jane@example.com", "N12345678", exc_info=sys.exc_info()
        )
    assert "jane" not in out
    assert "N12345678" not in out
    assert "sent to [e-mail] for passport [passport]" in out
    assert "recipient [e-mail] refused" in out


def _portal_handlers(name: str) -> list[logging.Handler]:
    # pytest adds its own capture handlers to the root logger during a test; only the portal's are checked.
    return [h for h in logging.getLogger(name).handlers if not type(h).__module__.startswith("_pytest")]


def test_every_handler_the_portal_configures_masks_and_djangos_loggers_go_through_them():
    handlers = [*_portal_handlers(""), *_portal_handlers("django.server")]
    assert len(handlers) == 2
    for handler in handlers:
        assert any(isinstance(f, PersonalDataFilter) for f in handler.filters), handler
    for name, handler in settings.LOGGING["handlers"].items():
        assert "personal_data" in handler["filters"], name
    # Django's default handlers (unfiltered) are replaced: its records reach the root's handler.
    assert _portal_handlers("django") == []
    assert logging.getLogger("django").propagate


def test_worker_processes_keep_the_portals_logging():
    # Celery would otherwise replace the root handler with its own, unfiltered one.
    assert settings.CELERY_WORKER_HIJACK_ROOT_LOGGER is False


def test_a_logged_email_address_never_reaches_the_console():
    (console,) = _portal_handlers("")
    stream = io.StringIO()
    previous = console.setStream(stream)
    try:
        logging.getLogger("applications.notifications").warning("e-mail to %s failed", "jane@example.com")
    finally:
        console.setStream(previous)
    assert stream.getvalue().endswith("WARNING applications.notifications: e-mail to [e-mail] failed\n")
