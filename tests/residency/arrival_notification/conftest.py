"""Fixtures of the arrival-notification tests: a fixed Astana clock, the host party's draft, logged-in clients."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from rest_framework.test import APIClient

from applications.models import Application
from qazeta.accounts.constants import Role
from tests import factories

SERVICE = "arrival-notification"
ASTANA = ZoneInfo("Asia/Almaty")
#: Tuesday 16 June 2026, 10:00 in Astana: a working day inside office hours.
TUESDAY_10 = dt.datetime(2026, 6, 16, 10, 0, tzinfo=ASTANA)


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Every test starts at :data:`TUESDAY_10` with the clock standing still; ``clock.move_to(moment)`` moves it."""
    time_machine.move_to(TUESDAY_10, tick=False)
    return time_machine


def arrival_fields(**overrides: object) -> dict[str, object]:
    """The filer's fields of an arrival notification, relative to the frozen day (16.06.2026)."""
    return {
        "notification_kind": "arrival",
        "event_date": dt.date(2026, 6, 14),
        "address": "Astana, Kabanbay Batyr Ave 11, flat 5",
        "stay_until": dt.date(2027, 6, 1),
        **overrides,
    }


def arrival_draft(membership, person=None, **overrides: object) -> Application:
    """A draft filed through ``application_create`` by ``membership``'s user, with consent recorded."""
    return factories.file_draft(SERVICE, membership=membership, person=person, **arrival_fields(**overrides))


@pytest.fixture
def draft(membership, employee):
    return arrival_draft(membership, employee)


@pytest.fixture
def self_applicant(db):
    """A foreigner with an applicant login and their own person record (no host party)."""
    user = factories.UserFactory(role=Role.APPLICANT)
    person = factories.PersonFactory(account=user, organisation=None)
    return user, person


@pytest.fixture
def filer_client(filer) -> Client:
    client = Client()
    client.force_login(filer)
    return client


@pytest.fixture
def officer_client(officer) -> Client:
    client = Client()
    client.force_login(officer)
    return client


def api_client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client
