"""Questions about single Python syntax nodes that the walker asks only occasionally.

The walker asks them through the Python front end (`python.PYTHON`).

Each helper touches a handful of child nodes, so calling them for every function, `case` or
candidate recursive call stays cheap next to the parse itself.
"""

from __future__ import annotations

from codevitals.parse.base import Node, Signature

_SEPARATORS = frozenset({"positional_separator", "keyword_separator", "comment", "ERROR"})
_DEFINITIONS = frozenset({"function_definition", "decorated_definition"})


def text(node: Node | None) -> str:
    """Source text of a node, decoded leniently (the file was re-encoded to UTF-8)."""
    raw = None if node is None else node.text  # each read of `text` copies the bytes anew
    return "" if raw is None else raw.decode("utf-8", "replace")


def signature(node: Node, *, is_method: bool) -> Signature:
    """Name, argument count and bound receiver of a function definition.

    Arguments exclude the bound first parameter of methods (`self`, `cls`) but include
    `*args` and `**kwargs`; the `/` and `*` markers are not arguments.
    """
    name = text(node.child_by_field_name("name")) or "<anonymous>"
    parameters = node.child_by_field_name("parameters")
    params = (
        []
        if parameters is None
        else [child for child in parameters.named_children if child.type not in _SEPARATORS]
    )
    receiver = None
    if is_method and params and not _is_staticmethod(node):
        receiver = _parameter_name(params[0])
        if receiver is not None:
            params = params[1:]
    return Signature(name, len(params), receiver)


def _parameter_name(parameter: Node) -> str | None:
    """Name of a plain parameter (`self`, `self: Self`); None for `*args`, defaults and the like."""
    if parameter.type == "typed_parameter":
        first = parameter.child(0)
        return text(first) if first is not None and first.type == "identifier" else None
    return text(parameter) if parameter.type == "identifier" else None


def _is_staticmethod(node: Node) -> bool:
    parent = node.parent
    if parent is None or parent.type != "decorated_definition":
        return False
    return any(
        child.type == "decorator" and "staticmethod" in text(child) for child in parent.children
    )


def counts_as_case(case: Node) -> bool:
    """Whether ruff's McCabe counts this `case`: all but a final unguarded irrefutable one."""
    following = case.next_named_sibling
    while following is not None and following.type == "comment":
        following = following.next_named_sibling  # a comment after the last case is no case
    if following is not None:
        return True
    patterns: list[Node] = []
    for child in case.children:
        if child.type in {"if_clause", ","}:
            return True  # a guard can fail, and `case x,:` is a sequence pattern
        if child.type == "case_pattern":
            patterns.append(child)
    return len(patterns) != 1 or not _irrefutable(patterns[0])


def _irrefutable(pattern: Node) -> bool:
    """PEP 634 irrefutability: wildcard, capture, and `as`/or/group patterns built on them."""
    kind = pattern.type
    if kind == "_":
        return True
    if kind == "dotted_name":
        return pattern.named_child_count == 1  # a bare name captures; a dotted one is a value
    if kind in {"case_pattern", "as_pattern"}:
        first = pattern.child(0)
        return first is not None and _irrefutable(first)
    if kind == "union_pattern":
        return any(_irrefutable(child) for child in pattern.children if child.type != "|")
    if kind == "tuple_pattern":
        # `(_)` is a group pattern; tree-sitter reads it as a one-element tuple without a comma.
        inner = [child for child in pattern.children if child.type not in {"(", ")"}]
        return len(inner) == 1 and _irrefutable(inner[0])
    return False


def is_wrapper(outer: Node, inner: Node) -> bool:
    """SonarSource's decorator rule: an outer function holding only `inner` and `return name`.

    Such a wrapper does not add a nesting level to the function defined inside it.
    """
    body = outer.child_by_field_name("body")
    if body is None:
        return False
    for statement in body.named_children:
        if statement.type == "comment":
            continue
        if statement.type in _DEFINITIONS and _contains(statement, inner):
            continue
        if not _returns_a_name(statement):
            return False
    return True


def _contains(outer: Node, inner: Node) -> bool:
    return outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte


def _returns_a_name(statement: Node) -> bool:
    if statement.type != "return_statement":
        return False
    values = statement.named_children
    return len(values) == 1 and values[0].type == "identifier"


def calls_itself(function: Node, source: bytes, name: str, receiver: str | None) -> bool:
    """Whether a function calls itself directly (by name, or through its receiver)."""
    if not name.isidentifier():
        return False
    encoded = name.encode()
    if source.find(_call_text(encoded, receiver), function.start_byte, function.end_byte) < 0:
        return False  # the common case, told without asking the tree for the body (costly)
    body = function.child_by_field_name("body")
    return body is not None and _called_in(body, source, encoded, receiver)


def _call_text(name: bytes, receiver: str | None) -> bytes:
    """How a call of `name` starts in the text: `name(`, or `receiver.name(`."""
    return (f"{receiver}.".encode() if receiver else b"") + name + b"("


def _called_in(body: Node, source: bytes, name: bytes, receiver: str | None) -> bool:
    """Whether the body calls `name` (through `receiver`, when given).

    The text search is cheap; each match is confirmed on the tree, so that strings and
    comments do not count.
    """
    target = _call_text(name, receiver)
    root: Node | None = None  # found only when the text holds a candidate (few functions)
    position = source.find(target, body.start_byte, body.end_byte)
    while position >= 0:
        if position == 0 or source[position - 1] not in _NAME_OR_DOT:
            root = _root(body) if root is None else root
            start = position + len(target) - len(name) - 1
            found = root.descendant_for_byte_range(start, start + len(name))
            if _is_callee(found, receiver):
                return True
        position = source.find(target, position + 1, body.end_byte)
    return False


def _root(node: Node) -> Node:
    while node.parent is not None:
        node = node.parent
    return node


_NAME_OR_DOT = frozenset(
    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_." + bytes(range(128, 256))
)
"""Bytes that, just before a match, show it is part of a longer name or an attribute."""


def _is_callee(found: Node | None, receiver: str | None) -> bool:
    """Whether `found` is the name a call calls (through `receiver`, when given)."""
    if found is None or found.type != "identifier":
        return False
    target = found.parent if receiver else found
    if target is None or (receiver and target.type != "attribute"):
        return False
    call = target.parent
    return call is not None and call.type == "call" and call.child(0) == target
