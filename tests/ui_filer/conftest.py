"""Fixtures of the filer UI tests: logged-in browser clients for the roles that walk the filing pages."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import factories

#: The ICAO Doc 9303 specimen passport (Anna Maria Eriksson, Utopia); it expired on 15 April 2012.
SPECIMEN_MRZ = (
    "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
    "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
)
PASSWORD = "Str0ng-pass-2025!"


@pytest.fixture
def filer_client(filer) -> Client:
    client = Client()
    client.force_login(filer)
    return client


@pytest.fixture
def other_membership(db):
    """An admin of a second, unrelated host party."""
    return factories.MembershipFactory()


@pytest.fixture
def other_client(other_membership) -> Client:
    client = Client()
    client.force_login(other_membership.user)
    return client


@pytest.fixture
def spouse(employee):
    return factories.PersonFactory(
        organisation=employee.organisation, principal=employee, relationship="spouse", position=""
    )
