"""Python front end: the grammar, the one query metrics come from, and what its syntax means.

The questions about single nodes live in `python_syntax`.

Visiting every node from Python costs about ten times more than parsing (DESIGN.md), so the
analysis runs one query that captures only the nodes a metric needs — scopes, control flow,
boolean operators, nesting blocks, docstrings and imports — and works on their byte ranges.
Comments are not captured: a regular expression over the lines that hold a `#` removes them faster.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from codevitals.parse import python_syntax
from codevitals.parse.base import (
    Capture,
    Node,
    NodeKind,
    QueryFrontEnd,
    Signature,
    Tree,
    first_error_line,
    load_grammar,
)

__all__ = ["PYTHON", "Capture", "Node", "NodeKind", "Tree", "captures", "first_error_line", "parse"]


_QUERY = """
(function_definition) @FUNCTION
(decorated_definition definition: (function_definition)) @DECORATED
(class_definition) @CLASS
(lambda) @LAMBDA
(if_statement) @IF
(elif_clause) @ELIF
(else_clause) @ELSE
(for_statement) @FOR
(while_statement) @WHILE
(try_statement) @TRY
(except_clause) @EXCEPT
(match_statement) @MATCH
(case_clause) @CASE
(conditional_expression) @TERNARY
(boolean_operator) @BOOL
(if_statement consequence: (block) @BLOCK)
(elif_clause consequence: (block) @BLOCK)
(else_clause body: (block) @BLOCK)
(for_statement body: (block) @BLOCK)
(while_statement body: (block) @BLOCK)
(except_clause (block) @BLOCK)
(case_clause consequence: (block) @BLOCK)
(module . (comment)* . (expression_statement (string)) @DOCSTRING)
(function_definition body: (block . (expression_statement (string)) @DOCSTRING))
(class_definition body: (block . (expression_statement (string)) @DOCSTRING))
(import_statement) @IMPORT
(import_from_statement) @IMPORT
(future_import_statement) @IMPORT
"""

_COMMENT = re.compile(rb"""((?:[^#\n"']++|"(?:[^"\\\n]|\\.)*+"|'(?:[^'\\\n]|\\.)*+')*+)#[^\n]*""")
"""A line's trailing comment, after any single-line strings that may hold a `#` themselves.

Matched from the start of a line that holds a `#`; possessive quantifiers keep it linear on
lines whose quotes do not pair up.
"""


def _uncomment(source: bytes) -> bytes:
    """The source without the trailing comment of each line.

    Only lines that hold a `#` are tried, found with `bytes.find`: a pattern anchored at every
    line start (`^` with MULTILINE) would be tried at every byte of the file, which cost a
    quarter of a second on sqlalchemy.
    """
    hash_at = source.find(b"#")
    if hash_at < 0:
        return source
    parts: list[bytes] = []
    kept = 0
    while hash_at >= 0:
        line_start = source.rfind(b"\n", 0, hash_at) + 1
        line_end = source.find(b"\n", hash_at)
        matched = _COMMENT.match(source, line_start, len(source) if line_end < 0 else line_end)
        if matched is not None:
            parts.append(source[kept : matched.end(1)])
            kept = matched.end()
        hash_at = -1 if line_end < 0 else source.find(b"#", line_end)
    parts.append(source[kept:])
    return b"".join(parts)


class PythonLanguage(QueryFrontEnd):
    """Python: McCabe as ruff's C901 counts it, cognitive complexity as SonarSource specifies."""

    name = "python"
    language = "python"
    suffixes: tuple[str, ...] = (".py", ".pyw")
    interpreters: tuple[bytes, ...] = (b"python",)
    grammar = "tree-sitter-python"
    tests: tuple[str, ...] = (
        "test/",
        "tests/",
        "testing/",
        "/t/",
        "test_*.py",
        "*_test.py",
        "tests.py",
        "conftest.py",
    )
    generated: tuple[str, ...] = ("*_pb2.py", "*_pb2_grpc.py")
    words: Mapping[NodeKind, str] = {
        NodeKind.IF: "if",
        NodeKind.ELIF: "elif",
        NodeKind.ELSE: "else",
        NodeKind.FOR: "for",
        NodeKind.WHILE: "while",
        NodeKind.EXCEPT: "except",
        NodeKind.MATCH: "match",
        NodeKind.TERNARY: "conditional expression",
    }
    mccabe = frozenset({NodeKind.IF, NodeKind.ELIF, NodeKind.FOR, NodeKind.WHILE, NodeKind.EXCEPT})
    """What ruff's C901 counts besides each `case` (`counts_as_case`) and `try: … else:` (the
    walker sees it); expressions not at all."""
    line_comment = b"#"
    constructors = frozenset({"__init__", "__new__", "__post_init__", "__init_subclass__"})
    coding_cookie = True
    by_pieces = True
    recursion = True
    nested_functions_count_in = True
    boolean_sequences = frozenset({"and", "or"})

    def __init__(self) -> None:
        super().__init__(load_grammar("tree_sitter_python"), _QUERY)

    def uncomment(self, source: bytes, comments: Sequence[tuple[int, int]]) -> bytes:
        """The source without its `#` comments (the query captures none: `comments` is empty)."""
        return _uncomment(source)

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """Name, arguments (without `self`/`cls`) and receiver of a `def`."""
        return python_syntax.signature(node, is_method=is_method)

    def start_line(self, node: Node) -> int:
        """Where the `def` or `class` is (a decorated one's decorators are above it)."""
        return node.start_point.row + 1

    def class_name(self, node: Node) -> str:
        """The name of a `class`."""
        return python_syntax.text(node.child_by_field_name("name"))

    def chain_parent(self, node: Node) -> Node | None:
        """Parentheses end a chain of boolean operators (SonarSource's Python rule)."""
        return node.parent

    def guards_markup(self, node: Node) -> bool:
        """Python has no markup in its syntax."""
        return False

    def counts_as_case(self, node: Node) -> bool:
        """All but a final unguarded irrefutable `case`, as ruff counts them."""
        return python_syntax.counts_as_case(node)

    def is_wrapper(self, outer: Node, inner: Node) -> bool:
        """SonarSource's decorator rule."""
        return python_syntax.is_wrapper(outer, inner)

    def calls_itself(self, function: Node, source: bytes, name: str, receiver: str | None) -> bool:
        """A direct call by name, or through the receiver."""
        return python_syntax.calls_itself(function, source, name, receiver)


PYTHON = PythonLanguage()


def parse(source: bytes) -> Tree:
    """Parse UTF-8 Python source; never raises on syntax errors (they become ERROR nodes)."""
    return PYTHON.parse(source)


def captures(tree: Tree) -> list[Capture]:
    """Return every captured node sorted by start, enclosing nodes first."""
    return PYTHON.captures(tree)
