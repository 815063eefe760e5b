"""What front ends of brace languages share: words, `else if` chains, blanking comments, names."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from codevitals.parse.base import Capture, Node, NodeKind

BRACE_WORDS: Mapping[NodeKind, str] = {
    NodeKind.IF: "if",
    NodeKind.ELIF: "else if",
    NodeKind.ELSE: "else",
    NodeKind.FOR: "for",
    NodeKind.WHILE: "while",
    NodeKind.EXCEPT: "catch",
    NodeKind.MATCH: "switch",
    NodeKind.TERNARY: "conditional expression",
}
"""How explanations name the constructs of C, C++, Java, JavaScript and their kin."""

DECISIONS = frozenset(
    {
        NodeKind.IF,
        NodeKind.ELIF,
        NodeKind.FOR,
        NodeKind.WHILE,
        NodeKind.EXCEPT,
        NodeKind.TERNARY,
        NodeKind.BOOL,
    }
)
"""The kinds every front end counts as McCabe decisions; some add DECISION (`?.`, `||=`)."""


def through_parentheses(node: Node) -> Node | None:
    """The node an expression is an operand of, seen through grouping parentheses."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    return parent


def blank_comments(source: bytes, comments: Sequence[tuple[int, int]]) -> bytes:
    """The source with every comment's bytes blanked, its newlines kept."""
    if not comments:
        return source
    parts: list[bytes] = []
    position = 0
    for start, end in comments:
        if start < position:
            continue  # a comment inside another (a doc comment's parts)
        parts.append(source[position:start])
        parts.append(b"\n" * source.count(b"\n", start, end))
        position = end
    parts.append(source[position:])
    return b"".join(parts)


def text(node: Node | None) -> str:
    """A node's source text ("" for none), decoded leniently."""
    raw = None if node is None else node.text  # each read of `text` copies the bytes anew
    return "" if raw is None else raw.decode("utf-8", "replace")


def drop_else_if(found: list[Capture]) -> list[Capture]:
    """Captures with each `else if` as one hybrid increment.

    The `if` of an `else if` is captured as ELIF, so its own IF capture, its capture as the
    `else`'s body and the `else` around it are dropped: SonarSource counts `else if` once,
    without nesting, and McCabe once.
    """
    elif_, else_ = (
        NodeKind.ELIF,
        NodeKind.ELSE,
    )  # locals: an enum member costs ten times more to read
    links = [capture for capture in found if capture[2] is elif_]
    if not links:
        return found
    chained = {(start, end) for start, end, _, _ in links}
    elses: set[tuple[int, int]] = set()
    for _, _, _, node in links:
        if (parent := node.parent) is not None:
            elses.add((parent.start_byte, parent.end_byte))
    return [
        capture
        for capture in found
        if not (
            (capture[2] in _REPLACED_BY_ELSE_IF and capture[:2] in chained)
            or (capture[2] is else_ and capture[:2] in elses)
        )
    ]


_REPLACED_BY_ELSE_IF = frozenset({NodeKind.IF, NodeKind.BLOCK})


def named_children(node: Node | None) -> list[Node]:
    """A node's named children; none for a missing node (a class without a body)."""
    return node.named_children if node is not None else []


def child_of_kind(node: Node, kind: str) -> Node | None:
    """The first named child of a kind (for grammars that name few fields)."""
    return next((child for child in node.named_children if child.type == kind), None)


def is_kind(node: Node | None, kind: str) -> bool:
    """Whether a node, which may be missing, is of a kind."""
    return node is not None and node.type == kind


def named(nodes: Iterable[Node | None]) -> frozenset[str]:
    """The source text of each node given (the names a class declares), none left empty."""
    return frozenset(name for node in nodes if (name := text(node)))


def is_static(declaration: Node) -> bool:
    """Whether a declaration's modifiers make it the class's rather than the instance's.

    `static`, C#'s `const`, Swift's `class var`.
    """
    return has_modifier(declaration, _CLASS_WORDS)


def has_modifier(declaration: Node, words: frozenset[bytes]) -> bool:
    """Whether one of a declaration's modifiers is one of `words`.

    However its grammar nests them: `modifiers`, `modifier`, `property_modifier`, C's
    `storage_class_specifier`.
    """
    return any(
        word in words
        for child in declaration.children
        if "modifier" in child.type or child.type == "storage_class_specifier"
        for word in (child.text or b"").split()
    )


_CLASS_WORDS = frozenset({b"static", b"const", b"class"})
