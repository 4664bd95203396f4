"""Python source fragments written the way `ruff format` writes them, so generated code is already formatted."""

from __future__ import annotations

LINE_LENGTH = 120
INDENT = "    "


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


def call(indent: int, head: str, args: list[str], tail: str = "") -> str:
    """`head(args)tail` on one line when it fits, else one argument per line with a trailing comma."""
    pad = INDENT * indent
    line = f"{pad}{head}({', '.join(args)}){tail}"
    if len(line) <= LINE_LENGTH or not args:
        return line
    inner = "".join(f"{pad}{INDENT}{arg},\n" for arg in args)
    return f"{pad}{head}(\n{inner}{pad}){tail}"
