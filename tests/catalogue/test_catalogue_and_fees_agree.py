"""The catalogue (applications) and the fee tables (fees) name the same services and channels.

The catalogue owns the list of service codes; the fee data file prices them. Every catalogue service has a
tariff and a state duty, or an alias, and the file prices no code the catalogue lacks.
"""

from __future__ import annotations

import pytest

from applications.catalogue import all_services
from fees.loader import default_fee_data
from fees.selectors import offered_channels

pytestmark = pytest.mark.django_db

CATALOGUE_CODES = {s.code for s in all_services()}
FEE_DATA = default_fee_data()


def test_every_catalogue_service_is_priced_by_the_fee_data_file():
    priced = {t.service for t in FEE_DATA.tariffs} | set(FEE_DATA.aliases)
    assert CATALOGUE_CODES - priced == set()


def test_every_catalogue_service_without_an_alias_has_a_state_duty():
    assert CATALOGUE_CODES - set(FEE_DATA.aliases) - {d.service for d in FEE_DATA.state_duties} == set()


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        ("tariff", {t.service for t in FEE_DATA.tariffs}),
        ("state_duty", {d.service for d in FEE_DATA.state_duties}),
        ("alias", set(FEE_DATA.aliases)),
        ("alias priced_as", {a.priced_as for a in FEE_DATA.aliases.values()}),
        ("note", set(FEE_DATA.notes)),
    ],
)
def test_the_fee_data_file_names_no_service_the_catalogue_lacks(kind, codes):
    assert codes - CATALOGUE_CODES == set(), f"[[{kind}]] entries name services missing from the catalogue"


@pytest.mark.parametrize("service", all_services(), ids=lambda s: s.code)
def test_every_catalogue_channel_has_a_tariff_and_no_tariff_lacks_a_channel(service):
    assert set(offered_channels(service.code)) == set(service.channels)
