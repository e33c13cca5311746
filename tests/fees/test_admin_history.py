"""A supervisor's edit of a tariff in the admin is kept with who, when and the old value."""

from __future__ import annotations

from decimal import Decimal

import pytest

from fees.models import Tariff
from qazeta.accounts import services as account_services

pytestmark = pytest.mark.django_db


def test_supervisor_tariff_edit_is_recorded_in_the_history(client):
    supervisor = account_services.staff_user_create(
        username="sup", email="sup@example.com", password="Str0ng-pass-2025!", supervisor=True
    )
    client.force_login(supervisor)
    tariff = Tariff.objects.filter(service="iin", channel="standard").get()
    url = f"/admin/fees/tariff/{tariff.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update(amount="12000.00", effective_from=tariff.effective_from.isoformat(), source="Test order No 1")
    data.pop("effective_to", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    tariff.refresh_from_db()
    assert tariff.amount == Decimal("12000.00")
    latest, previous = tariff.history.all()[:2]
    assert latest.history_user == supervisor
    assert latest.amount == Decimal("12000.00")
    assert previous.amount == Decimal("10000.00")
    assert client.get(f"/admin/fees/tariff/{tariff.pk}/history/").status_code == 200
