"""Tests for the deterministic constrained-string generator in hooks/samples.py."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import load_module

SAMPLES_PATH = Path(__file__).resolve().parents[2] / "hooks" / "samples.py"


# hooks/ is not an installed package, so load the module straight from its file.
samples = load_module(SAMPLES_PATH, "samples_under_test")
SampleError = samples.SampleError


def _assert_valid(value: str, pattern: str | None, min_length: int | None, max_length: int | None) -> None:
    if pattern is not None:
        assert re.search(pattern, value), (pattern, value)
    if min_length is not None:
        assert len(value) >= min_length, (min_length, value)
    if max_length is not None:
        assert len(value) <= max_length, (max_length, value)


def test_no_pattern_without_bounds_uses_seed() -> None:
    value = samples.valid_string(pattern=None, min_length=None, max_length=None, seed="title")
    assert value == "title-1"


def test_no_pattern_readable_with_usual_bounds() -> None:
    value = samples.valid_string(pattern=None, min_length=0, max_length=255, seed="title")
    assert value == "title-1"


@pytest.mark.parametrize(("min_length", "max_length"), [(20, 30), (8, 8), (None, 3), (1, 1), (0, 0)])
def test_no_pattern_fits_bounds(min_length: int | None, max_length: int | None) -> None:
    value = samples.valid_string(pattern=None, min_length=min_length, max_length=max_length, seed="title")
    _assert_valid(value, None, min_length, max_length)
    if max_length is None or max_length >= 8:
        assert value.startswith("title")


def test_no_pattern_distinct_values() -> None:
    values = samples.valid_strings(pattern=None, min_length=None, max_length=None, seed="title", count=3)
    assert values == ["title-1", "title-2", "title-3"]


def test_no_pattern_distinct_values_with_tiny_max_length() -> None:
    values = samples.valid_strings(pattern=None, min_length=1, max_length=2, seed="title", count=30)
    assert len(set(values)) == 30
    for value in values:
        _assert_valid(value, None, 1, 2)


def test_fixed_digits() -> None:
    pattern = r"^[0-9]{13}$"
    assert samples.valid_string(pattern=pattern, min_length=None, max_length=None, seed="isbn") == ("0" * 13)
    values = samples.valid_strings(pattern=pattern, min_length=13, max_length=13, seed="isbn", count=3)
    assert values == ["0000000000000", "0000000000001", "0000000000002"]


def test_many_distinct_values_all_valid() -> None:
    pattern = r"^[0-9]{13}$"
    values = samples.valid_strings(pattern=pattern, min_length=None, max_length=None, seed="isbn", count=50)
    assert len(set(values)) == 50
    for value in values:
        _assert_valid(value, pattern, 13, 13)


def test_code_pattern() -> None:
    pattern = r"^[A-Z]{2}-\d{4}$"
    value = samples.valid_string(pattern=pattern, min_length=None, max_length=None, seed="code")
    assert value == "AA-0000"
    _assert_valid(value, pattern, 7, 7)


def test_alternation_gives_each_branch() -> None:
    pattern = r"^(red|green|blue)$"
    values = samples.valid_strings(pattern=pattern, min_length=None, max_length=None, seed="colour", count=3)
    assert sorted(values) == ["blue", "green", "red"]
    with pytest.raises(SampleError, match="3 of 4"):
        samples.valid_strings(pattern=pattern, min_length=None, max_length=None, seed="colour", count=4)


def test_alternation_respects_length_bounds() -> None:
    value = samples.valid_string(pattern=r"^(red|green|blue)$", min_length=5, max_length=None, seed="colour")
    assert value == "green"


@pytest.mark.parametrize(
    ("pattern", "min_length", "max_length", "count"),
    [
        (r"^ab?c+d*$", 10, 12, 3),
        (r"^x(-y)?z*$", 6, 6, 2),
        (r"^a+b*$", 40, 40, 3),
        (r"^(ab)+$", 5, 8, 2),
        (r"^[a-z0-9]+(?:-[a-z0-9]+)*$", 30, 50, 3),
        (r"^(\w+\s?)+$", 100, 120, 3),
    ],
)
def test_repeats_grow_to_min_length(pattern: str, min_length: int, max_length: int, count: int) -> None:
    values = samples.valid_strings(
        pattern=pattern,
        min_length=min_length,
        max_length=max_length,
        seed="slug",
        count=count,
    )
    assert len(set(values)) == count
    for value in values:
        _assert_valid(value, pattern, min_length, max_length)


def test_negated_class() -> None:
    pattern = r"^[^0-9 ]{5}$"
    values = samples.valid_strings(pattern=pattern, min_length=None, max_length=None, seed="name", count=5)
    assert len(set(values)) == 5
    for value in values:
        _assert_valid(value, pattern, 5, 5)
        assert not any(ch.isdigit() or ch == " " for ch in value)


@pytest.mark.parametrize(("min_length", "max_length"), [(None, None), (12, 20)])
def test_email_like(min_length: int | None, max_length: int | None) -> None:
    pattern = r"^[a-z]+@[a-z]+\.[a-z]{2,3}$"
    values = samples.valid_strings(
        pattern=pattern,
        min_length=min_length,
        max_length=max_length,
        seed="email",
        count=4,
    )
    assert len(set(values)) == 4
    for value in values:
        _assert_valid(value, pattern, min_length, max_length)


@pytest.mark.parametrize(
    ("pattern", "min_length", "max_length"),
    [("abc", 10, 12), ("[0-9]", 6, 6), (r"\d{3}", None, 5)],
)
def test_unanchored_pattern_uses_search_semantics(pattern: str, min_length: int | None, max_length: int | None) -> None:
    values = samples.valid_strings(
        pattern=pattern,
        min_length=min_length,
        max_length=max_length,
        seed="note",
        count=2,
    )
    assert len(set(values)) == 2
    for value in values:
        _assert_valid(value, pattern, min_length, max_length)


def test_seed_preferred_when_it_matches() -> None:
    value = samples.valid_string(pattern=r"^[a-z]+$", min_length=3, max_length=10, seed="title")
    assert value == "title"


def test_non_ascii_class() -> None:
    pattern = r"^[\u00e9-\u00ff]{2}$"
    values = samples.valid_strings(pattern=pattern, min_length=None, max_length=None, seed="x", count=3)
    assert len(set(values)) == 3
    for value in values:
        _assert_valid(value, pattern, 2, 2)


@pytest.mark.parametrize(
    ("pattern", "min_length", "max_length"),
    [
        (r"^[0-9]{13}$", 13, 13),
        (r"^[A-Z]{2}-\d{4}$", None, None),
        (r"^[a-z]+$", 1, 50),
        (r"^(red|green|blue)$", None, None),
        (r"^[a-z]+@[a-z]+\.[a-z]{2,3}$", 5, 30),
        (r"[0-9]", 3, 10),
        (r"^[^\s]+$", None, None),
        (r"(a)\1", None, None),
    ],
)
def test_invalid_pattern_string(pattern: str, min_length: int | None, max_length: int | None) -> None:
    value = samples.invalid_pattern_string(pattern=pattern, min_length=min_length, max_length=max_length)
    assert value is not None
    assert re.search(pattern, value) is None
    _assert_valid(value, None, min_length, max_length)


def test_invalid_pattern_string_is_non_empty_when_possible() -> None:
    value = samples.invalid_pattern_string(pattern=r"^.{3,}$", min_length=None, max_length=None)
    assert value
    assert re.search(r"^.{3,}$", value) is None


@pytest.mark.parametrize("pattern", [".*", "", "x*", "^"])
def test_invalid_pattern_string_none_when_everything_matches(pattern: str) -> None:
    assert samples.invalid_pattern_string(pattern=pattern, min_length=0, max_length=20) is None


@pytest.mark.parametrize("pattern", [r"(a)\1", r"(?=a)a", r"(?<!x)y", r"(?P<q>a)(?P=q)"])
def test_unsupported_constructs_raise(pattern: str) -> None:
    with pytest.raises(SampleError, match="unsupported"):
        samples.valid_string(pattern=pattern, min_length=None, max_length=None, seed="a")


def test_contradictory_bounds_raise() -> None:
    assert issubclass(SampleError, ValueError)
    with pytest.raises(SampleError, match="contradictory"):
        samples.valid_string(pattern=None, min_length=5, max_length=2, seed="title")
    with pytest.raises(SampleError, match="contradictory"):
        samples.invalid_pattern_string(pattern="^a+$", min_length=5, max_length=2)


def test_pattern_incompatible_with_bounds_raises() -> None:
    with pytest.raises(SampleError, match="0 of 1"):
        samples.valid_string(pattern=r"^[0-9]{13}$", min_length=None, max_length=5, seed="isbn")


def test_invalid_regex_raises() -> None:
    with pytest.raises(SampleError, match="invalid pattern"):
        samples.valid_string(pattern="(", min_length=None, max_length=None, seed="a")


@pytest.mark.parametrize(
    ("pattern", "min_length", "max_length", "available"),
    [(r"^[01]$", None, None, 2), (r"^x(-y)?z*$", 6, 6, 2), (r"^(ab)+$", 5, 8, 2)],
)
def test_too_few_distinct_values_raise(
    pattern: str, min_length: int | None, max_length: int | None, available: int
) -> None:
    values = samples.valid_strings(
        pattern=pattern,
        min_length=min_length,
        max_length=max_length,
        seed="bit",
        count=available,
    )
    assert len(set(values)) == available
    with pytest.raises(SampleError, match=f"{available} of {available + 1}"):
        samples.valid_strings(
            pattern=pattern,
            min_length=min_length,
            max_length=max_length,
            seed="bit",
            count=available + 1,
        )


@pytest.mark.parametrize("pattern", [None, r"^[0-9]{13}$", r"^(red|green|blue)$", r"^[^0-9]{3,8}$"])
def test_deterministic(pattern: str | None) -> None:
    def run() -> tuple[list[str], str | None]:
        values = samples.valid_strings(pattern=pattern, min_length=3, max_length=30, seed="title", count=3)
        invalid = (
            None if pattern is None else samples.invalid_pattern_string(pattern=pattern, min_length=3, max_length=30)
        )
        return values, invalid

    assert run() == run()


def test_independent_of_hash_seed() -> None:
    code = (
        "import importlib.util, sys\n"
        f"spec = importlib.util.spec_from_file_location('s', {str(SAMPLES_PATH)!r})\n"
        "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m)\n"
        "print(m.valid_strings(pattern=r'^[^0-9]{3,8}$', min_length=None,"
        " max_length=None, seed='t', count=5))\n"
        "print(m.invalid_pattern_string(pattern=r'^[a-z]+$', min_length=2,"
        " max_length=9))\n"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for hash_seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert outputs.pop().count("'") >= 10
