"""The public fee calculator page at /fees/."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from applications.catalogue import all_services, get_service
from fees.models import StateDuty, Tariff

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


def test_calculator_lists_every_catalogue_service_by_its_catalogue_name_in_guide_order(client):
    response = client.get("/fees/")
    choices = list(response.context["form"].fields["service"].choices)
    assert choices == [(s.code, s.name) for s in all_services()]
    html = response.content.decode()
    for service in all_services():
        assert f'<option value="{service.code}">{escape(service.name)}</option>' in html


def test_calculator_lists_service_names_in_the_visitors_language(client):
    try:
        response = client.get("/fees/", HTTP_ACCEPT_LANGUAGE="ru")
    finally:
        # LocaleMiddleware leaves the request's language active in this thread; later tests expect English.
        translation.deactivate()
    name_ru = get_service("c3-invitation").name_text.texts["ru"]
    assert f'<option value="c3-invitation">{escape(name_ru)}</option>' in response.content.decode()


def test_calculator_captions_the_quote_with_the_catalogue_name(client):
    response = client.get("/fees/", {"service": "iin", "channel": "standard", "on": "2026-03-02"})
    assert response.context["service_label"] == get_service("iin").name
    assert f"<caption>{escape(get_service('iin').name)}, 2 March 2026</caption>" in response.content.decode()


def test_calculator_leaves_out_a_catalogue_service_without_a_tariff(client):
    Tariff.objects.filter(service="eds").delete()
    StateDuty.objects.filter(service="eds").delete()
    response = client.get("/fees/", {"service": "eds", "channel": "standard"})
    assert "eds" not in dict(response.context["form"].fields["service"].choices)
    assert "service" in response.context["form"].errors
    assert response.context["quote"] is None


def test_calculator_refuses_a_code_the_catalogue_lacks_on_the_service_field(client):
    response = client.get("/fees/", {"service": "golden-visa", "channel": "standard"})
    assert response.status_code == 200
    assert "service" in response.context["form"].errors
    assert response.context["quote"] is None
