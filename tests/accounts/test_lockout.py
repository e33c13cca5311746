"""Brute force (issue 6, Accounts): every sign-in path locks out after repeated failures, per account and per
address; the token endpoint is throttled too. Before: 30 wrong passwords, then the right one worked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from qazeta.accounts.constants import SignInEventKind
from qazeta.accounts.models import SignInEvent
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY, 10), tick=False)]

PASSWORD = "pass-12345"  # tests.factories.UserFactory


def _login_page(client, username: str, password: str, ip: str = "203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def _is_signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_login_page_locks_after_five_failures_and_then_refuses_the_right_password(client, time_machine):
    user = factories.UserFactory(employer=True)
    for attempt in range(1, 5):
        assert _login_page(client, user.username, f"wrong-{attempt}").status_code == 200
    locked = _login_page(client, user.username, "wrong-5")
    assert locked.status_code == 429

    right = _login_page(client, user.username, PASSWORD)

    assert right.status_code == 429
    body = right.content.decode()
    assert "Try again after 10:30 (Astana time)" in body  # 30 minutes after this attempt, in Astana time
    assert right["Retry-After"] == str(30 * 60)
    assert not _is_signed_in(client)
    # 30 minutes after the last failure the right password works again.
    time_machine.move_to(astana(FILING_DAY, 10, 31))
    assert _login_page(client, user.username, PASSWORD).status_code == 302
    assert _is_signed_in(client)


def test_admin_login_locks_out_too(client):
    supervisor = factories.UserFactory(supervisor=True, is_staff=True)
    for attempt in range(5):
        client.post("/admin/login/", {"username": supervisor.username, "password": f"no-{attempt}"})

    response = client.post("/admin/login/?next=/admin/", {"username": supervisor.username, "password": PASSWORD})

    assert response.status_code == 429
    assert not _is_signed_in(client)


def test_token_endpoint_locks_out_and_says_when_to_retry():
    user = factories.UserFactory(employer=True)
    api = APIClient()
    for attempt in range(4):
        response = api.post("/api/v1/auth/token/", {"username": user.username, "password": f"no-{attempt}"})
        assert response.status_code == 400
    assert api.post("/api/v1/auth/token/", {"username": user.username, "password": "no-5"}).status_code == 429

    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "locked_out"
    assert dt.datetime.fromisoformat(body["retry_after"]) == astana(FILING_DAY, 10, 30)
    assert "token" not in body


def test_one_account_locks_after_ten_failures_spread_over_addresses(client):
    user = factories.UserFactory(employer=True)
    for attempt in range(10):
        _login_page(client, user.username, "wrong", ip=f"198.51.100.{attempt + 1}")

    response = _login_page(client, user.username, PASSWORD, ip="198.51.100.200")

    assert response.status_code == 429


def test_one_address_locks_after_twenty_failures_over_many_usernames(client):
    for attempt in range(20):
        _login_page(client, f"guess{attempt}", "Summer2026!")
    user = factories.UserFactory(employer=True)

    assert _login_page(client, user.username, PASSWORD).status_code == 429
    # The same user from another address is not affected.
    assert _login_page(client, user.username, PASSWORD, ip="192.0.2.44").status_code == 302


def test_four_failures_from_one_address_do_not_lock():
    user = factories.UserFactory(employer=True)
    api = APIClient()
    for attempt in range(4):
        api.post("/api/v1/auth/token/", {"username": user.username, "password": f"no-{attempt}"})

    assert api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}).status_code == 200


def test_token_endpoint_allows_ten_requests_a_minute_per_address():
    user = factories.UserFactory(employer=True)
    api = APIClient()
    for _ in range(10):
        assert api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD}).status_code == 200

    response = api.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})

    assert response.status_code == 429
    assert "Retry-After" in response


def test_failures_and_the_lockout_are_in_the_sign_in_log(client):
    user = factories.UserFactory(employer=True)
    for _ in range(6):
        _login_page(client, user.username, "wrong")

    kinds = list(SignInEvent.objects.filter(username=user.username).order_by("pk").values_list("kind", flat=True))

    assert kinds == [SignInEventKind.FAILED] * 4 + [SignInEventKind.LOCKED_OUT] * 2
    event = SignInEvent.objects.filter(username=user.username).first()
    assert event.user == user
    assert event.ip_address == "203.0.113.7"
    assert event.path == reverse("login")
