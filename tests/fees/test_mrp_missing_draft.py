"""A new year without its MRP: drafts can still be filed and edited, the fee shows as pending, and submission
is refused ("fee_unavailable") until a supervisor records the MRP; then it goes through."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from applications import services
from applications.exceptions import ApplicationError
from applications.models import Application
from fees.models import Mrp
from tests import factories
from tests.clock import astana

# A working Monday of 2027. The year's MRP is deleted below, so these tests hold once tariffs.toml records it.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana("2027-02-01"))]

NOTE = "The fee is fixed at submission once the MRP for 2027 is published."


@pytest.fixture(autouse=True)
def _no_mrp_for_2027(db):
    Mrp.objects.filter(year=2027).delete()


def _api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_draft_is_created_and_edited_by_the_services_without_the_years_mrp(membership, employee):
    draft = factories.c3_draft(membership=membership, person=employee)

    assert draft.state == "draft"
    assert draft.fee_total is None
    updated = services.application_update_draft(
        user=membership.user, application=draft, channel="walk_in", validity_years=3
    )
    assert (updated.channel, updated.validity_years) == ("walk_in", 3)


def test_other_fee_errors_still_refuse_the_draft(membership, employee):
    with pytest.raises(ApplicationError) as err:
        factories.c3_draft(membership=membership, person=employee, channel="personal_manager")
    assert err.value.code == "invalid_channel"
    with pytest.raises(ApplicationError) as err:
        factories.c3_draft(membership=membership, person=employee, validity_years=6)
    assert err.value.code == "invalid_validity_years"
    draft = factories.c3_draft(membership=membership, person=employee)
    with pytest.raises(ApplicationError) as err:
        services.application_update_draft(user=membership.user, application=draft, validity_years=None)
    assert err.value.code == "invalid_validity_years"


def test_the_api_creates_the_draft_and_its_detail_says_when_the_fee_is_fixed(membership, employee):
    client = _api(membership.user)
    response = client.post(
        "/api/v1/applications/",
        {
            "service": "c3-invitation",
            "person": employee.pk,
            "channel": "standard",
            "validity_years": 2,
            "passport_blank_pages": 4,
            "service_fields": {"position": "Senior analyst", "visa_pickup_place": "Embassy of Kazakhstan, London"},
            "consent": True,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    app_id = response.json()["id"]

    fee = client.get(f"/api/v1/applications/{app_id}/").json()["fee_quote"]

    assert fee["pending_mrp"] is True
    assert fee["note"] == NOTE
    assert fee["frozen"] is False
    assert fee["on"] == "2027-02-01"
    assert fee["service_fee"] == "360000.00"
    assert fee["state_duty_mrp"] == "0.500"
    assert (fee["mrp"], fee["state_duty"], fee["total"]) == (None, None, None)


def test_the_detail_page_shows_the_service_fee_and_says_when_the_fee_is_fixed(membership, employee):
    draft = factories.c3_draft(membership=membership, person=employee, channel="walk_in", validity_years=4)
    client = Client()
    client.force_login(membership.user)

    response = client.get(reverse("application-detail", args=[draft.pk]))

    assert response.status_code == 200
    body = response.content.decode()
    assert NOTE in body
    assert "940,000.00 KZT" in body
    assert "0.5 MRP" in body
    assert "No fee can be quoted" not in body


def test_the_live_quote_of_the_filing_page_says_when_the_fee_is_fixed(membership):
    client = Client()
    client.force_login(membership.user)

    response = client.get(
        reverse("application-quote"), {"service": "c3-invitation", "channel": "standard", "validity_years": 2}
    )

    assert response.status_code == 200
    assert f"No fee can be shown yet: {NOTE}" in response.content.decode()


def test_submission_is_refused_until_the_mrp_is_recorded_then_goes_through(membership, employee):
    draft = factories.c3_draft(membership=membership, person=employee)
    factories.upload_checklist(draft, membership.user)

    with pytest.raises(ApplicationError) as err:
        services.application_submit(user=membership.user, application=draft)
    assert err.value.code == "fee_unavailable"
    assert Application.objects.get(pk=draft.pk).state == "draft"

    response = _api(membership.user).post(f"/api/v1/applications/{draft.pk}/submit/")
    assert response.status_code == 400
    assert response.json()["code"] == "fee_unavailable"
    assert Application.objects.get(pk=draft.pk).state == "draft"

    Mrp.objects.create(year=2027, amount=Decimal("4500.00"), source="test: the 2027 budget law")
    response = _api(membership.user).post(f"/api/v1/applications/{draft.pk}/submit/")

    assert response.status_code == 200, response.content
    app = Application.objects.get(pk=draft.pk)
    assert app.state == "submitted"
    assert app.reference.startswith("EC-2027-")
    assert app.fee_on.isoformat() == "2027-02-01"
    assert (app.fee_mrp, app.fee_state_duty, app.fee_total) == (
        Decimal("4500.00"),
        Decimal("2250.00"),
        Decimal("362250.00"),
    )
