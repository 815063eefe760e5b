"""Every language front end, and how a file finds its own.

Adding a language: write its module (a `base.Language`), add it to `FRONT_ENDS`, add fixtures
under tests/code/languages and regenerate docs/languages.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from codevitals.parse.base import Language
from codevitals.parse.c import C
from codevitals.parse.cfamily import header_is_cpp
from codevitals.parse.cpp import CPP
from codevitals.parse.csharp import CSHARP
from codevitals.parse.go import GO
from codevitals.parse.java import JAVA
from codevitals.parse.javascript import JAVASCRIPT
from codevitals.parse.kotlin import KOTLIN
from codevitals.parse.php import PHP
from codevitals.parse.python import PYTHON
from codevitals.parse.ruby import RUBY
from codevitals.parse.rust import RUST
from codevitals.parse.scala import SCALA
from codevitals.parse.swift import SWIFT
from codevitals.parse.typescript import TSX, TYPESCRIPT

FRONT_ENDS: tuple[Language, ...] = (
    PYTHON,
    JAVASCRIPT,
    TYPESCRIPT,
    TSX,
    GO,
    JAVA,
    CSHARP,
    KOTLIN,
    C,
    CPP,
    RUST,
    PHP,
    RUBY,
    SWIFT,
    SCALA,
)
"""One line per front end; the first front end of a language is its default."""
BY_CONTENT: dict[str, tuple[Callable[[bytes], bool], Language]] = {".h": (header_is_cpp, CPP)}
"""Suffixes shared by two languages: the test of a file's content that sends it to the
front end given here instead of its suffix's (a `.h` header with C++ syntax is C++)."""
CONTENT_TESTS_VERSION = "1"
"""Discovery remembers each blob's verdict under this: change it with any test above."""

_BY_NAME = {front.name: front for front in FRONT_ENDS}
_BY_SUFFIX = {suffix: front for front in FRONT_ENDS for suffix in front.suffixes}
_DEFAULTS: dict[str, Language] = {}
for _front in FRONT_ENDS:
    _DEFAULTS.setdefault(_front.language, _front)

_SHEBANG_BYTES = 128
ANALYSED = frozenset(_DEFAULTS)
"""The languages whose files are measured."""


def get(name: str) -> Language:
    """The front end of that name; raises KeyError for an unknown one."""
    return _BY_NAME[name]


def for_suffix(suffix: str) -> Language | None:
    """The front end reading files with this suffix (lower case, with its dot)."""
    return _BY_SUFFIX.get(suffix)


def for_file(path: str, language: str) -> Language | None:
    """The front end for a file of a language: by suffix, else the language's default."""
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    front = _BY_SUFFIX.get(name[dot:].lower()) if dot > 0 else None
    if front is not None and front.language == language:
        return front
    return _DEFAULTS.get(language)


def for_content(path: str, data: bytes) -> Language:
    """The front end for a file by its suffix, else by its `#!` line, else Python's.

    A suffix two languages share (`BY_CONTENT`) goes by the file's content.
    """
    name = path.rpartition("/")[2]
    dot = name.rfind(".")
    suffix = name[dot:].lower() if dot > 0 else ""
    front = _BY_SUFFIX.get(suffix)
    shared = BY_CONTENT.get(suffix)
    if shared is not None and shared[0](data):
        front = shared[1]
    if front is None:
        front = for_shebang(data[:_SHEBANG_BYTES].split(b"\n", 1)[0])
    return front or PYTHON


def for_paths(paths: Iterable[str]) -> list[Language]:
    """The front ends that read files of these names by their suffix.

    A suffix two languages share counts for its own front end only (`.h`: C): compiling
    the other's query for a rare header would cost more than it saves.
    """
    found: dict[str, Language] = {}
    for path in paths:
        name = path.rpartition("/")[2]
        dot = name.rfind(".")
        front = _BY_SUFFIX.get(name[dot:].lower()) if dot > 0 else None
        if front is not None:
            found.setdefault(front.name, front)
    return list(found.values())


def for_shebang(first_line: bytes) -> Language | None:
    """The front end whose interpreter a `#!` line names."""
    if not first_line.startswith(b"#!"):
        return None
    for front in FRONT_ENDS:
        if any(word in first_line for word in front.interpreters):
            return front
    return None


def suffixes() -> dict[str, str]:
    """Each analysed suffix and the language reported for its files."""
    return {suffix: front.language for suffix, front in _BY_SUFFIX.items()}


def test_patterns() -> tuple[str, ...]:
    """Every front end's test-file conventions, in `.gitignore` syntax, without repeats."""
    return tuple(dict.fromkeys(pattern for front in FRONT_ENDS for pattern in front.tests))


def generated_patterns() -> tuple[str, ...]:
    """Every front end's generated-file conventions, in `.gitignore` syntax, without repeats."""
    return tuple(dict.fromkeys(pattern for front in FRONT_ENDS for pattern in front.generated))
