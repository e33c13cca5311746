"""The public catalogue and the home page: grouping, documents in words, fees in KZT, the filing button."""

from __future__ import annotations

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.test import Client
from django.urls import reverse

from fees.selectors import state_duty_for
from tests.clock import FILING_DAY, astana

pytestmark = pytest.mark.django_db


def test_home_tells_anonymous_visitors_who_the_portal_is_for():
    response = Client().get(reverse("home"))
    assert response.status_code == 200
    body = response.content.decode()
    assert reverse("employer-register") in body
    assert reverse("applicant-register") in body
    assert reverse("service-detail", args=["c3-invitation"]) in body


def test_home_lists_a_filers_drafts_to_finish(filer_client, draft):
    body = filer_client.get(reverse("home")).content.decode()
    assert "Drafts to finish" in body
    assert reverse("application-detail", args=[draft.pk]) in body


def test_home_empty_state_points_a_new_member_to_the_roster(filer_client):
    body = filer_client.get(reverse("home")).content.decode()
    assert "Nothing is waiting for you." in body
    assert reverse("organisation-list") in body


def test_service_list_groups_services_by_category():
    response = Client().get(reverse("service-list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert body.index("Work visa (C3)") < body.index("Invitation letter for a C3 work visa")
    assert body.index("Invitation letter for a C3 work visa") < body.index("Investor visa (A5, A6)")
    assert "Permanent residence permit" in body


# The page states the duty in KZT with the MRP of the day's year: a day whose year has an MRP.
@pytest.mark.time_machine(astana(FILING_DAY))
def test_service_detail_shows_conditions_fees_duty_and_term():
    response = Client().get(reverse("service-detail", args=["c3-invitation"]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "family members only" in body
    assert "if a representative files" in body
    assert "360,000" in body
    assert "470,000" in body
    assert "720,000" in body
    assert "940,000" in body
    duty = state_duty_for("c3-invitation")
    assert f"0.5 MRP = {intcomma(duty.amount)} KZT" in body
    assert "5 working days" in body
    assert "extended by up to 30 calendar days" in body


def test_service_detail_marks_optional_documents_if_any():
    body = Client().get(reverse("service-detail", args=["c3-visa"])).content.decode()
    assert "if any" in body


def test_extension_page_shows_that_it_is_quoted_with_the_issuance_tariff():
    body = Client().get(reverse("service-detail", args=["c3-extension"])).content.decode()
    assert "quoted with the in-country issuance tariff" in body
    # It can be filed now (issue 7); the anonymous visitor is not offered the button.
    assert "Filing through the portal opens later" not in body
    assert "File this application" not in body


def test_file_button_only_for_users_who_can_file(filer_client, officer):
    url = reverse("service-detail", args=["c3-invitation"])
    assert "File this application" in filer_client.get(url).content.decode()
    anonymous = Client().get(url).content.decode()
    assert "File this application" not in anonymous
    assert "Log in to file this application" in anonymous
    officer_client = Client()
    officer_client.force_login(officer)
    assert "File this application" not in officer_client.get(url).content.decode()


def test_unknown_service_is_404():
    assert Client().get(reverse("service-detail", args=["no-such-service"])).status_code == 404
