"""JavaScript front end (JSX included): the official grammar and the ECMAScript mapping."""

from __future__ import annotations

from codevitals.parse.base import load_grammar
from codevitals.parse.ecmascript import EcmaScriptLanguage

_JAVASCRIPT_QUERY = """
(html_comment) @COMMENT
"""


class JavaScriptLanguage(EcmaScriptLanguage):
    """JavaScript and JSX, with Node's shebang."""

    name = "javascript"
    language = "javascript"
    suffixes: tuple[str, ...] = (".js", ".mjs", ".cjs", ".jsx")
    interpreters: tuple[bytes, ...] = (b"node",)
    grammar = "tree-sitter-javascript"

    def __init__(self) -> None:
        super().__init__(load_grammar("tree_sitter_javascript"), _JAVASCRIPT_QUERY)


JAVASCRIPT = JavaScriptLanguage()
