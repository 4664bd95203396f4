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


def call(indent: int, head: str, args: list[str], tail: str = "", brackets: str = "()") -> str:
    """`head(args)tail` as ruff formats it: on one line if it fits, else the arguments on one indented
    line if that fits, else one argument per line with a trailing comma."""
    pad = INDENT * indent
    opening, closing = brackets
    joined = ", ".join(args)
    line = f"{pad}{head}{opening}{joined}{closing}{tail}"
    if len(line) <= LINE_LENGTH or not args:
        return line
    if len(pad + INDENT + joined) <= LINE_LENGTH and "\n" not in joined:
        return f"{pad}{head}{opening}\n{pad}{INDENT}{joined}\n{pad}{closing}{tail}"
    inner = "".join(f"{pad}{INDENT}{arg.strip()},\n" for arg in args)
    return f"{pad}{head}{opening}\n{inner}{pad}{closing}{tail}"


def exploded(indent: int, head: str, items: list[str], tail: str = "", brackets: str = "[]") -> str:
    """A collection with one item per line and a trailing comma, which ruff keeps exploded."""
    pad = INDENT * indent
    inner = "".join(f"{item},\n" for item in items)
    return f"{pad}{head}{brackets[0]}\n{inner}{pad}{brackets[1]}{tail}"
