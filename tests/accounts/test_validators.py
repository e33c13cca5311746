"""BIN/IIN check digit (qazeta.accounts.validators): weights 1..11, then 3..11,1,2, sum mod 11."""

import pytest
from django.core.exceptions import ValidationError

from qazeta.accounts.validators import is_valid_kz_number, kz_check_digit, validate_bin, validate_iin

# "000740001307", by hand: first pass 0*1+0*2+0*3+7*4+4*5+0*6+0*7+0*8+1*9+3*10+0*11 = 87, 87 mod 11 = 10,
# so the second weights apply: 0*3+0*4+0*5+7*6+4*7+0*8+0*9+0*10+1*11+3*1+0*2 = 84, 84 mod 11 = 7.
VALID_BIN = "000740001307"
# "900315450122", by hand: 9*1+0*2+0*3+3*4+1*5+5*6+4*7+5*8+0*9+1*10+2*11 = 156, 156 mod 11 = 2.
VALID_IIN = "900315450122"
# "00000000281": first pass 2*9+8*10+1*11 = 109 -> 10; second pass 2*11+8*1+1*2 = 32 -> 10: no check digit.
NO_CHECK_DIGIT_PREFIX = "00000000281"


def test_check_digit_uses_second_weights_when_first_pass_gives_ten():
    assert kz_check_digit(VALID_BIN[:11]) == 7


def test_check_digit_from_first_pass():
    assert kz_check_digit(VALID_IIN[:11]) == 2


def test_prefix_with_two_tens_has_no_check_digit():
    assert kz_check_digit(NO_CHECK_DIGIT_PREFIX) is None
    assert not any(is_valid_kz_number(NO_CHECK_DIGIT_PREFIX + str(d)) for d in range(10))


@pytest.mark.parametrize("value", ["0007400013", "000740001307X", "0007400013a"])
def test_check_digit_needs_exactly_eleven_digits(value):
    with pytest.raises(ValueError, match="11 digits"):
        kz_check_digit(value)


def test_valid_bin_and_iin_pass():
    assert is_valid_kz_number(VALID_BIN)
    assert is_valid_kz_number(VALID_IIN)
    validate_bin(VALID_BIN)
    validate_iin(VALID_IIN)


@pytest.mark.parametrize("wrong_last", ["0", "1", "6", "8", "9"])
def test_wrong_twelfth_digit_is_a_check_digit_error(wrong_last):
    value = VALID_BIN[:11] + wrong_last

    assert not is_valid_kz_number(value)
    with pytest.raises(ValidationError) as exc:
        validate_bin(value)
    assert exc.value.code == "bin_check_digit"


def test_wrong_iin_check_digit_has_its_own_code():
    with pytest.raises(ValidationError) as exc:
        validate_iin(VALID_IIN[:11] + "3")
    assert exc.value.code == "iin_check_digit"


@pytest.mark.parametrize("value", ["00074000130A", "000 40001307", "00074000130", "0007400013077", ""])
def test_non_digits_or_wrong_length_are_format_errors(value):
    assert not is_valid_kz_number(value)
    with pytest.raises(ValidationError) as exc:
        validate_bin(value)
    assert exc.value.code == "bin_format"
    with pytest.raises(ValidationError) as exc:
        validate_iin(value)
    assert exc.value.code == "iin_format"


# Known bug (reported, validators.py is not ours to edit): str.isdigit() accepts non-ASCII digits.
# "٧" (ARABIC-INDIC SEVEN) passes isdigit() and int() reads it as 7, so the BIN is accepted; "²"
# passes isdigit() but int() raises, so the validator raises ValueError instead of ValidationError.
def test_non_ascii_digits_are_rejected():
    assert not is_valid_kz_number(VALID_BIN[:11] + "\u0667")


def test_superscript_digit_is_a_validation_error():
    with pytest.raises(ValidationError):
        validate_bin(VALID_BIN[:11] + "\u00b2")
