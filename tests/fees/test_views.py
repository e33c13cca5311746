"""The public fee calculator page at /fees/."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_calculator_route_is_fees():
    assert reverse("fees-calculator") == "/fees/"


def test_empty_calculator_shows_the_form_without_errors(client):
    response = client.get("/fees/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<fieldset>" in html
    assert '<label for="id_service"' in html
    assert 'role="alert"' not in html


def test_calculator_shows_the_breakdown(client):
    response = client.get(
        "/fees/",
        {"service": "c3-invitation", "channel": "standard", "validity_years": "2", "on": "2026-03-02"},
    )
    assert response.status_code == 200
    assert (
        response.context["quote"].total == response.context["quote"].service_fee + response.context["quote"].state_duty
    )
    html = response.content.decode()
    assert "362,162.50" in html
    assert "2,162.50" in html
    assert "0.5 MRP" in html


def test_calculator_shows_the_error_on_its_field(client):
    response = client.get("/fees/", {"service": "tax-residency-certificate", "channel": "walk_in", "on": "2026-03-02"})
    assert response.status_code == 200
    assert response.context["quote"] is None
    assert "channel" in response.context["form"].errors
    assert 'role="alert"' in response.content.decode()


def test_calculator_rejects_an_unparseable_date_on_the_date_field(client):
    response = client.get("/fees/", {"service": "iin", "channel": "standard", "on": "yesterday"})
    assert "on" in response.context["form"].errors
    assert response.context["quote"] is None
