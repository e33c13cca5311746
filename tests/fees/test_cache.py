"""Quotes come from the fee tables in process memory (fees.cache): no query when warm, and every change to the
tables (the admin, a history revert, any save or delete) is seen by the next quote, in this process and others."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from fees import cache as fee_cache
from fees.models import Mrp, Tariff
from fees.selectors import quote
from qazeta.accounts import services as account_services
from tests.clock import FILING_DAY, astana

# Quotes are for a day whose year has an MRP on record (the suite also runs with the clock moved forward).
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY, 10), tick=True)]

URL = "/api/v1/fees/quote"
IIN = {"service": "iin", "channel": "standard", "on": "2026-03-02"}
DAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _fresh_process():
    # As a newly started worker: no snapshot, no uncommitted fee writes (earlier tests' transactions were rolled
    # back without their on-commit callbacks).
    fee_cache.forget()
    yield
    fee_cache.forget()


def _fee(client: APIClient) -> str:
    response = client.get(URL, IIN)
    assert response.status_code == 200, response.content
    return response.json()["service_fee"]


def test_warm_quote_runs_no_query(django_assert_num_queries):
    client = APIClient()
    assert _fee(client) == "10000.00"
    with django_assert_num_queries(0):
        assert _fee(client) == "10000.00"
        response = client.get(URL, {"service": "c3-invitation", "channel": "standard", "validity_years": "2"})
        assert response.status_code == 200


def test_effective_dated_rows_are_chosen_in_memory(django_capture_on_commit_callbacks, django_assert_num_queries):
    current = Tariff.objects.get(service="iin", channel="standard", effective_to__isnull=True)
    with django_capture_on_commit_callbacks(execute=True):
        current.effective_to = DAY
        current.save()
        Tariff.objects.create(
            service="iin", channel="standard", amount=Decimal("12500.00"), effective_from=DAY + dt.timedelta(days=1)
        )
    quote(service="iin", channel="standard", on=DAY)  # warm
    with django_assert_num_queries(0):
        assert quote(service="iin", channel="standard", on=DAY).service_fee == Decimal("10000.00")
        assert quote(service="iin", channel="standard", on=DAY + dt.timedelta(days=1)).service_fee == Decimal(
            "12500.00"
        )


def test_admin_change_is_seen_by_the_next_quote(client, django_capture_on_commit_callbacks):
    api = APIClient()
    assert _fee(api) == "10000.00"
    supervisor = account_services.staff_user_create(
        username="sup", email="sup@example.com", password="Str0ng-pass-2025!", supervisor=True
    )
    client.force_login(supervisor)
    tariff = Tariff.objects.get(service="iin", channel="standard", effective_to__isnull=True)
    url = f"/admin/fees/tariff/{tariff.pk}/change/"
    data = {k: v for k, v in client.get(url).context["adminform"].form.initial.items() if v is not None}
    data.update(amount="12000.00", effective_from=tariff.effective_from.isoformat(), source="Test order No 1")
    data.pop("effective_to", None)
    version = cache.get(fee_cache.VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, data).status_code == 302
    assert cache.get(fee_cache.VERSION_KEY) != version
    assert _fee(api) == "12000.00"


def test_another_workers_change_is_seen_through_the_version(django_assert_num_queries):
    assert quote(service="iin", channel="standard", on=DAY).service_fee == Decimal("10000.00")
    # Another process changed the row and bumped the shared version: this process has no signal of its own.
    Tariff.objects.filter(service="iin", channel="standard").update(amount=Decimal("11000.00"))
    assert quote(service="iin", channel="standard", on=DAY).service_fee == Decimal("10000.00")
    cache.set(fee_cache.VERSION_KEY, "bumped-by-another-worker", timeout=None)
    assert quote(service="iin", channel="standard", on=DAY).service_fee == Decimal("11000.00")


def test_uncommitted_change_is_seen_by_its_writer_and_not_cached():
    assert quote(service="iin", channel="standard", on=DAY).mrp == Decimal("4325.00")
    version = cache.get(fee_cache.VERSION_KEY)
    mrp = Mrp.objects.get(year=2026)
    mrp.amount = Decimal("5000.00")
    mrp.save()  # inside the test's transaction: not committed, so the version is not bumped yet
    assert quote(service="iin", channel="standard", on=DAY).mrp == Decimal("5000.00")
    assert cache.get(fee_cache.VERSION_KEY) == version
    assert fee_cache._snapshot is None or fee_cache._snapshot.mrp(2026) == Decimal("4325.00")


def test_delete_bumps_the_version(django_capture_on_commit_callbacks):
    quote(service="iin", channel="standard", on=DAY)
    version = cache.get(fee_cache.VERSION_KEY)
    with django_capture_on_commit_callbacks(execute=True):
        Mrp.objects.filter(year=2026).delete()
    assert cache.get(fee_cache.VERSION_KEY) != version
    assert fee_cache.fee_tables().mrp(2026) is None


def test_unreachable_cache_reads_the_database(django_assert_num_queries):
    broken = mock.patch.object(fee_cache.cache, "get", side_effect=ConnectionError("redis down"))
    # Three queries (MRP, tariffs, duties) for the whole quote, and the right figure.
    with broken, django_assert_num_queries(3):
        assert quote(service="iin", channel="standard", on=DAY).service_fee == Decimal("10000.00")


@pytest.mark.parametrize(
    "params",
    [
        {"service": "c3-invitation", "channel": "standard", "validity_years": "2", "on": "2026-03-02"},
        {"service": "temporary-residence", "channel": "standard", "variant": "expert", "on": "2026-03-02"},
        {"service": "iin", "channel": "standard", "on": "2026-03-02"},
    ],
)
def test_quote_answer_is_what_the_documented_serializer_gives(params):
    from fees.api.serializers import QuoteSerializer

    response = APIClient().get(URL, params)
    assert response.status_code == 200, response.content
    result = quote(**{**params, "on": DAY, "validity_years": int(params.get("validity_years", 0)) or None})
    assert response.json() == QuoteSerializer(result.as_dict()).data


def test_answers_are_remembered_per_parameters_language_and_version(django_capture_on_commit_callbacks):
    """The endpoint keeps its answers (fees.api.views.remembered_answer) but never past a change of the tables."""
    from fees.api import views

    views._kept_answer.cache_clear()
    client = APIClient()
    with mock.patch.object(views, "_answer", wraps=views._answer) as computed:
        assert _fee(client) == "10000.00"
        assert _fee(client) == "10000.00"
        assert computed.call_count == 1
        bad = client.get(URL, {**IIN, "channel": "by-pigeon"}, HTTP_ACCEPT_LANGUAGE="ru")
        assert bad.status_code == 400
        assert client.get(URL, {**IIN, "channel": "by-pigeon"}, HTTP_ACCEPT_LANGUAGE="kk").status_code == 400
        assert computed.call_count == 3  # one answer per language: the error message is translated

        current = Tariff.objects.get(service="iin", channel="standard", effective_to__isnull=True)
        with django_capture_on_commit_callbacks(execute=True):
            current.amount = Decimal("11000.00")
            current.save()
        assert _fee(client) == "11000.00"
        assert computed.call_count == 4
