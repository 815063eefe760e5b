"""Why lizard reports a function where codevitals' syntax tree has none.

lizard 1.17.10 reads tokens: a name or `(` followed by a parameter list and then `{`, `=>`
or `->` is a function to it, and so is an anonymous `{` block in Kotlin. Where codevitals,
which reads the grammar's syntax tree, finds no function at that line, the tree says what
lizard saw instead. lizard's name for the function (else the line's first code) is looked
up in the tree, and the nearest enclosing node that tells names the class:

* a type: an annotation, a function type `(a: T) => U` or `(Request) -> Unit`, an interface
  or type literal's method or call signature, a type assertion (`Array as () => string[]`);
* a signature without a body: an overload, a `declare`d function, an abstract method or an
  interface's `fun` without a body;
* code inside a string (`` `return { get x() { … } }` ``);
* a call, its callee or arguments (`a: ref(1),`, `createObjectMatcher({`);
* a statement such as `if (…) {` or PHP's `} elseif (…) {`, or a Kotlin `when` branch
  (`else -> {`);
* a Kotlin lambda (`val f: () -> Unit = { … }`), which codevitals measures within the
  function holding it, as closures are;
* a Java enum constant with a body (`IDENTITY() { … }`), an anonymous class (`new X() {`)
  or a record's header: class bodies, whose methods are measured as methods; an annotation's
  element (`String[] alternate() default {};`), a signature.

When nothing around the name tells, the nodes that start on the line do: a lambda, else a
type (a return type `): (() => void) | undefined {`). A function past the line where the
grammar stops parsing its file (in the grammars that do not recover), or in a C# `#if`
branch after the first (when the file is read by its first branches), is codevitals' own
miss, and is named so; so is a C++ macro with a block (`TEST(suite, name) { … }`), which the
grammar reads as a call missing its `;` and a block.

Used by `check_lizard.py` for the functions only lizard finds.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from tree_sitter import Node, Tree

from codevitals.parse import registry
from codevitals.parse.base import first_error_line
from codevitals.parse.preprocessor import first_branches

TYPE = "lizard takes a type (a function type, an interface or type literal's method) for a function"
SIGNATURE = (
    "lizard takes a signature without a body (an overload, `declare`, abstract) for a function"
)
STRING = "lizard reads code inside a string as a function"
CALL = "lizard takes a call (its callee and arguments) for a function"
STATEMENT = "lizard takes a statement (`if (…) {`, a `when` branch) for a function"
LAMBDA = "lizard takes a lambda for a function (codevitals measures it in the function holding it)"
ENUM_BODY = "lizard takes an enum constant with a body (`IDENTITY() { … }`) for a function"
CLASS_BODY = "lizard takes a class body (`new X() { … }`, a record's header) for a function"
UNPARSED = "past the line where the grammar stops parsing the file (codevitals' miss)"
LATER_BRANCH = "in a later branch of an `#if` (codevitals reads the file by its first branches)"
MACRO_BLOCK = "a macro with a block (`TEST(suite, name) { … }`): a call and a block to the grammar"
RETURN_TYPE = "a method with a return type (`m(): T {`): lizard's TypeScript reader never lists it"

_ECMASCRIPT: Mapping[str, str] = {
    **dict.fromkeys(
        (
            "type_annotation",
            "function_type",
            "constructor_type",
            "object_type",
            "interface_body",
            "type_alias_declaration",
            "property_signature",
            "method_signature",
            "call_signature",
            "construct_signature",
            "index_signature",
            "type_arguments",
            "type_parameters",
            "union_type",
            "intersection_type",
            "mapped_type_clause",
            "conditional_type",
            "generic_type",
            "parenthesized_type",
            "lookup_type",
            "tuple_type",
            "as_expression",
            "satisfies_expression",
        ),
        TYPE,
    ),
    **dict.fromkeys(
        ("function_signature", "ambient_declaration", "abstract_method_signature"), SIGNATURE
    ),
    **dict.fromkeys(("template_string", "string"), STRING),
    **dict.fromkeys(("call_expression", "arguments", "new_expression"), CALL),
    **dict.fromkeys(
        (
            "if_statement",
            "for_statement",
            "for_in_statement",
            "while_statement",
            "switch_statement",
        ),
        STATEMENT,
    ),
}
_KOTLIN: Mapping[str, str] = {
    **dict.fromkeys(("function_type", "user_type", "type_arguments", "nullable_type"), TYPE),
    **dict.fromkeys(("string_literal", "multiline_string_literal"), STRING),
    **dict.fromkeys(("call_expression", "value_arguments"), CALL),
    **dict.fromkeys(("when_entry", "if_expression", "for_statement", "while_statement"), STATEMENT),
}
_PHP: Mapping[str, str] = {
    **dict.fromkeys(("string", "encapsed_string", "heredoc", "nowdoc"), STRING),
    **dict.fromkeys(
        (
            "function_call_expression",
            "member_call_expression",
            "nullsafe_member_call_expression",
            "scoped_call_expression",
            "object_creation_expression",
            "arguments",
        ),
        CALL,
    ),
    **dict.fromkeys(
        (
            "if_statement",
            "else_if_clause",
            "else_clause",
            "foreach_statement",
            "for_statement",
            "while_statement",
            "switch_statement",
            "match_expression",
            "conditional_expression",
        ),
        STATEMENT,
    ),
}
_JAVA: Mapping[str, str] = {
    "enum_constant": ENUM_BODY,
    **dict.fromkeys(("record_declaration", "class_body"), CLASS_BODY),
    "annotation_type_element_declaration": SIGNATURE,
    **dict.fromkeys(("string_literal", "text_block"), STRING),
    **dict.fromkeys(("method_invocation", "argument_list", "object_creation_expression"), CALL),
    **dict.fromkeys(
        (
            "if_statement",
            "for_statement",
            "enhanced_for_statement",
            "while_statement",
            "switch_expression",
            "catch_clause",
        ),
        STATEMENT,
    ),
}
_CSHARP: Mapping[str, str] = {
    **dict.fromkeys(
        ("catch_clause", "if_statement", "for_statement", "foreach_statement", "while_statement"),
        STATEMENT,
    ),
    "type_parameter_constraints_clause": TYPE,
    **dict.fromkeys(("invocation_expression", "argument_list"), CALL),
}
_CFAMILY: Mapping[str, str] = {
    **dict.fromkeys(("string_literal", "raw_string_literal"), STRING),
    **dict.fromkeys(
        ("if_statement", "for_statement", "while_statement", "switch_statement"), STATEMENT
    ),
}
_ENCLOSING: Mapping[str, Mapping[str, str]] = {
    "javascript": _ECMASCRIPT,
    "typescript": _ECMASCRIPT,
    "kotlin": _KOTLIN,
    "php": _PHP,
    "java": _JAVA,
    "csharp": _CSHARP,
    "c": _CFAMILY,
    "cpp": _CFAMILY,
}
"""Per language, the enclosing node types that tell what lizard saw."""
_STOPS_PARSING = frozenset({"javascript", "typescript", "kotlin", "php", "java"})
"""Grammars that, after a syntax error, lose the rest of the file (C, C++ and C# recover)."""
_ON_THE_LINE: Mapping[str, tuple[tuple[frozenset[str], str], ...]] = {
    "javascript": ((frozenset(_ECMASCRIPT) & {"function_type", "type_annotation"}, TYPE),),
    "typescript": ((frozenset(k for k, v in _ECMASCRIPT.items() if v == TYPE), TYPE),),
    "kotlin": ((frozenset({"lambda_literal"}), LAMBDA), (frozenset({"function_type"}), TYPE)),
    "php": ((frozenset({"encapsed_string", "string", "heredoc"}), STRING),),
    "java": (),
    "csharp": (),
    "c": (),
    "cpp": (),
}
"""Per language, in order, the node types starting on the line that tell, when none encloses."""
_BODIES = frozenset({"function_body", "statement_block", "compound_statement", "block"})
_DECLARATIONS = frozenset({"function_declaration", "method_declaration"})


class Trees:
    """Each file's syntax tree and lines, read once, for the lines lizard names."""

    def __init__(self) -> None:
        self.files: dict[str, _File] = {}

    def phantom(
        self, language: str, path: str, source: bytes, where: tuple[int, str]
    ) -> str | None:
        """Why lizard sees a function named `name` at `line` (1-based), or None if unknown."""
        enclosing = _ENCLOSING.get(language)
        if enclosing is None:
            return None
        file = self.files.get(path)
        if file is None:
            file = self.files[path] = _File(path, source)
        line = where[0]
        if language in _STOPS_PARSING and _past_parsing(file.tree, line):
            return UNPARSED
        if language == "csharp" and line in file.later_branches():
            return LATER_BRANCH
        node = _at(file, *where)
        if node is None:
            return None
        if _macro_with_block(node):
            return MACRO_BLOCK
        return _why(node, enclosing) or _on_line(node, line, _ON_THE_LINE[language])

    def missed(self, language: str, path: str, source: bytes, line: int) -> str | None:
        """Why lizard lists no function starting at `line` (1-based), or None if unknown.

        lizard's TypeScript reader takes the `:` after a method's parameters for the end of
        a declaration: a class or object-literal method with a return type is never listed
        (`m(a: number): void {`), though a `function` or an arrow function with one is.
        """
        if language != "typescript":
            return None
        file = self.files.get(path)
        if file is None:
            file = self.files[path] = _File(path, source)
        method = _starting(file.tree.root_node, line - 1, "method_definition")
        if method is not None and method.child_by_field_name("return_type") is not None:
            return RETURN_TYPE
        return None


def _starting(root: Node, row: int, kind: str) -> Node | None:
    """The outermost node of a kind that starts on the row (0-based), if any."""
    pending = [root]
    while pending:
        current = pending.pop()
        if current.start_point.row > row or current.end_point.row < row:
            continue
        if current.start_point.row == row and current.type == kind:
            return current
        pending.extend(reversed(current.named_children))
    return None


class _File:
    """One file as codevitals parses it, and the lines its first-branch reading blanks."""

    def __init__(self, path: str, source: bytes) -> None:
        self.source = source
        self.tree = registry.for_content(path, source).parse(source)
        self.lines = source.split(b"\n")
        self._later: frozenset[int] | None = None

    def later_branches(self) -> frozenset[int]:
        """The 1-based lines the first-branch reading blanks (`parse.preprocessor`)."""
        if self._later is None:
            read = first_branches(self.source).split(b"\n")
            self._later = frozenset(
                number
                for number, (ours, first) in enumerate(zip(self.lines, read, strict=False), 1)
                if ours != first
            )
        return self._later


def own_name(name: str) -> str:
    """A qualified name's last part (`A::f`, `A.f`: `f`), as lizard and codevitals write it."""
    return re.split(r"\.|::", name)[-1]


def _past_parsing(tree: Tree, line: int) -> bool:
    """Whether the line is at or past the file's first syntax error."""
    error = first_error_line(tree)
    return error is not None and line >= error


def _macro_with_block(node: Node) -> bool:
    """A call statement missing its `;` and followed by a block: `TEST(a, b) { … }`."""
    current: Node | None = node
    while current is not None and current.type != "expression_statement":
        current = current.parent
    if current is None or current.child_count == 0:
        return False
    following = current.next_named_sibling
    missing = current.children[-1].is_missing
    return missing and following is not None and following.type == "compound_statement"


def _at(file: _File, line: int, name: str) -> Node | None:
    """The smallest node at lizard's name on the line, else at the line's first code."""
    if not 0 < line <= len(file.lines):
        return None
    text = file.lines[line - 1]
    own = own_name(name).rstrip("?")
    column = text.find(own.encode()) if own else -1
    if column < 0:
        column = len(text) - len(text.lstrip())
    if column >= len(text):
        return None
    return file.tree.root_node.descendant_for_point_range((line - 1, column), (line - 1, column))


def _why(node: Node, enclosing: Mapping[str, str]) -> str | None:
    """The class the nearest telling enclosing node names."""
    current: Node | None = node
    while current is not None:
        if current.type in _DECLARATIONS and not _has_body(current):
            return SIGNATURE  # an abstract or interface method, Kotlin's or PHP's
        if current.type == "object_creation_expression" and any(
            child.type == "class_body" for child in current.children
        ):
            return CLASS_BODY  # Java's anonymous class
        found = enclosing.get(current.type)
        if found is not None:
            return found
        current = current.parent
    return None


def _has_body(function: Node) -> bool:
    return any(child.type in _BODIES for child in function.children) or (
        function.child_by_field_name("body") is not None
    )


def _on_line(node: Node, line: int, telling: tuple[tuple[frozenset[str], str], ...]) -> str | None:
    """The class of the first telling node type that starts on the line, else None."""
    top = node
    while top.parent is not None and top.parent.start_point.row == line - 1:
        top = top.parent
    scope = top.parent if top.parent is not None else top
    starting: set[str] = set()
    pending = [scope]
    while pending:
        current = pending.pop()
        if current.start_point.row > line - 1 or current.end_point.row < line - 1:
            continue
        if current.start_point.row == line - 1:
            starting.add(current.type)
        pending.extend(current.named_children)
    return next((why for kinds, why in telling if starting & kinds), None)
