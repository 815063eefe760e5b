"""Python front end: tree-sitter parsing and the one query every metric is computed from.

Visiting every node from Python costs about ten times more than parsing (DESIGN.md), so the
analysis runs one query that captures only the nodes a metric needs — scopes, control flow,
boolean operators, nesting blocks, docstrings and imports — and works on their byte ranges.
"""

from __future__ import annotations

from enum import IntEnum
from functools import cache

import tree_sitter_python
from tree_sitter import Language, Node, Parser, Query, QueryCursor, Tree

__all__ = ["Capture", "Kind", "Node", "Tree", "captures", "first_error_line", "parse"]


class Kind(IntEnum):
    """What a captured node is; the query's capture names are these members' names."""

    BLOCK = 0  # the body of a construct that increases nesting; sorts before its first statement
    FUNCTION = 1
    CLASS = 2
    LAMBDA = 3
    IF = 4
    ELIF = 5
    ELSE = 6
    FOR = 7
    WHILE = 8
    TRY = 9
    EXCEPT = 10
    MATCH = 11
    CASE = 12
    TERNARY = 13
    BOOL = 14
    DOCSTRING = 15
    IMPORT = 16
    DECORATED = 17  # a decorated function: its scope opens at the first decorator


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


Capture = tuple[int, int, Kind, Node]
"""A captured node as (start byte, end byte, kind, node); tuples keep the hot loop cheap."""


@cache
def _language() -> Language:
    return Language(tree_sitter_python.language())


@cache
def _parser() -> Parser:
    return Parser(_language())


@cache
def _query() -> Query:
    return Query(_language(), _QUERY)


def parse(source: bytes) -> Tree:
    """Parse UTF-8 Python source; never raises on syntax errors (they become ERROR nodes)."""
    return _parser().parse(source)


def captures(tree: Tree) -> list[Capture]:
    """Return every captured node sorted by start, enclosing nodes first."""
    found: list[Capture] = []
    for name, nodes in QueryCursor(_query()).captures(tree.root_node).items():
        kind = Kind[name]
        found.extend((node.start_byte, node.end_byte, kind, node) for node in nodes)
    # Enclosing nodes first; a block and its only statement can share a range, and BLOCK (0)
    # sorts first there because it is the parent.
    found.sort(key=lambda item: (item[0], -item[1], item[2]))
    return found


def first_error_line(tree: Tree) -> int | None:
    """Return the 1-based line of the first syntax error, or None when the file parsed fully."""
    root = tree.root_node
    if not root.has_error:
        return None
    cursor = root.walk()
    while True:
        node = cursor.node
        if node is not None and (node.is_error or node.is_missing):
            return node.start_point.row + 1
        has_error_inside = node is not None and node.has_error
        if has_error_inside and cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return root.start_point.row + 1
