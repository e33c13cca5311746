"""The request-scoped country cache (qazeta/countries/cache.py): N lookups in one request read the table once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext

from qazeta.countries.cache import country_cache
from qazeta.countries.models import Country
from qazeta.countries.selectors import certification_for, country_for, trp_stay_threshold

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 30)
CODES = ["DE", "DEU", "D", "RUS", "UZ", "GBR", "GBD", "FR", "US", "KAZ", "XK", "RKS", "ZZ", "QQQ"]


def _lookups() -> list[object]:
    answers: list[object] = []
    for code in CODES:
        answers.append(country_for(code))
        answers.append(certification_for(code, on=TODAY).kind)
        answers.append(trp_stay_threshold(code))
    return answers


def test_many_lookups_in_a_scope_make_at_most_one_query():
    without = _lookups()  # outside a scope: one query per lookup, the reference answers
    with country_cache(), CaptureQueriesContext(connection) as queries:
        within = _lookups()
    assert len(queries) <= 1
    assert within == without
    assert [within[i].code for i in (0, 3, 6)] == ["DE", "DE", "DE"]
    assert country_for("ZZ") is None


def test_outside_a_scope_every_lookup_reads_the_table():
    with CaptureQueriesContext(connection) as queries:
        country_for("DE")
        country_for("DE")
    assert len(queries) == 2


@pytest.fixture
def _keep_the_test_connection():
    """Django closes old connections on request_started/finished; in a test that would close the connection
    holding the test's transaction (PostgreSQL), so that receiver is off while the signals are sent by hand."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("_keep_the_test_connection")
def test_a_request_opens_and_closes_the_scope():
    request_started.send(sender=None, environ={})
    try:
        with CaptureQueriesContext(connection) as queries:
            for _ in range(3):
                _lookups()
        assert len(queries) == 1
    finally:
        request_finished.send(sender=None)
    with CaptureQueriesContext(connection) as queries:
        country_for("DE")
    assert len(queries) == 1  # the request's cache is gone


def test_saving_a_country_empties_the_scope():
    with country_cache():
        assert country_for("DE").visa_free_days == 30
        germany = Country.objects.get(code="DE")
        germany.visa_free_days = 45
        germany.save()
        assert country_for("DEU").visa_free_days == 45
        germany.delete()
        assert country_for("DE") is None


def test_a_new_scope_sees_a_change_made_without_signals():
    with country_cache():
        assert country_for("DE").visa_free_days == 30
    Country.objects.filter(code="DE").update(visa_free_days=60)
    with country_cache():
        assert country_for("DE").visa_free_days == 60
