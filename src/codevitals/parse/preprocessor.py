"""Conditional compilation: reading only the first branch of each `#if`.

The C# and Swift grammars parse every branch of `#if … #else … #endif` as if each were code
in sequence, so branches that each hold one version of a statement (`if (a) {` in
one, `if (b) {` in the other, one closing brace after `#endif`) break the parse. A front
end that compiles conditionally parses a file that does not parse again with the other
branches blanked, and the directives too (a grammar also stumbles on one that stands inside
a statement, between an `else` and its block), and keeps that reading when it parses
whole: the first branch, as lizard's Fortran reader and its C preprocessor extension read
such code. Blanked bytes become spaces and newlines stay, so every node keeps its place.
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
    later: list[bool] = []
    """Per open `#if`, outermost first: whether it is past its first branch."""
    blanked = bytearray(source)
    start = 0
    for directive in _DIRECTIVE.finditer(source):
        word, at = directive.group(1), directive.start()
        end = source.find(b"\n", at)
        end = len(source) if end < 0 else end
        blanked[at:end] = b" " * (end - at)
        skipping = any(later)
        if word in _OPENS:
            later.append(False)
        elif word in _ALTERNATIVES and later and not later[-1]:
            later[-1] = True
            if not skipping:
                start = at
        elif word == b"endif" and later and later.pop() and not any(later):
            blanked[start:at] = _NOT_A_NEWLINE.sub(b" ", source[start:at])
    if any(later):  # an `#if` the file never closes: blank to its end
        blanked[start:] = _NOT_A_NEWLINE.sub(b" ", source[start:])
    return bytes(blanked)
