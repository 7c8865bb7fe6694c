"""Amounts in pounds, added up exactly and written with two decimals.

The proposal format holds amounts as numbers (floats); each is read as the decimal it is written
as (`34875.5`, not the nearest binary fraction), so totals are exact and compare to the penny.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal, localcontext

_PENNY = Decimal("0.01")
# Enough digits for the largest float (about 1.8e308) and any sum of them, to the penny.
_DIGITS = 400


def total(values: Iterable[float]) -> Decimal:
    """The exact sum of the amounts as written."""
    with localcontext() as context:
        context.prec = _DIGITS
        return sum((Decimal(repr(v)) for v in values), Decimal(0))


def pennies(amount: Decimal) -> Decimal:
    """The amount rounded to the penny (half a penny up)."""
    with localcontext() as context:
        context.prec = _DIGITS
        return amount.quantize(_PENNY, rounding=ROUND_HALF_UP)


def plain(amount: Decimal) -> str:
    """`81375.00`: digits and a decimal point only, for data files."""
    return f"{pennies(amount):f}"


def pounds(amount: Decimal) -> str:
    """`£81,375.00`, for messages."""
    return f"£{pennies(amount):,.2f}"
