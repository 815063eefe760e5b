"""Ruby front end: the official grammar (`tree-sitter-ruby`)."""

from __future__ import annotations

from collections.abc import Mapping

from codevitals.parse.base import Capture, Node, NodeKind, Signature, Tree, load_grammar
from codevitals.parse.braces import BraceFrontEnd
from codevitals.parse.shared import DECISIONS, child_of_kind, named_children, text

_QUERY = """
(method) @FUNCTION
(singleton_method) @FUNCTION
((call method: (identifier) @_method block: (_)) @FUNCTION (#eq? @_method "it"))
(class) @CLASS
(singleton_class) @CLASS
(module) @CLASS
(do_block) @LAMBDA
(block) @LAMBDA
(lambda) @LAMBDA
(if) @IF
(unless) @IF
(if_modifier) @IF
(unless_modifier) @IF
(elsif) @ELIF
(if alternative: (else) @ELSE)
(unless alternative: (else) @ELSE)
(elsif alternative: (else) @ELSE)
(for) @FOR
(while) @WHILE
(until) @WHILE
(while_modifier) @WHILE
(until_modifier) @WHILE
(begin) @TRY
(rescue) @EXCEPT
(rescue_modifier) @EXCEPT
(case) @MATCH
(case_match) @MATCH
(when) @CASE
(in_clause) @CASE
(conditional) @TERNARY
(binary operator: ["&&" "||" "and" "or"]) @BOOL
(call operator: "&.") @DECISION
(operator_assignment operator: ["||=" "&&="]) @DECISION
(if consequence: (_) @BLOCK)
(unless consequence: (_) @BLOCK)
(elsif consequence: (_) @BLOCK)
(else) @BLOCK
(for body: (_) @BLOCK)
(while body: (_) @BLOCK)
(until body: (_) @BLOCK)
(rescue body: (_) @BLOCK)
(when body: (_) @BLOCK)
(in_clause body: (_) @BLOCK)
(comment) @COMMENT
(method_parameters (identifier) @LOCAL)
(lambda_parameters (identifier) @LOCAL)
(block_parameters (identifier) @LOCAL)
(optional_parameter name: (identifier) @LOCAL)
(keyword_parameter name: (identifier) @LOCAL)
(splat_parameter name: (identifier) @LOCAL)
(hash_splat_parameter name: (identifier) @LOCAL)
(block_parameter name: (identifier) @LOCAL)
(assignment left: (identifier) @LOCAL)
(left_assignment_list (identifier) @LOCAL)
(exception_variable (identifier) @LOCAL)
(for pattern: (identifier) @LOCAL)
"""

_PARAMETERS = frozenset(
    {
        "identifier",
        "optional_parameter",
        "splat_parameter",
        "keyword_parameter",
        "hash_splat_parameter",
        "block_parameter",
        "destructured_parameter",
        "forward_parameter",
    }
)


class RubyLanguage(BraceFrontEnd):
    """Ruby: `def` methods (`def self.x` too) and, as lizard does, each `it … do` example.

    Blocks (`do … end`, `{ … }`) and lambdas are closures: they nest what they hold, as the
    white paper says of closures, and are no functions of their own.

    McCabe: one per `if`, `unless`, `elsif` (modifier forms too), `while`, `until`, `for`,
    `when`, `in` (pattern matching), `rescue` (the modifier too), `?:`, `&&`, `||`, `and`,
    `or`, the safe navigation `&.` and the short-circuit assignments `||=`, `&&=`.

    Cognitive complexity follows the white paper: `if`, `unless`, loops, `rescue`, `?:` +1
    plus nesting (modifier forms as well), `case` once, `elsif` and `else` +1, each run of
    like boolean operators +1; no increment for recursion. Cohesion follows `@` instance
    variables and `self.` calls, and in a class the methods and attributes (`attr_reader`,
    `attr_writer`, `attr_accessor`) it declares, used by their bare names (`name` for
    `@name`) unless the method assigns or takes a local of that name; a module's methods are
    read through `@` and `self.` alone (a mixin's state is its includer's). A setter
    (`name=`) is called through `self.`, so it is matched that way only. `initialize` is
    left out.

    Measured against lizard on sinatra/sinatra (benchmarks/results, `check_lizard.py
    --language ruby`): 99.95 % of lizard's 2,091 functions matched, CCN equal for 92.0 %.
    lizard's Ruby reader counts tokens, and the differences it explains construct by
    construct: it never counts `unless` nor `&.` (neither is in its conditions); it counts
    `ensure`, which decides nothing, the `?` of a character literal (`?a`) and a method
    named like a keyword (`List.for(app)`). 6 functions (0.3 %) stay unexplained; lizard
    loses 55 methods of sinatra's base.rb after a construct it misreads.
    """

    name = "ruby"
    language = "ruby"
    suffixes: tuple[str, ...] = (".rb", ".rake", ".gemspec", ".ru")
    interpreters: tuple[bytes, ...] = (b"ruby",)
    grammar = "tree-sitter-ruby"
    tests: tuple[str, ...] = ("*_spec.rb", "*_test.rb", "spec/")
    generated: tuple[str, ...] = ("db/schema.rb",)
    words: Mapping[NodeKind, str] = {
        NodeKind.IF: "if or unless",
        NodeKind.ELIF: "elsif",
        NodeKind.ELSE: "else",
        NodeKind.FOR: "for",
        NodeKind.WHILE: "while or until",
        NodeKind.EXCEPT: "rescue",
        NodeKind.MATCH: "case",
        NodeKind.TERNARY: "conditional expression",
    }
    mccabe = DECISIONS | {NodeKind.DECISION}
    line_comment = b"#"
    constructors = frozenset({"initialize"})
    boolean_sequences = frozenset({"&&", "||", "and", "or"})

    def __init__(self) -> None:
        super().__init__(load_grammar("tree_sitter_ruby"), _QUERY)

    def captures(self, tree: Tree) -> list[Capture]:
        """The query's captures, without the block of an `it` example: it is the function."""
        found = super().captures(tree)
        examples = {
            n.id for _, _, kind, n in found if kind is NodeKind.FUNCTION and n.type == "call"
        }
        if not examples:
            return found
        return [
            capture
            for capture in found
            if capture[2] is not NodeKind.LAMBDA or _parent_id(capture[3]) not in examples
        ]

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """The method's name (`self.name` for a singleton's, as lizard gives it)."""
        if node.type == "call":  # an `it "does this" do … end` example
            arguments = node.child_by_field_name("arguments")
            label = text(arguments.named_children[0]) if arguments is not None else ""
            return Signature(label.strip("'\"") or "it", 0, None)
        name = text(node.child_by_field_name("name"))
        owner = node.child_by_field_name("object")
        if owner is not None:
            name = f"{text(owner)}.{name}"
        parameters = node.child_by_field_name("parameters")
        count = 0
        if parameters is not None:
            count = sum(1 for p in parameters.named_children if p.type in _PARAMETERS)
        receiver = "@" if is_method and owner is None else None
        return Signature(name, count, receiver)

    def fields(self, node: Node) -> frozenset[str] | None:
        """A class's attributes (`attr_reader`, `attr_writer`, `attr_accessor`); None in a module.

        A class's methods call its methods and read these attributes by their bare names
        (`name` for `@name`); a name the method assigns or takes as a parameter is a local.
        A module is mixed into classes that hold its state: its methods are read through
        `@` and `self.` alone.
        """
        if node.type != "class":
            return None
        body = child_of_kind(node, "body_statement")
        declared = [
            argument
            for call in named_children(body)
            if call.type == "call" and text(call.child_by_field_name("method")) in _ATTRIBUTES
            for argument in named_children(call.child_by_field_name("arguments"))
            if argument.type == "simple_symbol"
        ]
        return frozenset(text(symbol).lstrip(":") for symbol in declared)

    def class_name(self, node: Node) -> str:
        """The class or module's name (`<<self` for a singleton class)."""
        name = node.child_by_field_name("name")
        return text(name) if name is not None else "<<self"


_ATTRIBUTES = frozenset({"attr_reader", "attr_writer", "attr_accessor"})


def _parent_id(node: Node) -> int | None:
    parent = node.parent
    return parent.id if parent is not None else None


RUBY = RubyLanguage()
