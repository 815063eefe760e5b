"""What C and C++ share: the query for their common statements, function names, and headers.

The C++ grammar extends the C grammar and names the shared nodes alike, so one query template
serves both; the dialect modules (`c`, `cpp`) give the grammar, the extra patterns and the
file conventions. A `.h` header is either language: `header_is_cpp` reads its content.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from tree_sitter import Query, QueryCursor

from codevitals.parse import preprocessor
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
    is_kind,
    through_parentheses,
)

_QUERY = """
(if_statement) @IF
(else_clause (if_statement) @ELIF)
(else_clause) @ELSE
(for_statement) @FOR
(while_statement) @WHILE
(do_statement) @WHILE
(switch_statement) @MATCH
(case_statement) @CASE
(preproc_if) @CASE
(preproc_ifdef) @CASE
(preproc_elif) @CASE
(preproc_elifdef) @CASE
(conditional_expression) @TERNARY
(binary_expression operator: ["&&" "||"]) @BOOL
(if_statement consequence: (_) @BLOCK)
(else_clause (_) @BLOCK)
(for_statement body: (_) @BLOCK)
(while_statement body: (_) @BLOCK)
(do_statement body: (_) @BLOCK)
(switch_statement body: (_) @BLOCK)
(goto_statement) @JUMP
(comment) @COMMENT
(preproc_include) @IMPORT
((expression_statement (call_expression function: (identifier) @_macro))
  . (compound_statement) @FUNCTION (#match? @_macro "^[A-Z][A-Z0-9_]*$"))
"""

_C_DECLARATORS = "(function_declarator) (pointer_declarator) (parenthesized_declarator)"


def function_pattern(declarators: str) -> str:
    """The FUNCTION pattern: a definition whose declarator is one of these (and C's).

    Error recovery makes definitions of macros (`FMT_BEGIN_NAMESPACE namespace detail {…}`)
    with a bare name as their declarator; those are no functions.
    """
    kinds = f"{_C_DECLARATORS} {declarators}".strip()
    return f"(function_definition declarator: [{kinds}] body: (_)) @FUNCTION\n"


_CALLS = "(call_expression function: [(identifier) (field_identifier)] @callee)"
"""Calls to a plain name (`f(…)`, `obj.f(…)`, `this->f(…)`): what recursion looks for."""

_DECLARATOR_WRAPPERS = frozenset(
    {
        "pointer_declarator",
        "reference_declarator",
        "parenthesized_declarator",
        "attributed_declarator",
        "function_declarator",
    }
)
"""Declarators around the one that holds a function's name (`*f(…)`, `&g(…)`, `(h)(…)`)."""
_PARAMETERS = frozenset(
    {
        "parameter_declaration",
        "optional_parameter_declaration",
        "variadic_parameter_declaration",
        "variadic_parameter",
    }
)
_VOID_ONLY = b"void"


class CFamilyLanguage(QueryFrontEnd):
    """C or C++; subclasses give the grammar, the extra query and the conventions.

    McCabe as lizard counts it for C and C++: one per `if` (`else if` included), loop (`do`
    too), `case`, `?:`, `&&` and `||` (and `catch` in C++); not `default`, nor `goto`.
    Each preprocessor conditional in a function (`#if`, `#ifdef`, `#ifndef`, `#elif`) is a
    decision too, captured as a CASE: each configuration is a path a reader must follow, and
    lizard counts them (all but `#ifndef`). They are no cognitive increment: SonarSource
    measures the code as compiled. A function's complexity is its own: C has no
    nested functions, and C++ lambdas are no functions of their own (lizard reads their
    tokens as part of the function holding them), so their decisions count in that function
    and their bodies nest one level deeper.

    Cognitive complexity per the SonarSource white paper: `if`, loops, `switch` (once),
    `catch` and `?:` +1 plus nesting; `else if` and `else` +1; each `goto` +1; each run of
    `&&` or `||` in a condition +1; a function calling itself by name +1.

    The grammar reads the source unpreprocessed. Macros that stand for syntax make it recover
    from an error: a definition the recovery makes of a macro (`NS_BEGIN namespace n {`,
    `FMT_CATCH(...) {}`) is no function, and the functions inside it still are; a macro call
    without its semicolon (`GET_NUMERIC_TYPE(value)` in redis) can hide the statement after
    it (its decisions are lost: redis `numericConfigGet`, 2 here, 5 for lizard).

    Differences from lizard 1.17.10 that hold in both languages, each seen on redis and fmt
    (`benchmarks/check_lizard.py`, results in `benchmarks/results/lizard-*.json`):
    lizard counts `#if`/`#ifdef`/`#elif` but not `#ifndef` (redis `redisPollGetNow`: 2 here,
    1 for lizard); lizard's tokens lose their way in some long headers and report no function
    after that point (fmt's bundled `gmock.h`: none after line 408 of 11 659, `gtest.h` after
    5 252, `chrono.h` after 944: most of the functions only codevitals finds);
    `__attribute__((…))` before a definition is a function to lizard (hiredis `sds.h`).

    A test macro's body (googletest's `TEST(suite, name) { … }`) is a function, as it is to
    lizard and to the test framework: the grammar reads a call missing its `;` and a block,
    and where the callee is all capitals and the `;` is missing, the block is measured as a
    function named as the call is written, and the missing `;` is no syntax error
    (`tolerates`).
    """

    name: str
    language: str
    suffixes: tuple[str, ...]
    grammar: str
    tests: tuple[str, ...] = ("test/", "tests/", "*_test.c", "*_test.cc", "*_test.cpp")
    generated: tuple[str, ...] = ("*.pb.h", "*.pb.c", "*.pb.cc", "*.pb-c.c", "*.pb-c.h")
    words: Mapping[NodeKind, str] = BRACE_WORDS
    mccabe = DECISIONS
    constructors: frozenset[str] = frozenset()
    recursion = True

    def __init__(self, grammar: GrammarLoader, extra_query: str) -> None:
        super().__init__(grammar, _QUERY + extra_query)
        self._calls: Query | None = None

    def captures(self, tree: Tree) -> list[Capture]:
        """The query's captures with each `else if` as one hybrid increment, and no macros.

        No functions the grammar's error recovery makes of macros inside a function either,
        and no boolean operators of a `#if` condition (the `#if` is the one decision).

        `else if` as in `shared.drop_else_if`. A function defined directly in a function's block
        is no C or C++ (`FMT_CATCH(...) {}` after a `try`): its statements stay the enclosing
        function's.
        """
        found = drop_else_if(super().captures(tree))
        function, boolean = (
            NodeKind.FUNCTION,
            NodeKind.BOOL,
        )  # locals: faster than the enum's members
        functions = {node.id for _, _, kind, node in found if kind is function}
        return [
            (start, end, kind, node)
            for start, end, kind, node in found
            if not (
                (kind is function and _not_a_function(node, functions))
                or (kind is boolean and _in_preprocessor_condition(node))
            )
        ]

    def reread(self, source: bytes) -> bytes:
        """The lines that hold only a macro's name or call blanked, for a file that does not parse.

        `FMT_BEGIN_NAMESPACE` stands for `namespace fmt {` and `FMT_END_NAMESPACE` for its
        `}`: the grammar, which never expands them, sees an identifier where a declaration
        should be. They hold no decision, so blanking both keeps every measure; so does
        blanking a call that brings its own `;` (doctest's `CAPTURE(i)`, nlohmann's
        `NLOHMANN_DEFINE_TYPE_INTRUSIVE(person, name)` in a class) or stands for an access
        specifier (`JSON_PRIVATE_UNLESS_TESTED:`). On nlohmann/json this mends 37 of 94
        broken files; on redis 9 of 219, on fmt 3 of 34. The `&` of a reference type
        ending a macro's arguments (doctest's `CHECK_THROWS_WITH_AS(f(), "…",
        json::parse_error&);` over two lines) is blanked too: 14 more of nlohmann/json's
        files parse whole (47 of its 364 `.hpp` and `.cpp` files broken, then 33).

        A macro standing for specifiers before a declaration (`LUAI_FUNC void f(…);`) and
        the strings and header names of `#if` conditions are blanked too
        (`preprocessor.specifier_macros`, `preprocessor.condition_operands`). With them and
        C++'s own rewrites (`cpp`), of every `.h`, `.hpp`, `.cpp`, `.cc` and `.c` file:
        nlohmann/json 43 broken files of 456 → 33, fmt 31 of 72 → 23, redis 210 of 715 → 158.
        """
        blanked = preprocessor.specifier_macros(preprocessor.macro_lines(source))
        return preprocessor.condition_operands(blanked)

    def tolerates(self, node: Node) -> bool:
        """The `;` a test macro's call lacks before its block (`TEST(suite, name) { … }`)."""
        statement = node.parent
        return statement is not None and macro_call(statement) is not None

    def start_line(self, node: Node) -> int:
        """Where a function starts; a test macro's block at its macro's line."""
        call = macro_call(node.prev_named_sibling) if node.type == "compound_statement" else None
        return int((call or node).start_point.row) + 1

    def uncomment(self, source: bytes, comments: Sequence[tuple[int, int]]) -> bytes:
        """The source with every comment's bytes blanked, its newlines kept."""
        return blank_comments(source, comments)

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """The function's name as written (`A::f`, `operator==`, `~A`) and its parameters.

        `f(void)` takes no argument. No receiver: C has no methods (C++'s get `this`,
        `CppLanguage.signature`). A test macro's block is named as the macro's call is written
        (`TEST(format_test, enum)`), and takes no argument.
        """
        if node.type == "compound_statement":
            call = macro_call(node.prev_named_sibling)
            return Signature(" ".join(_text(call).split()) or _ANONYMOUS, 0, None)
        declarator = _function_declarator(node)
        if declarator is None:
            return Signature(_macro_definition(node) or _ANONYMOUS, 0, None)
        name = declarator.child_by_field_name("declarator")
        parameters = declarator.child_by_field_name("parameters")
        count = 0
        if parameters is not None:
            declared = [p for p in parameters.named_children if p.type in _PARAMETERS]
            if not (len(declared) == 1 and declared[0].text == _VOID_ONLY):
                count = len(declared)
        return Signature(_text(name) or _ANONYMOUS, count, None)

    def class_name(self, node: Node) -> str:
        """The class's name (`(anonymous)` for an unnamed struct)."""
        return _text(node.child_by_field_name("name")) or _ANONYMOUS

    def chain_parent(self, node: Node) -> Node | None:
        """The operator a boolean operand belongs to, seen through parentheses."""
        return through_parentheses(node)

    def counts_as_case(self, node: Node) -> bool:
        """A `case` is a decision, `default` (a case without a value) is not.

        So is each preprocessor conditional (`#if`, `#ifdef`, `#ifndef`, `#elif`).
        """
        return node.type != "case_statement" or node.child_by_field_name("value") is not None

    def calls_itself(self, function: Node, source: bytes, name: str, receiver: str | None) -> bool:
        """Whether the body calls the function's own (unqualified) name."""
        body = function.child_by_field_name("body")
        own = name.rpartition("::")[2].encode()
        if body is None or not own:
            return False
        if source.find(own, body.start_byte, body.end_byte) < 0:
            return False  # most functions: the name is nowhere in the body, no query needed
        if self._calls is None:
            self._calls = Query(self._load(), _CALLS)
        cursor = QueryCursor(self._calls)
        cursor.set_byte_range(body.start_byte, body.end_byte)
        callees = cursor.captures(body).get("callee", [])
        return any(callee.text == own for callee in callees)


_ANONYMOUS = "(anonymous)"


_EXPRESSIONS = frozenset({"binary_expression", "parenthesized_expression", "unary_expression"})
_PREPROCESSOR_CONDITIONS = frozenset({"preproc_if", "preproc_elif"})


def _in_preprocessor_condition(node: Node) -> bool:
    parent = node.parent
    while parent is not None and parent.type in _EXPRESSIONS:
        parent = parent.parent
    return parent is not None and parent.type in _PREPROCESSOR_CONDITIONS


_MACRO = re.compile(r"[A-Z][A-Z0-9_]*")


def macro_call(statement: Node | None) -> Node | None:
    """The call of a test macro's statement: `TEST(a, b)` missing its `;`, a block after it.

    The grammar reads `TEST(suite, name) { … }` as that statement and a block; lizard and the
    test frameworks' readers take the pair for a function, and so does codevitals.
    """
    if statement is None or statement.type != "expression_statement":
        return None
    if not (_followed_by_block(statement) and _lacks_semicolon(statement)):
        return None
    call = statement.named_children[0] if statement.named_children else None
    is_call = call is not None and call.type == "call_expression"
    callee = call.child_by_field_name("function") if call is not None and is_call else None
    return call if callee is not None and _MACRO.fullmatch(_text(callee)) else None


def _macro_definition(definition: Node) -> str | None:
    """A macro's definition of a function, by the name it is written with.

    The grammar may read `TEST_BEGIN(name) { … }` as a definition whose type is the macro's
    name and whose declarator is its parenthesized argument.
    """
    macro = _text(definition.child_by_field_name("type"))
    declarator = definition.child_by_field_name("declarator")
    argument = declarator if is_kind(declarator, "parenthesized_declarator") else None
    return macro + _text(argument) if argument and _MACRO.fullmatch(macro) else None


def _followed_by_block(statement: Node) -> bool:
    return is_kind(statement.next_named_sibling, "compound_statement")


def _lacks_semicolon(statement: Node) -> bool:
    return statement.child_count > 0 and statement.children[-1].is_missing


def _not_a_function(node: Node, functions: set[int]) -> bool:
    """A definition in a function's block, or a block after a call that is no test macro's."""
    if node.type == "compound_statement":
        return macro_call(node.prev_named_sibling) is None
    return _in_function_body(node, functions)


def _in_function_body(node: Node, functions: set[int]) -> bool:
    """Whether a definition sits in a block of a function (one of `functions`, by node id).

    A definition the grammar made of a macro (`NS_BEGIN namespace n {…}`) is no function, so
    the real functions inside it stay functions.
    """
    parent = node.parent
    if parent is None or parent.type != "compound_statement":
        return False
    while parent is not None and parent.type != "function_definition":
        parent = parent.parent
    return parent is not None and parent.id in functions


def _function_declarator(node: Node) -> Node | None:
    """The innermost `function_declarator` of a definition, through pointers and references.

    In `int (*f(int))(char)` the outer one declares the returned pointer's parameters; the
    innermost names the function.
    """
    found = None
    declarator = node.child_by_field_name("declarator")
    while declarator is not None and declarator.type in _DECLARATOR_WRAPPERS:
        if declarator.type == "function_declarator":
            found = declarator
        inner = declarator.child_by_field_name("declarator")
        declarator = inner or next(iter(declarator.named_children), None)
    return found


_CPP_SIGNS = (
    re.compile(
        rb"^\s*(?:class|namespace|template|using)\b"
        rb"|^\s*(?:public|private|protected)\s*:"
        rb"|^\s*#\s*include\s*<[a-z_]+>"
        rb"|\b(?:constexpr|nullptr|noexcept|virtual|typename|static_assert|decltype)\b",
        re.MULTILINE,
    ),
    # `std::`, `boost::`, `a::b`, `A::~A`: a pattern that opens with `::` is searched for as
    # a string, where `\w::` would be tried at every letter (a third of the time on redis).
    re.compile(rb"::(?:(?<=\w::)~?\w|(?<=\bstd::)|(?<=\bboost::))"),
)
"""Syntax found in C++ and never in C: keywords at the start of a declaration, `::`, and the
standard headers without `.h` (`<vector>`)."""
_COMMENTS = re.compile(rb"/\*.*?\*/|//[^\n]*", re.DOTALL)


def header_is_cpp(data: bytes) -> bool:
    """Whether a `.h` header's content is C++: any C++-only syntax outside comments."""
    if not _shows_cpp(data):
        return False  # most C headers: no need to strip their comments
    return _shows_cpp(_COMMENTS.sub(b" ", data))


def _shows_cpp(text: bytes) -> bool:
    return any(signs.search(text) is not None for signs in _CPP_SIGNS)


def _text(node: Node | None) -> str:
    if node is None or node.text is None:
        return ""
    return node.text.decode("utf-8", "replace")
