"""Fixtures of the officer-page tests: applications walked through the services to a given state."""

from __future__ import annotations

import pytest

from applications.models import Application
from tests import factories


@pytest.fixture
def make_application(membership, officer):
    """``make_application(state, person=None)``: a C3 application of ``membership``'s host party in ``state``."""

    def make(state: str, *, person=None, by=None) -> Application:
        draft = factories.c3_draft(membership=membership, person=person)
        return factories.advance(draft, state, filer=membership.user, officer=by or officer)

    return make


@pytest.fixture
def officer_client(client, officer):
    client.force_login(officer)
    return client
