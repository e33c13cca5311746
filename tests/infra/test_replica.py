"""The optional read replica: officer lists, the dashboard and exports read from it; nothing else does.

The routing rules are checked on any database. The end-to-end test needs PostgreSQL: a second connection, the
"replica" alias, to the test database stands in for the replica (a streaming replica shows the same rows); with
DATABASE_REPLICA_URL set, settings already declare it as a TEST MIRROR of "default", which is the same thing.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, connections
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import resolve

from applications.constants import State
from applications.models import Application
from qazeta import db_router
from qazeta.accounts.models import User
from qazeta.db_router import REPLICA, ReplicaReadsMiddleware, ReplicaRouter, reading_from_replica, replica_alias
from tests import factories
from tests.clock import FILING_DAY, astana

router = ReplicaRouter()


@pytest.fixture
def replica_on(monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    monkeypatch.setattr(db_router, "replica_reachable", lambda: True)


def test_without_a_replica_every_read_uses_the_default_database(monkeypatch):
    monkeypatch.setattr(db_router, "replica_configured", lambda: False)
    with reading_from_replica():
        assert router.db_for_read(Application) is None
    assert replica_alias() == "default"


def test_reads_go_to_the_replica_only_inside_the_block(replica_on):
    assert router.db_for_read(Application) is None
    with reading_from_replica():
        assert router.db_for_read(Application) == REPLICA
        with reading_from_replica():
            assert router.db_for_read(Application) == REPLICA
        assert router.db_for_read(Application) == REPLICA  # the inner block's end leaves the outer one on
    assert router.db_for_read(Application) is None
    assert replica_alias() == REPLICA


def test_sign_in_state_and_writes_never_use_the_replica(replica_on):
    with reading_from_replica():
        assert router.db_for_read(User) is None
        assert router.db_for_read(Session) is None
        assert router.db_for_write(Application) is None
    assert router.allow_migrate(REPLICA, "applications") is False
    assert router.allow_migrate("default", "applications") is None


def _middleware_sees(method: str, path: str) -> bool:
    seen = []

    def view_and_render(request):
        middleware.process_view(request, None, (), {})
        seen.append(db_router.replica_reads_on())
        return None

    middleware = ReplicaReadsMiddleware(view_and_render)
    request = getattr(RequestFactory(), method)(path)
    request.resolver_match = resolve(path)
    middleware(request)
    assert db_router.replica_reads_on() is False, "the middleware left replica reads on after the response"
    return seen[0]


def test_the_middleware_switches_replica_reads_on_for_the_named_read_only_views(replica_on):
    assert "officer-queue" in settings.DATABASE_REPLICA_VIEWS
    assert _middleware_sees("get", "/officer/queue/") is True
    assert _middleware_sees("get", "/officer/dashboard/") is True
    assert _middleware_sees("get", "/api/v1/queue/") is True
    assert _middleware_sees("post", "/officer/queue/") is False
    assert _middleware_sees("get", "/officer/applications/1/") is False  # the action page reads the primary


def test_every_replica_view_name_exists():
    from django.urls import NoReverseMatch, reverse

    for name in settings.DATABASE_REPLICA_VIEWS:
        try:
            reverse(name)
        except NoReverseMatch:
            pytest.fail(f"DATABASE_REPLICA_VIEWS names {name!r}, which no URL has")


@pytest.fixture(scope="module")
def replica_connection(django_db_setup):
    """A "replica" alias: a second connection to the test database (or the configured TEST MIRROR).

    Module-scoped so that it exists before pytest-django checks the test's ``databases``.
    """
    added = REPLICA not in connections.settings
    if added:
        connections.settings[REPLICA] = {**connections["default"].settings_dict, "TEST": {"MIRROR": "default"}}
    assert REPLICA in settings.DATABASES  # connections.settings is settings.DATABASES: the router sees the alias
    yield connections[REPLICA]
    if added:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second connection to the test DB needs PostgreSQL")
@pytest.mark.time_machine(astana(FILING_DAY))
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_the_officer_queue_reads_applications_from_the_replica(replica_connection, client):
    assert replica_connection.settings_dict["NAME"] == connections["default"].settings_dict["NAME"]
    officer = factories.UserFactory(officer=True)
    membership, person = factories.employer_with_staff()
    draft = factories.c3_draft(membership=membership, person=person)
    app = factories.advance(draft, State.SUBMITTED, filer=membership.user, officer=officer)
    client.force_login(officer)

    with CaptureQueriesContext(connections[REPLICA]) as on_replica, CaptureQueriesContext(connection) as on_default:
        response = client.get("/officer/queue/")

    assert response.status_code == 200
    assert f'id="queue-row-{app.pk}"' in response.content.decode()
    application_table = Application._meta.db_table
    replica_sql = [q["sql"] for q in on_replica.captured_queries]
    default_sql = [q["sql"] for q in on_default.captured_queries]
    assert any(f'FROM "{application_table}"' in sql for sql in replica_sql), replica_sql
    assert not any(f'FROM "{application_table}"' in sql for sql in default_sql), default_sql
    # The session and the signed-in user are read from the primary, which has them for certain.
    assert any('"django_session"' in sql for sql in default_sql)
    primary_only = (f'FROM "{Session._meta.db_table}"', f'FROM "{User._meta.db_table}"')
    assert not any(table in sql for sql in replica_sql for table in primary_only), replica_sql

    # A write outside the named views, and reads after the request, are on the primary.
    with CaptureQueriesContext(connections[REPLICA]) as after:
        assert Application.objects.filter(pk=app.pk).exists()
    assert after.captured_queries == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="a second connection to the test DB needs PostgreSQL")
@pytest.mark.time_machine(astana(FILING_DAY))
@pytest.mark.django_db(transaction=True, databases=["default", REPLICA])
def test_an_unreachable_replica_leaves_the_queue_to_the_primary(replica_connection, client, monkeypatch, caplog):
    from django.db import OperationalError

    officer = factories.UserFactory(officer=True)
    membership, person = factories.employer_with_staff()
    draft = factories.c3_draft(membership=membership, person=person)
    app = factories.advance(draft, State.SUBMITTED, filer=membership.user, officer=officer)
    client.force_login(officer)
    replica_connection.close()

    def refused() -> None:
        raise OperationalError("connection to the replica refused")

    monkeypatch.setattr(replica_connection, "ensure_connection", refused)
    with CaptureQueriesContext(connection) as on_default:
        response = client.get("/officer/queue/")

    assert response.status_code == 200
    assert f'id="queue-row-{app.pk}"' in response.content.decode()
    assert any(f'FROM "{Application._meta.db_table}"' in q["sql"] for q in on_default.captured_queries)
    assert "read replica unreachable" in caplog.text
