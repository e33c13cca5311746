"""Shared fixtures: users of every role, a host party with staff, and the C3 draft they file."""

from __future__ import annotations

import pytest

from tests import factories


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
