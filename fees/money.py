"""Money arithmetic of the fees app: the one place where tenge amounts are rounded.

Amounts are ``Decimal`` tenge with two places (tiyn), never floats (CONVENTIONS.md §7). A state duty is the
MRP of the quote's year times an MRP multiple, rounded half up to the tiyn: 0.5 × 4 325 = 2 162.50 KZT, not
2 163. Half-up is the rounding a payer expects on a receipt; the tenge value is never rounded to whole tenge
because the duty is paid to the tiyn through the payment systems.
"""

from decimal import ROUND_HALF_UP, Decimal

#: One tiyn, the quantum of every amount.
TIYN = Decimal("0.01")


def to_kzt(amount: Decimal | int) -> Decimal:
    """``amount`` (KZT) rounded half up to two places: ``to_kzt(Decimal("2162.5")) == Decimal("2162.50")``."""
    return Decimal(amount).quantize(TIYN, rounding=ROUND_HALF_UP)


def duty_amount(mrp: Decimal, mrp_multiple: Decimal) -> Decimal:
    """The state duty in KZT: ``mrp`` (KZT) × ``mrp_multiple`` (MRP), rounded by :func:`to_kzt`."""
    return to_kzt(mrp * mrp_multiple)


def format_kzt(amount: Decimal) -> str:
    """``amount`` as a plain decimal string with two places, no exponent: ``"2162.50"``, ``"0.00"``."""
    return f"{to_kzt(amount):f}"


def format_mrp_multiple(multiple: Decimal) -> str:
    """An MRP multiple without trailing zeros or exponent: ``"0.5"``, ``"30"``, ``"4"``, ``"0"``."""
    return f"{multiple.normalize():f}"
