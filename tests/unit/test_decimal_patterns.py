"""template/app/lib/decimal_patterns.py: the pattern of a decimal field accepts exactly the texts of the decimals its
column holds within its bounds (generated projects copy the module as it is, so it is tested here once)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.conftest import load_module

MODULE = Path(__file__).parents[2] / "template" / "app" / "lib" / "decimal_patterns.py"


decimal_pattern = load_module(MODULE, "decimal_patterns").decimal_pattern


@st.composite
def columns(draw: st.DrawFn) -> tuple[int, int, Decimal | None, Decimal | None]:
    """NUMERIC(precision, scale) and bounds that may lie outside its digits or between its steps."""
    precision = draw(st.integers(1, 12))
    scale = draw(st.integers(0, precision))
    reach = 10 ** (precision - scale + 1)
    bound = st.none() | st.decimals(-reach, reach, places=scale + 1).map(Decimal.normalize)
    minimum, maximum = draw(bound), draw(bound)
    if minimum is not None and maximum is not None and minimum > maximum:
        minimum, maximum = maximum, minimum
    return precision, scale, minimum, maximum


def _holds(value: Decimal, precision: int, scale: int, minimum: Decimal | None, maximum: Decimal | None) -> bool:
    whole_digits = precision - scale
    return (
        abs(value) < Decimal(10) ** whole_digits
        and (minimum is None or value >= minimum)
        and (maximum is None or value <= maximum)
    )


def _pattern(precision: int, scale: int, minimum: Decimal | None, maximum: Decimal | None) -> re.Pattern[str]:
    try:
        return re.compile(decimal_pattern(precision, scale, minimum, maximum))
    except ValueError:
        assume(False)
        raise


@given(columns(), st.booleans(), st.integers(0, 10**13), st.text("0123456789", max_size=13))
def test_a_text_matches_exactly_when_its_decimal_fits(
    column: tuple[int, int, Decimal | None, Decimal | None], negative: bool, whole: int, decimals: str
) -> None:
    """Texts written as clients write them: a sign, no leading zeros, any number of decimals."""
    scale = column[1]
    pattern = _pattern(*column)
    text = ("-" if negative else "") + str(whole) + (f".{decimals}" if decimals else "")
    value = Decimal(text)
    expected = len(decimals) <= scale and not (negative and value == 0) and _holds(value, *column)
    assert bool(pattern.fullmatch(text)) is expected, (text, pattern.pattern)


@given(st.data(), columns())
def test_every_text_the_pattern_allows_is_a_decimal_that_fits(
    data: st.DataObject, column: tuple[int, int, Decimal | None, Decimal | None]
) -> None:
    """What a client generating requests from the OpenAPI pattern sends is accepted."""
    pattern = _pattern(*column)
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    _, scale, _, _ = column
    assert len(text.partition(".")[2]) <= scale, (text, pattern.pattern)
    assert _holds(Decimal(text), *column), (text, pattern.pattern)


@pytest.mark.parametrize(
    ("column", "pattern"),
    [
        ((10, 2, Decimal(0), None), r"^(?:0|[1-9][0-9]{0,7})(?:\.[0-9]{1,2})?$"),
        ((2, 0, Decimal(-5), Decimal(-3)), r"^-[3-5]$"),
        ((6, 0, Decimal(0), Decimal(0)), r"^0$"),
    ],
)
def test_patterns_read_as_written_by_hand(
    column: tuple[int, int, Decimal | None, Decimal | None], pattern: str
) -> None:
    assert decimal_pattern(*column) == pattern


def test_bounds_no_decimal_of_the_column_meets_are_refused() -> None:
    with pytest.raises(ValueError, match="no decimal of 3 digits"):
        decimal_pattern(3, 1, Decimal("0.01"), Decimal("0.04"))
