"""A filer fixes a draft's details (e.g. the declared blank pages) without withdrawing it."""

from __future__ import annotations

import pytest

from applications.models import Application
from tests import factories
from tests.clock import FILING_DAY, astana

# Files and submits applications, and submission quotes the fee of the day: a day whose year has an MRP.
pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


def test_filer_declares_blank_pages_on_the_edit_page_then_submits(client, membership, employee):
    draft = factories.c3_draft(membership=membership, person=employee, passport_blank_pages=None)
    factories.upload_checklist(draft, membership.user)
    client.force_login(membership.user)
    refused = client.post(f"/applications/{draft.pk}/submit/")
    assert "Declare how many blank pages" in refused.content.decode()
    page = client.get(f"/applications/{draft.pk}/edit/")
    assert page.status_code == 200
    response = client.post(
        f"/applications/{draft.pk}/edit/",
        {
            "channel": "walk_in",
            "validity_years": "3",
            "passport_blank_pages": "6",
            "position": "CTO",
            "visa_pickup_place": "Embassy of Kazakhstan, Berlin",
        },
    )
    assert response.status_code == 302
    app = Application.objects.get(pk=draft.pk).specific()
    assert (app.channel, app.validity_years, app.passport_blank_pages, app.position) == ("walk_in", 3, 6, "CTO")
    client.post(f"/applications/{draft.pk}/submit/")
    app = Application.objects.get(pk=draft.pk)
    assert app.state == "submitted"
    assert str(app.fee_service) == "940000.00"


def test_edit_page_is_404_for_another_host_party_and_refused_after_submission(client, membership, employee):
    draft = factories.c3_draft(membership=membership, person=employee)
    other = factories.MembershipFactory()
    client.force_login(other.user)
    assert client.get(f"/applications/{draft.pk}/edit/").status_code == 404
    factories.upload_checklist(draft, membership.user)
    client.force_login(membership.user)
    client.post(f"/applications/{draft.pk}/submit/")
    refused = client.post(f"/applications/{draft.pk}/edit/", {"channel": "walk_in"}, follow=True)
    assert "can no longer be changed" in refused.content.decode()
    assert Application.objects.get(pk=draft.pk).channel == "standard"
