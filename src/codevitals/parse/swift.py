"""Swift front end: the official grammar (`tree-sitter-swift`)."""

from __future__ import annotations

from collections.abc import Mapping

from codevitals.parse import preprocessor
from codevitals.parse.base import (
    Capture,
    Node,
    NodeKind,
    QueryFrontEnd,
    Signature,
    Tree,
    load_grammar,
)
from codevitals.parse.braces import BraceFrontEnd
from codevitals.parse.shared import (
    BRACE_WORDS,
    DECISIONS,
    drop_else_if,
    is_kind,
    is_static,
    named,
    named_children,
    text,
)

_QUERY = """
(function_declaration) @FUNCTION
(init_declaration) @FUNCTION
(deinit_declaration) @FUNCTION
(subscript_declaration) @FUNCTION
(computed_getter) @FUNCTION
(computed_setter) @FUNCTION
(willset_clause) @FUNCTION
(didset_clause) @FUNCTION
(class_declaration) @CLASS
(lambda_literal) @LAMBDA
(if_statement) @IF
(guard_statement) @IF
(for_statement) @FOR
(while_statement) @WHILE
(repeat_while_statement) @WHILE
(do_statement) @TRY
(catch_block) @EXCEPT
(switch_statement) @MATCH
(switch_entry) @CASE
(ternary_expression) @TERNARY
(conjunction_expression) @BOOL
(disjunction_expression) @BOOL
(statements) @BLOCK
(control_transfer_statement "break" result: (_)) @JUMP
(control_transfer_statement "continue" result: (_)) @JUMP
(comment) @COMMENT
(multiline_comment) @COMMENT
(import_declaration) @IMPORT
(parameter) @LOCAL
(lambda_parameter) @LOCAL
(pattern) @LOCAL
"""

_NESTING = frozenset(
    {
        "if_statement",
        "guard_statement",
        "for_statement",
        "while_statement",
        "repeat_while_statement",
        "catch_block",
        "switch_entry",
    }
)
"""The constructs whose `statements` nest one level deeper."""


def _bound(node: Node) -> list[Node]:
    """The names a parameter, a pattern or an `if let`/`guard let` binds."""
    if node.type in _PARAMETERS:
        name = node.child_by_field_name("name")
        return [name] if name is not None and name.type == _IDENTIFIER else []
    bound = [n for n in node.children_by_field_name("bound_identifier") if n.type == _IDENTIFIER]
    if node.type == "pattern":
        bound.extend(
            name
            for inner in node.named_children
            if inner.type == "pattern"
            for name in inner.named_children
            if name.type == _IDENTIFIER
        )
    return bound


def _branches(statement: Node) -> list[Capture]:
    """The `if` of an `else if` (ELIF), the bound names and an `else` before its block (ELSE)."""
    found: list[Capture] = [_as_local(name) for name in _bound(statement)]
    if statement.type != "if_statement":
        return found
    if is_kind(statement.prev_named_sibling, "else") and is_kind(statement.parent, "if_statement"):
        found.append((statement.start_byte, statement.end_byte, NodeKind.ELIF, statement))
    found.extend(
        (child.start_byte, child.end_byte, NodeKind.ELSE, child)
        for child in statement.children
        if child.type == "else" and is_kind(child.next_sibling, "{")
    )
    return found


def _as_local(name: Node) -> Capture:
    return (name.start_byte, name.end_byte, NodeKind.LOCAL, name)


_PARAMETERS = frozenset({"parameter", "lambda_parameter"})
_IDENTIFIER = "simple_identifier"


def _nests(block: Node) -> bool:
    parent = block.parent
    return parent is not None and parent.type in _NESTING


_NAMES = {
    "init_declaration": "init",
    "deinit_declaration": "deinit",
    "subscript_declaration": "subscript",
    "computed_getter": "get",
    "computed_setter": "set",
    "willset_clause": "willSet",
    "didset_clause": "didSet",
}
"""Functions named by their keyword, as lizard names them."""
_ACCESSORS = frozenset({"computed_getter", "computed_setter", "willset_clause", "didset_clause"})


class SwiftLanguage(BraceFrontEnd):
    """Swift: functions, `init`, `deinit`, `subscript` and accessors, as lizard finds them.

    Accessors are `get`, `set`, `willSet` and `didSet`; closures nest what they hold and are
    no functions of their own.

    McCabe: one per `if` (`else if`, `if let` too), `guard`, `for`, `while`, `repeat`, each
    `case` of a `switch` (not `default`), `catch`, `?:`, `&&` and `||`. Unlike JavaScript's
    front end, not `??` nor optional chaining `?.`: in Swift they are the ordinary way to
    reach an optional (`self?.title`), and neither lizard nor SwiftLint counts them.

    Cognitive complexity follows the white paper: `if`, `guard`, loops, `catch`, `?:` +1 plus
    nesting, `switch` once, `else if` and `else` +1, each run of like boolean operators +1,
    `break label` and `continue label` +1; no increment for recursion. Cohesion follows
    `self.` and the type's own instance properties and methods used by their bare names
    (`self.` alone in an extension, whose type declares them elsewhere); `init` and the
    accessors (parts of a property, not methods) are left out. A file that does not parse
    as a whole because of its `#if … #elseif … #else` branches (an `#error` in the last) is
    read by the first branch of each, when that reading parses (`parse.preprocessor`).

    Measured against lizard on Alamofire (benchmarks/results, `check_lizard.py --language
    swift`): 94.4 % of lizard's 2,006 functions matched (every one of those that are
    functions: lizard reads a call of `super.init(…)`, `.get`, `set(…)` or `internal(set)` as
    a function of its own, 113 of them), CCN equal for 77.3 %. lizard counts the `?` of an
    optional type or chaining after `)`, `]` or `>` (`[Int]?`, `Data?>?`, `f()?.x`) but not
    after a name (`a?.b`), a parameter labelled like a keyword (`for request:`) and a `case`
    pattern in an `if` or `guard` condition; every difference but 10 functions (0.5 %) is
    one of these.
    """

    name = "swift"
    language = "swift"
    suffixes: tuple[str, ...] = (".swift",)
    interpreters: tuple[bytes, ...] = (b"swift",)
    grammar = "tree-sitter-swift"
    tests: tuple[str, ...] = ("*Tests.swift", "*Test.swift", "Tests/")
    generated: tuple[str, ...] = ("*.generated.swift", "*.pb.swift")
    words: Mapping[NodeKind, str] = {**BRACE_WORDS, NodeKind.IF: "if or guard"}
    mccabe = DECISIONS
    constructors = frozenset({"init"})

    def __init__(self) -> None:
        super().__init__(load_grammar("tree_sitter_swift"), _QUERY)

    def reread(self, source: bytes) -> bytes:
        """The first branch of each `#if`, for a file that does not parse as a whole."""
        return preprocessor.first_branches(source)

    def captures(self, tree: Tree) -> list[Capture]:
        """The query's captures, with what a pattern of a parent and its child would find.

        Swift's grammar makes each such pattern cost its query 10 to 25 ms to compile, paid by
        every scan that analyses a Swift file. So the query captures single nodes and this
        derives the rest: a block only where its construct nests (`if`, `guard`, loops,
        `catch`, `switch` cases), the `if` of an `else if`, an `else` before its block, and the
        names that parameters, patterns and `if let`/`guard let` bind.
        """
        found: list[Capture] = []
        for capture in QueryFrontEnd.captures(self, tree):
            kind, node = capture[2], capture[3]
            if kind is NodeKind.LOCAL:
                found.extend(_as_local(name) for name in _bound(node))
            elif kind is not NodeKind.BLOCK or _nests(node):
                found.append(capture)
            if kind is NodeKind.IF:
                found.extend(_branches(node))
        found.sort(key=lambda item: (item[0], -item[1], item[2]))
        return drop_else_if(found)

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """The function's name, its parameters, and `self` for instance members."""
        name = _NAMES.get(node.type) or text(node.child_by_field_name("name"))
        count = sum(1 for child in node.named_children if child.type == "parameter")
        accessor = node.type in _ACCESSORS
        member = is_method or accessor
        return Signature(name, count, "self" if member and not is_static(node) else None, accessor)

    def fields(self, node: Node) -> frozenset[str] | None:
        """The instance properties the type's body declares (not `static` or `class` ones).

        None for an extension: the properties its methods use are declared elsewhere, so
        there only `self.` counts.
        """
        kind = node.child_by_field_name("declaration_kind")
        if kind is not None and kind.type == "extension":
            return None
        return named(
            pattern.child_by_field_name("bound_identifier")
            for member in named_children(node.child_by_field_name("body"))
            if member.type == "property_declaration" and not is_static(member)
            for pattern in member.children_by_field_name("name")
        )

    def class_name(self, node: Node) -> str:
        """The type's name (an extension's: the type it extends)."""
        name = node.child_by_field_name("name")
        return text(name) if name is not None else "(anonymous)"

    def counts_as_case(self, node: Node) -> bool:
        """A `case` is a decision; `default` is not."""
        return not any(child.type == "default_keyword" for child in node.children)


SWIFT = SwiftLanguage()
