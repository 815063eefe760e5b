"""C++ front end: the official grammar, the C-family mapping (`cfamily`) and C++'s own syntax."""

from __future__ import annotations

import tree_sitter_cpp

from codevitals.parse.base import Grammar
from codevitals.parse.cfamily import CFamilyLanguage, function_pattern

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
"""
)


class CppLanguage(CFamilyLanguage):
    """C++ sources, and `.h` headers with C++ syntax in them.

    Classes, structs and unions with a body are classes; functions defined in them are their
    methods, and a method defined outside (`int A::f()`) keeps its qualified name. Template
    functions are functions; a lambda nests its body in the function holding it.
    """

    name = "cpp"
    language = "cpp"
    suffixes: tuple[str, ...] = (".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++")
    grammar = "tree-sitter-cpp"

    def __init__(self) -> None:
        super().__init__(Grammar(tree_sitter_cpp.language()), _CPP_QUERY)


CPP = CppLanguage()
