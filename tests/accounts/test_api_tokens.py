"""API tokens (issue 6, Accounts): hashed, expiring, new on every sign-in, one per device, revoked by logout and
from the account page. Before: tokens never expired, survived logout, were stored in plain text and came back
identical on every request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from knox.models import AuthToken
from rest_framework.test import APIClient

from qazeta.accounts.constants import SignInEventKind
from qazeta.accounts.models import SignInEvent
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY, 9), tick=False)]

PASSWORD = "pass-12345"  # tests.factories.UserFactory


def _token(user, device: str = "hr-system") -> str:
    response = APIClient().post(
        "/api/v1/auth/token/", {"username": user.username, "password": PASSWORD, "device": device}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["device"] == device
    return body["token"]


def _api(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _works(token: str) -> bool:
    return _api(token).get("/api/v1/persons/").status_code == 200


@pytest.fixture
def user(db):
    return factories.MembershipFactory().user


def test_tokens_are_stored_only_as_a_hash_and_differ_every_time(user):
    first = _token(user, "laptop")
    second = _token(user, "server")

    assert first != second
    stored = list(AuthToken.objects.filter(user=user).values_list("digest", "token_key"))
    assert len(stored) == 2
    for digest, key in stored:
        assert digest not in (first, second)
        assert len(key) < len(first)  # only the first characters, to find the row
    assert _works(first)
    assert _works(second)


def test_a_token_expires_ten_hours_after_its_last_use(user, time_machine):
    token = _token(user)
    response = APIClient().post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD})
    assert dt.datetime.fromisoformat(response.json()["expiry"]) == astana(FILING_DAY, 19)

    time_machine.move_to(astana(FILING_DAY, 18, 59))
    assert _works(token)  # used: moved on to 04:59 the next day
    time_machine.move_to(astana(FILING_DAY + dt.timedelta(days=1), 5, 0))
    assert not _works(token)
    assert SignInEvent.objects.filter(user=user, kind=SignInEventKind.TOKEN_EXPIRED).exists()


def test_a_token_used_all_day_still_ends_24_hours_after_issue(user, time_machine):
    token = _token(user)
    for hour in (8, 16, 23):
        time_machine.move_to(astana(FILING_DAY, 9) + dt.timedelta(hours=hour))
        assert _works(token)
    time_machine.move_to(astana(FILING_DAY, 9) + dt.timedelta(hours=24, minutes=1))
    assert not _works(token)


def test_logout_revokes_the_token():
    user = factories.MembershipFactory().user
    token = _token(user)
    other = _token(user, "other-device")

    assert _api(token).post("/api/v1/auth/logout/").status_code == 204

    assert _api(token).get("/api/v1/persons/").status_code == 401
    assert _works(other)  # other devices keep theirs
    assert _api(other).post("/api/v1/auth/logout-all/").json() == {"revoked": 1}
    assert not _works(other)


def test_one_token_per_device_a_new_one_replaces_the_old(user):
    old = _token(user, "hr-system")
    new = _token(user, "hr-system")

    assert not _works(old)
    assert _works(new)
    assert AuthToken.objects.filter(user=user).count() == 1


def test_account_page_lists_the_devices_and_revokes_a_token(client, user):
    token = _token(user, "payroll-bot")
    client.force_login(user)

    page = client.get(reverse("account")).content.decode()
    assert "payroll-bot" in page
    assert token not in page
    row = AuthToken.objects.get(user=user)
    assert client.post(reverse("account-token-revoke", args=[row.token_key])).status_code == 302

    assert not _works(token)
    assert SignInEvent.objects.filter(user=user, kind=SignInEventKind.TOKEN_REVOKED, detail="payroll-bot").exists()


def test_account_page_revokes_every_token(client, user):
    tokens = [_token(user, f"device-{n}") for n in range(3)]
    client.force_login(user)
    client.post(reverse("account-tokens-revoke-all"))
    assert not any(_works(t) for t in tokens)


def test_someone_elses_token_cannot_be_revoked_from_the_account_page(client, user):
    token = _token(user)
    stranger = factories.MembershipFactory().user
    client.force_login(stranger)
    client.post(reverse("account-token-revoke", args=[AuthToken.objects.get(user=user).token_key]))
    assert _works(token)


def test_drf_authtoken_is_gone():
    from django.conf import settings

    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS
