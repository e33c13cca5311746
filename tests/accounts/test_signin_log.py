"""The sign-in log (issue 6, Accounts): successes, failures, lockouts, second factor, sign-outs and tokens are
recorded, and a supervisor reads them in the admin. Before: nothing was logged."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from qazeta.accounts import services as account_services
from qazeta.accounts.constants import SignInEventKind
from qazeta.accounts.models import SignInEvent
from qazeta.accounts.signin.client import SignInClient
from qazeta.accounts.signin.services import signin_event_record
from tests import factories

pytestmark = pytest.mark.django_db


def test_sign_in_and_out_are_logged_with_address_and_browser(client):
    user = factories.UserFactory(employer=True)
    client.post(
        reverse("login"),
        {"username": user.username, "password": "pass-12345"},
        REMOTE_ADDR="192.0.2.5",
        HTTP_USER_AGENT="Firefox/140",
    )
    client.post(reverse("logout"), REMOTE_ADDR="192.0.2.5")

    signed_in, signed_out = SignInEvent.objects.filter(user=user).order_by("pk")
    assert signed_in.kind == SignInEventKind.SIGNED_IN
    assert (signed_in.ip_address, signed_in.user_agent, signed_in.path) == (
        "192.0.2.5",
        "Firefox/140",
        "/accounts/login/",
    )
    assert signed_out.kind == SignInEventKind.SIGNED_OUT


def test_an_unknown_username_is_logged_as_typed(client):
    client.post(reverse("login"), {"username": "no-such-user", "password": "x" * 12})
    event = SignInEvent.objects.get()
    assert (event.kind, event.username, event.user) == (SignInEventKind.FAILED, "no-such-user", None)


def test_trusted_proxy_address_is_read_from_the_right(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        reverse("login"),
        {"username": "x", "password": "y"},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.23",
    )
    assert SignInEvent.objects.get().ip_address == "198.51.100.23"


@pytest.fixture
def supervisor_in_group(db):
    user = account_services.staff_user_create(
        username="askar", email="askar@ec.kz", password="Juniper-lantern-42", supervisor=True
    )
    return user


def test_a_supervisor_reads_and_searches_the_log_in_the_admin_but_cannot_change_it(client, supervisor_in_group):
    factories.UserFactory(username="target")
    client.post(reverse("login"), {"username": "target", "password": "wrong-password"})
    client.force_login(supervisor_in_group)

    listing = client.get("/admin/accounts/signinevent/", {"q": "target"})
    assert listing.status_code == 200
    assert list(listing.context["cl"].result_list) == list(SignInEvent.objects.filter(username="target"))
    by_kind = client.get("/admin/accounts/signinevent/", {"kind__exact": SignInEventKind.FAILED})
    assert by_kind.status_code == 200
    assert client.get("/admin/accounts/signinevent/add/").status_code == 403
    event = SignInEvent.objects.get(username="target")
    assert client.post(f"/admin/accounts/signinevent/{event.pk}/delete/", {"post": "yes"}).status_code == 403


def test_an_officer_cannot_read_the_log(client, officer):
    client.force_login(officer)
    assert client.get("/admin/accounts/signinevent/").status_code == 302  # to the admin login: not admin staff


def test_rows_older_than_the_retention_are_pruned():
    old = signin_event_record(kind=SignInEventKind.FAILED, client=SignInClient(), username="old")
    SignInEvent.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=366))
    recent = signin_event_record(kind=SignInEventKind.FAILED, client=SignInClient(), username="recent")
    out = StringIO()

    call_command("signin_events_prune", stdout=out)

    assert list(SignInEvent.objects.all()) == [recent]
    assert "1 sign-in log rows deleted" in out.getvalue()


def test_the_daily_task_prunes_too(settings):
    from qazeta.accounts.tasks import prune_signin_events

    old = signin_event_record(kind=SignInEventKind.FAILED, client=SignInClient(), username="old")
    SignInEvent.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=400))

    assert prune_signin_events.delay().get() == 1
    assert "prune-sign-in-log" in settings.CELERY_BEAT_SCHEDULE
