"""Java front end: the official grammar and Java's mapping onto the neutral kinds."""

from __future__ import annotations

from codevitals.parse.bare_else import BareElseLanguage
from codevitals.parse.base import Node, Signature, load_grammar
from codevitals.parse.shared import is_static, named, named_children, text

_QUERY = """
(method_declaration body: (_)) @FUNCTION
(constructor_declaration) @FUNCTION
(compact_constructor_declaration) @FUNCTION
(lambda_expression) @LAMBDA
(class_declaration) @CLASS
(interface_declaration) @CLASS
(enum_declaration) @CLASS
(record_declaration) @CLASS
(object_creation_expression (class_body) @CLASS)
(if_statement) @IF
(if_statement alternative: (if_statement) @ELIF)
(if_statement "else" @ELSE)
(for_statement) @FOR
(enhanced_for_statement) @FOR
(while_statement) @WHILE
(do_statement) @WHILE
(try_statement) @TRY
(try_with_resources_statement) @TRY
(catch_clause) @EXCEPT
(switch_expression) @MATCH
(switch_label) @CASE
(ternary_expression) @TERNARY
(binary_expression operator: ["&&" "||"]) @BOOL
(if_statement consequence: (_) @BLOCK)
(if_statement alternative: (_) @BLOCK)
(for_statement body: (_) @BLOCK)
(enhanced_for_statement body: (_) @BLOCK)
(while_statement body: (_) @BLOCK)
(do_statement body: (_) @BLOCK)
(catch_clause body: (_) @BLOCK)
(switch_expression body: (switch_block) @BLOCK)
(break_statement (identifier)) @JUMP
(continue_statement (identifier)) @JUMP
(line_comment) @COMMENT
(block_comment) @COMMENT
(import_declaration) @IMPORT
(formal_parameter name: (identifier) @LOCAL)
(spread_parameter (variable_declarator name: (identifier) @LOCAL))
(local_variable_declaration declarator: (variable_declarator name: (identifier) @LOCAL))
(enhanced_for_statement name: (identifier) @LOCAL)
(catch_formal_parameter name: (identifier) @LOCAL)
(lambda_expression parameters: (identifier) @LOCAL)
(inferred_parameters (identifier) @LOCAL)
(resource name: (identifier) @LOCAL)
(instanceof_expression name: (identifier) @LOCAL)
"""

_CONSTRUCTORS = frozenset({"constructor_declaration", "compact_constructor_declaration"})


class JavaLanguage(BareElseLanguage):
    """Java: McCabe as lizard counts it, cognitive complexity as PMD computes it.

    McCabe: one per `if` (`else if` included), `for`, `while`, `do`, `catch`, `case` label
    (`case 1, 2 ->` is one; `default` none), `?:`, `&&` and `||`. A lambda is no function of
    its own: its decisions count in the method holding it, as lizard reads them; a method of
    an anonymous class is measured on its own. Cognitive complexity as SonarSource specifies
    and PMD's CognitiveComplexity computes it: `switch` once with its cases nested one level,
    `else if` and `else` +1 without nesting, `break`/`continue` to a label +1, each run of
    like boolean operators +1 (parentheses end a run), lambdas and the methods of anonymous
    classes one nesting level deeper and counted in the method holding them; no increment
    for recursion (a call by the same name may be another overload, which the text alone
    cannot tell). Methods are named `Class.method`; a constructor takes its
    class's name and is left out of cohesion, which follows `this.` and the class's own
    instance fields and methods used by their bare names.

    Against the oracles on gson (benchmarks/results): 97.0 % of lizard's 3151 functions
    found, the same CCN for 98.3 % of them, the same cognitive complexity as PMD for 98.6 %
    of 3382 functions. lizard reads tokens, so it counts the `?`
    of a generic wildcard (`Class<? super T>`, `Iterator<?>`) as a conditional operator,
    folds the methods of an anonymous class into the method creating it, takes an enum
    constant with a body (`IDENTITY { … }`) for a function, and starts a method at its name,
    so that one with more than three lines of annotations above it is not matched (here a
    method starts at its first annotation). PMD adds one per recursive call of the same
    overload, nests each link of an `else if` chain one level deeper than the last (the
    white paper does not), and counts the methods of an anonymous class one level deeper
    in the method creating it (here a class starts again from nesting zero).
    """

    name = "java"
    language = "java"
    suffixes: tuple[str, ...] = (".java",)
    grammar = "tree-sitter-java"
    tests: tuple[str, ...] = ("src/test/", "*Test.java", "*Tests.java", "*IT.java")
    generated: tuple[str, ...] = ("target/generated-sources/", "build/generated/")

    def __init__(self) -> None:
        super().__init__(load_grammar("tree_sitter_java"), _QUERY)

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """Name and parameters; `this` for instance methods, none for constructors."""
        parameters = node.child_by_field_name("parameters")
        count = 0
        if parameters is not None:
            count = sum(1 for p in parameters.named_children if p.type in _PARAMETERS)
        static = is_static(node)
        receiver = "this" if is_method and not static and node.type not in _CONSTRUCTORS else None
        return Signature(text(node.child_by_field_name("name")), count, receiver)

    def class_name(self, node: Node) -> str:
        """The class's name; an anonymous class takes the name of the type it extends."""
        if node.type == "class_body" and node.parent is not None:
            return text(node.parent.child_by_field_name("type"))
        return super().class_name(node)

    def counts_as_case(self, node: Node) -> bool:
        """A `case` label is a decision; `default` is not."""
        return bool(node.children) and node.children[0].type == "case"

    def fields(self, node: Node) -> frozenset[str]:
        """The instance fields of the class body (not `static` ones) and a record's components."""
        body = node if node.type == "class_body" else node.child_by_field_name("body")
        members = list(named_children(body))
        for part in [m for m in members if m.type == "enum_body_declarations"]:
            members.extend(part.named_children)
        declared = [
            declarator.child_by_field_name("name")
            for member in members
            if member.type == "field_declaration" and not is_static(member)
            for declarator in member.children_by_field_name("declarator")
        ]
        components = (
            node.child_by_field_name("parameters") if node.type == "record_declaration" else None
        )
        if components is not None:
            declared.extend(p.child_by_field_name("name") for p in components.named_children)
        return named(declared)


_PARAMETERS = frozenset({"formal_parameter", "spread_parameter"})
"""Parameters that count (not Java's explicit receiver parameter)."""

JAVA = JavaLanguage()
