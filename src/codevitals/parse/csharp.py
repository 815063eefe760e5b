"""C# front end: the official grammar and C#'s mapping onto the neutral kinds."""

from __future__ import annotations

from codevitals.parse import preprocessor
from codevitals.parse.bare_else import BareElseLanguage
from codevitals.parse.base import Node, Signature, load_grammar
from codevitals.parse.shared import has_modifier, is_static, named, named_children, text

_QUERY = """
(method_declaration body: (_)) @FUNCTION
(constructor_declaration body: (_)) @FUNCTION
(destructor_declaration body: (_)) @FUNCTION
(operator_declaration body: (_)) @FUNCTION
(conversion_operator_declaration body: (_)) @FUNCTION
(local_function_statement body: (_)) @FUNCTION
(accessor_declaration body: (_)) @FUNCTION
(lambda_expression) @LAMBDA
(anonymous_method_expression) @LAMBDA
(class_declaration) @CLASS
(struct_declaration) @CLASS
(record_declaration) @CLASS
(interface_declaration) @CLASS
(if_statement) @IF
(if_statement alternative: (if_statement) @ELIF)
(if_statement "else" @ELSE)
(for_statement) @FOR
(foreach_statement) @FOR
(while_statement) @WHILE
(do_statement) @WHILE
(try_statement) @TRY
(catch_clause) @EXCEPT
(switch_statement) @MATCH
(switch_expression) @MATCH
(switch_section "case" @CASE)
(switch_expression_arm) @CASE
(conditional_expression) @TERNARY
(binary_expression operator: ["&&" "||" "??"]) @BOOL
(if_statement consequence: (_) @BLOCK)
(if_statement alternative: (_) @BLOCK)
(for_statement body: (_) @BLOCK)
(foreach_statement body: (_) @BLOCK)
(while_statement body: (_) @BLOCK)
(do_statement body: (_) @BLOCK)
(catch_clause body: (_) @BLOCK)
(switch_statement body: (switch_body) @BLOCK)
(goto_statement) @JUMP
(comment) @COMMENT
(using_directive) @IMPORT
(parameter name: (identifier) @LOCAL)
(variable_declarator name: (identifier) @LOCAL)
(foreach_statement left: (identifier) @LOCAL)
(catch_declaration name: (identifier) @LOCAL)
(lambda_expression parameters: (implicit_parameter) @LOCAL)
(declaration_pattern name: (identifier) @LOCAL)
(declaration_expression name: (identifier) @LOCAL)
(tuple_pattern name: (identifier) @LOCAL)
"""

_CONSTRUCTORS = frozenset({"constructor_declaration", "destructor_declaration"})
_NAMELESS = {"operator_declaration": "operator", "conversion_operator_declaration": "operator"}


class CSharpLanguage(BareElseLanguage):
    """C#: McCabe as lizard counts it, cognitive complexity as SonarSource specifies.

    McCabe: one per `if` (`else if` included), `for`, `foreach`, `while`, `do`, `catch`,
    `case` label, arm of a `switch` expression but the discard `_`, `?:`, `&&`, `||` and
    `??`; not `?.`, nor `default`. A lambda or anonymous method is no function of its own:
    its decisions count in the member holding it; a local function and each property
    accessor with a body is measured on its own. Cognitive complexity: `switch` statement
    or expression once, with a statement's sections nested one level, `else if` and `else`
    +1 without nesting, `goto` +1, each run of like boolean operators (`&&`, `||`, `??`) +1
    (parentheses end a run), lambdas one nesting level deeper, no increment for recursion.
    Methods are named `Class.Method`, accessors `get`/`set`/`init`/`add`/`remove` after
    their property's name; constructors and accessors (parts of a property, not methods)
    are left out of cohesion, which follows `this.` and the type's own instance fields,
    properties and methods used by their bare names (`this.` alone in a `partial` type,
    whose other parts may declare them).

    A file that does not parse as a whole because its `#if` branches each hold part of a
    statement (`if (a) {…} else` in one branch, the block after `#endif`) is read by the
    first branch of each conditional, as lizard's C preprocessor extension reads C; the
    functions of the later branches are then left out. On Newtonsoft.Json that reading made
    42 files of 945 parse whole.

    Against lizard on Newtonsoft.Json (benchmarks/results; the classes are counted by
    benchmarks/lizard_braces.py): 98.9 % of its 6498 functions found, the same CCN for
    85.7 % of them, and all but 40 of the other 14 % explained by these classes (81 it
    finds and codevitals does not include those of later `#if` branches); on
    serilog/serilog, not tuned on, 99.2 % of 1329 found, 86.8 % the same CCN, all but 15
    of the others explained. lizard
    reads tokens, so it counts the `?` of a nullable
    type in a body (`object? value`) and of `?.`/`?[` as conditional operators, counts each
    `#if`/`#elif` preprocessor line, does not count `foreach` (no condition token of its),
    takes an `if` in a property accessor for the start of a function (it ends the accessor
    there), does not see switch-expression arms nor a decision in a constructor initializer
    (`: base(x ?? y)`, which it reads as part of the signature), and counts in a method the
    decisions of a lambda it lists late or not at all. No cognitive oracle was run for C#:
    SonarSource's own analyzer is not on PyPI or npm.
    """

    name = "csharp"
    language = "csharp"
    suffixes: tuple[str, ...] = (".cs",)
    grammar = "tree-sitter-c-sharp"
    tests: tuple[str, ...] = ("*Tests.cs", "*Test.cs", "*.Tests/", "*.Test/", "*.UnitTests/")
    generated: tuple[str, ...] = ("*.g.cs", "*.g.i.cs", "*.Designer.cs", "obj/")
    boolean_sequences = frozenset({"&&", "||", "??"})  # each run of `??` is one, as `&&`

    def __init__(self) -> None:
        super().__init__(load_grammar("tree_sitter_c_sharp"), _QUERY)

    def reread(self, source: bytes) -> bytes:
        """The first branch of each `#if`, for a file that does not parse as a whole."""
        return preprocessor.first_branches(source)

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """Name and parameters; `this` for instance members, none for constructors."""
        parameters = node.child_by_field_name("parameters")
        count = 0
        if parameters is not None:
            # `params T[] xs` is no `parameter` node in this grammar: count its keyword.
            count = sum(1 for p in parameters.children if p.type in {"parameter", "params"})
        plain = node.type not in _CONSTRUCTORS and not is_static(node)
        receiver = "this" if is_method and plain else None
        return Signature(_name(node), count, receiver, node.type == "accessor_declaration")

    def fields(self, node: Node) -> frozenset[str] | None:
        """The type's instance fields and properties, and its primary constructor's parameters.

        Not `static` or `const` ones: they are the type's, not the instance's. None for a
        `partial` type, whose other parts may declare the fields its methods use: there, as
        before bare names were read, only `this.` counts.
        """
        if has_modifier(node, _PARTIAL):
            return None
        members = named_children(node.child_by_field_name("body"))
        declared = [
            declarator.child_by_field_name("name")
            for member in members
            if member.type == "field_declaration" and not is_static(member)
            for variables in member.named_children
            if variables.type == "variable_declaration"
            for declarator in variables.named_children
            if declarator.type == "variable_declarator"
        ]
        declared.extend(
            member.child_by_field_name("name")
            for member in members
            if member.type == "property_declaration" and not is_static(member)
        )
        for parameters in (c for c in node.named_children if c.type == "parameter_list"):
            declared.extend(p.child_by_field_name("name") for p in parameters.named_children)
        return named(declared)

    def counts_as_case(self, node: Node) -> bool:
        """A `case` label, or a switch expression's arm other than the discard `_`."""
        if node.type != "switch_expression_arm":
            return True
        return not (node.named_children and node.named_children[0].type == "discard")


def _name(node: Node) -> str:
    """A member's name; an accessor is `Property.get`, an operator `operator`, a finalizer `~A`."""
    if node.type == "accessor_declaration":
        keyword = next((c.type for c in node.children if not c.is_named), "get")
        owner = node.parent.parent if node.parent is not None else None
        return f"{text(owner.child_by_field_name('name')) if owner else ''}.{keyword}"
    if node.type in _NAMELESS:
        return _NAMELESS[node.type]
    name = text(node.child_by_field_name("name"))
    return f"~{name}" if node.type == "destructor_declaration" else name


_PARTIAL = frozenset({b"partial"})

CSHARP = CSharpLanguage()
