"""The catalogue (applications) and the fee tables (fees) name the same services and channels."""

from __future__ import annotations

import pytest

from applications.catalogue import all_services
from fees.constants import ServiceCode
from fees.selectors import offered_channels

pytestmark = pytest.mark.django_db


def test_fees_knows_exactly_the_catalogues_service_codes():
    assert {s.code for s in all_services()} == set(ServiceCode.values)


@pytest.mark.parametrize("service", all_services(), ids=lambda s: s.code)
def test_every_catalogue_channel_has_a_tariff_and_no_tariff_lacks_a_channel(service):
    assert set(offered_channels(service.code)) == set(service.channels)
