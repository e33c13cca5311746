"""Issue 9, item 8: ``/track/`` shows the state and next step for a reference plus passport number, nothing more;
rate-limited; a wrong pair answers exactly like an unknown reference."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from applications.constants import State
from qazeta.accounts.models import PersonalDataAccess
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

URL = "/track/"


@pytest.fixture
def submitted(membership, officer):
    draft = factories.c3_draft(membership=membership)
    return factories.advance(draft, State.IN_REVIEW, filer=membership.user, officer=officer)


def post(client, reference, passport, **extra):
    return client.post(URL, {"reference": reference, "passport_number": passport}, **extra)


def test_the_route_is_named_and_public(client):
    assert reverse("track") == URL
    response = client.get(URL)
    assert response.status_code == 200
    assert b'name="passport_number"' in response.content


def test_a_matching_pair_shows_state_and_next_step_and_nothing_more(client, submitted):
    person = submitted.person
    response = post(client, submitted.reference.lower(), f" {person.passport_number.lower()} ")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="track-result"' in html
    assert str(submitted.get_state_display()) in html
    assert "An officer is checking each document." in html
    # No names, no documents, no service fields, no host party.
    for secret in (person.surname, person.given_names, submitted.organisation.name, "Senior analyst", "scan.pdf"):
        assert secret not in html
    assert "no-store" in response["Cache-Control"]


def test_a_wrong_passport_answers_exactly_like_an_unknown_reference(client, submitted):
    wrong = post(client, submitted.reference, "X9999999")
    unknown = post(client, "EC-2026-999999", submitted.person.passport_number)
    assert wrong.status_code == unknown.status_code == 200
    assert 'id="track-not-found"' in wrong.content.decode()

    # Byte for byte the same page, but for the CSRF token and the echoed input.
    def strip(response, *typed):
        text = response.content.decode()
        for value in typed:
            text = text.replace(value, "")
        text = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", text)
        return re.sub(r'"X-CSRFToken": "[^"]+"', "", text)

    assert strip(wrong, submitted.reference, "X9999999") == strip(
        unknown, "EC-2026-999999", submitted.person.passport_number
    )


def test_a_draft_is_never_found(client, membership):
    draft = factories.c3_draft(membership=membership)
    assert draft.reference is None
    response = post(client, f"#{draft.pk}", draft.person.passport_number)
    assert 'id="track-not-found"' in response.content.decode()


def test_another_persons_passport_does_not_open_the_application(client, submitted, membership):
    other = factories.PersonFactory(organisation=membership.organisation)
    response = post(client, submitted.reference, other.passport_number)
    assert 'id="track-not-found"' in response.content.decode()


def test_missing_fields_are_a_form_error(client):
    response = client.post(URL, {"reference": "", "passport_number": ""})
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()


def test_rate_limited_per_address(client, settings, submitted):
    settings.TRACK_LIMIT_PER_ADDRESS = 3
    for n in range(3):
        assert post(client, f"EC-2026-00000{n}", "X1").status_code == 200
    refused = post(client, submitted.reference, submitted.person.passport_number)
    assert refused.status_code == 429
    assert 'id="track-limited"' in refused.content.decode()
    assert refused["Retry-After"] == "3600"
    assert "try again in 60 minutes" in refused.content.decode()
    assert 'id="track-result"' not in refused.content.decode()
    # Another address is not held back.
    other = post(client, submitted.reference, submitted.person.passport_number, REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 200
    assert 'id="track-result"' in other.content.decode()


def test_rate_limited_per_reference_whatever_the_address(client, settings, submitted):
    settings.TRACK_LIMIT_PER_REFERENCE = 3
    for n in range(3):
        post(client, submitted.reference, f"X{n}", REMOTE_ADDR=f"10.0.1.{n}")
    refused = post(client, submitted.reference, submitted.person.passport_number, REMOTE_ADDR="10.0.2.1")
    assert refused.status_code == 429
    # Other references are still answered from that address.
    assert post(client, "EC-2026-999999", "X1", REMOTE_ADDR="10.0.2.1").status_code == 200


def test_the_window_ends(client, settings, time_machine):
    settings.TRACK_LIMIT_PER_ADDRESS = 1
    assert post(client, "EC-2026-000001", "X1").status_code == 200
    assert post(client, "EC-2026-000001", "X1").status_code == 429
    time_machine.move_to(astana(FILING_DAY, 10, 1))
    assert post(client, "EC-2026-000001", "X1").status_code == 200


def test_staff_lookups_are_logged_anonymous_ones_are_not(client, officer, submitted):
    post(client, submitted.reference, submitted.person.passport_number)
    assert not PersonalDataAccess.objects.filter(what__startswith="tracking page").exists()
    client.force_login(officer)
    post(client, submitted.reference, submitted.person.passport_number)
    access = PersonalDataAccess.objects.get(what=f"tracking page {submitted.reference}")
    assert access.user == officer
    assert list(access.persons.values_list("pk", flat=True)) == [submitted.person_id]
    # A lookup that matches nothing shows no one's data and logs nothing.
    post(client, submitted.reference, "X1")
    assert PersonalDataAccess.objects.filter(what__startswith="tracking page").count() == 1
