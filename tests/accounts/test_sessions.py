"""Session limits (issue 6, Accounts): 30 minutes idle for staff, 2 hours for others, 12 hours at most.
Before: sessions lasted 14 days with no idle timeout."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse

from qazeta.accounts.constants import SignInEventKind
from qazeta.accounts.models import SignInEvent
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY, 9), tick=False)]

START = astana(FILING_DAY, 9)


def _at(time_machine, **delta: int) -> None:
    time_machine.move_to(START + dt.timedelta(**delta))


def _signed_in(client, url: str) -> bool:
    response = client.get(url)
    return response.status_code == 200


def test_staff_session_ends_after_30_idle_minutes(client, officer, time_machine):
    client.force_login(officer)
    _at(time_machine, minutes=29)
    assert _signed_in(client, reverse("officer-queue"))
    _at(time_machine, minutes=29 + 31)

    response = client.get(reverse("officer-queue"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    event = SignInEvent.objects.get(user=officer, kind=SignInEventKind.SESSION_EXPIRED)
    assert event.detail == "idle 30 min"


def test_filer_session_ends_after_two_idle_hours(client, filer, time_machine):
    client.force_login(filer)
    _at(time_machine, hours=1, minutes=59)
    assert _signed_in(client, reverse("application-list"))
    _at(time_machine, hours=3, minutes=58)
    assert _signed_in(client, reverse("application-list"))
    _at(time_machine, hours=6)

    response = client.get(reverse("application-list"), follow=True)

    assert "Your session ended after 120 minutes without activity" in response.content.decode()


def test_every_session_ends_12_hours_after_sign_in_however_busy(client, filer, time_machine):
    client.force_login(filer)
    for hour in range(1, 12):
        _at(time_machine, hours=hour)
        assert _signed_in(client, reverse("application-list"))
    _at(time_machine, hours=12, minutes=1)

    assert not _signed_in(client, reverse("application-list"))
    assert SignInEvent.objects.filter(user=filer, kind=SignInEventKind.SESSION_EXPIRED, detail="absolute limit")


def test_the_session_cookie_lives_12_hours_not_14_days():
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
