"""Second factor (issue 6, Accounts): officers, supervisors and admin users pass a TOTP code (or a recovery
code) after the password, on the pages, the admin and the API; filers keep password-only sign-in.
Before: an officer's password alone opened the queue, the admin and the API."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from qazeta.accounts.constants import SignInEventKind
from qazeta.accounts.models import SignInEvent
from tests import factories
from tests.conftest import second_factor_code

pytestmark = pytest.mark.django_db

PASSWORD = "pass-12345"  # tests.factories.UserFactory


def _password_step(client, user) -> None:
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302


def _code(device: TOTPDevice) -> str:
    return f"{TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token():06d}"


@pytest.fixture
def officer_with_app(officer):
    return officer, TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


def test_password_only_staff_session_is_refused_on_pages_admin_and_api(client, officer_with_app):
    officer, _device = officer_with_app
    _password_step(client, officer)

    page = client.get(reverse("officer-queue"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("two-factor-verify"))
    assert "next=%2Fofficer%2Fqueue%2F" in page["Location"]
    admin = client.get("/admin/")
    assert admin.status_code == 302
    assert admin["Location"].startswith(reverse("two-factor-verify"))
    api = client.get("/api/v1/queue/")
    assert api.status_code == 403
    assert api.json()["code"] == "second_factor_required"


def _wait_out_the_throttle(time_machine) -> None:
    """django-otp makes a device wait 1 s after a wrong code (2 s after two, …)."""
    time_machine.move_to(timezone.now() + dt.timedelta(seconds=2))


def test_staff_code_opens_the_queue_and_is_logged(client, officer_with_app, time_machine):
    officer, device = officer_with_app
    _password_step(client, officer)

    wrong = client.post(reverse("two-factor-verify"), {"code": "000000", "next": "/officer/queue/"})
    assert wrong.status_code == 400
    assert client.get(reverse("officer-queue")).status_code == 302
    _wait_out_the_throttle(time_machine)
    right = client.post(reverse("two-factor-verify"), {"code": _code(device), "next": "/officer/queue/"})

    assert right.status_code == 302
    assert right["Location"] == "/officer/queue/"
    assert client.get(reverse("officer-queue")).status_code == 200
    kinds = list(SignInEvent.objects.filter(user=officer).order_by("pk").values_list("kind", flat=True))
    assert kinds == [
        SignInEventKind.SIGNED_IN,
        SignInEventKind.SECOND_FACTOR_FAILED,
        SignInEventKind.SECOND_FACTOR_VERIFIED,
    ]


def test_next_outside_the_site_is_ignored(client, officer_with_app):
    officer, device = officer_with_app
    _password_step(client, officer)
    response = client.post(reverse("two-factor-verify"), {"code": _code(device), "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_staff_without_an_app_add_one_and_get_ten_recovery_codes_once(client, supervisor):
    _password_step(client, supervisor)
    sent = client.get(reverse("officer-queue"))
    assert sent["Location"].startswith(reverse("two-factor-setup"))

    page = client.get(sent["Location"])
    assert page.status_code == 200
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=supervisor, confirmed=False)
    secret = page.context["secret"].replace(" ", "")
    assert len(secret) == 32
    done = client.post(reverse("two-factor-setup"), {"code": _code(device), "next": "/officer/queue/"})

    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert TOTPDevice.objects.get(user=supervisor).confirmed
    assert client.get(reverse("officer-queue")).status_code == 200
    assert SignInEvent.objects.filter(user=supervisor, kind=SignInEventKind.SECOND_FACTOR_ADDED).exists()

    # A recovery code works once, in place of the app's code.
    client.logout()
    _password_step(client, supervisor)
    assert client.post(reverse("two-factor-verify"), {"code": codes[0]}).status_code == 302
    client.logout()
    _password_step(client, supervisor)
    assert client.post(reverse("two-factor-verify"), {"code": codes[0]}).status_code == 400


def test_setup_refuses_a_wrong_first_code(client, officer):
    _password_step(client, officer)
    client.get(reverse("two-factor-setup"))
    response = client.post(reverse("two-factor-setup"), {"code": "123456"})
    assert response.status_code == 400
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()
    assert client.get(reverse("officer-queue")).status_code == 302


def test_admin_users_need_the_second_factor_too(client):
    admin = factories.UserFactory(role="applicant", is_staff=True, is_superuser=True)
    _password_step(client, admin)
    assert client.get("/admin/").status_code == 302


def test_filers_keep_password_only_sign_in(client, filer):
    _password_step(client, filer)
    assert client.get(reverse("application-list")).status_code == 200
    assert client.get(reverse("account")).status_code == 200


def test_staff_get_an_api_token_only_with_their_code(officer_with_app, time_machine):
    officer, device = officer_with_app
    api = APIClient()
    credentials = {"username": officer.username, "password": PASSWORD}

    missing = api.post("/api/v1/auth/token/", credentials)
    wrong = api.post("/api/v1/auth/token/", {**credentials, "otp": "999999"})
    _wait_out_the_throttle(time_machine)
    right = api.post("/api/v1/auth/token/", {**credentials, "otp": _code(device)})

    assert missing.status_code == 400
    assert "otp" in missing.json()
    assert wrong.status_code == 400
    assert right.status_code == 200
    api.credentials(HTTP_AUTHORIZATION=f"Token {right.json()['token']}")
    assert api.get("/api/v1/queue/").status_code == 200


def test_force_login_in_tests_stands_for_a_verified_staff_session(client, officer):
    """The test helper (tests/conftest.py) marks staff sessions verified; the middleware still runs."""
    client.force_login(officer)
    assert client.get(reverse("officer-queue")).status_code == 200
    assert re.match(r"^[a-z0-9]+$", second_factor_code(officer))


def test_staff_whose_app_an_admin_removed_add_a_new_one(client, officer_with_app):
    officer, device = officer_with_app
    second_factor_code(officer)  # leftover recovery codes do not stand in for the app
    device.delete()
    _password_step(client, officer)

    response = client.get(reverse("officer-queue"))

    assert response["Location"].startswith(reverse("two-factor-setup"))
    assert client.get(response["Location"]).status_code == 200
