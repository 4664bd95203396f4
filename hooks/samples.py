"""Deterministic example strings for length and regex-pattern constraints."""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    # typeshed only describes the parser under its deprecated public names.
    import sre_constants as _c
    import sre_parse as _parser
else:
    from re import _constants as _c
    from re import _parser

__all__ = ["SampleError", "invalid_pattern_string", "valid_string", "valid_strings"]

_Node = tuple[int, Any]
_Plan = list[str]  # one string of candidate characters per position, preferred first

_INF = 1 << 32
_MAX_TARGETS = 64
_MAX_STEPS = 100_000
_MAX_ATTEMPTS = 20_000
_ALPHABET = "".join(
    dict.fromkeys(string.ascii_lowercase + string.digits + string.ascii_uppercase + "-_.@ " + string.punctuation)
)
# Characters unlikely to be accepted by a pattern, used to break a valid value.
_BREAKERS = "! \n~a0A-"
_CATEGORIES = {
    _c.CATEGORY_DIGIT: r"\d",
    _c.CATEGORY_NOT_DIGIT: r"\D",
    _c.CATEGORY_SPACE: r"\s",
    _c.CATEGORY_NOT_SPACE: r"\S",
    _c.CATEGORY_WORD: r"\w",
    _c.CATEGORY_NOT_WORD: r"\W",
}
_ATOMS = {_c.LITERAL, _c.NOT_LITERAL, _c.ANY, _c.IN, _c.AT}
_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT}


class SampleError(ValueError):
    """No value satisfying the requested constraints could be derived."""


class _TooComplexError(Exception):
    pass


def _items(sub: _parser.SubPattern) -> list[_Node]:
    return cast("list[_Node]", sub.data)


def _width(items: list[_Node]) -> tuple[int, int]:
    lo = hi = 0
    for op, av in items:
        item_lo, item_hi = _item_width(op, av)
        lo, hi = lo + item_lo, min(hi + item_hi, _INF)
    return lo, hi


def _item_width(op: int, av: Any) -> tuple[int, int]:
    if op == _c.AT:
        return 0, 0
    if op in _ATOMS:
        return 1, 1
    if op == _c.SUBPATTERN:
        return _width(_items(av[3]))
    if op == _c.ATOMIC_GROUP:
        return _width(_items(av))
    if op == _c.BRANCH:
        widths = [_width(_items(alt)) for alt in av[1]]
        return min(w[0] for w in widths), max(w[1] for w in widths)
    if op in _REPEATS:
        lo, hi = _width(_items(av[2]))
        return lo * av[0], min(hi * av[1], _INF)
    raise SampleError(f"unsupported regex construct {op!r}")


def _in_class(char: str, items: list[_Node]) -> bool:
    negate = hit = False
    for op, av in items:
        if op == _c.NEGATE:
            negate = True
        elif op == _c.LITERAL:
            hit = hit or ord(char) == av
        elif op == _c.RANGE:
            hit = hit or av[0] <= ord(char) <= av[1]
        elif op == _c.CATEGORY and av in _CATEGORIES:
            hit = hit or re.match(_CATEGORIES[av], char) is not None
        else:
            raise SampleError(f"unsupported character class item {op!r}")
    return hit != negate


def _named_chars(items: list[_Node]) -> str:
    # Classes outside the ASCII alphabet still need candidates of their own.
    chars: list[str] = []
    for op, av in items:
        if op == _c.LITERAL:
            chars.append(chr(av))
        elif op == _c.RANGE:
            chars.extend(map(chr, range(av[0], min(av[1], av[0] + 25) + 1)))
    return "".join(chars)


def _atom_slot(op: int, av: Any) -> str:
    if op == _c.LITERAL:
        return chr(av)
    if op == _c.NOT_LITERAL:
        return _ALPHABET.replace(chr(av), "")
    if op == _c.ANY:
        return _ALPHABET
    pool = dict.fromkeys(_ALPHABET + _named_chars(av))
    return "".join(ch for ch in pool if _in_class(ch, av))


class _Planner:
    """Yields plans of an exact length; a step budget keeps backtracking bounded."""

    def __init__(self) -> None:
        self.steps = 0

    def seq(self, items: list[_Node], target: int) -> Iterator[_Plan]:
        self.steps += 1
        if self.steps > _MAX_STEPS:
            raise _TooComplexError
        # Fixed-width atoms need no search, which also keeps recursion shallow.
        slots: _Plan = []
        index = 0
        while index < len(items) and items[index][0] in _ATOMS:
            op, av = items[index]
            if op != _c.AT:
                slots.append(_atom_slot(op, av))
            index += 1
        if index == len(items):
            if len(slots) == target:
                yield slots
            return
        (op, av), rest = items[index], items[index + 1 :]
        (lo, hi), (rest_lo, rest_hi) = _item_width(op, av), _width(rest)
        remaining = target - len(slots)
        for size in range(max(lo, remaining - rest_hi), min(hi, remaining - rest_lo) + 1):
            for head in self.item(op, av, size):
                for tail in self.seq(rest, remaining - size):
                    yield slots + head + tail

    def item(self, op: int, av: Any, size: int) -> Iterator[_Plan]:
        if op == _c.BRANCH:
            for alt in av[1]:
                yield from self.seq(_items(alt), size)
        elif op == _c.SUBPATTERN:
            yield from self.seq(_items(av[3]), size)
        elif op == _c.ATOMIC_GROUP:
            yield from self.seq(_items(av), size)
        else:
            yield from self.repeat(av[0], av[1], _items(av[2]), size)

    def repeat(self, low: int, high: int, sub: list[_Node], size: int) -> Iterator[_Plan]:
        if size == 0:
            if low == 0:
                yield []
            else:
                yield from self.seq(sub, 0)
            return
        lo, hi = _width(sub)
        if lo == hi:
            if lo and size % lo == 0 and low <= size // lo <= high:
                for plan in self.seq(sub, lo):
                    yield plan * (size // lo)
            return
        first = max(low, 1)
        for count in range(first, min(high, first + size) + 1):
            if not count * lo <= size <= count * hi:
                continue
            # Give every copy its minimum, then let the earliest copies absorb the rest.
            extra, plan = size - count * lo, []
            for _ in range(count):
                part = min(hi, lo + extra)
                extra -= part - lo
                found = next(self.seq(sub, part), None)
                if found is None:
                    break
                plan += found
            else:
                yield plan


def _expand(items: list[_Node], target: int, per_plan: int) -> Iterator[str]:
    try:
        for plan in _Planner().seq(items, target):
            # product() varies the last position fastest, giving counter-like values.
            for chars in itertools.islice(itertools.product(*plan), per_plan):
                yield "".join(chars)
    except _TooComplexError:
        return


def _seed_text(seed: str, size: int) -> str:
    return (seed * (size // max(len(seed), 1) + 1))[:size]


def _pattern_candidates(items: list[_Node], low: int, high: int, seed: str, count: int) -> Iterator[str]:
    lo, hi = _width(items)
    upper = min(hi, high)
    first = max(lo, low)
    for target in range(first, min(upper, first + _MAX_TARGETS) + 1):
        yield from _expand(items, target, count + _MAX_TARGETS)
    # Search semantics: a match shorter than min_length may sit inside padding.
    for target in range(lo, min(upper, low - 1, lo + _MAX_TARGETS) + 1):
        for core in _expand(items, target, count + _MAX_TARGETS):
            for size in range(low, min(high, low + _MAX_TARGETS) + 1):
                padding = _seed_text(seed, size - len(core))
                yield core + padding
                yield padding + core


def _seed_candidates(seed: str, low: int, high: int) -> Iterator[str]:
    for number in itertools.count(1):
        suffix = f"-{number}"
        size = min(max(low, len(seed) + len(suffix)), high)
        if size <= len(suffix):
            return
        yield _seed_text(seed, size - len(suffix)) + suffix


def _bounds(min_length: int | None, max_length: int | None) -> tuple[int, int]:
    low = 0 if min_length is None else min_length
    high = _INF if max_length is None else max_length
    if low < 0 or high < low:
        raise SampleError(f"contradictory length bounds: min_length={min_length}, max_length={max_length}")
    return low, high


def _compile(pattern: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise SampleError(f"invalid pattern {pattern!r}: {exc}") from exc


def _checker(pattern: str | None, low: int, high: int) -> Callable[[str], bool]:
    compiled = None if pattern is None else _compile(pattern)
    return lambda s: low <= len(s) <= high and (compiled is None or compiled.search(s) is not None)


def valid_strings(
    *,
    pattern: str | None,
    min_length: int | None,
    max_length: int | None,
    seed: str,
    count: int,
) -> list[str]:
    """Return ``count`` distinct strings meeting the constraints, deterministically."""
    low, high = _bounds(min_length, max_length)
    check = _checker(pattern, low, high)
    seed = seed or "value"
    if pattern is None:
        fallback = _pattern_candidates(_items(_parser.parse("[a-z0-9]*")), low, high, seed, count)
        candidates = itertools.chain(_seed_candidates(seed, low, high), fallback)
    else:
        items = _items(_parser.parse(pattern))
        # Reject unsupported constructs even when the seed happens to match.
        _width(items)
        candidates = itertools.chain([seed], _pattern_candidates(items, low, high, seed, count))
    found: dict[str, None] = {}
    if count > 0:
        for candidate in itertools.islice(candidates, _MAX_ATTEMPTS):
            if candidate not in found and check(candidate):
                found[candidate] = None
                if len(found) == count:
                    break
    if len(found) < count:
        raise SampleError(
            f"found {len(found)} of {count} values for pattern={pattern!r}, "
            f"min_length={min_length}, max_length={max_length}"
        )
    return list(found)


def valid_string(*, pattern: str | None, min_length: int | None, max_length: int | None, seed: str) -> str:
    """Return one string satisfying the constraints, deterministically."""
    return valid_strings(
        pattern=pattern,
        min_length=min_length,
        max_length=max_length,
        seed=seed,
        count=1,
    )[0]


def invalid_pattern_string(*, pattern: str, min_length: int | None, max_length: int | None) -> str | None:
    """Return a string within the length bounds not matching ``pattern``, or None."""
    low, high = _bounds(min_length, max_length)
    compiled = _compile(pattern)
    try:
        reference = valid_string(pattern=pattern, min_length=min_length, max_length=max_length, seed="x")
    except SampleError:
        reference = ""
    # Breaking a valid value keeps the failure about the pattern, not anything else.
    mutations = (reference[:i] + ch + reference[i + 1 :] for i in range(len(reference)) for ch in _BREAKERS)
    # Prefer the valid value's length, and the empty string only as a last resort.
    sizes = sorted(
        range(low, min(high, low + _MAX_TARGETS) + 1),
        key=lambda size: (size == 0, size != len(reference)),
    )
    fills = (ch * size for size in sizes for ch in _BREAKERS)
    for candidate in itertools.islice(itertools.chain(mutations, fills), _MAX_ATTEMPTS):
        if low <= len(candidate) <= high and compiled.search(candidate) is None:
            return candidate
    return None
