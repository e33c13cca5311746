"""Passport data the portal keeps must be possible: ICAO 9303 country codes and dates in a plausible window, on the
roster page, the API, the MRZ and the model (issue 6, Input)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from qazeta.accounts import services
from qazeta.accounts.forms import PersonForm
from qazeta.accounts.forms_mrz import person_fields_from_mrz
from qazeta.accounts.models import Person
from qazeta.accounts.validators import DateWithin, icao_state_codes, validate_icao_state
from tests import factories
from tests.clock import astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(dt.date(2026, 3, 2)))]

PASSPORT = factories.person_form()


@pytest.mark.parametrize("code", ["KAZ", "GBR", "CZE", "D", "GBN", "GBD", "UNO", "UNK", "XXA", "XXB", "XXX", "EUE"])
def test_iso_and_icao_codes_are_accepted(code):
    validate_icao_state(code)


@pytest.mark.parametrize("code", ["ZZZ", "UTO", "gbr", "DE", "DEU ", "", "XXZ"])
def test_other_codes_are_refused(code):
    with pytest.raises(ValidationError) as err:
        validate_icao_state(code)
    assert err.value.code == "icao_state"


def test_the_code_list_is_pycountrys_with_icaos_own():
    codes = icao_state_codes()
    assert len(codes) > 249
    assert {"KAZ", "UZB", "SSD", "D", "XXC"} <= codes


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("nationality", "ZZZ"),
        ("passport_issuing_state", "ZZZ"),
        ("date_of_birth", "1800-01-01"),
        ("date_of_birth", "2099-01-01"),
        ("date_of_birth", "2026-03-03"),  # tomorrow
        ("passport_expires_on", "0001-01-01"),
        ("passport_expires_on", "2099-12-31"),
    ],
)
def test_implausible_passport_data_is_a_400_naming_the_field_on_the_api(membership, field, value):
    client = APIClient()
    client.force_authenticate(membership.user)
    r = client.post("/api/v1/persons/", {**PASSPORT, field: value, "organisation": membership.organisation.pk})
    assert r.status_code == 400
    assert field in r.json()
    assert not Person.objects.filter(passport_number="45123987").exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("nationality", "ZZZ"), ("date_of_birth", "1800-01-01"), ("date_of_birth", "2099-01-01")],
)
def test_implausible_passport_data_is_refused_on_the_roster_page(membership, field, value):
    client = Client()
    client.force_login(membership.user)
    r = client.post(reverse("staff-add", args=[membership.organisation.pk]), {**PASSPORT, field: value})
    assert r.status_code in (200, 400)
    assert field in r.context["form"].errors
    assert not Person.objects.filter(passport_number="45123987").exists()


def test_codes_typed_in_lower_case_are_read_in_upper_case(membership):
    form = PersonForm({**PASSPORT, "nationality": "kaz", "passport_issuing_state": " d "})
    assert form.is_valid(), form.errors
    assert (form.cleaned_data["nationality"], form.cleaned_data["passport_issuing_state"]) == ("KAZ", "D")
    client = APIClient()
    client.force_authenticate(membership.user)
    r = client.post(
        "/api/v1/persons/",
        {**PASSPORT, "nationality": "kaz", "passport_issuing_state": "kaz", "organisation": membership.organisation.pk},
        format="json",
    )
    assert r.status_code == 201, r.content
    assert r.json()["nationality"] == "KAZ"


def test_the_model_refuses_what_the_forms_refuse_on_every_path(membership):
    with pytest.raises(ValidationError) as err:
        services.person_add_to_roster(
            user=membership.user,
            organisation=membership.organisation,
            **{**PASSPORT, "nationality": "ZZZ", "date_of_birth": dt.date(1800, 1, 1)},
        )
    assert set(err.value.message_dict) == {"nationality", "date_of_birth"}


def test_the_mrz_is_checked_as_typed_data_is():
    # The ICAO specimen's "UTO" (Utopia) is no state's code.
    fields, errors = person_fields_from_mrz(
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
    )
    assert fields["nationality"] == "UTO"
    assert set(errors) == {"nationality", "passport_issuing_state"}
    fields, errors = person_fields_from_mrz(
        "P<D<<ERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36D<<7408122F1204159ZE184226B<<<<<10"
    )
    assert errors == {}
    assert fields["nationality"] == "D"


def test_the_window_moves_with_today(time_machine):
    window = DateWithin(years_before=120, years_after=0)
    assert window.bounds() == (dt.date(1906, 3, 2), dt.date(2026, 3, 2))
    time_machine.move_to(astana(dt.date(2028, 2, 29)))
    assert window.bounds() == (dt.date(1908, 2, 29), dt.date(2028, 2, 29))
    assert DateWithin(years_before=1, years_after=1).bounds() == (dt.date(2027, 2, 28), dt.date(2029, 2, 28))


def test_an_email_longer_than_its_column_is_refused_by_the_forms():
    from qazeta.accounts.forms import LoginDetailsForm

    long_email = "a" * 60 + "@" + ("b" * 60 + ".") * 4 + "kz"  # 307 characters; the column holds 254
    assert "email" in PersonForm({**PASSPORT, "email": long_email}).errors
    assert "email" in LoginDetailsForm({"username": "x", "email": long_email}).errors
