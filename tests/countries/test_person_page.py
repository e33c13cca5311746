"""The person's page shows the visa-free stay in Kazakhstan for the person's citizenship (the country table); staff
see the cell's source and unconfirmed flag, a filer reads an unconfirmed value as "as the Expat Centre confirms"."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests import factories

pytestmark = pytest.mark.django_db


def _cell(client: Client, person) -> str:
    html = client.get(f"/persons/{person.pk}/").content.decode()
    found = re.search(r'<dd id="visa-free-days">(.*?)</dd>', html, re.S)
    assert found
    return " ".join(found.group(1).split())


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_filer_reads_the_visa_free_days_of_the_persons_citizenship(membership):
    person = factories.PersonFactory(organisation=membership.organisation, nationality="DEU")
    cell = _cell(_client(membership.user), person)
    assert "up to 30 calendar days" in cell
    assert "source" not in cell


def test_an_unconfirmed_value_is_flagged_for_staff_and_hedged_for_the_filer(membership, officer):
    person = factories.PersonFactory(organisation=membership.organisation, nationality="UKR")  # flagged "check"
    filer_cell = _cell(_client(membership.user), person)
    assert "up to 90 calendar days" in filer_cell
    assert "as the Expat Centre confirms" in filer_cell
    assert "unconfirmed" not in filer_cell
    staff_cell = _cell(_client(officer), person)
    assert "source SEC" in staff_cell
    assert "unconfirmed" in staff_cell


def test_a_citizenship_without_visa_free_stay_or_outside_the_table(membership):
    needs_visa = factories.PersonFactory(organisation=membership.organisation, nationality="AFG")
    assert "none on record: a visa is needed" in _cell(_client(membership.user), needs_visa)
    stateless = factories.PersonFactory(organisation=membership.organisation, nationality="XXA")
    assert "unknown for this citizenship" in _cell(_client(membership.user), stateless)
