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
    rb"^[ \t]*[A-Z][A-Z0-9_]*[ \t]*(?:\((?:[^()\n]|\([^()\n]*\))*\))?[ \t]*[;:]?[ \t]*"
    rb"(?://[^\n]*)?$(?!\n[ \t]*\{)",
    re.MULTILINE,
)
"""A line holding only a macro's name, or a call of it on that line (`CAPTURE(i)`,
`JSON_HEDLEY_NON_NULL(2)`), or a macro standing for an access specifier
(`JSON_PRIVATE_UNLESS_TESTED:`), and not followed by a line opening a block, which would
make it a test macro's head (`TEST_CASE("name")` then `{`)."""


def macro_lines(source: bytes) -> bytes:
    """The source with every line that holds only a macro's name or call blanked.

    `FMT_END_NAMESPACE`, doctest's `DOCTEST_GCC_SUPPRESS_WARNING("-Wnoexcept")`, nlohmann's
    `NLOHMANN_DEFINE_TYPE_INTRUSIVE(person, name)` in a class: each expands to declarations
    or statements that bring their own `;`, so the grammar, which never expands a macro,
    reads a call missing its `;`.

    A reference type as a macro's last argument (doctest's `CHECK_THROWS_AS(f(),
    json::parse_error&);`) is no expression; over several lines, the grammar breaks on its
    `&`, which is blanked (`json::parse_error )` reads as a name).
    """
    blanked = _MACRO_LINE.sub(lambda line: b" " * len(line.group(0)), source)
    return _REFERENCE_ARGUMENT.sub(b" ", blanked)
