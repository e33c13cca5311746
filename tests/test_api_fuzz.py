"""Issue 6 §7: the API never answers with a server error, whatever it is sent.

Schemathesis generates requests for every operation of the OpenAPI schema (``/api/schema/``) — valid and
invalid bodies, parameters and ids — and sends them in-process to the WSGI application as a signed-in host-party
admin and as an officer. A bounded number of examples per operation keeps the run short; any 5xx fails.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from knox.models import AuthToken

from qazeta.wsgi import application
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

#: Examples per operation and role: enough to reach every validation path once, small enough for CI.
EXAMPLES_PER_OPERATION = 8


def _openapi() -> dict:
    """The schema ``/api/schema/`` serves, generated in-process (drf-spectacular)."""
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


schema = schemathesis.openapi.from_dict(_openapi())
schema.app = application  # requests go to the WSGI application in-process, never over a network


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Calling the WSGI application directly fires request_started/finished, whose handler closes the database
    connection; in a test that is the test's transaction. Django's test client disconnects it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(db) -> dict[str, str]:
    """A token for a host-party admin with an employee and a draft, and one for an officer."""
    membership = factories.MembershipFactory()
    factories.c3_draft(membership=membership)
    officer = factories.UserFactory(officer=True)
    return {"admin": AuthToken.objects.create(membership.user)[1], "officer": AuthToken.objects.create(officer)[1]}


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_the_api_never_answers_with_a_server_error(case, tokens):
    for token in tokens.values():
        response = case.call(headers={"Authorization": f"Token {token}"})
        assert response.status_code < 500, (
            f"{case.method} {case.formatted_path} answered {response.status_code}: {response.text[:300]}"
        )
