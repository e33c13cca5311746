"""Shared fixtures: users of every role, a host party with staff, and the C3 draft they file.

The suite must not depend on the real date. A test that needs "today" sets it with time-machine (the
``time_machine`` marker or fixture, with ``tests.clock.astana``). To run the whole suite at another date, set
``QAZETA_TEST_CLOCK`` to a date (09:00 Astana that day) or an ISO instant: ``QAZETA_TEST_CLOCK=2027-02-01
bin/test``. The clock then ticks from there for the whole session; tests that set their own date still do.
"""

from __future__ import annotations

import os

import pytest
import time_machine

from tests import factories
from tests.clock import instant_from_text

_session_clock: time_machine.travel | None = None


def pytest_configure(config: pytest.Config) -> None:
    # Started here, before pytest-django creates the test database, and stopped in pytest_unconfigure.
    global _session_clock
    value = os.environ.get("QAZETA_TEST_CLOCK", "").strip()
    if value and _session_clock is None:
        _session_clock = time_machine.travel(instant_from_text(value), tick=True)
        _session_clock.start()


def pytest_unconfigure(config: pytest.Config) -> None:
    global _session_clock
    if _session_clock is not None:
        _session_clock.stop()
        _session_clock = None


def pytest_report_header(config: pytest.Config) -> str | None:
    value = os.environ.get("QAZETA_TEST_CLOCK", "").strip()
    return f"QAZETA_TEST_CLOCK: the clock starts at {instant_from_text(value).isoformat()}" if value else None


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def officer(db):
    return factories.UserFactory(officer=True, username="officer1")


@pytest.fixture
def officer2(db):
    return factories.UserFactory(officer=True, username="officer2")


@pytest.fixture
def supervisor(db):
    return factories.UserFactory(supervisor=True, username="super1")


@pytest.fixture
def membership(db):
    return factories.MembershipFactory()


@pytest.fixture
def filer(membership):
    return membership.user


@pytest.fixture
def employee(membership):
    return factories.PersonFactory(organisation=membership.organisation)


@pytest.fixture
def draft(membership, employee):
    return factories.c3_draft(membership=membership, person=employee)


@pytest.fixture
def api_client():
    from rest_framework.test import APIClient

    return APIClient()
