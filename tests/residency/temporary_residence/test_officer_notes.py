"""The TRP plug-in tells the officer what to check through the plug-in contract's ``officer_notes``
(``ServiceDefinition.officer_notes``): the latest end date Decree 807 allows, computed when the page is read."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from applications.constants import State
from applications.registry import get_registry
from applications.selectors import officer_notes
from tests import factories

from .conftest import cis_person, family_member_of, trp_draft

pytestmark = pytest.mark.django_db


def test_the_plug_in_declares_officer_notes():
    assert get_registry().get("temporary-residence").officer_notes is not None


def test_the_note_gives_the_latest_end_and_why(membership):
    app = trp_draft(membership, cis_person(membership), contract_ends_on=dt.date(2027, 3, 31))
    assert officer_notes(app) == [
        (
            "Latest permitted end date",
            "31.03.2027 (if it starts today, 16.06.2026): The employment or civil-law contract ends on 31.03.2027 "
            "(Decree 807 p.10: never beyond the contract).",
        )
    ]


def test_the_note_says_when_no_permit_can_be_issued_yet(membership):
    resident = cis_person(membership, "KGZ")
    principal = trp_draft(membership, resident, basis="aifc_investment_resident", contract_ends_on=None)
    spouse_app = trp_draft(membership, family_member_of(resident), principal=principal)
    [(label, text)] = officer_notes(spouse_app)
    assert label == "Latest permitted end date"
    assert text.startswith("None yet: ")
    assert "the investment resident's TRP is not on record yet" in text


def test_the_officer_page_shows_the_note(membership, officer):
    app = trp_draft(membership, cis_person(membership), contract_ends_on=dt.date(2027, 3, 31))
    app = factories.advance(app, State.IN_REVIEW, filer=membership.user, officer=officer)
    staff = Client()
    staff.force_login(officer)
    page = staff.get(reverse("officer-application", args=[app.pk])).content.decode()
    assert '<dd class="officer-note">31.03.2027 (if it starts today, 16.06.2026)' in page
