"""TypeScript front ends: `.ts` with the typescript grammar, `.tsx` with the tsx grammar.

Two grammars because `<T>value` is a type assertion in TypeScript and an element in TSX; both
report their files as TypeScript. Declarations without bodies (overloads, abstract methods,
interfaces) are no functions.
"""

from __future__ import annotations

from codevitals.parse.base import load_grammar
from codevitals.parse.ecmascript import EcmaScriptLanguage

_TYPESCRIPT_QUERY = """
(abstract_class_declaration) @CLASS
"""


class TypeScriptLanguage(EcmaScriptLanguage):
    """TypeScript without JSX."""

    name = "typescript"
    language = "typescript"
    suffixes: tuple[str, ...] = (".ts", ".mts", ".cts")
    grammar = "tree-sitter-typescript"
    interpreters: tuple[bytes, ...] = (b"ts-node",)

    def __init__(self) -> None:
        super().__init__(
            load_grammar("tree_sitter_typescript", "language_typescript"), _TYPESCRIPT_QUERY
        )


class TsxLanguage(EcmaScriptLanguage):
    """TypeScript with JSX."""

    name = "tsx"
    language = "typescript"
    suffixes: tuple[str, ...] = (".tsx",)
    grammar = "tree-sitter-typescript"

    def __init__(self) -> None:
        super().__init__(load_grammar("tree_sitter_typescript", "language_tsx"), _TYPESCRIPT_QUERY)


TYPESCRIPT = TypeScriptLanguage()
TSX = TsxLanguage()
