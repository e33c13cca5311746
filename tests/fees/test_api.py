"""GET /api/v1/fees/quote: decimal strings, and 400s that name the parameter at fault."""

import pytest
from django.urls import include, path, reverse
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from fees.models import StateDuty, Tariff

pytestmark = pytest.mark.django_db

URL = "/api/v1/fees/quote"


@pytest.fixture
def client() -> APIClient:
    return APIClient()


def test_route_name_resolves_to_the_public_path():
    assert reverse("fees-quote") == URL


def test_quote_returns_amounts_as_decimal_strings(client):
    response = client.get(
        URL, {"service": "c3-invitation", "channel": "standard", "validity_years": "2", "on": "2026-03-02"}
    )
    assert response.status_code == 200
    body = response.json()
    assert {key: body[key] for key in ("service", "channel", "on", "currency")} == {
        "service": "c3-invitation",
        "channel": "standard",
        "on": "2026-03-02",
        "currency": "KZT",
    }
    assert body["mrp"] == "4325.00"
    assert body["service_fee"] == "360000.00"
    assert body["state_duty_mrp"] == "0.5"
    assert body["state_duty"] == "2162.50"
    assert body["total"] == "362162.50"


def test_extension_quote_carries_the_alias_note(client):
    response = client.get(
        URL, {"service": "c3-extension", "channel": "walk_in", "validity_years": "5", "on": "2025-06-02"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["service"] == "c3-extension"
    assert body["priced_as"] == "c3-visa"
    assert body["state_duty"] == "117960.00"
    assert body["total"] == "1057960.00"
    assert "c3-visa" in body["note"]


def test_anonymous_caller_with_a_bad_token_still_gets_a_quote(client):
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    response = client.get(URL, {"service": "iin", "channel": "standard", "on": "2026-01-05"})
    assert response.status_code == 200
    assert response.json()["total"] == "10000.00"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"service": "golden-visa", "channel": "standard"}, "service"),
        ({"channel": "standard"}, "service"),
        ({"service": "tax-residency-certificate", "channel": "walk_in", "on": "2026-03-02"}, "channel"),
        ({"service": "iin", "channel": "express"}, "channel"),
        ({"service": "iin"}, "channel"),
        ({"service": "c3-invitation", "channel": "standard", "on": "2026-03-02"}, "validity_years"),
        (
            {"service": "c3-invitation", "channel": "standard", "validity_years": "", "on": "2026-03-02"},
            "validity_years",
        ),
        ({"service": "c3-invitation", "channel": "standard", "validity_years": "two"}, "validity_years"),
        ({"service": "c3-invitation", "channel": "standard", "validity_years": "6"}, "validity_years"),
        ({"service": "c3-invitation", "channel": "standard", "validity_years": "2.5"}, "validity_years"),
        ({"service": "temporary-residence", "channel": "standard", "on": "2026-03-02"}, "variant"),
        ({"service": "temporary-residence", "channel": "standard", "variant": "boss"}, "variant"),
        ({"service": "iin", "channel": "standard", "on": "02.03.2026"}, "on"),
        ({"service": "iin", "channel": "standard", "on": "2026-02-30"}, "on"),
        ({"service": "iin", "channel": "standard", "on": "2024-12-31"}, "on"),
        ({"service": "iin", "channel": "standard", "on": "2030-01-01"}, "on"),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, params, field):
    response = client.get(URL, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert isinstance(body[field], list)
    assert body[field][0]


def test_a_service_the_catalogue_lacks_is_a_400_on_service_saying_so(client):
    response = client.get(URL, {"service": "golden-visa", "channel": "standard", "on": "2026-03-02"})
    assert response.status_code == 400
    assert response.json() == {"service": ["Unknown service “golden-visa”: not a service of the catalogue."]}


def test_a_catalogue_service_without_fee_rows_is_a_400_on_service(client):
    Tariff.objects.filter(service="eds").delete()
    StateDuty.objects.filter(service="eds").delete()
    response = client.get(URL, {"service": "eds", "channel": "standard", "on": "2026-03-02"})
    assert response.status_code == 400
    assert response.json() == {"service": ["No fee is recorded for service “eds”."]}


def test_openapi_schema_documents_parameters_and_response_without_warnings():
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(patterns=[path("api/v1/", include("fees.api.urls"))])
    schema = generator.get_schema(request=None, public=True)
    assert not GENERATOR_STATS, "drf-spectacular warned while documenting the fees API"
    operation = schema["paths"]["/api/v1/fees/quote"]["get"]
    assert {p["name"] for p in operation["parameters"]} == {
        "service",
        "channel",
        "validity_years",
        "variant",
        "on",
    }
    assert {p["name"] for p in operation["parameters"] if p.get("required")} == {"service", "channel"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Quote"
    }
    assert "400" in operation["responses"]
    quote_schema = schema["components"]["schemas"]["Quote"]
    assert quote_schema["properties"]["total"]["type"] == "string"
    assert quote_schema["properties"]["total"]["format"] == "decimal"
