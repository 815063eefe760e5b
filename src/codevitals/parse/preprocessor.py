"""Other readings of a file that does not parse: first branches of `#if`, macro names blanked.

The C# and Swift grammars parse every branch of `#if … #else … #endif` as if each were code
in sequence, so branches that each hold one version of a statement (`if (a) {` in
one, `if (b) {` in the other, one closing brace after `#endif`) break the parse. A front
end that compiles conditionally parses a file that does not parse again with the other
branches blanked, and the directives too (a grammar also stumbles on one that stands inside
a statement, between an `else` and its block), and keeps that reading when it parses
whole: the first branch, as lizard's Fortran reader and its C preprocessor extension read
such code. Blanked bytes become spaces and newlines stay, so every node keeps its place.

C and C++ read such a file again with the lines that hold only a macro's name or a call of
it blanked (`FMT_BEGIN_NAMESPACE`, jemalloc's `TEST_END`, doctest's `CAPTURE(i)`): the
grammar never expands a macro, and an identifier or a call without its `;` where a
declaration or a statement should be breaks it.

Two more blankings in that reading, each of a construct the grammar rejects alone:

- A macro standing for specifiers before a declaration (`LUAI_FUNC void f(…);`, `FMT_API
  void f()`, `FMT_CONSTEXPR A(int a) : x(a) {}`, `static JSON_INLINE_VARIABLE constexpr int
  n`, `class GTEST_API_ RE {`) reads as a second type. It expands to attributes, storage or
  `constexpr`, none of which any measure reads, so blanking its name leaves the declaration
  the compiler sees. Only an all-capitals name with an underscore, at the start of a line
  (after indentation, `template <…>`, `static`, `class`…) and followed by another word, is
  blanked: `T value;`, `BOOL ok;` or `FILE *f;` stay. A caps type with an underscore
  (`SIZE_T n;`) would be blanked too, leaving `n;`, which parses: such a file loses that
  local, never a function or a decision. Measured alone, on the files that did not parse
  whole: redis 52 of 210 mended (lua's `LUAI_FUNC`, `LUALIB_API`), fmt 5 of 31, nlohmann/json
  2 of 43.
- In an `#if` or `#elif` condition (and its continuation lines), a string (`HAS_WARNING(
  "-Wc++98-compat")`) or a header name (`__has_include(<version>)`): the grammar's
  preprocessor expressions take neither. The directive stays a decision; only its operand,
  which no measure reads, is blanked (`__has_include(         )`). With the other rules, 1
  more of nlohmann/json's files and 2 of fmt's parse whole.
"""

from __future__ import annotations

import re

_DIRECTIVE = re.compile(
    rb"^[ \t]*#[ \t]*(ifdef|ifndef|if|elifdef|elifndef|elif|elseif|else|endif)\b",
    re.MULTILINE,
)
_OPENS = frozenset({b"if", b"ifdef", b"ifndef"})
_ALTERNATIVES = frozenset({b"elif", b"elifdef", b"elifndef", b"elseif", b"else"})
"""`#elif` in C#, `#elseif` in Swift."""
_NOT_A_NEWLINE = re.compile(rb"[^\n]")


def first_branches(source: bytes) -> bytes:
    """The source with its conditional directives and every branch after the first blanked."""
    blanked = bytearray(source)
    branches = _Branches()
    for directive in _DIRECTIVE.finditer(source):
        word, at = directive.group(1), directive.start()
        end = source.find(b"\n", at)
        _blank(blanked, source, at, len(source) if end < 0 else end)
        if word in _OPENS:
            branches.open()
        elif word in _ALTERNATIVES:
            branches.alternative(at)
        elif (start := branches.close()) is not None:
            _blank(blanked, source, start, at)
    if branches.skipping:  # an `#if` the file never closes: blank to its end
        _blank(blanked, source, branches.start, len(source))
    return bytes(blanked)


class _Branches:
    """The open `#if`s and where the blanking of a later branch began."""

    def __init__(self) -> None:
        self.later: list[bool] = []
        """Per open `#if`, outermost first: whether it is past its first branch."""
        self.start = 0

    @property
    def skipping(self) -> bool:
        """Whether the lines now met are in a later branch of some open `#if`."""
        return any(self.later)

    def open(self) -> None:
        self.later.append(False)

    def alternative(self, at: int) -> None:
        """An `#elif` or `#else` at byte `at`: its `#if`'s first branch has ended."""
        if not self.later or self.later[-1]:
            return  # a stray one, or a third branch of an `#if` already past its first
        if not self.skipping:
            self.start = at
        self.later[-1] = True

    def close(self) -> int | None:
        """An `#endif`: where the blanking it ends began, if it ends one."""
        if not self.later:
            return None
        was_later = self.later.pop()
        return self.start if was_later and not self.skipping else None


def _blank(blanked: bytearray, source: bytes, start: int, end: int) -> None:
    blanked[start:end] = _NOT_A_NEWLINE.sub(b" ", source[start:end])


_REFERENCE_ARGUMENT = re.compile(rb"(?<=[\w>])&(?=[ \t]*\)[ \t]*;)")
"""The `&` of a reference type ending a call's arguments, `…, json::parse_error&);`: no
expression ends so, so only a type passed to a macro does."""
_MACRO_LINE = re.compile(
    rb"^(?<!\\\n)[ \t]*[A-Z][A-Z0-9_]*[ \t]*(?:\((?:[^()\n]|\([^()\n]*\))*\))?[ \t]*[;:]?[ \t]*"
    rb"(?://[^\n]*)?$(?!\n[ \t]*\{)",
    re.MULTILINE,
)
"""A line holding only a macro's name, or a call of it on that line (`CAPTURE(i)`,
`JSON_HEDLEY_NON_NULL(2)`), or a macro standing for an access specifier
(`JSON_PRIVATE_UNLESS_TESTED:`), and not followed by a line opening a block, which would
make it a test macro's head (`TEST_CASE("name")` then `{`). A line a `\\` continues is part
of a directive: blanked, it would leave an `#if` condition ending in `&&`."""


def macro_lines(source: bytes) -> bytes:
    """The source with every line that holds only a macro's name or call blanked.

    `FMT_END_NAMESPACE`, doctest's `DOCTEST_GCC_SUPPRESS_WARNING("-Wnoexcept")`, nlohmann's
    `NLOHMANN_DEFINE_TYPE_INTRUSIVE(person, name)` in a class: each expands to declarations
    or statements that bring their own `;`, so the grammar, which never expands a macro,
    reads a call missing its `;`.

    A reference type as a macro's last argument (doctest's `CHECK_THROWS_AS(f(),
    json::parse_error&);`) is no expression; over several lines, the grammar breaks on its
    `&`, which is blanked (`json::parse_error )` reads as a name).

    A call with its `;` that holds a decision (`JSON_ASSERT(a || b);`) stays: in a function
    it is a statement the grammar reads, and blanked, its decision would be lost.
    """
    blanked = _MACRO_LINE.sub(_blank_unless_deciding, source)
    return _REFERENCE_ARGUMENT.sub(b" ", blanked)


_DECISION = re.compile(rb"&&|\|\||\?")


def _blank_unless_deciding(line: re.Match[bytes]) -> bytes:
    text = line.group(0)
    if b";" in text and _DECISION.search(text):
        return text
    return _spaces(line)


_SPECIFIER_MACROS = re.compile(
    rb"^((?:[ \t]*(?:template[ \t]*<(?:[^\n<>]|<(?:[^\n<>]|<[^\n<>]*>)*>)*>|template|static"
    rb"|inline|extern|constexpr|friend|virtual|explicit|class|struct|union)(?![\w<]))*[ \t]*)"
    rb"((?:[A-Z][A-Z0-9]*_[A-Z0-9_]*[ \t]+)+)(?=[A-Za-z_~])",
    re.MULTILINE,
)
"""Macro names standing for specifiers at the start of a declaration (`FMT_API void f()`):
all capitals with an underscore, followed by another word, after the line's indentation
and its specifier keywords or template header (`<…>` three levels deep, no more, so that
no choice is left to backtrack over)."""


def specifier_macros(source: bytes) -> bytes:
    """The source with each macro that stands for specifiers before a declaration blanked.

    `LUAI_FUNC void f(lua_State *L);`, `FMT_CONSTEXPR A(int a) : x(a) {}`: the grammar reads
    the macro as a type, then a second type or a constructor where a name should be.
    """
    return _SPECIFIER_MACROS.sub(lambda found: found[1] + b" " * len(found[2]), source)


_CONDITION = re.compile(rb"^[ \t]*#[ \t]*(?:if|elif)\b(?:[^\n\\]|\\[\s\S])*", re.MULTILINE)
"""An `#if` or `#elif` directive and the lines its `\\` continues it on."""
_UNREAD_OPERAND = re.compile(rb'"(?:[^"\\\n]|\\.)*"|(?<=\()[ \t]*<[^<>()\n]*>(?=[ \t]*\))')
"""A string, or a header name as a call's only argument (`__has_include(<version>)`)."""


def condition_operands(source: bytes) -> bytes:
    """The source with the strings and header names in `#if` and `#elif` conditions blanked."""
    return _CONDITION.sub(lambda found: _UNREAD_OPERAND.sub(_spaces, found[0]), source)


def _spaces(found: re.Match[bytes]) -> bytes:
    return b" " * len(found[0])
