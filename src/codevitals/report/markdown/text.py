"""Markdown building blocks: escaping repository strings, code spans, tables."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def escape(text: str) -> str:
    """Text safe inside a Markdown table cell: no pipes, newlines, HTML or stray backticks."""
    replaced = text.replace("\\", "\\\\").replace("|", "\\|").replace("`", "'")
    return replaced.replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def code(text: str) -> str:
    """Inline code for a repository string (backticks inside are replaced).

    A pipe is escaped: in a table cell, GitHub ends the cell at a bare `|` even inside a code
    span (a file or package named `a|b` would shift every column after it). Outside a table
    the escape shows as a backslash before the pipe, which a name with a pipe in it may bear.
    """
    cleaned = text.replace("`", "'").replace("\n", " ").replace("|", "\\|")
    return f"`{cleaned}`"


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A table with a header row, followed by a blank line."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return [*lines, ""]
