"""Why lizard reports a JavaScript or TypeScript function where the syntax tree has none.

lizard 1.17.10 reads tokens: a name or `(` followed by a parameter list and then `{` or
`=>` is a function to it. Where codevitals, which reads the grammar's syntax tree, finds no
function at that line, the tree says what lizard saw instead. lizard's name for the function
(else the line's first code) is looked up in the tree, and the nearest enclosing node that
tells names the class:

* a type: an annotation, a function type `(a: T) => U`, an interface or type literal's
  method or call signature, a type assertion (`Array as () => string[]`); or, when nothing
  around lizard's name tells, a type that starts on the line (a return type
  `): (() => void) | undefined {`);
* a signature without a body: an overload, a `declare`d function, an abstract method;
* code inside a template string (`` `return { get x() { … } }` ``);
* a call, its callee or arguments (`a: ref(1),`, `createObjectMatcher({`);
* a statement such as `if (…) {`.

Used by `check_lizard.py` for the functions only lizard finds.
"""

from __future__ import annotations

from tree_sitter import Node, Tree

from codevitals.parse import registry

TYPE = "lizard takes a type (a function type, an interface or type literal's method) for a function"
SIGNATURE = (
    "lizard takes a signature without a body (an overload, `declare`, abstract) for a function"
)
STRING = "lizard reads code inside a template string as a function"
CALL = "lizard takes a call (its callee and arguments) for a function"
STATEMENT = "lizard takes a statement (`if (…) {`, `for (…) {`) for a function"

_TYPES = frozenset(
    {
        "type_annotation",
        "function_type",
        "constructor_type",
        "object_type",
        "interface_body",
        "type_alias_declaration",
        "property_signature",
        "method_signature",
        "call_signature",
        "construct_signature",
        "index_signature",
        "type_arguments",
        "type_parameters",
        "union_type",
        "intersection_type",
        "mapped_type_clause",
        "conditional_type",
        "generic_type",
        "parenthesized_type",
        "lookup_type",
        "tuple_type",
        "as_expression",
        "satisfies_expression",
    }
)
_SIGNATURES = frozenset({"function_signature", "ambient_declaration", "abstract_method_signature"})
_STRINGS = frozenset({"template_string", "string"})
_CALLS = frozenset({"call_expression", "arguments", "new_expression"})
_STATEMENTS = frozenset(
    {"if_statement", "for_statement", "for_in_statement", "while_statement", "switch_statement"}
)


class Trees:
    """Each file's syntax tree, parsed once, for the lines lizard names."""

    def __init__(self) -> None:
        self.trees: dict[str, Tree] = {}

    def phantom(
        self, language: str, path: str, source: bytes, where: tuple[int, str]
    ) -> str | None:
        """Why lizard sees a function named `name` at `line` (1-based), or None if unknown."""
        if language not in {"javascript", "typescript"}:
            return None
        tree = self.trees.get(path)
        if tree is None:
            tree = self.trees[path] = registry.for_content(path, source).parse(source)
        node = _at(tree, source, *where)
        if node is None:
            return None
        return _why(node) or _type_on_line(node, where[0])


def _at(tree: Tree, source: bytes, line: int, name: str) -> Node | None:
    """The smallest node at lizard's name on the line, else at the line's first code."""
    lines = source.split(b"\n")
    if not 0 < line <= len(lines):
        return None
    text = lines[line - 1]
    column = text.find(name.rstrip("?").encode()) if name.rstrip("?") else -1
    if column < 0:
        column = len(text) - len(text.lstrip())
    if column >= len(text):
        return None
    return tree.root_node.descendant_for_point_range((line - 1, column), (line - 1, column))


def _type_on_line(node: Node, line: int) -> str | None:
    """TYPE when a type starts on the line (`): (() => void) | undefined {`), else None."""
    top = node
    while top.parent is not None and top.parent.start_point.row == line - 1:
        top = top.parent
    line_start = top.parent if top.parent is not None else top
    pending = [line_start]
    while pending:
        current = pending.pop()
        if current.start_point.row > line - 1 or current.end_point.row < line - 1:
            continue
        if current.start_point.row == line - 1 and current.type in _TYPES:
            return TYPE
        pending.extend(current.named_children)
    return None


def _why(node: Node) -> str | None:
    """The class the nearest telling enclosing node names."""
    current: Node | None = node
    while current is not None:
        kind = current.type
        if kind in _STRINGS:
            return STRING
        if kind in _TYPES:
            return TYPE
        if kind in _SIGNATURES:
            return SIGNATURE
        if kind in _CALLS:
            return CALL
        if kind in _STATEMENTS:
            return STATEMENT
        current = current.parent
    return None
