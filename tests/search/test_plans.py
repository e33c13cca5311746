"""The search's query plans use its indexes (PostgreSQL; 20,000 persons and applications seeded: on fewer rows
the planner rightly prefers a sequential scan of the applications for a join)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from applications import search
from applications.models import Application
from qazeta.accounts.models import Person
from qazeta.accounts.search import PERSON_NAME_INDEX, filter_persons

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="query plans and trigram indexes are PostgreSQL's"),
]

SURNAMES = ["Smith", "Müller", "Иванов", "Ёлкин", "Құрманғазы", "García", "Nguyễn", "Петрова", "Dvořák", "Kim"]
N = 20_000
LATIN_TAG = "bcdfghjklmnpqrstvwxz"
CYRILLIC_TAG = "бвгджзклмнпрстфхцчш"


def surname(i: int) -> str:
    """A distinct surname without digits (a text with a digit is searched as a passport number)."""
    stem = SURNAMES[i % len(SURNAMES)]
    letters = CYRILLIC_TAG if stem[0] >= "Ё" else LATIN_TAG
    tag = ""
    while True:
        i, digit = divmod(i, len(letters))
        tag += letters[digit]
        if not i:
            return stem + tag


@pytest.fixture
def seeded(membership):
    persons = Person.objects.bulk_create(
        Person(
            organisation=membership.organisation,
            surname=surname(i),
            given_names="Anna" if i % 2 else "Пётр",
            sex="F",
            date_of_birth=dt.date(1980, 1, 1),
            nationality="GBR",
            passport_number=f"S{i:08d}",
            passport_issuing_state="GBR",
            passport_expires_on=dt.date(2035, 1, 1),
        )
        for i in range(N)
    )
    # Plain rows of the parent table with a reference, as the benchmark seeds them: the plan is what is tested.
    Application.objects.bulk_create(
        Application(
            service_code="c3-invitation",
            person=person,
            filer=membership.user,
            organisation=membership.organisation,
            channel="standard",
            reference=f"EC-2025-{i:06d}",
        )
        for i, person in enumerate(persons)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE accounts_person")
        cursor.execute("ANALYZE applications_application")
    return persons


def _plan(qs) -> str:
    plan = qs.explain()
    assert "Seq Scan on accounts_person" not in plan, plan
    assert "Seq Scan on applications_application" not in plan, plan
    return plan


def test_name_search_uses_the_trigram_index(seeded):
    found = filter_persons(Person.objects.all(), surname(1001).upper())
    assert PERSON_NAME_INDEX in _plan(found)
    # A word matches inside the name: "Müllercnd" also finds "Müllercndc".
    assert surname(1001) in {p.surname for p in found}
    assert all(p.surname.startswith(surname(1001)) for p in found)
    assert PERSON_NAME_INDEX in _plan(filter_persons(Person.objects.all(), f"{surname(1002)} петр"))
    # Applications: the matching persons' ids (found with the trigram index, above) then an index led by person_id
    # (the foreign key's, or the (person, -created_at) list index of issue 10 §2: whichever the planner prefers).
    plan = _plan(search.filter_applications(Application.objects.all(), surname(3993).upper()))
    assert "Seq Scan" not in plan
    assert "Index" in plan
    assert "person_id" in plan


def test_passport_search_uses_the_passport_index(seeded):
    found = filter_persons(Person.objects.all(), "s0000 0042")
    assert "person_passport_number" in _plan(found)
    assert found.get().surname == surname(42)
    assert "person_passport_number" in _plan(search.filter_applications(Application.objects.all(), "S00000042"))


def test_reference_search_uses_the_unique_index(seeded):
    plan = _plan(search.filter_applications(Application.objects.all(), "ec-2025-000042"))
    assert "Index Cond: ((reference)::text = 'EC-2025-000042'::text)" in plan
    assert search.filter_applications(Application.objects.all(), "ec-2025-000042").get().person_id == seeded[42].pk


def test_a_common_name_in_the_queue_is_read_by_person_then_sorted(seeded):
    """A name matching many persons (here 50, 0.25 %; at 1,000,000 applications the same holds for thousands): the
    queue page reads their applications through the person index and sorts them (``search.sorted_after_reading``)
    instead of walking the due-date order of the whole history; the order and the keyset pages are the queue's."""
    from applications import selectors

    for days in range(30):  # closed history spread over 30 due dates, as seed_scale's
        Application.objects.filter(pk__in=[a.pk for a in Application.objects.all()[days::30]]).update(
            state="issued",
            due_date=dt.date(2025, 1, 1) + dt.timedelta(days=days),
            submitted_at=dt.datetime(2025, 1, 1, tzinfo=dt.UTC),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE applications_application")
    queue = selectors.officer_queue(include_closed=True)
    text = surname(400)[:7]  # "Smithbb": every Smith whose tag starts "bb"
    matching = [a for a in queue.filter(person__surname__contains=text)]
    assert 30 <= len(matching) <= 100
    found = search.filter_applications(queue, text.lower())
    plan = _plan(found[:25])
    assert "due_date + 0)" in plan, plan
    assert "person_id" in plan
    assert "app_queue_all_idx" not in plan
    page = selectors.queue_page(found, size=25, count=False)
    assert [a.pk for a in page.rows] == [a.pk for a in matching[:25]]
    second = selectors.queue_page(found, page.next_cursor, size=25, count=False)
    assert [a.pk for a in second.rows] == [a.pk for a in matching[25:50]]
