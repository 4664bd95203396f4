"""Python source fragments written the way `ruff format` writes them, so generated code is already formatted."""

from __future__ import annotations

import datetime
import decimal
import re
import sys
import textwrap
import uuid
from collections.abc import Callable
from typing import Any

LINE_LENGTH = 120
INDENT = "    "
# Arguments written for the indent they land at (a call's arguments move deeper when ruff parenthesizes its value).
Arguments = Callable[[int], list[str]]


def pystr(text: str) -> str:
    """A string literal in ruff's preferred quotes: double, unless single quotes need fewer escapes."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    body = []
    for char in text:
        if char in ("\\", quote):
            body.append("\\" + char)
        elif char.isprintable():
            body.append(char)
        else:
            body.append(repr(char)[1:-1])
    return quote + "".join(body) + quote


def py(value: Any) -> str:
    """A Python literal for a plain value: strings through `pystr`, numbers and the like as their repr."""
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, decimal.Decimal):
        return f"Decimal({pystr(str(value))})"
    if isinstance(value, datetime.datetime):
        return f"datetime.datetime.fromisoformat({pystr(value.isoformat())})"
    if isinstance(value, datetime.date):
        return f"datetime.date.fromisoformat({pystr(value.isoformat())})"
    if isinstance(value, datetime.time):
        return f"datetime.time.fromisoformat({pystr(value.isoformat())})"
    if isinstance(value, uuid.UUID):
        return f"UUID({pystr(str(value))})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{py(k)}: {py(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(py(v) for v in value) + "]"
    return repr(value)


def one_line(text: str | None) -> str:
    """Spec text made safe for a docstring, a comment or a Markdown table cell."""
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat.replace("\\", "/").replace('"""', "'''").replace("|", "/").replace("`", "'")


def docstring(indent: int, text: str) -> str:
    """A docstring of plain text (already made safe by the caller), wrapped at the line length as ruff leaves it."""
    pad = INDENT * indent
    # A quote next to the opening or closing quotes would end the string early; ruff separates them with a space.
    body = text + " " if text.endswith('"') else text
    body = " " + body if body.startswith('"') else body
    if len(pad) + len(body) + 6 <= LINE_LENGTH:
        return f'{pad}"""{body}"""'
    # A single word longer than a line stays whole (ruff's E501 allows it): the text is never changed.
    lines = textwrap.wrap(body, LINE_LENGTH - len(pad) - 3, break_long_words=False)
    if len(lines) == 1 and " " in body.strip():
        # It fits after the opening quotes but not with the closing ones too: its last word goes to the next line.
        lines = textwrap.wrap(body, len(body) - 1, break_long_words=False)
    if len(lines) == 1:
        return f'{pad}"""{body}"""'
    inner = "".join(f"\n{pad}{line}" for line in lines[1:])
    return f'{pad}"""{lines[0]}{inner}\n{pad}"""'


def long_str(text: str, indent: int, prefix: str) -> str:
    """`prefix` + a string literal as the argument line at `indent` of an exploded call; a literal too long for
    one line becomes parenthesized implicit concatenation, which ruff leaves as it is."""
    literal = pystr(text)
    if len(INDENT * indent + prefix + literal) < LINE_LENGTH:
        return prefix + literal
    pad = INDENT * (indent + 1)
    if len(pad + literal) <= LINE_LENGTH:
        # Ruff would join a split string that fits on its own line again.
        return f"{prefix}(\n{pad}{literal}\n{INDENT * indent})"
    words = textwrap.wrap(text, LINE_LENGTH - len(pad) - 12, drop_whitespace=False, break_long_words=False)
    parts = "".join(f"{pad}{pystr(part)}\n" for part in words)
    return f"{prefix}(\n{parts}{INDENT * indent})"


def call(indent: int, head: str, args: list[str], tail: str = "", brackets: str = "()") -> str:
    """`head(args)tail` as ruff formats it: on one line if it fits, else the arguments on one indented
    line if that fits, else one argument per line with a trailing comma."""
    pad = INDENT * indent
    opening, closing = brackets[0], brackets[1]
    joined = ", ".join(arg.lstrip() for arg in args)
    line = f"{pad}{head}{opening}{joined}{closing}{tail}"
    if len(line) <= LINE_LENGTH or not args:
        return line
    if len(pad + INDENT + joined) <= LINE_LENGTH and "\n" not in joined:
        return f"{pad}{head}{opening}\n{pad}{INDENT}{joined}\n{pad}{closing}{tail}"
    inner = "".join(f"{pad}{INDENT}{arg.strip()},\n" for arg in args)
    return f"{pad}{head}{opening}\n{inner}{pad}{closing}{tail}"


def literal(indent: int, head: str, items: list[str], tail: str = "", brackets: str = "[]") -> str:
    """A list, tuple, set or dict literal as ruff formats it: on one line if it fits, else one item per line."""
    pad = INDENT * indent
    single_tuple = "," if brackets == "()" and len(items) == 1 else ""
    line = f"{pad}{head}{brackets[0]}{', '.join(item.strip() for item in items)}{single_tuple}{brackets[1]}{tail}"
    if len(line) <= LINE_LENGTH and "\n" not in line:
        return line
    return exploded(indent, head, [f"{pad}{INDENT}{item.strip()}" for item in items], tail, brackets)


def attribute(
    indent: int, name: str, annotation: str, value: str = "", args: list[str] | Arguments | None = None
) -> str:
    """`name: annotation = value`, or `= value(args)` given `args`, as ruff formats a class attribute: a long value
    is split first (a call at its parentheses, anything else put in parentheses); an annotation that leaves no room
    even for the value's opening is split too (a union in parentheses, a subscript at its brackets). `args` may be a
    function of the indent the arguments land at, for arguments that split themselves (`long_str`)."""
    pad = INDENT * indent
    assigned = f" = {value}" if value else ""

    def placed(at: int) -> list[str]:
        return _placed(args or [], indent + 1, at)

    if args is None and len(f"{pad}{name}: {annotation}{assigned}") <= LINE_LENGTH:
        return f"{pad}{name}: {annotation}{assigned}"
    if args is not None and len(f"{pad}{name}: {annotation}{assigned}(") <= LINE_LENGTH:
        return call(indent, f"{name}: {annotation}{assigned}", placed(indent + 1))
    if value and len(f"{pad}{name}: {annotation} = (") <= LINE_LENGTH:
        inner = call(indent + 1, value, placed(indent + 2)) if args is not None else f"{pad}{INDENT}{value}"
        return f"{pad}{name}: {annotation} = (\n{inner}\n{pad})"
    if _top_level(annotation, " | "):
        opening, inner, closing = "(", annotation, ")"
    elif annotation.endswith("]"):
        outer, _, subscript = annotation.partition("[")
        opening, inner, closing = f"{outer}[", subscript.removesuffix("]"), "]"
    else:  # an annotation with nothing to split
        return (
            call(indent, f"{name}: {annotation}{assigned}", placed(indent + 1))
            if args is not None
            else f"{pad}{name}: {annotation}{assigned}"
        )
    head = f"{pad}{name}: {opening}\n{pad}{INDENT}{inner}\n"
    return head + (
        call(indent, closing + assigned, placed(indent + 1)) if args is not None else f"{pad}{closing}{assigned}"
    )


def _placed(args: list[str] | Arguments, written_at: int, at: int) -> list[str]:
    """Arguments at indent `at`: written for it, or moved there from `written_at` (those argument() split)."""
    if callable(args):
        return args(at)
    return [arg.replace("\n", "\n" + INDENT * (at - written_at)) for arg in args]


def _top_level(text: str, separator: str) -> bool:
    """Whether `separator` occurs in `text` outside brackets and string literals."""
    depth, quote, escaped = 0, "", False
    for index, char in enumerate(text):
        if quote:
            quote = "" if char == quote and not escaped else quote
            escaped = char == "\\" and not escaped
        elif char in "\"'":
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and text.startswith(separator, index):
            return True
    return False


def argument(indent: int, head: str, args: list[str], tail: str = "", brackets: str = "()") -> str:
    """A call that is itself one argument of an exploded call: formatted with room for the comma after it."""
    return call(indent, head, args, tail + ",", brackets)[:-1]


def parameter(indent: int, name: str, annotation: str) -> str:
    """`name: annotation` as one parameter of an exploded signature at `indent`: when the line and its comma are too
    long, the annotation is split at its subscript, as ruff splits it."""
    if len(f"{INDENT * indent}{name}: {annotation},") <= LINE_LENGTH or not annotation.endswith("]"):
        return f"{name}: {annotation}"
    outer, _, inner = annotation.partition("[")
    return argument(indent, f"{name}: {outer}", [inner.removesuffix("]")], brackets="[]").lstrip()


def entry(indent: int, key: str, value: str) -> str:
    """`key: value` as one item of an exploded dict at `indent`: a value that does not fit after its key (with the
    item's comma) goes in parentheses on a line of its own, which ruff keeps."""
    pad = INDENT * indent
    if len(f"{pad}{key}: {value},") <= LINE_LENGTH or "\n" in value:
        return f"{key}: {value}"
    return f"{key}: (\n{pad}{INDENT}{value}\n{pad})"


def exploded(indent: int, head: str, items: list[str], tail: str = "", brackets: str = "[]") -> str:
    """A collection with one item per line and a trailing comma, which ruff keeps exploded."""
    pad = INDENT * indent
    inner = "".join(f"{item},\n" for item in items)
    return f"{pad}{head}{brackets[0]}\n{inner}{pad}{brackets[1]}{tail}"


_FIRST_PARTY = frozenset({"app", "tests"})


def _natural(text: str) -> list[Any]:
    """`Name2` before `Name10`, as ruff's natural ordering has it."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text.lower())]


def _member_key(name: str) -> tuple[int, list[Any], str]:
    """Ruff's isort order for imported names: CONSTANTS, then Classes, then everything else."""
    bare = name.split(" as ")[0]
    kind = 0 if len(bare) > 1 and bare.isupper() else 1 if bare[:1].isupper() else 2
    return kind, _natural(bare), bare


def _section(module: str) -> int:
    top = module.split(".")[0]
    if top == "__future__":
        return 0
    return 1 if top in sys.stdlib_module_names else 3 if top in _FIRST_PARTY else 2


def isort_sorted(names: list[str] | tuple[str, ...]) -> list[str]:
    """Names in the order ruff wants for imports and `__all__`."""
    return sorted(names, key=_member_key)


class Imports:
    """An import block collected name by name and written as ruff's isort writes it."""

    def __init__(self) -> None:
        self._modules: set[str] = set()
        self._names: dict[str, set[str]] = {}

    def module(self, *modules: str) -> Imports:
        """`import module` (or `import module as alias` when given as `module as alias`); none adds nothing."""
        self._modules.update(modules)
        return self

    def add(self, module: str, *names: str) -> Imports:
        """`from module import names`; an empty call adds nothing, so callers may pass optional names."""
        if names:
            self._names.setdefault(module, set()).update(names)
        return self

    def python_types(self, annotations: list[str]) -> Imports:
        """What the given type annotations need imported (`datetime.date`, `Decimal`, `UUID`, `Any`)."""
        for annotation in annotations:
            if annotation.startswith("datetime."):
                self.module("datetime")
            self.add("decimal", *(["Decimal"] if "Decimal" in annotation else []))
            self.add("uuid", *(["UUID"] if "UUID" in annotation else []))
            self.add("typing", *(["Any"] if "Any" in annotation else []))
        return self

    def render(self, indent: int = 0) -> str:
        pad = INDENT * indent
        sections: dict[int, list[str]] = {}
        for module in sorted(self._modules, key=_natural):
            sections.setdefault(_section(module), []).append(f"{pad}import {module}")
        for module in sorted(self._names, key=_natural):
            names = sorted(self._names[module], key=_member_key)
            line = f"{pad}from {module} import {', '.join(names)}"
            if len(line) > LINE_LENGTH:  # ruff splits a long import one name per line
                line = exploded(indent, f"from {module} import ", [f"{pad}{INDENT}{name}" for name in names], "", "()")
            sections.setdefault(_section(module), []).append(line)
        return "\n\n".join("\n".join(lines) for _, lines in sorted(sections.items()))
