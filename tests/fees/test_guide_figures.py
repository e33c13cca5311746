"""Every tariff and state duty of the data file checked against the guide's figures, written out here by hand.

Source: Expat Centre guide 2025 (shared/seeds/001_84f5f4afc213442e.txt), "Тарифтер мен мерзімдер" tables.
The tables below are typed from the guide, not generated from fees/data/tariffs.toml: a typo in either
fails.
"""

from datetime import date
from decimal import Decimal

import pytest

from fees.models import StateDuty, Tariff
from fees.selectors import quote

IN_2025 = date(2025, 6, 2)

# (service, channel, validity band, variant, service fee KZT) — one line per figure of the guide.
GUIDE_TARIFFS = [
    # Work visa §1: invitation letter. ≤ 2 years 360 000 / walk-in 470 000; 3-5 years 720 000 / 940 000.
    ("c3-invitation", "standard", "up_to_2_years", "", "360000.00"),
    ("c3-invitation", "standard", "3_to_5_years", "", "720000.00"),
    ("c3-invitation", "walk_in", "up_to_2_years", "", "470000.00"),
    ("c3-invitation", "walk_in", "3_to_5_years", "", "940000.00"),
    # Work visa §2: issued in Kazakhstan, same fees.
    ("c3-visa", "standard", "up_to_2_years", "", "360000.00"),
    ("c3-visa", "standard", "3_to_5_years", "", "720000.00"),
    ("c3-visa", "walk_in", "up_to_2_years", "", "470000.00"),
    ("c3-visa", "walk_in", "3_to_5_years", "", "940000.00"),
    # Investor visa §1-§3: A5 invitation, A5 in Kazakhstan, A6 invitation, same fees.
    ("a5-invitation", "standard", "up_to_2_years", "", "360000.00"),
    ("a5-invitation", "standard", "3_to_5_years", "", "720000.00"),
    ("a5-invitation", "walk_in", "up_to_2_years", "", "470000.00"),
    ("a5-invitation", "walk_in", "3_to_5_years", "", "940000.00"),
    ("a5-visa", "standard", "up_to_2_years", "", "360000.00"),
    ("a5-visa", "standard", "3_to_5_years", "", "720000.00"),
    ("a5-visa", "walk_in", "up_to_2_years", "", "470000.00"),
    ("a5-visa", "walk_in", "3_to_5_years", "", "940000.00"),
    ("a6-invitation", "standard", "up_to_2_years", "", "360000.00"),
    ("a6-invitation", "standard", "3_to_5_years", "", "720000.00"),
    ("a6-invitation", "walk_in", "up_to_2_years", "", "470000.00"),
    ("a6-invitation", "walk_in", "3_to_5_years", "", "940000.00"),
    # Permanent residence permit: 1 440 000 (one fee column).
    ("permanent-residence", "standard", "any", "", "1440000.00"),
    # Temporary residence permit: employee 110 000 / 170 000; expert 90 000 / 170 000.
    ("temporary-residence", "standard", "any", "employee", "110000.00"),
    ("temporary-residence", "walk_in", "any", "employee", "170000.00"),
    ("temporary-residence", "standard", "any", "expert", "90000.00"),
    ("temporary-residence", "walk_in", "any", "expert", "170000.00"),
    # Short-term business visa §1: 20 000 / 60 000 / 160 000.
    ("business-single-invitation", "standard", "any", "", "20000.00"),
    ("business-single-invitation", "walk_in", "any", "", "60000.00"),
    ("business-single-invitation", "personal_manager", "any", "", "160000.00"),
    # Long-term business visa §1 and §2: 20 000 / 60 000 / 160 000.
    ("business-multi-invitation", "standard", "any", "", "20000.00"),
    ("business-multi-invitation", "walk_in", "any", "", "60000.00"),
    ("business-multi-invitation", "personal_manager", "any", "", "160000.00"),
    ("business-multi-visa", "standard", "any", "", "20000.00"),
    ("business-multi-visa", "walk_in", "any", "", "60000.00"),
    ("business-multi-visa", "personal_manager", "any", "", "160000.00"),
    # Visa cancellation §1 and §2: 20 000 each (one fee column).
    ("visa-cancellation", "standard", "any", "", "20000.00"),
    ("visa-cancellation-exit", "standard", "any", "", "20000.00"),
    # Other migration and tax services.
    ("arrival-notification", "standard", "any", "", "10000.00"),
    ("iin", "standard", "any", "", "10000.00"),
    ("iin", "walk_in", "any", "", "20000.00"),
    ("iin", "personal_manager", "any", "", "60000.00"),
    ("tax-residency-certificate", "standard", "any", "", "40000.00"),
    ("tax-residency-certificate", "personal_manager", "any", "", "140000.00"),
    ("tax-residency-certificate-aifc", "standard", "any", "", "40000.00"),
    ("tax-residency-certificate-aifc", "personal_manager", "any", "", "140000.00"),
    ("eds", "standard", "any", "", "10000.00"),
    ("eds", "walk_in", "any", "", "20000.00"),
    ("eds", "personal_manager", "any", "", "60000.00"),
    ("fingerprinting", "standard", "any", "", "10000.00"),
    # Exemption from or change of qualification requirements: 60 000.
    ("qualification-exemption", "standard", "any", "", "60000.00"),
]

# service -> (state duty in MRP, the guide's 2025 tenge figure). "-" or no duty column -> 0.
GUIDE_DUTIES = {
    "c3-invitation": ("0.5", "1966.00"),
    "c3-visa": ("30", "117960.00"),
    "a5-invitation": ("0", "0.00"),
    "a5-visa": ("0", "0.00"),
    "a6-invitation": ("0", "0.00"),
    "permanent-residence": ("4", "15728.00"),
    "temporary-residence": ("0", "0.00"),
    "business-single-invitation": ("0.5", "1966.00"),
    "business-multi-invitation": ("0.5", "1966.00"),
    "business-multi-visa": ("30", "117960.00"),
    "visa-cancellation": ("0", "0.00"),
    "visa-cancellation-exit": ("0.5", "1966.00"),
    "arrival-notification": ("0", "0.00"),
    "iin": ("0", "0.00"),
    "tax-residency-certificate": ("0", "0.00"),
    "tax-residency-certificate-aifc": ("0", "0.00"),
    "eds": ("0", "0.00"),
    "fingerprinting": ("0", "0.00"),
    "qualification-exemption": ("0", "0.00"),
}

# A validity inside each band, to quote with.
YEARS_IN_BAND = {"up_to_2_years": 2, "3_to_5_years": 4, "any": None}


@pytest.mark.django_db
def test_data_file_holds_exactly_the_guide_tariffs_from_2025():
    rows = {
        (t.service, t.channel, t.validity_band, t.variant, f"{t.amount:.2f}")
        for t in Tariff.objects.all()
        if t.effective_from == date(2025, 1, 1) and t.effective_to is None
    }
    assert rows == set(GUIDE_TARIFFS)
    assert Tariff.objects.count() == len(GUIDE_TARIFFS)


@pytest.mark.django_db
def test_data_file_holds_exactly_the_guide_state_duties_from_2025():
    rows = {
        d.service: f"{d.mrp_multiple.normalize():f}"
        for d in StateDuty.objects.filter(effective_from=date(2025, 1, 1), effective_to__isnull=True)
    }
    assert rows == {service: multiple for service, (multiple, _kzt) in GUIDE_DUTIES.items()}
    assert StateDuty.objects.count() == len(GUIDE_DUTIES)


@pytest.mark.django_db
@pytest.mark.parametrize(("service", "channel", "band", "variant", "fee"), GUIDE_TARIFFS)
def test_quote_gives_the_guide_service_fee(service, channel, band, variant, fee):
    result = quote(service=service, channel=channel, validity_years=YEARS_IN_BAND[band], variant=variant, on=IN_2025)
    assert result.service_fee == Decimal(fee)
    assert result.validity_band == band
    assert result.total == result.service_fee + result.state_duty


@pytest.mark.django_db
@pytest.mark.parametrize(("service", "duty"), sorted(GUIDE_DUTIES.items()))
def test_quote_in_2025_gives_the_guide_state_duty_in_tenge(service, duty):
    multiple, kzt_2025 = duty
    fee_row = next(row for row in GUIDE_TARIFFS if row[0] == service)
    _service, channel, band, variant, _fee = fee_row
    result = quote(service=service, channel=channel, validity_years=YEARS_IN_BAND[band], variant=variant, on=IN_2025)
    assert result.mrp == Decimal("3932.00")
    assert result.state_duty_mrp == Decimal(multiple)
    assert result.state_duty == Decimal(kzt_2025)
