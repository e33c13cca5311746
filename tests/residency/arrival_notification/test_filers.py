"""Who may file: the host party only (FilerKind.HOST_PARTY). A self-applicant is told so in plain words, on the
page (403) and in the API (403), and nothing is created."""

from __future__ import annotations

import html

import pytest
from django.test import Client
from django.urls import reverse

from applications import services
from applications.exceptions import NotAllowed
from applications.models import Application

from .conftest import SERVICE, api_client_for, arrival_fields

pytestmark = pytest.mark.django_db

MESSAGE = (
    "“Arrival notification or change of address” is filed by the host party (the employer) for its staff, "
    "not by the person."
)


def test_the_service_refuses_a_self_applicant(self_applicant):
    user, person = self_applicant

    with pytest.raises(NotAllowed) as refused:
        services.application_create(user=user, service_code=SERVICE, person=person, **arrival_fields())

    assert refused.value.message == MESSAGE
    assert not Application.objects.exists()


def test_the_filing_page_refuses_a_self_applicant_with_a_plain_message(self_applicant):
    user, person = self_applicant
    client = Client()
    client.force_login(user)
    url = reverse("application-new") + f"?service={SERVICE}&person={person.pk}"

    page = client.get(url)
    posted = client.post(url, {"service": SERVICE, "person": person.pk, "channel": "standard", "consent": "on"})

    assert page.status_code == 403
    assert MESSAGE in html.unescape(page.content.decode())
    assert posted.status_code == 403
    assert MESSAGE in html.unescape(posted.content.decode())
    assert not Application.objects.exists()


def test_the_api_refuses_a_self_applicant(self_applicant):
    user, person = self_applicant
    body = {
        "service": SERVICE,
        "person": person.pk,
        "channel": "standard",
        "service_fields": {k: str(v) for k, v in arrival_fields().items()},
        "consent": True,
    }

    response = api_client_for(user).post("/api/v1/applications/", body, format="json")

    assert response.status_code == 403
    assert response.json() == {"detail": MESSAGE, "code": "not_allowed"}
    assert not Application.objects.exists()


def test_the_service_page_offers_filing_to_the_host_party_only(self_applicant, filer_client):
    user, _ = self_applicant
    applicant = Client()
    applicant.force_login(user)

    host_page = filer_client.get(reverse("service-detail", args=[SERVICE])).content.decode()
    applicant_page = applicant.get(reverse("service-detail", args=[SERVICE])).content.decode()

    new_url = reverse("application-new") + f"?service={SERVICE}"
    assert new_url in html.unescape(host_page)
    assert new_url not in html.unescape(applicant_page)


def test_a_host_party_member_files_for_staff_on_the_roster(membership, employee):
    app = services.application_create(
        user=membership.user,
        service_code=SERVICE,
        person=employee,
        organisation=membership.organisation,
        **arrival_fields(),
    )

    assert app.state == "draft"
    assert app.organisation == membership.organisation
    assert app.specific().address == "Astana, Kabanbay Batyr Ave 11, flat 5"


def test_expat_centre_staff_do_not_file(officer, employee):
    client = api_client_for(officer)
    body = {"service": SERVICE, "person": employee.pk, "channel": "standard", "consent": True}

    response = client.post("/api/v1/applications/", body, format="json")

    assert response.status_code == 403
    assert response.json()["detail"] == "Expat Centre staff do not file applications."
    assert not Application.objects.exists()
