"""The fees admin: the service of a tariff or state duty is picked from the catalogue and filtered by code."""

from __future__ import annotations

import pytest

from applications.catalogue import all_services, get_service
from fees.models import StateDuty, Tariff
from qazeta.accounts import services as account_services

pytestmark = pytest.mark.django_db


@pytest.fixture
def supervisor_client(client):
    supervisor = account_services.staff_user_create(
        username="sup", email="sup@example.com", password="Str0ng-pass-2025!", supervisor=True
    )
    client.force_login(supervisor)
    return client


@pytest.mark.parametrize("model", ["tariff", "stateduty"])
def test_changelist_filters_by_service_and_shows_the_catalogue_name(supervisor_client, model):
    response = supervisor_client.get(f"/admin/fees/{model}/", {"service": "iin"})
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert rows
    assert {row.service for row in rows} == {"iin"}
    assert get_service("iin").name in response.content.decode()


def test_add_form_offers_the_catalogue_services(supervisor_client):
    form = supervisor_client.get("/admin/fees/tariff/add/").context["adminform"].form
    codes = [code for code, _label in form.fields["service"].choices if code]
    assert codes == [s.code for s in all_services()]


def test_add_form_refuses_a_code_the_catalogue_lacks(supervisor_client):
    response = supervisor_client.post(
        "/admin/fees/stateduty/add/",
        {"service": "golden-visa", "mrp_multiple": "1", "effective_from": "2030-01-01"},
    )
    assert response.status_code == 200
    assert "service" in response.context["adminform"].form.errors
    assert not StateDuty.objects.filter(service="golden-visa").exists()


def test_a_row_with_a_code_the_catalogue_lacks_can_still_be_ended(supervisor_client):
    row = Tariff.objects.create(service="old-service", channel="standard", amount=1, effective_from="2025-01-01")
    url = f"/admin/fees/tariff/{row.pk}/change/"
    form = supervisor_client.get(url).context["adminform"].form
    assert "old-service" in dict(form.fields["service"].choices)
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(effective_from="2025-01-01", effective_to="2025-12-31", amount="1")
    response = supervisor_client.post(url, data)
    assert response.status_code == 302
    row.refresh_from_db()
    assert str(row.effective_to) == "2025-12-31"
