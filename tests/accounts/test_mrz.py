"""ICAO 9303 TD3 (passport) MRZ parsing: fields, check digits reported per field, format problems."""

from datetime import date

import pytest

from qazeta.accounts.mrz import MrzFormatError, mrz_check_digit, parse_td3

# ICAO Doc 9303 part 4, Appendix A: the specimen passport of Anna Maria Eriksson, Utopia.
SPECIMEN_LINE1 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
SPECIMEN_LINE2 = "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
TODAY = date(2026, 5, 1)


def test_specimen_parses_every_field():
    result = parse_td3(SPECIMEN_LINE1, SPECIMEN_LINE2, today=TODAY)

    assert result.errors == {}
    assert result.is_valid
    assert result.document_code == "P"
    assert result.issuing_state == "UTO"
    assert result.surname == "ERIKSSON"
    assert result.given_names == "ANNA MARIA"
    assert result.passport_number == "L898902C3"
    assert result.nationality == "UTO"
    assert result.date_of_birth == date(1974, 8, 12)
    assert result.sex == "F"
    assert result.expiry_date == date(2012, 4, 15)
    assert result.personal_number == "ZE184226B"


def test_surrounding_whitespace_and_lower_case_are_tolerated():
    result = parse_td3(f"  {SPECIMEN_LINE1.lower()}\n", f"\t{SPECIMEN_LINE2.lower()} ", today=TODAY)

    assert result.errors == {}
    assert result.surname == "ERIKSSON"
    assert result.passport_number == "L898902C3"


# Each case changes one field's check digit and, so that only that field is wrong, the composite check
# digit too. The composite runs over line 2 positions 0-9, 13-19, 21-42 with weights 7,3,1 repeating;
# the specimen's composite is 0. The passport number check (composite index 9, weight 7) 6 -> 7 adds 7:
# composite 7. The birth date check (index 16, weight 3) 2 -> 3 adds 3: composite 3. The expiry check
# (index 23, weight 1) 9 -> 8 takes 1: composite 9. The personal number check (index 38, weight 1)
# 1 -> 2 adds 1: composite 1.
@pytest.mark.parametrize(
    ("line2", "field"),
    [
        ("L898902C37UTO7408122F1204159ZE184226B<<<<<17", "passport_number"),
        ("L898902C36UTO7408123F1204159ZE184226B<<<<<13", "date_of_birth"),
        ("L898902C36UTO7408122F1204158ZE184226B<<<<<19", "expiry_date"),
        ("L898902C36UTO7408122F1204159ZE184226B<<<<<21", "personal_number"),
        ("L898902C36UTO7408122F1204159ZE184226B<<<<<15", "composite"),
    ],
)
def test_corrupted_check_digit_reports_exactly_that_field(line2, field):
    result = parse_td3(SPECIMEN_LINE1, line2, today=TODAY)

    assert set(result.errors) == {field}
    assert not result.is_valid


def test_corrupted_field_check_digit_alone_also_breaks_the_composite():
    line2 = "L898902C37UTO7408122F1204159ZE184226B<<<<<10"  # passport number check 6 -> 7 only

    result = parse_td3(SPECIMEN_LINE1, line2, today=TODAY)

    assert set(result.errors) == {"passport_number", "composite"}
    assert "'7'" in result.errors["passport_number"]
    assert "gives 6" in result.errors["passport_number"]
    # The fields are still read, so the form can show them next to the messages.
    assert result.passport_number == "L898902C3"


def test_mistyped_passport_number_is_caught_by_its_check_digit():
    line2 = "L898902C46UTO7408122F1204159ZE184226B<<<<<10"  # C3 typed as C4

    result = parse_td3(SPECIMEN_LINE1, line2, today=TODAY)

    assert "passport_number" in result.errors
    assert result.passport_number == "L898902C4"


# A constructed modern Kazakh passport; check digits computed by hand (weights 7,3,1; N=23, '<'=0):
#   N12345678: 23*7+1*3+2*1+3*7+4*3+5*1+6*7+7*3+8*1 = 275 -> 5
#   900315:    9*7+0+0+3*7+1*3+5*1 = 92 -> 2
#   310314:    3*7+1*3+0+3*7+1*3+4*1 = 52 -> 2
#   900315450122<< (an IIN, see test_validators): 63+0+0+21+3+5+28+15+0+7+6+2+0+0 = 150 -> 0
#   composite over "N123456785" + "9003152" + "3103142900315450122<<0": 310 + 78 + 184 = 572 -> 2
MODERN_LINE1 = "P<KAZZHAKUPOVA<<AIGERIM<<<<<<<<<<<<<<<<<<<<<"
MODERN_LINE2 = "N123456785KAZ9003152F3103142900315450122<<02"


def test_constructed_modern_passport_is_valid():
    result = parse_td3(MODERN_LINE1, MODERN_LINE2, today=TODAY)

    assert result.errors == {}
    assert result.issuing_state == "KAZ"
    assert result.surname == "ZHAKUPOVA"
    assert result.given_names == "AIGERIM"
    assert result.passport_number == "N12345678"
    assert result.date_of_birth == date(1990, 3, 15)
    assert result.expiry_date == date(2031, 3, 14)
    assert result.personal_number == "900315450122"


def test_check_digit_function_matches_hand_computed_values():
    assert mrz_check_digit("L898902C3") == 6
    assert mrz_check_digit("740812") == 2
    assert mrz_check_digit("N12345678") == 5
    assert mrz_check_digit("<<<<") == 0


def test_check_digit_function_rejects_non_mrz_characters():
    with pytest.raises(ValueError, match="not an MRZ character"):
        mrz_check_digit("L89 902")


# Birth date "050101" has check digit 0*7+5*3+0+1*7+0+1*1 = 23 -> 3. The composite changes from the
# specimen's: positions 13-19 "7408122" -> "0501013" at weights 3,1,7,3,1,7,3: old 21+4+0+24+1+14+6 = 70,
# new 0+5+0+3+0+7+9 = 24, so the composite drops by 46: (0 - 46) mod 10 = 4.
def test_birth_year_not_in_the_future_is_in_the_2000s():
    line2 = "L898902C36UTO0501013F1204159ZE184226B<<<<<14"

    result = parse_td3(SPECIMEN_LINE1, line2, today=TODAY)

    assert result.errors == {}
    assert result.date_of_birth == date(2005, 1, 1)


def test_birth_date_after_today_is_in_the_1900s():
    # The specimen's "740812" would be 2074; before 12 August 2074 it must be 1974.
    result = parse_td3(SPECIMEN_LINE1, SPECIMEN_LINE2, today=date(2074, 8, 11))

    assert result.date_of_birth == date(1974, 8, 12)


def test_expiry_date_is_always_in_the_2000s():
    result = parse_td3(SPECIMEN_LINE1, SPECIMEN_LINE2, today=date(2000, 1, 1))

    assert result.expiry_date == date(2012, 4, 15)


def test_unspecified_sex_filler_reads_as_x():
    # Sex is not part of any check digit, so the specimen stays valid with '<'.
    line2 = SPECIMEN_LINE2[:20] + "<" + SPECIMEN_LINE2[21:]

    result = parse_td3(SPECIMEN_LINE1, line2, today=TODAY)

    assert result.sex == "X"
    assert result.errors == {}


def test_unknown_sex_character_is_a_format_error():
    line2 = SPECIMEN_LINE2[:20] + "Q" + SPECIMEN_LINE2[21:]

    result = parse_td3(SPECIMEN_LINE1, line2, today=TODAY)

    assert result.sex is None
    assert set(result.errors) == {"format"}


def test_impossible_date_is_reported_on_its_field():
    # "741332": month 13. Both the date and its check digit (now 4) are wrong, and so is the composite.
    line2 = "L898902C36UTO7413322F1204159ZE184226B<<<<<10"

    result = parse_td3(SPECIMEN_LINE1, line2, today=TODAY)

    assert result.date_of_birth is None
    assert "not a valid date" in result.errors["date_of_birth"]


def test_characters_outside_the_mrz_alphabet_are_a_format_error():
    line1 = SPECIMEN_LINE1.replace("ANNA", "AN-A")

    result = parse_td3(line1, SPECIMEN_LINE2, today=TODAY)

    assert set(result.errors) == {"format"}
    assert "'-'" in result.errors["format"]


def test_short_first_line_is_reported_and_still_read():
    result = parse_td3(SPECIMEN_LINE1[:30], SPECIMEN_LINE2, today=TODAY)

    assert set(result.errors) == {"format"}
    assert "30 characters" in result.errors["format"]
    assert result.given_names == "ANNA MARIA"


def test_line_two_of_wrong_length_reports_format_and_check_digit_failures():
    result = parse_td3(SPECIMEN_LINE1, SPECIMEN_LINE2[1:], today=TODAY)

    assert "format" in result.errors
    assert "43 characters" in result.errors["format"]
    assert "passport_number" in result.errors


def test_document_code_other_than_passport_is_a_format_error():
    result = parse_td3("I" + SPECIMEN_LINE1[1:], SPECIMEN_LINE2, today=TODAY)

    assert set(result.errors) == {"format"}


@pytest.mark.parametrize(("line1", "line2"), [("", SPECIMEN_LINE2), (SPECIMEN_LINE1, "   "), (None, SPECIMEN_LINE2)])
def test_unparseable_lines_raise_format_error(line1, line2):
    with pytest.raises(MrzFormatError):
        parse_td3(line1, line2, today=TODAY)


def test_format_error_is_a_value_error():
    assert issubclass(MrzFormatError, ValueError)
