"""Accounts over the API: host party registration (BIN check digit), roster entries from the MRZ."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qazeta.accounts.models import Organisation, Person
from tests import factories

pytestmark = pytest.mark.django_db

# The ICAO 9303 specimen with Germany's code "D" for Utopia's "UTO", which is no state's code: the check digits do not
# cover the issuing state or the nationality, and the portal refuses codes outside ICAO's list (issue 6).
LINE1 = "P<D<<ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
LINE2 = "L898902C36D<<7408122F1204159ZE184226B<<<<<10"


@pytest.fixture
def admin_client(membership):
    client = APIClient()
    client.force_authenticate(membership.user)
    return client


def test_organisation_with_a_wrong_bin_check_digit_is_refused_naming_the_field(admin_client):
    good = factories.make_bin()
    bad = good[:11] + str((int(good[11]) + 1) % 10)
    r = admin_client.post(
        "/api/v1/organisations/", {"name": "X Ltd", "bin": bad, "aifc_registration_number": "AIFC-9"}, format="json"
    )
    assert r.status_code == 400
    assert "check digit" in r.json()["bin"][0]
    assert not Organisation.objects.filter(bin=bad).exists()
    r = admin_client.post(
        "/api/v1/organisations/", {"name": "X Ltd", "bin": good, "aifc_registration_number": "AIFC-9"}, format="json"
    )
    assert r.status_code == 400
    assert "registration_certificate" in r.json()  # a host party registers with its AIFC registration certificate
    r = admin_client.post(
        "/api/v1/organisations/",
        {
            "name": "X Ltd",
            "bin": good,
            "aifc_registration_number": "AIFC-9",
            "registration_certificate": factories.pdf_file("certificate.pdf"),
        },
        format="multipart",
    )
    assert r.status_code == 201
    organisation = Organisation.objects.get(bin=good)
    assert organisation.memberships.get().role == "admin"
    assert r.json()["verification_status"] == "pending"
    assert organisation.registration_certificate.name.endswith(".pdf")


def test_mrz_parse_reports_each_wrong_check_digit_by_field(admin_client):
    r = admin_client.post("/api/v1/persons/mrz/", {"line1": LINE1, "line2": LINE2}, format="json")
    assert r.status_code == 200
    assert r.json()["surname"] == "ERIKSSON"
    assert r.json()["errors"] == {}
    corrupted = LINE2[:9] + "5" + LINE2[10:]  # passport number check digit 6 → 5 (composite breaks too)
    body = admin_client.post("/api/v1/persons/mrz/", {"line1": LINE1, "line2": corrupted}, format="json").json()
    assert set(body["errors"]) == {"passport_number", "mrz"}


def test_roster_entry_from_mrz_with_a_bad_check_digit_is_refused_and_nothing_saved(admin_client, membership):
    corrupted = LINE2[:19] + "3" + LINE2[20:]  # date of birth check digit 2 → 3
    r = admin_client.post(
        "/api/v1/persons/", {"organisation": membership.organisation.pk, "mrz": [LINE1, corrupted]}, format="json"
    )
    assert r.status_code == 400
    assert "date_of_birth" in r.json()
    assert not Person.objects.filter(passport_number="L898902C3").exists()


def test_roster_entry_from_a_valid_mrz_fills_the_passport_fields(admin_client, membership):
    r = admin_client.post(
        "/api/v1/persons/",
        {"organisation": membership.organisation.pk, "mrz": [LINE1, LINE2], "email": "anna@example.com"},
        format="json",
    )
    assert r.status_code == 201, r.content
    person = Person.objects.get(passport_number="L898902C3")
    assert (person.surname, person.given_names, person.nationality, str(person.date_of_birth)) == (
        "ERIKSSON",
        "ANNA MARIA",
        "D",
        "1974-08-12",
    )
    assert person.organisation == membership.organisation


def test_roster_of_another_host_party_cannot_be_written(admin_client):
    other = factories.OrganisationFactory()
    r = admin_client.post("/api/v1/persons/", {"organisation": other.pk, "mrz": [LINE1, LINE2]}, format="json")
    assert r.status_code == 400
    assert not Person.objects.filter(organisation=other).exists()


def test_roster_entry_without_passport_data_names_every_missing_field(admin_client, membership):
    r = admin_client.post("/api/v1/persons/", {"organisation": membership.organisation.pk}, format="json")
    assert r.status_code == 400
    assert {"surname", "date_of_birth", "passport_number", "passport_expires_on"} <= set(r.json())


def test_same_passport_twice_is_refused(admin_client, membership, employee):
    data = {
        "organisation": membership.organisation.pk,
        "surname": "X",
        "sex": "M",
        "date_of_birth": "1990-01-01",
        "nationality": "GBR",
        "passport_number": employee.passport_number,
        "passport_issuing_state": employee.passport_issuing_state,
        "passport_expires_on": "2031-01-01",
    }
    r = admin_client.post("/api/v1/persons/", data, format="json")
    assert r.status_code == 400
    assert "already registered" in r.json()["passport_number"][0]


def test_same_passport_twice_is_reported_on_the_passport_field_in_russian_too(admin_client, membership, employee):
    data = {
        "organisation": membership.organisation.pk,
        "surname": "X",
        "sex": "M",
        "date_of_birth": "1990-01-01",
        "nationality": "GBR",
        "passport_number": employee.passport_number,
        "passport_issuing_state": employee.passport_issuing_state,
        "passport_expires_on": "2031-01-01",
    }
    r = admin_client.post("/api/v1/persons/", data, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    assert r.status_code == 400
    assert list(r.json()) == ["passport_number"]
    assert Person.objects.filter(passport_number=employee.passport_number).count() == 1
