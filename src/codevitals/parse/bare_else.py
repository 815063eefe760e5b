"""What the curly-brace languages whose `else` is a bare keyword share (Go, Java, C#, Kotlin).

Their grammars leave `else` a bare keyword before the `if`'s alternative branch, so an
`else if` is an `if` in the alternative of another. The front ends capture the keyword as
ELSE and the inner `if` as ELIF; `chain_else_ifs` turns that into SonarSource's reading: one
hybrid increment for `else if`, one for a final `else`, and the `else` keyword's range
stretched over its branch so that the branch's block is nested in it (the walker then does
not take the branch for a second body of the `if`'s condition).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from codevitals.parse.base import (
    Capture,
    GrammarLoader,
    Node,
    NodeKind,
    QueryFrontEnd,
    Signature,
    Tree,
)
from codevitals.parse.ecmascript import EcmaScriptLanguage
from codevitals.parse.shared import text

_REPLACED_BY_ELIF = frozenset({NodeKind.IF, NodeKind.BLOCK})


class BareElseLanguage(QueryFrontEnd):
    """A curly-brace language with a bare `else`: `else if` as one hybrid increment.

    What Go, Java, C# and Kotlin share: no decorators, no markup, parentheses end a run of
    boolean operators unless the front end says otherwise, every captured `case` counts,
    nested functions are measured on their own for McCabe (as lizard lists them) and
    counted in the function holding them, one level deeper, for cognitive complexity.
    """

    name: str
    language: str
    suffixes: tuple[str, ...]
    grammar: str
    tests: tuple[str, ...]
    generated: tuple[str, ...]
    # The constructs JavaScript has, named alike, and McCabe counts the same kinds of them.
    words: Mapping[NodeKind, str] = EcmaScriptLanguage.words
    mccabe: frozenset[NodeKind] = EcmaScriptLanguage.mccabe
    constructors: frozenset[str] = frozenset()
    nested_functions_count_in = True
    nested_cyclomatic = False

    def __init__(self, grammar: GrammarLoader, query: str) -> None:
        super().__init__(grammar, query)

    def captures(self, tree: Tree) -> list[Capture]:
        """The query's captures with each `else if` as one hybrid increment."""
        return chain_else_ifs(super().captures(tree), self.else_branch)

    def else_branch(self, keyword: Node) -> Node | None:
        """The branch an `else` keyword introduces."""
        return alternative(keyword)

    def uncomment(self, source: bytes, comments: Sequence[tuple[int, int]]) -> bytes:
        """The source with every comment blanked, its newlines kept."""
        return blank_comments(source, comments)

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """Name, argument count and receiver of a function node (each front end's own)."""
        raise NotImplementedError

    def class_name(self, node: Node) -> str:
        """The class's name."""
        return text(node.child_by_field_name("name"))

    def chain_parent(self, node: Node) -> Node | None:
        """The operator a boolean operand belongs to; parentheses end a chain."""
        return node.parent

    def component_name(self, node: Node) -> str | None:
        """Not asked: these languages return no markup."""
        return None

    def calls_itself(self, function: Node, source: bytes, name: str, receiver: str | None) -> bool:
        """A call by the function's name, plain or through `this.`."""
        return calls_by_name(function, source, name, b"this.")


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
    chained = {(start, end) for start, end, kind, _ in found if kind is NodeKind.ELIF}
    kept: list[Capture] = []
    for start, end, kind, node in found:
        if kind is NodeKind.ELSE:
            branch = branch_of(node)
            if branch is None or (branch.start_byte, branch.end_byte) in chained:
                continue  # the `else` of an `else if`: the ELIF is its one increment
            kept.append((start, branch.end_byte, kind, node))
        elif not (kind in _REPLACED_BY_ELIF and (start, end) in chained):
            kept.append((start, end, kind, node))
    return kept


_BLANK = bytes(byte if byte == ord("\n") else ord(" ") for byte in range(256))
"""A translation table turning every byte but a newline into a space (fast: one C call)."""


def blank_comments(source: bytes, comments: Sequence[tuple[int, int]]) -> bytes:
    """The source with every comment's bytes turned to spaces, its newlines and offsets kept."""
    if not comments:
        return source
    blanked = bytearray(source)
    for start, end in comments:
        blanked[start:end] = source[start:end].translate(_BLANK)
    return bytes(blanked)


def calls_by_name(function: Node, source: bytes, name: str, prefix: bytes = b"") -> bool:
    """Whether the function's body calls `name(`, plain or after `prefix` (`this.`)."""
    owner = rb"(?:" + re.escape(prefix) + rb")?" if prefix else b""
    return _calls(function, source, name, owner)


def calls_through(function: Node, source: bytes, name: str, receiver: bytes) -> bool:
    """Whether the function's body calls `name(` after `receiver` (`c.`) and only so.

    A Go method calls itself through its receiver; a plain `name(` is the package's
    function of that name.
    """
    return _calls(function, source, name, re.escape(receiver))


def _calls(function: Node, source: bytes, name: str, owner: bytes) -> bool:
    """Whether the body holds `name(` after what `owner` matches; not in a string's text."""
    body = function.child_by_field_name("body")
    if body is None or not name:
        return False
    encoded = name.encode()
    if source.find(encoded, body.start_byte, body.end_byte) < 0:
        return False  # most functions: a plain search rules the call out, no pattern tried
    pattern = re.compile(rb"(?<![\w.])" + owner + re.escape(encoded) + rb"\s*\(")
    return any(
        not _in_text(body, call.start())
        for call in pattern.finditer(source, body.start_byte, body.end_byte)
    )


def _in_text(body: Node, at: int) -> bool:
    """Whether the byte at `at` is in a string's (or a comment's) text, not in code."""
    node: Node | None = body.descendant_for_byte_range(at, at + 1)
    while node is not None and node != body:
        kind = node.type
        if "interpolat" in kind or "substitution" in kind:
            return False  # `${f(x)}`: code inside a string
        if "string" in kind or "comment" in kind:
            return True
        node = node.parent
    return False
