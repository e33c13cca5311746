"""Checklists that know the country a document comes from, in a real browser (issue 8).

The filer of a Russian employee's C3 invitation reads that the diploma needs no apostille (Minsk 1993), then
uploads a diploma issued in Germany, choosing the state: the checklist now asks for an apostille. A diploma from the
UAE asks for consular legalisation. The officer reviewing a Ukrainian's file sees the rule's source and the
unconfirmed flag, which the filer never sees.
"""

from __future__ import annotations

import datetime as dt

import pytest

from applications.constants import State
from applications.models import DocumentUpload
from tests import factories
from tests.browser.actions import click_and_wait
from tests.clock import astana

pytestmark = [pytest.mark.django_db(transaction=True)]

#: A working Tuesday whose year has an MRP on record.
DAY = dt.date(2026, 6, 16)
DIPLOMA = "qualification-proof-cv"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(astana(DAY), tick=True)


@pytest.fixture(autouse=True)
def countries():
    """A transactional test empties the tables after itself, the migration-loaded country table too: reload it."""
    from qazeta.countries.loader import load
    from qazeta.countries.models import Country

    load(Country)


@pytest.fixture
def scan(tmp_path):
    path = tmp_path / "diploma.pdf"
    path.write_bytes(factories.PDF_BYTES)
    return str(path)


def _draft(nationality: str):
    membership, _ = factories.employer_with_staff()
    person = factories.PersonFactory(
        organisation=membership.organisation, nationality=nationality, passport_issuing_state=nationality
    )
    return membership, factories.c3_draft(membership=membership, person=person)


def test_the_diploma_row_follows_the_state_the_filer_chooses(signed_in, scan):
    membership, draft = _draft("RUS")
    page = signed_in(membership.user)
    page.goto(f"/applications/{draft.pk}/")
    row = page.locator(f"#item-{DIPLOMA}")
    assert row.locator(".certification").get_attribute("data-kind") == "none"
    assert "No apostille or legalisation" in row.inner_text()
    assert row.get_by_label("Issued by (state)").input_value() == "RU"

    row.get_by_label("Issued by (state)").select_option("DE")
    row.locator("input[type=file]").set_input_files(scan)
    click_and_wait(page, row.get_by_role("button", name="Upload"))

    row = page.locator(f"#item-{DIPLOMA}")
    assert row.locator(".certification").get_attribute("data-kind") == "apostille"
    assert "Issued in Germany" in row.inner_text()
    assert "An apostille" in row.inner_text()
    assert DocumentUpload.objects.get(application=draft, item_code=DIPLOMA).issuing_state == "DE"


def test_a_diploma_from_a_state_outside_every_convention_asks_for_consular_legalisation(signed_in):
    membership, draft = _draft("ARE")
    page = signed_in(membership.user)
    page.goto(f"/applications/{draft.pk}/")
    row = page.locator(f"#item-{DIPLOMA}")
    assert row.locator(".certification").get_attribute("data-kind") == "legalisation"
    assert "Consular legalisation" in row.inner_text()


def test_the_officer_sees_source_and_flag_the_filer_only_that_the_expat_centre_confirms(signed_in):
    membership, draft = _draft("UKR")
    officer = factories.UserFactory(officer=True)
    factories.upload_checklist(draft, membership.user)
    application = factories.advance(draft, State.IN_REVIEW, filer=membership.user, officer=officer)

    page = signed_in(officer)
    page.goto(f"/officer/applications/{application.pk}/")
    row = page.locator(f"#document-{DIPLOMA}")
    assert "Issued in Ukraine" in row.inner_text()
    assert "Hague Apostille Convention 1961" in row.inner_text()
    assert "source MEM" in row.inner_text()
    assert row.locator(".certification-unconfirmed").is_visible()

    page = signed_in(membership.user)
    page.goto(f"/applications/{application.pk}/")
    row = page.locator(f"#item-{DIPLOMA}")
    assert "as the Expat Centre confirms" in row.inner_text()
    assert "unconfirmed" not in page.content().lower()
