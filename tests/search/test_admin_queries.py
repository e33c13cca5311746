"""Admin changelists run the same number of queries whatever the number of rows on the page."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests import factories
from tests.clock import FILING_DAY, astana

pytestmark = [pytest.mark.django_db, pytest.mark.time_machine(astana(FILING_DAY))]


def _drafts(membership, n: int) -> None:
    for _ in range(n):
        factories.c3_draft(membership=membership)  # a person, an application and a consent each


def _persons(membership, n: int) -> None:
    factories.PersonFactory.create_batch(n, organisation=membership.organisation)


def _visa_records(membership, n: int) -> None:
    factories.VisaRecordFactory.create_batch(n, person__organisation=membership.organisation)


CHANGELISTS: list[tuple[str, Callable]] = [
    ("admin:applications_application_changelist", _drafts),
    ("admin:accounts_person_changelist", _persons),
    ("admin:accounts_consent_changelist", _drafts),
    ("admin:records_visarecord_changelist", _visa_records),
]


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(("url_name", "make"), CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(client, membership, url_name, make):
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse(url_name)
    make(membership, 2)
    few = _queries(client, url)
    make(membership, 18)
    response = client.get(url)
    assert response.context["cl"].result_count >= 20
    assert _queries(client, url) == few
