"""What JavaScript and TypeScript share: the query, function names, and SonarJS's counting.

The two grammars name nearly every node alike, so one query template serves JavaScript,
TypeScript and TSX; the dialect modules (`javascript`, `typescript`) give the grammar, the
class-field node and the file conventions.

The counting follows the reference tools users compare us with, lizard for McCabe and
eslint-plugin-sonarjs for cognitive complexity; `EcmaScriptLanguage` says how, and where we
differ from lizard's token-based reading.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from codevitals.parse.base import (
    Capture,
    GrammarLoader,
    Node,
    NodeKind,
    QueryFrontEnd,
    Signature,
    Tree,
)
from codevitals.parse.shared import (
    BRACE_WORDS,
    DECISIONS,
    blank_comments,
    drop_else_if,
    through_parentheses,
)

_QUERY = """
(function_declaration) @FUNCTION
(generator_function_declaration) @FUNCTION
(function_expression) @FUNCTION
(generator_function) @FUNCTION
(arrow_function) @FUNCTION
(method_definition body: (_)) @FUNCTION
(class_declaration) @CLASS
(class) @CLASS
(if_statement) @IF
(else_clause (if_statement) @ELIF)
(else_clause) @ELSE
(for_statement) @FOR
(for_in_statement) @FOR
(while_statement) @WHILE
(do_statement) @WHILE
(try_statement) @TRY
(catch_clause) @EXCEPT
(switch_statement) @MATCH
(switch_case) @CASE
(ternary_expression) @TERNARY
(ternary_expression consequence: (_) @LAMBDA)
(ternary_expression alternative: (_) @LAMBDA)
(binary_expression operator: ["&&" "||" "??"]) @BOOL
(optional_chain) @DECISION
(augmented_assignment_expression operator: ["&&=" "||=" "??="]) @DECISION
(if_statement consequence: (_) @BLOCK)
(else_clause (_) @BLOCK)
(for_statement body: (_) @BLOCK)
(for_in_statement body: (_) @BLOCK)
(while_statement body: (_) @BLOCK)
(do_statement body: (_) @BLOCK)
(catch_clause body: (_) @BLOCK)
(switch_statement body: (switch_body) @BLOCK)
(break_statement label: (_)) @JUMP
(continue_statement label: (_)) @JUMP
(comment) @COMMENT
(import_statement) @IMPORT
"""

_ANONYMOUS = "(anonymous)"
"""lizard's name for a function nothing names."""
_PARAMETER_NOISE = frozenset({"comment", "this"})
_NAMING_PARENTS = frozenset({"variable_declarator", "pair", "assignment_expression"})


class EcmaScriptLanguage(QueryFrontEnd):
    """A JavaScript or TypeScript dialect; subclasses give the grammar and conventions.

    McCabe as lizard counts it: one per `if` (`else if` included), loop (`do` too), `case`,
    `catch`, `?:`, `&&`, `||`, `??`, optional chaining `?.` and the short-circuit assignments
    `&&=`, `||=`, `??=` (each skips code on one path); not `default`. Each function's own:
    nested functions are measured on their own. lizard reads tokens, so it differs where a
    token is ambiguous: it counts `??` as two `?`, the `?` of a regular expression literal
    and of a TypeScript conditional type, misses `?.` after a name in TypeScript, counts in
    a function the decisions of an arrow function over several lines that it lists a line
    late, and its TypeScript reader, which does not know template strings, counts `if`,
    `&&`, `?` … in their text and reads a lone quote there (`` `'` ``) as a string's start.

    Against lizard on expressjs/express and vuejs/core (benchmarks/results,
    `check_lizard.py`; the classes are counted by benchmarks/lizard_tokens.py and
    lizard_trees.py): JavaScript 99.2 % of express's 3079 functions found, the same CCN for
    99.8 %. On core's TypeScript 89.5 % of lizard's 11,312 (99.9 % of those that are
    functions: the syntax tree shows 1175 of lizard's others to be calls, types, code in
    strings, signatures without a body and statements), the same CCN for 94.7 %; of the
    other 5.3 %, all but 68 functions (0.7 %) are explained by the classes above or by
    lizard cutting a function short or running it on. codevitals finds 2,082 functions
    lizard does not list: 820 hold functions both list (lizard reports a function at its
    end, and after code it misreads, a test file's `describe` callback say, it never
    reaches that end), 428 lizard lists from a later line under another name (it does not
    read the signature and names the function after a call in it) and 103 are methods
    with a return type (`m(): T {`), which its TypeScript reader never lists; the other
    731 lie where lizard has lost its place in the file.

    Cognitive complexity as eslint-plugin-sonarjs (4.x) reports it per function: the white
    paper's structural increments plus nesting, `switch` once, `else if` and `else` +1 without
    nesting, `break label`/`continue label` +1, no increment for recursion. Unlike the white
    paper it measures each function on its own, from nesting 0 (a callback adds nothing to the
    function holding it), and of boolean operators it counts only runs of `&&` (+1 each,
    grouping parentheses do not end a run; `||` and `??` read as defaults), none at all in a
    chain of one operator that is a JSX child (`{ready && <List/>}`).

    Functions nothing names are `(anonymous)`; others take the name of the variable,
    property, field or assignment target holding them. Cohesion follows `this.`;
    `constructor` is left out.
    """

    name: str
    language: str
    suffixes: tuple[str, ...]
    grammar: str
    tests: tuple[str, ...] = ("*.test.*", "*.spec.*", "__tests__/", "__mocks__/")
    generated: tuple[str, ...] = (
        "*.min.js",
        "*.min.mjs",
        "*.min.cjs",
        "*.bundle.js",
        "*-bundle.js",
    )
    words: Mapping[NodeKind, str] = BRACE_WORDS
    mccabe = DECISIONS | {NodeKind.DECISION}
    constructors = frozenset({"constructor"})
    ternary_nests_whole = False
    boolean_sequences = frozenset({"&&"})

    def __init__(self, grammar: GrammarLoader, extra_query: str) -> None:
        super().__init__(grammar, _QUERY + extra_query)

    def captures(self, tree: Tree) -> list[Capture]:
        """The query's captures with each `else if` as one hybrid increment.

        The `if` of an `else if` is captured as ELIF, so its own IF capture, its capture as the
        `else`'s body and the `else` around it are dropped: SonarSource counts `else if` once,
        without nesting, and McCabe once. A `?:` branch that is a function nests nothing (it
        would nest the function's own body, which SonarJS measures from nesting 0).
        """
        found = drop_else_if(super().captures(tree))
        functions = {(start, end) for start, end, kind, _ in found if kind is NodeKind.FUNCTION}
        return [c for c in found if not (c[2] is NodeKind.LAMBDA and c[:2] in functions)]

    def uncomment(self, source: bytes, comments: Sequence[tuple[int, int]]) -> bytes:
        """The source with every comment's bytes blanked, its newlines kept."""
        return blank_comments(source, comments) if comments else source

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """The function's name as lizard gives it, its parameters, and `this` for methods."""
        parameters = node.child_by_field_name("parameters")
        if parameters is not None:
            count = sum(1 for p in parameters.named_children if p.type not in _PARAMETER_NOISE)
        else:
            count = int(node.child_by_field_name("parameter") is not None)  # `x => …`
        receiver = "this" if is_method and not _is_static(node) else None
        return Signature(function_name(node), count, receiver)

    def start_line(self, node: Node) -> int:
        """Where the node starts; for an arrow function, the line of its `=>`.

        lizard and eslint-plugin-sonarjs both place an arrow function at its arrow, which
        differs from its first line when the parameters span lines.
        """
        if node.type == "arrow_function":
            for child in node.children:
                if child.type == "=>":
                    return child.start_point.row + 1
        return node.start_point.row + 1

    def class_name(self, node: Node) -> str:
        """The class's name, or the name it is assigned to."""
        name = node.child_by_field_name("name")
        return _text(name) if name is not None else _context_name(node)

    def chain_parent(self, node: Node) -> Node | None:
        """The operator a boolean operand belongs to, seen through parentheses as ESTree does."""
        return through_parentheses(node)

    def guards_markup(self, node: Node) -> bool:
        """A JSX child `{…}` that is a chain of one operator with no `?:` among its operands."""
        parent = self.chain_parent(node)
        if parent is None or parent.type != "jsx_expression":
            return False
        operator = _logical_operator(node)
        pending = [node]
        while pending:  # a loop, not recursion: a chain can be thousands of operands long
            current = pending.pop()
            while current.type == "parenthesized_expression" and current.named_child_count:
                current = current.named_children[0]
            if current.type == "ternary_expression":
                return False
            link = _logical_operator(current)
            if link is None:
                continue  # an operand
            if link != operator:
                return False
            pending.extend(current.named_children)
        return True


_LOGICAL = frozenset({"&&", "||", "??"})


def _logical_operator(node: Node) -> str | None:
    """`&&`, `||` or `??` for a boolean operator's node; None for any other node."""
    if node.type != "binary_expression":
        return None
    operator = node.child_by_field_name("operator")
    return operator.type if operator is not None and operator.type in _LOGICAL else None


def function_name(node: Node) -> str:
    """A function's own name, else the variable, property or field it is assigned to."""
    name = node.child_by_field_name("name")
    if name is not None:
        return _text(name)
    return _context_name(node)


def _context_name(node: Node) -> str:
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    if parent is None:
        return _ANONYMOUS
    kind = parent.type
    if kind in _NAMING_PARENTS:
        field = "left" if kind == "assignment_expression" else "key" if kind == "pair" else "name"
        target = parent.child_by_field_name(field)
        if target is not None and target.type in _NAMES:
            return _text(target).strip("'\"`")
    elif kind in {"field_definition", "public_field_definition"}:
        return _text(parent.child_by_field_name("property") or parent.child_by_field_name("name"))
    return _ANONYMOUS


_NAMES = frozenset(
    {
        "identifier",
        "property_identifier",
        "private_property_identifier",
        "member_expression",
        "string",
        "number",
        "shorthand_property_identifier",
    }
)
"""Targets that name a function assigned to them (not destructuring patterns)."""


def _is_static(node: Node) -> bool:
    """Whether a method, or the class field holding an arrow function, is `static`."""
    owner = node if node.type == "method_definition" else node.parent
    return owner is not None and any(child.type == "static" for child in owner.children)


def _text(node: Node | None) -> str:
    raw = None if node is None else node.text  # each read of `text` copies the bytes anew
    return "" if raw is None else raw.decode("utf-8", "replace")
