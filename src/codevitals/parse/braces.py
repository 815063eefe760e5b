"""What the curly-brace languages without an `else` node share (Go, Java, C#, Kotlin).

Their grammars leave `else` a bare keyword before the `if`'s alternative branch, so an
`else if` is an `if` in the alternative of another. The front ends capture the keyword as
ELSE and the inner `if` as ELIF; `chain_else_ifs` turns that into SonarSource's reading: one
hybrid increment for `else if`, one for a final `else`, and the `else` keyword's range
stretched over its branch so that the branch's block is nested in it (the walker then does
not take the branch for a second body of the `if`'s condition).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from codevitals.parse.base import Capture, Kind, Node

_REPLACED_BY_ELIF = frozenset({Kind.IF, Kind.BLOCK})


def alternative(keyword: Node) -> Node | None:
    """The branch an `else` keyword introduces: its `if`'s `alternative` field."""
    owner = keyword.parent
    return owner.child_by_field_name("alternative") if owner is not None else None


def chain_else_ifs(
    found: list[Capture], branch_of: Callable[[Node], Node | None] = alternative
) -> list[Capture]:
    """The captures with each `else if` as one ELIF and each final `else` over its branch.

    `branch_of` finds the branch of an `else` keyword, for grammars without the field.
    """
    chained = {(start, end) for start, end, kind, _ in found if kind is Kind.ELIF}
    kept: list[Capture] = []
    for start, end, kind, node in found:
        if kind is Kind.ELSE:
            branch = branch_of(node)
            if branch is None or (branch.start_byte, branch.end_byte) in chained:
                continue  # the `else` of an `else if`: the ELIF is its one increment
            kept.append((start, branch.end_byte, kind, node))
        elif not (kind in _REPLACED_BY_ELIF and (start, end) in chained):
            kept.append((start, end, kind, node))
    return kept


def blank_comments(source: bytes, comments: Sequence[tuple[int, int]]) -> bytes:
    """The source with every comment's bytes blanked, its newlines kept."""
    if not comments:
        return source
    parts: list[bytes] = []
    position = 0
    for start, end in comments:
        if start < position:
            continue  # a comment nested in another one's range (a doc comment's tags)
        parts.append(source[position:start])
        parts.append(b"\n" * source.count(b"\n", start, end))
        position = end
    parts.append(source[position:])
    return b"".join(parts)


def calls_by_name(function: Node, source: bytes, name: str, prefix: bytes = b"") -> bool:
    """Whether the function's body calls `name(`, plain or after `prefix` (`this.`)."""
    body = function.child_by_field_name("body")
    if body is None or not name:
        return False
    pattern = _call_pattern(name.encode(), prefix)
    return pattern.search(source, body.start_byte, body.end_byte) is not None


def _call_pattern(name: bytes, prefix: bytes) -> re.Pattern[bytes]:
    owner = rb"(?:" + re.escape(prefix) + rb")?" if prefix else b""
    return re.compile(rb"(?<![\w.])" + owner + re.escape(name) + rb"\s*\(")


def parent_through_parentheses(node: Node) -> Node | None:
    """The node an expression is an operand of, seen through grouping parentheses."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    return parent


def text(node: Node | None) -> str:
    """A node's source text ("" for none)."""
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")
