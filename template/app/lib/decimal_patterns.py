"""The regular expression that says exactly which texts a decimal field accepts (app/lib/inputs.py: DecimalText).

A JSON number would reach Python as a float and lose digits, so a decimal travels as text: `"12.50"`. Its column's
digits (NUMERIC(precision, scale)) and the field's bounds become one pattern, which the OpenAPI document shows and
the server applies, so that a client (or a tool generating requests from the document) knows every accepted value.
"""

from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal


def decimal_pattern(precision: int, scale: int, minimum: Decimal | None = None, maximum: Decimal | None = None) -> str:
    """The texts of the decimals of at most `precision` digits, `scale` of them after the point, within the bounds:
    an optional `-`, no leading zeros, and at most `scale` decimals (`7`, `7.5` and `7.50` alike)."""
    step = Decimal(1).scaleb(-scale)
    largest = Decimal(10) ** (precision - scale) - step
    low = max(minimum, -largest) if minimum is not None else -largest
    high = min(maximum, largest) if maximum is not None else largest
    low, high = low.quantize(step, rounding=ROUND_CEILING), high.quantize(step, rounding=ROUND_FLOOR)
    if low > high:
        msg = f"no decimal of {precision} digits ({scale} after the point) lies between {minimum} and {maximum}"
        raise ValueError(msg)
    branches = []
    if high >= 0:
        branches.append(_magnitudes(max(low, Decimal(0)), high, scale))
    if low < 0:  # negative values by their magnitude; `-0` is left to the positive branch
        branches.append("-" + _magnitudes(max(-high, step), -low, scale))
    return "^" + _alternatives(branches) + "$"


def _magnitudes(low: Decimal, high: Decimal, scale: int) -> str:
    """The texts of the non-negative decimals from `low` to `high`, which have at most `scale` decimals."""
    unit = 10**scale
    low_whole, low_part = divmod(int(low.scaleb(scale)), unit)
    high_whole, high_part = divmod(int(high.scaleb(scale)), unit)
    low_digits, high_digits = (f"{part:0{scale}d}" if scale else "" for part in (low_part, high_part))
    lowest, highest = "0" * scale, "9" * scale
    if low_whole == high_whole:
        return _integers(low_whole, low_whole) + _fraction(low_digits, high_digits)
    # Whole numbers that take any decimals, and the ends that take only some.
    first = low_whole if low_digits == lowest else low_whole + 1
    last = high_whole if high_digits == highest else high_whole - 1
    branches = [] if first == low_whole else [_integers(low_whole, low_whole) + _fraction(low_digits, highest)]
    if first <= last:
        branches.append(_integers(first, last) + _fraction(lowest, highest))
    if last < high_whole:
        branches.append(_integers(high_whole, high_whole) + _fraction(lowest, high_digits))
    return _alternatives(branches)


def _fraction(low: str, high: str) -> str:
    """An optional `.` and 1 to len(low) digits whose value (padded with zeros) lies from `low` to `high`."""
    if not low:
        return ""
    digits = r"\." + _digits_between(low, high)
    return f"(?:{digits})?" if set(low) == {"0"} else digits


def _digits_between(low: str, high: str) -> str:
    """1 to len(low) digits whose value, padded with zeros to that length, lies from `low` to `high`."""
    options: dict[str, list[str]] = {}  # the rest of the digits, by the first digits they may follow
    for first in range(int(low[0]), int(high[0]) + 1):
        rest_low = low[1:] if first == int(low[0]) else "0" * (len(low) - 1)
        rest_high = high[1:] if first == int(high[0]) else "9" * (len(high) - 1)
        rest = _optional_digits(rest_low, rest_high)
        options.setdefault(rest, []).append(str(first))
    if list(options.values()) == [[str(digit) for digit in range(10)]] and set(low) == {"0"} and set(high) == {"9"}:
        return _repeat(1, len(low))
    return _alternatives([_digit_class(firsts) + rest for rest, firsts in options.items()])


def _optional_digits(low: str, high: str) -> str:
    """0 to len(low) digits (none only where `low` is all zeros) whose padded value lies from `low` to `high`."""
    if not low:
        return ""
    if set(low) == {"0"} and set(high) == {"9"}:
        return _repeat(0, len(low))
    digits = _digits_between(low, high)
    return f"(?:{digits})?" if set(low) == {"0"} else digits


def _integers(low: int, high: int) -> str:
    """The whole numbers from `low` to `high` (both >= 0), written without leading zeros."""
    branches = ["0"] if low == 0 else []
    full_lengths = []  # the lengths whose every number is in the range: one branch together, `[1-9][0-9]{1,6}`
    for length in range(len(str(max(low, 1))), len(str(high)) + 1):
        smallest, largest = 10 ** (length - 1), 10**length - 1
        start, end = max(low, smallest, 1), min(high, largest)
        if start > end:
            continue
        if (start, end) == (smallest, largest):
            full_lengths.append(length)
        else:
            branches.append(_same_length(str(start), str(end)))
    if full_lengths:
        branches.insert(1 if low == 0 else 0, "[1-9]" + _repeat(full_lengths[0] - 1, full_lengths[-1] - 1))
    return _alternatives(branches)


def _repeat(fewest: int, most: int) -> str:
    """`[0-9]` repeated `fewest` to `most` times."""
    if most == 0:
        return ""
    if fewest == most:
        return "[0-9]" if most == 1 else f"[0-9]{{{most}}}"
    return f"[0-9]{{{fewest},{most}}}"


def _same_length(low: str, high: str) -> str:
    """The digit strings from `low` to `high`, which have the same length."""
    if not low:
        return ""
    if low[0] == high[0]:
        return low[0] + _same_length(low[1:], high[1:])
    rest = len(low) - 1
    any_rest = _repeat(rest, rest)
    first_full = int(low[0]) if set(low[1:]) <= {"0"} else int(low[0]) + 1
    last_full = int(high[0]) if set(high[1:]) <= {"9"} else int(high[0]) - 1
    branches = []
    if first_full > int(low[0]):
        branches.append(low[0] + _same_length(low[1:], "9" * rest))
    if first_full <= last_full:
        branches.append(_digit_class([str(d) for d in range(first_full, last_full + 1)]) + any_rest)
    if last_full < int(high[0]):
        branches.append(high[0] + _same_length("0" * rest, high[1:]))
    return _alternatives(branches)


def _digit_class(digits: list[str]) -> str:
    if len(digits) == 1:
        return digits[0]
    return f"[{digits[0]}-{digits[-1]}]" if len(digits) > 2 else f"[{''.join(digits)}]"


def _alternatives(branches: list[str]) -> str:
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
