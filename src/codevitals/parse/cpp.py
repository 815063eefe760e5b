"""C++ front end: the official grammar, the C-family mapping (`cfamily`) and C++'s own syntax.

A file that does not parse is read again as C's (`CFamilyLanguage.reread`), and with three
valid C++ forms the grammar rejects rewritten in place (same length, newlines kept), each
into a form that keeps the functions, their names and their decisions:

- A member operator called by name (`p->operator[](i)`, `it.operator*()`, `return
  operator*();`): the grammar takes `operator` only in a declarator. The operator becomes
  an identifier (`p->operator__(i)`), still a call on a field; the only thing lost is the
  recursion of an operator that calls itself so.
- `typename` opening an expression (`x = typename T::iterator();`, a value built from a
  dependent type): the grammar takes `typename` only before a type. Blanked after `=`,
  `(`, `,`, `{` or `return` and before a qualified name and its `(` or `{`, the call of
  `T::iterator` the grammar reads is the same expression without the disambiguator.
- A comma at the top of a `decltype(…)` (`-> decltype(f(x), void())`, the SFINAE idiom):
  the grammar takes an expression, not a comma expression, there. Each such comma becomes a
  `|`, so every operand stays; a type holds no decision.

Measured on the files that did not parse whole, with C's rules: the member operators mend 4
more of nlohmann/json's 43, `decltype` 2, `typename` 1 (its `iter_impl.hpp` breaks on both
`typename object_t::iterator()` and `return operator*();`). Together with C's rules:
nlohmann/json 43 → 33, fmt 31 → 23 (`.h`, `.hpp`, `.cpp`, `.cc` and `.c` files).
"""

from __future__ import annotations

import re

from codevitals.parse.base import Node, Signature, load_grammar
from codevitals.parse.cfamily import CFamilyLanguage, function_pattern
from codevitals.parse.shared import is_static, named, named_children

_CPP_QUERY = (
    function_pattern("(reference_declarator) (operator_cast)")
    + """
(class_specifier body: (_)) @CLASS
(struct_specifier body: (_)) @CLASS
(union_specifier body: (_)) @CLASS
(lambda_expression) @LAMBDA
(for_range_loop) @FOR
(for_range_loop body: (_) @BLOCK)
(try_statement) @TRY
(catch_clause) @EXCEPT
(catch_clause body: (_) @BLOCK)
(using_declaration) @IMPORT
(parameter_declaration declarator: (identifier) @LOCAL)
(parameter_declaration declarator: (_ (identifier) @LOCAL))
(parameter_declaration declarator: (_ (_ (identifier) @LOCAL)))
(declaration declarator: (identifier) @LOCAL)
(declaration declarator: (_ declarator: (identifier) @LOCAL))
(declaration declarator: (_ declarator: (_ (identifier) @LOCAL)))
(structured_binding_declarator (identifier) @LOCAL)
(for_range_loop declarator: (identifier) @LOCAL)
(for_range_loop declarator: (_ (identifier) @LOCAL))
"""
)


class CppLanguage(CFamilyLanguage):
    """C++ sources, and `.h` headers with C++ syntax in them.

    Classes, structs and unions with a body are classes; functions defined in them are their
    methods, and a method defined outside (`int A::f()`) keeps its qualified name. Template
    functions are functions; a lambda nests its body in the function holding it. Cohesion
    follows `this->` and the class's own non-static data members and the methods defined
    in it, used by their bare names; constructors, destructors and conversion operators (the
    definitions without a return type) are left out, as are static methods.

    Oracle (lizard 1.17.10 on fmtlib/fmt's `.cc` files): 99.5 % of lizard's 1 774 functions
    matched, equal CCN for 98.6 % of them; on nlohmann/json, which nothing here was tuned
    on, 97.8 % of 3 294 and 97.4 % (its functions past a construct the grammar does not
    parse, and the reread does not mend, are lizard's alone: braces split between
    `#ifndef` branches, a comment inside a continued `#define`, `operator<=>`). C++'s own
    differences: lizard does not know raw
    strings, so it counts each `?` inside `R"(…)"` (fmt's `debug_presentation` test: 1 here, 7
    for lizard); it reads a constructor's member initializer list as part of the signature,
    so a `?:` there is no decision to it (googletest's `TestInfo::TestInfo`: 3 here, 1 for
    lizard); it counts the `&&` of a forwarding reference in a cast (`static_cast<T&&>(r)`,
    fmt's `range_begin`); and the methods of a class local to a function are part of that
    function to lizard, functions of their own here.
    """

    name = "cpp"
    language = "cpp"
    suffixes: tuple[str, ...] = (".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++")
    grammar = "tree-sitter-cpp"

    def __init__(self) -> None:
        super().__init__(load_grammar("tree_sitter_cpp"), _CPP_QUERY)

    def signature(self, node: Node, *, is_method: bool) -> Signature:
        """As C's, and `this` for a method that has a return type and is not `static`."""
        found = super().signature(node, is_method=is_method)
        if not is_method or is_static(node):
            return found
        if node.child_by_field_name("type") is None:
            return found  # a constructor, destructor or conversion operator
        return Signature(found.name, found.arguments, "this")

    def reread(self, source: bytes) -> bytes:
        """C's reading, then C++'s valid forms the grammar rejects rewritten (module doc)."""
        return decltype_commas(expression_typenames(member_operators(super().reread(source))))

    def fields(self, node: Node) -> frozenset[str]:
        """The class's non-static data members (not the methods it only declares)."""
        return named(
            _member_name(declarator)
            for member in named_children(node.child_by_field_name("body"))
            if member.type == "field_declaration" and not is_static(member)
            for declarator in member.children_by_field_name("declarator")
        )


def _member_name(declarator: Node | None) -> Node | None:
    """The name a member's declarator declares (`*p`, `q[3]`, `&r`); none for a method's."""
    while declarator is not None and declarator.type != "field_identifier":
        if declarator.type == "function_declarator":
            return None
        inner = declarator.child_by_field_name("declarator")
        declarator = inner or next(
            (c for c in declarator.named_children if c.type.endswith(("declarator", "identifier"))),
            None,
        )
    return declarator


_MEMBER_OPERATOR = re.compile(
    rb"(?:->|\.|\breturn[ \t])[ \t]*operator"
    rb"([ \t]*(?:\[[ \t]*\]|\([ \t]*\)|[-+*/%^&|~!=<>,]{1,3}))(?=[ \t]*\()"
)
"""An operator called by name on an object or returned (`p->operator[](`, `return
operator*(`); its symbols are group 1."""


def member_operators(source: bytes) -> bytes:
    """The source with each operator called by name made an identifier: `p->operator__(i)`."""
    return _MEMBER_OPERATOR.sub(_identifier_operator, source)


def _identifier_operator(found: re.Match[bytes]) -> bytes:
    symbols = found.start(1) - found.start()
    return found[0][:symbols] + b"_" * len(found[1])


_TEMPLATE_ARGUMENTS = rb"(?:<[^<>;{}()\n]*>)?"
_EXPRESSION_TYPENAME = re.compile(
    rb"([=(,{]|\breturn\b)([ \t\n]*)typename(?=[ \t]+(?:\w+" + _TEMPLATE_ARGUMENTS + rb")?"
    rb"(?:::(?:template[ \t]+)?\w+" + _TEMPLATE_ARGUMENTS + rb")+[ \t]*[({])"
)
"""`typename` where an expression starts, before a qualified name and the `(` or `{` that
builds a value of it (`= typename T::iterator()`)."""


def expression_typenames(source: bytes) -> bytes:
    """The source with each `typename` that opens an expression blanked."""
    return _EXPRESSION_TYPENAME.sub(lambda found: found[1] + found[2] + b" " * 8, source)


_PARENTHESES = rb"\((?:[^()]|\([^()]*\))*\)"
_DECLTYPE = re.compile(rb"\bdecltype[ \t]*\(((?:[^()]|" + _PARENTHESES + rb")*)\)")
"""A `decltype(…)` with up to two levels of parentheses inside; its operand is group 1."""
_TOP_COMMA = re.compile(_PARENTHESES + rb"|,")


def decltype_commas(source: bytes) -> bytes:
    """The source with each comma at the top of a `decltype(…)` made a `|`."""
    return _DECLTYPE.sub(_or_operands, source)


def _or_operands(found: re.Match[bytes]) -> bytes:
    start = found.start(1) - found.start()
    operand = _TOP_COMMA.sub(_comma_to_or, found[1])
    return found[0][:start] + operand + found[0][found.end(1) - found.start() :]


def _comma_to_or(found: re.Match[bytes]) -> bytes:
    return b"|" if found[0] == b"," else found[0]


CPP = CppLanguage()
