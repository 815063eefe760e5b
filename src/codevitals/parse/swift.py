"""Swift front end: the official grammar (`tree-sitter-swift`)."""

from __future__ import annotations

from collections.abc import Mapping

from codevitals.parse import preprocessor
from codevitals.parse.base import Capture, Node, NodeKind, Signature, Tree, load_grammar
from codevitals.parse.braces import BraceFrontEnd
from codevitals.parse.shared import BRACE_WORDS, DECISIONS, is_static, named, named_children, text

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
(if_statement (else) . (if_statement) @ELIF)
(if_statement (else) @ELSE . "{")
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
(parameter name: (simple_identifier) @LOCAL)
(lambda_parameter name: (simple_identifier) @LOCAL)
(pattern bound_identifier: (simple_identifier) @LOCAL)
(pattern (pattern (simple_identifier) @LOCAL))
(if_statement bound_identifier: (simple_identifier) @LOCAL)
(guard_statement bound_identifier: (simple_identifier) @LOCAL)
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
        """The query's captures, a block only where its construct nests what it holds.

        The query captures every `statements` and this keeps those of `if`, `guard`, loops,
        `catch` and `switch` cases: seven patterns of a parent and its child cost the query a
        tenth of a second to compile, paid by every scan that analyses a Swift file.
        """
        block = NodeKind.BLOCK
        return [
            capture
            for capture in super().captures(tree)
            if capture[2] is not block or _nests(capture[3])
        ]

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
