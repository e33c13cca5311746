"""The country table: loaded from the data files with provenance, and what it tells the checklists and the TRP."""

import datetime as dt

import pytest
from django.core.management import call_command

from qazeta.countries.models import Country
from qazeta.countries.selectors import CertificationKind, certification_for, country_for, trp_stay_threshold

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 6, 16)


def test_the_table_is_loaded_with_every_cells_provenance():
    assert Country.objects.count() == 250
    germany = Country.objects.get(code="DE")
    assert germany.apostille_in_force_from == dt.date(1966, 2, 13)
    assert germany.cell("apostille") == {"source": "HCCH", "note": "", "checked_on": "2024-07-29", "unconfirmed": False}
    # MEM cells (the compiler's knowledge, not found in retrieved text) load as unconfirmed.
    assert Country.objects.get(code="UA").cell("apostille")["unconfirmed"] is True


def test_any_code_form_finds_the_country():
    assert country_for("DE").code == "DE"
    assert country_for("DEU").code == "DE"
    assert country_for("D").code == "DE"  # ICAO 9303's code for Germany, as in passports
    assert country_for("ZZZ") is None


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("RUS", CertificationKind.NONE),  # Minsk 1993
        ("KGZ", CertificationKind.NONE),
        ("GEO", CertificationKind.NONE),  # left the CIS, still a Minsk party
        ("DEU", CertificationKind.APOSTILLE),
        ("USA", CertificationKind.APOSTILLE),
        ("ARE", CertificationKind.LEGALISATION),  # not an Apostille party
        ("UKR", CertificationKind.APOSTILLE),  # Minsk ceased for Ukraine on 29.12.2023
    ],
)
def test_what_a_foreign_public_document_needs(code, kind):
    assert certification_for(code, on=TODAY).kind == kind


def test_a_withdrawal_or_an_accession_counts_from_its_day():
    assert certification_for("UKR", on=dt.date(2023, 12, 28)).kind == CertificationKind.NONE
    assert certification_for("CHN", on=dt.date(2023, 11, 6)).kind == CertificationKind.LEGALISATION
    assert certification_for("CHN", on=dt.date(2023, 11, 7)).kind == CertificationKind.APOSTILLE


def test_an_unconfirmed_cell_is_flagged():
    assert certification_for("UKR", on=TODAY).unconfirmed is True
    assert certification_for("DEU", on=TODAY).unconfirmed is False


def test_trp_thresholds_follow_cis_and_eaeu_membership():
    assert trp_stay_threshold("RUS") == 90  # CIS and EAEU: the EAEU threshold
    assert trp_stay_threshold("UZB") == 30  # CIS only
    assert trp_stay_threshold("DEU") is None


def test_reloading_keeps_a_supervisors_edit_unless_asked():
    Country.objects.filter(code="DE").update(visa_free_days=45)
    call_command("load_countries")
    assert Country.objects.get(code="DE").visa_free_days == 45
    call_command("load_countries", "--update")
    assert Country.objects.get(code="DE").visa_free_days == 30
