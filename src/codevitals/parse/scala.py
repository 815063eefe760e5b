"""Scala front end: the official grammar (`tree-sitter-scala`, Scala 2 and 3)."""

from __future__ import annotations

from collections.abc import Mapping

from codevitals.parse.base import Capture, Node, NodeKind, Signature, Tree, load_grammar
from codevitals.parse.braces import BraceFrontEnd
from codevitals.parse.shared import BRACE_WORDS, DECISIONS, named, named_children, text

_QUERY = """
(function_definition) @FUNCTION
(class_definition) @CLASS
(object_definition) @CLASS
(trait_definition) @CLASS
(enum_definition) @CLASS
(lambda_expression) @LAMBDA
(if_expression) @IF
(if_expression alternative: (if_expression) @ELIF)
(if_expression alternative: (_) @ELSE)
(for_expression) @FOR
(while_expression) @WHILE
(do_while_expression) @WHILE
(try_expression) @TRY
(catch_clause) @EXCEPT
(match_expression) @MATCH
(case_clause) @CASE
(guard) @DECISION
((infix_expression operator: (operator_identifier) @_operator) @BOOL
  (#any-of? @_operator "&&" "||"))
(if_expression consequence: (_) @BLOCK)
(if_expression alternative: (_) @BLOCK)
(for_expression body: (_) @BLOCK)
(while_expression body: (_) @BLOCK)
(do_while_expression body: (_) @BLOCK)
(catch_clause (_) @BLOCK)
(match_expression body: (_) @BLOCK)
(comment) @COMMENT
(block_comment) @COMMENT
(import_declaration) @IMPORT
(parameter name: (identifier) @LOCAL)
(val_definition pattern: (identifier) @LOCAL)
(var_definition pattern: (identifier) @LOCAL)
(tuple_pattern (identifier) @LOCAL)
(enumerator . (identifier) @LOCAL)
(lambda_expression parameters: (identifier) @LOCAL)
(bindings (binding name: (identifier) @LOCAL))
(typed_pattern pattern: (identifier) @LOCAL)
"""


class ScalaLanguage(BraceFrontEnd):
    """Scala: every `def` with a body (nested ones are functions of their own, as in lizard).

    Lambdas (`x => …`, `{ case … }` blocks passed along) nest what they hold and are no
    functions of their own.

    McCabe: one per `if` (`else if` too), `for`, `while`, `do … while`, each `case` of a
    `match` but the wildcard `case _`, each handler of a `catch` (the `catch` and its
    other `case`s), each guard (`if` in a `case` or a `for`), `&&` and `||`. Scala has no
    `?:`.

    Cognitive complexity follows the white paper: `if`, loops, `catch` +1 plus nesting,
    `match` once, `else if` and `else` +1, each run of like boolean operators +1; no
    increment for recursion. Cohesion follows `this.` and the class's own parameters, `val`s,
    `var`s and methods used by their bare names.

    Measured against lizard on scopt/scopt (benchmarks/results, `check_lizard.py
    --language scala`): 98.8 % of lizard's 249 functions matched, CCN equal for 91.5 %; every
    difference is one of lizard's boundaries: it ends a `def` whose body starts on the next
    line at the end of its first line, or runs one on past its end. lizard misses every
    `def` with type parameters (`def opt[A: Read](…)`, 46 in scopt). Not measured here:
    lizard counts `catch` and each of its `case`s (one more than ours per `catch`), every
    `case` (the wildcard too) and `do` and `while` of a `do … while` (two).
    """

    name = "scala"
    language = "scala"
    suffixes: tuple[str, ...] = (".scala", ".sc")
    interpreters: tuple[bytes, ...] = (b"scala",)
    grammar = "tree-sitter-scala"
    tests: tuple[str, ...] = ("*Test.scala", "*Spec.scala", "*Suite.scala", "src/test/")
    generated: tuple[str, ...] = ("target/", "src_managed/")
    words: Mapping[NodeKind, str] = {**BRACE_WORDS, NodeKind.MATCH: "match"}
    mccabe = DECISIONS | {NodeKind.DECISION}
    constructors = frozenset({"this"})

    def __init__(self) -> None:
        super().__init__(load_grammar("tree_sitter_scala"), _QUERY)

    def captures(self, tree: Tree) -> list[Capture]:
        """As the other brace languages, and the `else` an `else if` is not."""
        found = super().captures(tree)
        chained = {(start, end) for start, end, kind, _ in found if kind is NodeKind.ELIF}
        return [c for c in found if c[2] is not NodeKind.ELSE or c[:2] not in chained]

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """The function's name, its parameters (of every list), and `this` for methods."""
        count = sum(
            1
            for child in node.children_by_field_name("parameters")
            for parameter in child.named_children
            if parameter.type == "parameter"
        )
        return Signature(
            text(node.child_by_field_name("name")), count, "this" if is_method else None
        )

    def fields(self, node: Node) -> frozenset[str]:
        """The class's parameters and the names its body's `val`s and `var`s bind.

        A plain parameter that a method uses becomes a field too; patterns bind each name.
        """
        declared: list[Node | None] = []
        for parameters in node.children_by_field_name("class_parameters"):
            declared.extend(p.child_by_field_name("name") for p in parameters.named_children)
        for member in named_children(node.child_by_field_name("body")):
            if member.type in _VALUES:
                pattern = member.child_by_field_name("pattern") or member.child_by_field_name(
                    "name"
                )
                declared.extend(_bound(pattern))
        return named(declared)

    def class_name(self, node: Node) -> str:
        """The class, object, trait or enum's name."""
        return text(node.child_by_field_name("name"))

    def counts_as_case(self, node: Node) -> bool:
        """A `case` is a decision, but not the wildcard `case _` nor a `catch`'s first.

        The `catch` itself counts for its first handler, so that `n` handlers make `n`
        decisions, as `n` catch clauses do in Java.
        """
        pattern = node.child_by_field_name("pattern")
        if pattern is not None and pattern.type == "wildcard":
            return False
        block = node.parent
        if block is None or _parent_type(block) != "catch_clause":
            return True
        cases = (child for child in block.named_children if child.type == "case_clause")
        return next(cases, None) != node


_VALUES = frozenset({"val_definition", "var_definition", "val_declaration", "var_declaration"})


def _bound(pattern: Node | None) -> list[Node]:
    """The names a `val`'s pattern binds (`x`, `a, b`, `(p, q)`)."""
    if pattern is None:
        return []
    if pattern.type == "identifier":
        return [pattern]
    return [name for child in pattern.named_children for name in _bound(child)]


def _parent_type(node: Node | None) -> str | None:
    parent = node.parent if node is not None else None
    return parent.type if parent is not None else None


SCALA = ScalaLanguage()
