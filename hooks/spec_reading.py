"""Reading raw spec values: every problem is collected with the place it was found, none stops the reading."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Problems:
    """The lines of a spec's problems, `place: message` each, in the order found."""

    lines: list[str] = field(default_factory=list)

    def add(self, place: str, message: str) -> None:
        self.lines.append(f"{place}: {message}")


def suggest(word: str, choices: Collection[str]) -> str:
    """`; did you mean 'max_length'?` when a choice is close to the word, else nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def one_of(choices: Collection[str]) -> str:
    return ", ".join(choices)


def check_keys(raw: Mapping[str, Any], allowed: Collection[str], place: str, problems: Problems) -> None:
    for key in raw:
        if key not in allowed:
            problems.add(place, f"unknown option '{key}'{suggest(str(key), allowed)}")


def read_bool(raw: Mapping[str, Any], key: str, default: bool, place: str, problems: Problems) -> bool:
    value = raw.get(key, default)
    if not isinstance(value, bool):
        problems.add(f"{place}.{key}", f"must be true or false, not {value!r}")
        return default
    return value


def read_text(raw: Mapping[str, Any], key: str, place: str, problems: Problems) -> str | None:
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        problems.add(f"{place}.{key}", f"must be a non-empty text, not {value!r}")
        return None
    return value


def read_count(raw: Mapping[str, Any], key: str, place: str, problems: Problems) -> int | None:
    """A whole number >= 0, or None when it is missing or wrong (and then reported)."""
    value = raw.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.add(f"{place}.{key}", f"must be a whole number >= 0, not {value!r}")
        return None
    return value


def read_name(
    raw: Mapping[str, Any], key: str, is_valid: Callable[[str], bool], case: str, place: str, problems: Problems
) -> str | None:
    """A name option (`renamed_from`, `table`, ...) in the given case, or None when it is missing or wrong."""
    value = raw.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not is_valid(value):
        problems.add(f"{place}.{key}", f"must be {case}, not {value!r}")
        return None
    return value


def read_mapping(raw: Mapping[str, Any], key: str, what: str, place: str, problems: Problems) -> Mapping[str, Any]:
    """A mapping option (`fields`, `relations`): empty when missing, reported and empty when not a mapping."""
    value = raw.get(key) or {}
    if not isinstance(value, Mapping):
        problems.add(f"{place}.{key}", f"must be a mapping of {what}")
        return {}
    return value
