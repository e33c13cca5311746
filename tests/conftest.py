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
from django.test import Client

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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters (API sign-in, registration) live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# --- The payment before the visit --------------------------------------------------------------------------------
@pytest.fixture
def receipt_on_approval():
    """The filer uploads the payment receipt as soon as the documents are approved, as a journey that books the
    visit right after approval needs: the payment booking gate (``payments.gates``) is on in the suite, as in
    production. A journey module opts in (``pytest.mark.usefixtures("receipt_on_approval")``); tests of the gate
    itself do not. The upload goes through ``payments.services.receipt_upload`` by the application's filer, in
    the approval's transaction, after the payments app has issued the invoice (a later receiver of the same
    ``post_transition``). Walks through ``tests.factories.advance`` need no fixture: it settles the gate itself."""
    from django_fsm.signals import post_transition

    from applications.constants import State
    from applications.models import Application
    from payments.constants import PaymentStatus
    from payments.models import Payment
    from payments.services import receipt_upload

    def pay(sender, instance, name, source, target, **kwargs):
        if not isinstance(instance, Application) or target != State.DOCUMENTS_APPROVED:
            return
        if not Payment.objects.filter(application_id=instance.pk, status=PaymentStatus.UNPAID).exists():
            return  # nothing to pay (waived), or already paid
        receipt_upload(user=instance.filer, application=instance, file=factories.pdf_file("payment-receipt.pdf"))

    post_transition.connect(pay, dispatch_uid="tests.receipt_on_approval")
    yield
    post_transition.disconnect(dispatch_uid="tests.receipt_on_approval")


# --- Staff and the second factor ----------------------------------------------------------------------------
# Staff sessions must pass a second factor (qazeta/accounts/signin/middleware.py). ``client.force_login(user)``
# stands for a user who has signed in completely, as Django's own force_login skips the password: for staff it
# also marks the session verified with a test device. The requirement itself stays on: a session opened through
# the login page (tests/accounts/test_second_factor.py) or ``client.login`` is not verified.
TEST_DEVICE_NAME = "Test device"


def _test_device(user):
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _ = StaticDevice.objects.get_or_create(user=user, name=TEST_DEVICE_NAME, defaults={"confirmed": True})
    return device


def second_factor_code(user) -> str:
    """A fresh one-time code ``user`` can type as the second factor (a recovery code of a test device).

    Recovery codes rather than TOTP: a TOTP code is accepted once per 30 seconds, a test may need several.
    """
    from django_otp.plugins.otp_static.models import StaticToken

    token = StaticToken.random_token()
    _test_device(user).token_set.create(token=token)
    return token


def mark_second_factor_passed(client: Client, user) -> None:
    """Mark ``client``'s session of ``user`` as having passed the second factor (django-otp's session key)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    session = client.session
    session[DEVICE_ID_SESSION_KEY] = _test_device(user).persistent_id
    session.save()


@pytest.fixture(autouse=True)
def _force_login_passes_the_second_factor(monkeypatch):
    from qazeta.accounts.signin.policy import second_factor_required

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        if second_factor_required(user):
            mark_second_factor_passed(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


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
