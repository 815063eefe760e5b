"""PHP front end: the official grammar (`tree-sitter-php`, PHP with its inline HTML)."""

from __future__ import annotations

from collections.abc import Mapping

from codevitals.parse.base import Node, NodeKind, Signature, load_grammar
from codevitals.parse.braces import BraceFrontEnd
from codevitals.parse.shared import DECISIONS, text, through_parentheses

_QUERY = """
(function_definition) @FUNCTION
(method_declaration body: (_)) @FUNCTION
(anonymous_function) @FUNCTION
(arrow_function) @FUNCTION
(class_declaration) @CLASS
(trait_declaration) @CLASS
(enum_declaration) @CLASS
(anonymous_class) @CLASS
(if_statement) @IF
(else_if_clause) @ELIF
(else_clause (if_statement) @ELIF)
(else_clause) @ELSE
(for_statement) @FOR
(foreach_statement) @FOR
(while_statement) @WHILE
(do_statement) @WHILE
(try_statement) @TRY
(catch_clause) @EXCEPT
(switch_statement) @MATCH
(match_expression) @MATCH
(case_statement) @CASE
(match_conditional_expression) @CASE
(conditional_expression) @TERNARY
(binary_expression operator: ["&&" "||" "and" "or" "xor" "??"]) @BOOL
(nullsafe_member_access_expression) @DECISION
(nullsafe_member_call_expression) @DECISION
(augmented_assignment_expression operator: "??=") @DECISION
(if_statement body: (_) @BLOCK)
(else_if_clause body: (_) @BLOCK)
(else_clause body: (_) @BLOCK)
(for_statement body: (_) @BLOCK)
(foreach_statement body: (_) @BLOCK)
(while_statement body: (_) @BLOCK)
(do_statement body: (_) @BLOCK)
(catch_clause body: (_) @BLOCK)
(switch_statement body: (_) @BLOCK)
(match_expression body: (_) @BLOCK)
(break_statement (_)) @JUMP
(continue_statement (_)) @JUMP
(goto_statement) @JUMP
(comment) @COMMENT
(namespace_use_declaration) @IMPORT
"""

ANONYMOUS = "(anonymous)"
"""lizard's name for a function nothing names."""
_PARAMETERS = frozenset({"simple_parameter", "variadic_parameter", "property_promotion_parameter"})


class PhpLanguage(BraceFrontEnd):
    """PHP: functions, methods (those with a body), closures and `fn` arrow functions.

    McCabe: one per `if`, `elseif` (and `else if`), `for`, `foreach`, `while`, `do`, `case`,
    `catch`, `?:` (the short `?:` too), each arm of a `match` but `default`, `&&`, `||`,
    `and`, `or`, `xor`, `??`, the null-safe `?->` and `??=`. Each function's
    own: closures are measured on their own, as lizard does.

    lizard's PHP reader is its JavaScript reader run over PHP tokens, and it is wrong where
    the two languages differ. Measured on laravel/framework (benchmarks/results,
    `check_lizard.py --language php`): of lizard's 16,894 functions 4,402 are phantoms:
    3,702 array items `'key' => value` (or `match` arms) read as arrow functions, and, looked
    up in the syntax tree (benchmarks/lizard_trees.py), 570 calls, 118 statements
    (`elseif (…) {`, `foreach (…) {`) and 12 pieces of code in strings; after a phantom
    lizard often loses the method around it (it ends early or reports it at a later line).
    73.9 % of lizard's functions match ours, and every one of those that are functions. CCN is
    equal for 87.5 % of matched functions; the differences it explains construct by
    construct: it never counts `foreach`, `and`, `or`, `xor` nor a `match` arm (none is in
    its conditions); it counts `??` and `??=` twice (two `?` tokens) and a nullable type
    `?T` once, and the words and operators of its conditions in a heredoc's text (a Lua
    script) and after `->` (`$this->for`); it charges a decision in an array item's value
    or a `match` arm's result to its phantom. 0.7 % stay unexplained (83 functions), where
    a phantom's reach is hard to tell: in a `foreach ($a as $k => $v)`, or an `fn` holding
    `=>`.

    Cognitive complexity follows the white paper: structural increments plus nesting for
    `if`, loops, `catch`, `switch` and `match` (once each), `?:`; `elseif`, `else if` and
    `else` +1; each run of like boolean operators +1 (`&&`, `||`, `and`, `or`, `xor`; `??`
    reads as a default and is none); `break N`, `continue N` and `goto` +1. Like SonarPHP,
    no increment for recursion, and each function from nesting 0.

    Names are lizard's: a closure takes the variable it is assigned to (`$handler`), else
    `(anonymous)`. Cohesion follows `$this->`; `__construct` is left out.
    """

    name = "php"
    language = "php"
    suffixes: tuple[str, ...] = (".php", ".phtml", ".php8", ".php7")
    interpreters: tuple[bytes, ...] = (b"php",)
    grammar = "tree-sitter-php"
    tests: tuple[str, ...] = ("*Test.php",)
    generated: tuple[str, ...] = ()
    words: Mapping[NodeKind, str] = {
        NodeKind.IF: "if",
        NodeKind.ELIF: "elseif",
        NodeKind.ELSE: "else",
        NodeKind.FOR: "loop",
        NodeKind.WHILE: "while",
        NodeKind.EXCEPT: "catch",
        NodeKind.MATCH: "switch or match",
        NodeKind.TERNARY: "conditional expression",
    }
    mccabe = DECISIONS | {NodeKind.DECISION}
    constructors = frozenset({"__construct"})
    boolean_sequences = frozenset({"&&", "||", "and", "or", "xor"})

    def __init__(self) -> None:
        super().__init__(load_grammar("tree_sitter_php", "language_php"), _QUERY)

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """The function's name as lizard gives it, its parameters, and `$this` for methods."""
        parameters = node.child_by_field_name("parameters")
        count = 0
        if parameters is not None:
            count = sum(1 for p in parameters.named_children if p.type in _PARAMETERS)
        static = any(child.type == "static_modifier" for child in node.children)
        receiver = "$this" if is_method and not static else None
        return Signature(_function_name(node), count, receiver)

    def class_name(self, node: Node) -> str:
        """The class, trait or enum's name; `(anonymous)` for `new class`."""
        name = node.child_by_field_name("name")
        return text(name) if name is not None else ANONYMOUS


def _function_name(node: Node) -> str:
    name = node.child_by_field_name("name")
    if name is not None:
        return text(name)
    parent = through_parentheses(node)
    if parent is not None and parent.type == "assignment_expression":
        target = parent.child_by_field_name("left")
        if target is not None and target.type == "variable_name":
            return text(target)
    return ANONYMOUS


PHP = PhpLanguage()
