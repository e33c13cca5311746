"""quote(), fee_table(), offered_channels(), state_duty_for(): amounts, dates, aliases and every refusal."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from fees.models import StateDuty, Tariff
from fees.money import duty_amount, to_kzt
from fees.selectors import (
    QuoteError,
    fee_table,
    offered_channels,
    priced_as,
    priced_services,
    quote,
    state_duty_for,
)

pytestmark = pytest.mark.django_db

IN_2026 = date(2026, 3, 2)
IN_2025 = date(2025, 6, 2)


def test_c3_invitation_standard_two_years_in_2026_uses_mrp_4325_and_keeps_the_tiyn():
    result = quote(service="c3-invitation", channel="standard", validity_years=2, on=IN_2026)
    assert result.mrp == Decimal("4325.00")
    assert result.service_fee == Decimal("360000.00")
    assert result.state_duty_mrp == Decimal("0.5")
    assert result.state_duty == Decimal("2162.50")
    assert result.total == Decimal("362162.50")
    assert result.currency == "KZT"
    assert result.on == IN_2026


def test_same_quote_in_2025_uses_mrp_3932():
    result = quote(service="c3-invitation", channel="standard", validity_years=2, on=IN_2025)
    assert result.mrp == Decimal("3932.00")
    assert result.state_duty == Decimal("1966.00")
    assert result.total == Decimal("361966.00")


def test_three_year_validity_walk_in_is_priced_in_the_3_to_5_band():
    result = quote(service="c3-invitation", channel="walk_in", validity_years=3, on=IN_2026)
    assert result.validity_band == "3_to_5_years"
    assert result.service_fee == Decimal("940000.00")


@pytest.mark.parametrize(
    ("years", "band"), [(1, "up_to_2_years"), (2, "up_to_2_years"), (3, "3_to_5_years"), (5, "3_to_5_years")]
)
def test_validity_years_map_to_the_guide_bands(years, band):
    assert quote(service="a5-visa", channel="standard", validity_years=years, on=IN_2026).validity_band == band


@pytest.mark.parametrize(
    ("channel", "variant", "fee"),
    [
        ("standard", "employee", "110000.00"),
        ("walk_in", "employee", "170000.00"),
        ("standard", "expert", "90000.00"),
        ("walk_in", "expert", "170000.00"),
    ],
)
def test_trp_fee_depends_on_variant_and_channel_with_no_state_duty(channel, variant, fee):
    result = quote(service="temporary-residence", channel=channel, variant=variant, on=IN_2026)
    assert result.service_fee == Decimal(fee)
    assert result.variant == variant
    assert result.state_duty == Decimal("0.00")
    assert result.total == Decimal(fee)


def test_trp_without_variant_is_refused_on_variant():
    with pytest.raises(QuoteError) as exc:
        quote(service="temporary-residence", channel="standard", on=IN_2026)
    assert exc.value.field == "variant"


def test_variant_is_ignored_for_a_service_without_variants():
    result = quote(service="iin", channel="standard", variant="expert", on=IN_2026)
    assert result.variant == ""
    assert result.service_fee == Decimal("10000.00")


def test_unknown_variant_is_refused_on_variant():
    with pytest.raises(QuoteError) as exc:
        quote(service="temporary-residence", channel="standard", variant="director", on=IN_2026)
    assert exc.value.field == "variant"


def test_tax_residency_certificate_has_no_walk_in_channel():
    with pytest.raises(QuoteError) as exc:
        quote(service="tax-residency-certificate", channel="walk_in", on=IN_2026)
    assert exc.value.field == "channel"
    assert "Personal manager" in exc.value.message
    assert isinstance(exc.value, ValueError)


def test_personal_manager_is_refused_where_the_guide_has_no_such_column():
    with pytest.raises(QuoteError) as exc:
        quote(service="c3-visa", channel="personal_manager", validity_years=2, on=IN_2026)
    assert exc.value.field == "channel"


def test_unknown_channel_is_refused_on_channel():
    with pytest.raises(QuoteError) as exc:
        quote(service="iin", channel="express", on=IN_2026)
    assert exc.value.field == "channel"


def test_missing_validity_is_refused_where_the_fee_has_bands():
    with pytest.raises(QuoteError) as exc:
        quote(service="c3-invitation", channel="standard", on=IN_2026)
    assert exc.value.field == "validity_years"


@pytest.mark.parametrize("years", [0, 6, -1])
def test_validity_outside_one_to_five_years_is_refused(years):
    with pytest.raises(QuoteError) as exc:
        quote(service="c3-invitation", channel="standard", validity_years=years, on=IN_2026)
    assert exc.value.field == "validity_years"


def test_validity_is_not_needed_where_the_fee_has_no_bands():
    result = quote(service="permanent-residence", channel="standard", on=IN_2026)
    assert result.validity_band == "any"


def test_unknown_service_is_refused_on_service():
    with pytest.raises(QuoteError) as exc:
        quote(service="golden-visa", channel="standard", on=IN_2026)
    assert exc.value.field == "service"
    assert exc.value.message == "No fee is recorded for service “golden-visa”."


def test_a_service_whose_rows_are_gone_is_refused_on_service_not_on_the_date():
    Tariff.objects.filter(service="eds").delete()
    StateDuty.objects.filter(service="eds").delete()
    with pytest.raises(QuoteError) as exc:
        quote(service="eds", channel="standard", on=IN_2026)
    assert exc.value.field == "service"
    assert "eds" in exc.value.message


def test_a_service_added_only_as_rows_is_quoted_without_a_code_change():
    Tariff.objects.create(service="d7-golden-visa", channel="standard", amount=Decimal("50000"), effective_from=IN_2025)
    StateDuty.objects.create(service="d7-golden-visa", mrp_multiple=Decimal("2"), effective_from=IN_2025)
    result = quote(service="d7-golden-visa", channel="standard", on=IN_2026)
    assert result.total == Decimal("50000.00") + Decimal("8650.00")
    assert "d7-golden-visa" in priced_services()


def test_priced_services_are_the_tariffed_services_and_the_aliases():
    codes = priced_services()
    assert {"c3-invitation", "iin", "temporary-residence", "c3-extension", "business-single-extension"} <= codes
    assert "golden-visa" not in codes
    assert len(codes) == 23


def test_permanent_residence_duty_is_4_mrp_17300_in_2026():
    result = quote(service="permanent-residence", channel="standard", on=IN_2026)
    assert result.state_duty_mrp == Decimal("4")
    assert result.state_duty == Decimal("17300.00")
    assert result.total == Decimal("1457300.00")


def test_a_date_before_the_guide_tariffs_is_refused_on_on():
    with pytest.raises(QuoteError) as exc:
        quote(service="c3-invitation", channel="standard", validity_years=2, on=date(2024, 12, 31))
    assert exc.value.field == "on"


def test_a_year_without_mrp_is_refused_on_on():
    with pytest.raises(QuoteError) as exc:
        quote(service="iin", channel="standard", on=date(2027, 1, 4))
    assert exc.value.field == "on"
    assert "2027" in exc.value.message


def test_on_defaults_to_today_in_almaty_not_utc(time_machine):
    # 20:30 UTC on 31 Dec 2025 is already 1 Jan 2026 in Astana (UTC+5): the 2026 MRP applies.
    time_machine.move_to(datetime(2025, 12, 31, 20, 30, tzinfo=UTC), tick=False)
    result = quote(service="c3-invitation", channel="standard", validity_years=2)
    assert result.on == date(2026, 1, 1)
    assert result.state_duty == Decimal("2162.50")


# --- aliases: extensions priced as the in-country issuance ---

ALIASES = {
    "c3-extension": "c3-visa",
    "investor-visa-extension": "a5-visa",
    "business-single-extension": "business-single-invitation",
    "business-multi-extension": "business-multi-visa",
}


def test_c3_extension_is_quoted_at_the_c3_visa_tariff_and_30_mrp_duty_with_a_note():
    result = quote(service="c3-extension", channel="standard", validity_years=2, on=IN_2026)
    assert result.service == "c3-extension"
    assert result.priced_as == "c3-visa"
    assert result.service_fee == Decimal("360000.00")
    assert result.state_duty_mrp == Decimal("30")
    assert result.state_duty == Decimal("129750.00")
    assert result.total == Decimal("489750.00")
    assert "c3-visa" in result.note
    assert "no tariff" in result.note


@pytest.mark.parametrize(("service", "target"), sorted(ALIASES.items()))
def test_every_extension_costs_what_its_alias_costs(service, target):
    assert priced_as(service)[0] == target
    years = 4 if service in {"c3-extension", "investor-visa-extension"} else None
    extension = quote(service=service, channel="walk_in", validity_years=years, on=IN_2026)
    issuance = quote(service=target, channel="walk_in", validity_years=years, on=IN_2026)
    assert (extension.service_fee, extension.state_duty, extension.total) == (
        issuance.service_fee,
        issuance.state_duty,
        issuance.total,
    )
    assert extension.note
    assert issuance.note == ""
    assert fee_table(service, IN_2026) == fee_table(target, IN_2026)
    assert state_duty_for(service, IN_2026).amount == state_duty_for(target, IN_2026).amount


def test_fingerprinting_quote_says_it_is_free_after_a_visa_or_trp_service_fee():
    result = quote(service="fingerprinting", channel="standard", on=IN_2026)
    assert result.service_fee == Decimal("10000.00")
    assert "Free when" in result.note


# --- catalogue helpers ---


@pytest.mark.parametrize(
    ("service", "channels"),
    [
        ("c3-invitation", ["standard", "walk_in"]),
        ("iin", ["standard", "walk_in", "personal_manager"]),
        ("tax-residency-certificate", ["standard", "personal_manager"]),
        ("permanent-residence", ["standard"]),
        ("business-single-extension", ["standard", "walk_in", "personal_manager"]),
    ],
)
def test_offered_channels_are_the_guide_columns(service, channels):
    assert offered_channels(service, IN_2026) == channels


def test_offered_channels_is_empty_before_the_tariffs_start():
    assert offered_channels("iin", date(2024, 1, 1)) == []


def test_fee_table_lists_channel_by_band_in_order():
    rows = fee_table("c3-invitation", IN_2026)
    assert [(r.channel, r.validity_band, r.service_fee) for r in rows] == [
        ("standard", "up_to_2_years", Decimal("360000.00")),
        ("standard", "3_to_5_years", Decimal("720000.00")),
        ("walk_in", "up_to_2_years", Decimal("470000.00")),
        ("walk_in", "3_to_5_years", Decimal("940000.00")),
    ]
    assert rows[2].channel_label == "Walk-in (priority submission)"
    assert rows[1].validity_band_label == "3 to 5 years"


def test_fee_table_of_an_unknown_service_is_refused():
    with pytest.raises(QuoteError) as exc:
        fee_table("nope", IN_2026)
    assert exc.value.field == "service"


def test_state_duty_for_gives_multiple_mrp_and_amount():
    duty = state_duty_for("business-multi-visa", date(2026, 1, 1))
    assert (duty.mrp_multiple, duty.mrp, duty.amount) == (
        Decimal("30"),
        Decimal("4325.00"),
        Decimal("129750.00"),
    )


# --- money and serialisation ---


def test_duty_is_rounded_half_up_to_the_tiyn_not_to_tenge_nor_half_even():
    assert duty_amount(Decimal("4325"), Decimal("0.5")) == Decimal("2162.50")
    # Half-even (banker's) rounding would give 0.00 and 0.02; half-up gives 0.01 and 0.03.
    assert to_kzt(Decimal("0.005")) == Decimal("0.01")
    assert to_kzt(Decimal("0.025")) == Decimal("0.03")


def test_as_dict_gives_decimal_strings_and_iso_date():
    data = quote(service="c3-invitation", channel="standard", validity_years=2, on=IN_2026).as_dict()
    assert data["mrp"] == "4325.00"
    assert data["service_fee"] == "360000.00"
    assert data["state_duty_mrp"] == "0.5"
    assert data["state_duty"] == "2162.50"
    assert data["total"] == "362162.50"
    assert data["on"] == "2026-03-02"
    assert data["currency"] == "KZT"
    assert data["validity_band"] == "up_to_2_years"


def test_as_dict_writes_whole_mrp_multiples_without_exponent():
    data = quote(service="c3-visa", channel="standard", validity_years=2, on=IN_2026).as_dict()
    assert data["state_duty_mrp"] == "30"
    assert quote(service="iin", channel="standard", on=IN_2026).as_dict()["state_duty_mrp"] == "0"


# --- effective dating ---


def _c3_standard_short() -> Tariff:
    return Tariff.objects.get(service="c3-invitation", channel="standard", validity_band="up_to_2_years", variant="")


def test_a_successor_tariff_applies_from_its_first_day():
    old = _c3_standard_short()
    old.effective_to = date(2026, 6, 30)
    old.full_clean()
    old.save()
    new = Tariff(
        service="c3-invitation",
        channel="standard",
        validity_band="up_to_2_years",
        amount=Decimal("400000"),
        effective_from=date(2026, 7, 1),
        source="test",
    )
    new.full_clean()
    new.save()
    last_old_day = quote(service="c3-invitation", channel="standard", validity_years=2, on=date(2026, 6, 30))
    first_new_day = quote(service="c3-invitation", channel="standard", validity_years=2, on=date(2026, 7, 1))
    assert last_old_day.service_fee == Decimal("360000.00")
    assert first_new_day.service_fee == Decimal("400000.00")


def test_an_overlapping_tariff_fails_validation():
    overlapping = Tariff(
        service="c3-invitation",
        channel="standard",
        validity_band="up_to_2_years",
        amount=Decimal("400000"),
        effective_from=date(2026, 7, 1),
    )
    with pytest.raises(ValidationError):
        overlapping.full_clean()


def test_a_period_ending_before_it_starts_fails_validation():
    row = _c3_standard_short()
    row.effective_to = date(2024, 12, 31)
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert "effective_to" in exc.value.message_dict


def test_the_same_key_and_start_cannot_be_stored_twice():
    with pytest.raises(IntegrityError):
        Tariff.objects.create(
            service="c3-invitation",
            channel="standard",
            validity_band="up_to_2_years",
            amount=Decimal("1"),
            effective_from=date(2025, 1, 1),
        )


def test_aifc_tax_residency_fee_stays_after_decree_1242_which_only_instructs_the_government():
    # Decree No 1242 of 25 Apr 2026 orders the Government to abolish the fee by 31 Dec 2026; it sets no date.
    result = quote(service="tax-residency-certificate-aifc", channel="standard", on=date(2026, 11, 2))
    assert result.service_fee == Decimal("40000.00")
