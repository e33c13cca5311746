"""Search of applications and persons: by reference, passport number and name (applications.search,
qazeta.accounts.search), in the officer queue, the API lists and the admin."""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from applications import search
from applications.constants import State
from applications.models import Application
from qazeta.accounts.models import Person
from qazeta.accounts.search import filter_persons, normalise_passport_number
from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="accent folding and trigram indexes are PostgreSQL's"
)


def _draft_for(membership, surname: str, given_names: str, passport: str) -> Application:
    person = factories.PersonFactory(
        organisation=membership.organisation, surname=surname, given_names=given_names, passport_number=passport
    )
    return factories.c3_draft(membership=membership, person=person)


@pytest.fixture
def drafts(membership) -> dict[str, Application]:
    return {
        "smith": _draft_for(membership, "Smith", "John Paul", "P1234567"),
        "muller": _draft_for(membership, "Müller", "Jürgen", "C01X00T47"),
        "ivanov": _draft_for(membership, "ИВАНОВ", "Пётр", "N7654321"),
        "yolkin": _draft_for(membership, "Ёлкина", "Алёна", "N1111111"),
    }


def _found(text: str) -> set[int]:
    return set(search.filter_applications(Application.objects.all(), text).values_list("pk", flat=True))


def test_passport_number_is_normalised():
    assert normalise_passport_number(" c01x 00t47 ") == "C01X00T47"


def test_blank_query_filters_nothing(drafts):
    assert _found("") == _found("   ") == {a.pk for a in drafts.values()}
    assert search.filter_applications(Application.objects.all(), None).count() == len(drafts)


def test_reference_found_in_any_case(membership, officer, drafts):
    submitted = factories.advance(drafts["smith"], State.SUBMITTED, filer=membership.user, officer=officer)
    assert submitted.reference
    assert _found(submitted.reference.lower()) == {submitted.pk}
    assert _found(f"  {submitted.reference}  ") == {submitted.pk}
    assert _found(submitted.reference[:-1] + "9") == set()


def test_passport_number_exact_without_spaces_or_case(drafts):
    assert _found("c01x 00t47") == {drafts["muller"].pk}
    assert _found("P1234567") == {drafts["smith"].pk}
    # Exact: a prefix of a passport number is no match.
    assert _found("P123456") == set()


def test_latin_name_any_case_and_word_order(drafts):
    assert _found("smith") == {drafts["smith"].pk}
    assert _found("PAUL smith") == {drafts["smith"].pk}
    assert _found("smith peter") == set()


def test_persons_found_by_passport_or_name(drafts):
    persons = filter_persons(Person.objects.all(), "smith")
    assert [p.surname for p in persons] == ["Smith"]
    assert [p.surname for p in filter_persons(Person.objects.all(), "n7654321")] == ["ИВАНОВ"]


@postgresql_only
def test_name_found_without_accents_or_case(drafts):
    assert _found("muller") == {drafts["muller"].pk}
    assert _found("MÜLLER jurgen") == {drafts["muller"].pk}


@postgresql_only
def test_cyrillic_name_any_case_and_yo_as_ye(drafts):
    assert _found("иванов") == {drafts["ivanov"].pk}
    assert _found("Иванов петр") == {drafts["ivanov"].pk}
    assert _found("елкина") == {drafts["yolkin"].pk}
    assert _found("ЁЛКИНА АЛЁНА") == {drafts["yolkin"].pk}


# --- Where the search is offered -----------------------------------------------------------------------------


@pytest.fixture
def submitted(membership, officer) -> dict[str, Application]:
    apps = {
        "smith": _draft_for(membership, "Smith", "John", "P1234567"),
        "brown": _draft_for(membership, "Brown", "Anna", "P7654321"),
    }
    return {
        key: factories.advance(app, State.SUBMITTED, filer=membership.user, officer=officer)
        for key, app in apps.items()
    }


def test_api_queue_searches(officer, submitted):
    client = APIClient()
    client.force_authenticate(officer)
    rows = client.get("/api/v1/queue/", {"q": "SMITH"}).json()["results"]
    assert [r["id"] for r in rows] == [submitted["smith"].pk]
    rows = client.get("/api/v1/queue/", {"q": submitted["brown"].reference.lower()}).json()["results"]
    assert [r["id"] for r in rows] == [submitted["brown"].pk]
    assert client.get("/api/v1/queue/", {"q": "nobody"}).json()["results"] == []


def test_api_application_list_searches(membership, submitted):
    client = APIClient()
    client.force_authenticate(membership.user)
    rows = client.get("/api/v1/applications/", {"q": "p765 4321"}).json()["results"]
    assert [r["id"] for r in rows] == [submitted["brown"].pk]


def test_officer_queue_page_searches(client, officer, submitted):
    client.force_login(officer)
    page = client.get(reverse("officer-queue"), {"q": "brown"})
    assert page.status_code == 200
    body = page.content.decode()
    assert submitted["brown"].reference in body
    assert submitted["smith"].reference not in body
    assert 'name="q"' in body


def test_admin_searches_applications_and_persons(client, submitted):
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    page = client.get(reverse("admin:applications_application_changelist"), {"q": "p7654321"})
    assert list(page.context["cl"].result_list) == [Application.objects.get(pk=submitted["brown"].pk)]
    page = client.get(reverse("admin:accounts_person_changelist"), {"q": "smith john"})
    assert [p.surname for p in page.context["cl"].result_list] == ["Smith"]
