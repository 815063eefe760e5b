"""Kotlin's other reading of a file that does not parse: names the grammar takes for keywords.

Kotlin's modifiers (`open`, `private`, `inline`, …) and `get`, `set`, `by` and `where` are
soft keywords: they are keywords only where a declaration or an accessor can stand, and
names anywhere else. tree-sitter-kotlin 1.1.0 takes them for keywords at the start of a
statement as well, so `open = isOpen` (okhttp's `Http2Stream`), `set = set or bit` and
`open(closer)` break the parse, and everything after them goes unmeasured. Its lexer also
splits a name that starts with `in`, `as` or `else` and goes on with a digit or an
underscore (`in1.skip()`), and it has no `suspend { … }` lambda. Nor does it know two
newer syntaxes: a callable reference on a nullable type (`String?::plus`) and a
multi-dollar string (`$$"…"`, Kotlin 2.1), nor an annotation on its own line before a
property's accessor, nor a block closed on the line of a function's expression body
(`object : I { override fun f() = 1 }`, an enum entry's body).

A file that does not parse is read again with each such name respelled by flipping the case
of one letter (`opeN = isOpen`, `iN1.skip()`): the same length, so every node keeps its
place, and never a keyword. The newer syntaxes are blanked (`String ::plus`, `  "…"`), and
so is an annotation over an accessor; the blank before such a block's `}` becomes a `;`.
Only code is read, not strings, templates' text or
comments, and a name is respelled only where it cannot be a keyword: a modifier followed by
an operator, a colon or a bracket rather than by a declaration (but not a function's own
name, `fun open()`, or a member's, `x.open`), `get`/`set`/`by`/`where` followed by an
assignment, and `suspend` before a brace. The front end keeps the reading only when it parses whole
(`QueryFrontEnd.parse`). A respelled name is a local or member to cohesion under its new
spelling, so a method that uses it there and by its own spelling elsewhere links less than
it should.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_MODIFIERS = frozenset(
    b"abstract actual const crossinline expect external final infix inline internal lateinit "
    b"noinline open operator override private protected public sealed tailrec vararg".split()
)
_ASSIGNED_ONLY = frozenset({b"get", b"set", b"by", b"where"})
"""Keywords only where an accessor or a clause can stand: `get() = …` is an accessor."""

_KEYWORD_PREFIX = re.compile(rb"(?:in|as|else)[0-9_][A-Za-z0-9_]*")
_AFTER_MODIFIER_NAME = re.compile(rb"[ \t]*[-=.?!(\[+*/%,)\]};:<>|&]")
"""What follows a modifier used as a name: an operator, a colon or a bracket, never a word."""
_DECLARED_FUNCTION = re.compile(rb"\bfun[ \t]+(?:<[^>\n]*>[ \t]*)?(?:[A-Za-z_][\w<>?,. \t]*\.)?$")
"""What precedes a function's own name (`fun open(`, `fun Foo.open(`): kept as it is."""
_AFTER_ASSIGNED_NAME = re.compile(rb"[ \t]*[-+*/%]?=(?!=)")
_LAMBDA = re.compile(rb"[ \t]*\{")

_CODE = re.compile(
    rb"//[^\n]*|/\*|\?::|\$\$(?=\")|\"\"\"|\"|'(?:\\.|[^'\\\n])*'|[{}]|[A-Za-z_][A-Za-z0-9_]*"
)
_NEWER_SYNTAX = frozenset({b"?::", b"$$"})
"""`String?::plus` and a multi-dollar string `$$"…"`, which the grammar does not know; blanked
(`String ::plus`, `  "…"`), they read as what it knows (a `$name` inside is a template)."""
_ACCESSOR_ANNOTATION = re.compile(
    rb"^([ \t]*@[\w.]+(?:\([^()\n]*\))?[ \t]*(?://[^\n]*)?)\n"
    rb"(?=[ \t]*(?:(?:private|protected|internal|public)[ \t]+)?(?:get|set)\b)",
    re.MULTILINE,
)
"""An annotation alone on the line before a property's accessor (`@Suppress("X")` over
`set(value) {`), which the grammar does not take; blanked, the accessor parses."""
_NAME_START = re.compile(rb"[A-Za-z_]")
_EXPRESSION_BODY = re.compile(rb"\bfun\b[^\n{}]*=[^\n{}]*[ \t]$")
"""A function with an expression body on its line, up to a blank: `{ fun f() = 1 }` ends
there, which the grammar takes only after a `;` or a line break (the blank becomes the `;`)."""
_IN_STRING = re.compile(rb"\\.|\$\{|\"|\n")
_IN_RAW_STRING = re.compile(rb"\$\{|\"\"\"")
_COMMENT_TURN = re.compile(rb"/\*|\*/")


def respell_keywords(source: bytes) -> bytes:
    """The source with every name the grammar would take for a keyword respelled."""
    respelled = bytearray(source)
    for start, end in _code_marks(source):
        mark = source[start:end]
        if mark == b"$$":  # both: `$"…"` is no string to the grammar, `  "…"` is
            respelled[start:end] = b"  "
        elif mark == b"}":
            if _closes_expression_body(source, start):
                respelled[start - 1] = ord(b";")
        elif mark in _NEWER_SYNTAX:
            respelled[start] = ord(b" ")
        elif _misread(source, start, end):
            at = _last_letter(source, start, end)
            respelled[at] = source[at] ^ 0x20  # flip the letter's case
    for annotation in _ACCESSOR_ANNOTATION.finditer(source):
        respelled[annotation.start(1) : annotation.end(1)] = b" " * len(annotation.group(1))
    return bytes(respelled)


def _misread(source: bytes, start: int, end: int) -> bool:
    """Whether the grammar would read the name at `start:end` as a keyword or split it."""
    word = source[start:end]
    if word in _MODIFIERS:
        if source[start - 1 : start] == b"." or _AFTER_MODIFIER_NAME.match(source, end) is None:
            return False  # a member's name (`x.open`) parses; a modifier is followed by words
        line_start = source.rfind(b"\n", 0, start) + 1
        return _DECLARED_FUNCTION.search(source, line_start, start) is None
    if word == b"suspend":
        return _LAMBDA.match(source, end) is not None  # not `suspend (T) -> R`, a type
    if word in _ASSIGNED_ONLY:
        return _AFTER_ASSIGNED_NAME.match(source, end) is not None
    return _KEYWORD_PREFIX.fullmatch(word) is not None


def _last_letter(source: bytes, start: int, end: int) -> int:
    """The offset of the word's last letter before any digit or underscore."""
    at = start
    for offset in range(start, end):
        if chr(source[offset]).isalpha():
            at = offset
        else:
            break
    return at


def _word_or_syntax(mark: bytes) -> bool:
    return mark in _NEWER_SYNTAX or _NAME_START.match(mark) is not None


def _closes_expression_body(source: bytes, at: int) -> bool:
    """Whether the brace at `at` ends, after a blank, a function's expression body on its line.

    `{ fun f() = 1 }`: the grammar wants a `;` or a line break there.
    """
    if at == 0 or source[at - 1] not in b" \t":
        return False
    # The body holds no brace, so the search starts after the last one (or the line's
    # start): each brace is searched back from once, never a whole long line per brace.
    brace = max(source.rfind(b"{", 0, at), source.rfind(b"}", 0, at))
    start = max(brace, source.rfind(b"\n", brace + 1, at)) + 1
    return _EXPRESSION_BODY.search(source, start, at) is not None


def _code_marks(source: bytes) -> Iterator[tuple[int, int]]:
    """The byte ranges of the names, of `?::` and `$$`, and of blocks' closing braces in code.

    Not in comments, strings or character literals.

    A string template's expression (`"${a.b}"`) is code, up to its closing brace; strings may
    nest in it. A string left open at the end of its line ends there, as the grammar's does.
    """
    scanner = _Scanner(source)
    while (found := scanner.next_mark()) is not None:
        mark = found.group()
        if scanner.string is not None:
            scanner.in_string(mark)
        elif _word_or_syntax(mark) or scanner.in_code(mark):
            yield found.span()


class _Scanner:
    """Where a scan of Kotlin source is: in code or in a string, and in which template."""

    def __init__(self, source: bytes) -> None:
        self.source = source
        self.at = 0
        self.string: re.Pattern[bytes] | None = None
        """The pattern of the string being read, None in code."""
        self.braces = 0
        """Braces open in the code being read (in a template's expression, since it opened)."""
        self.returns: list[tuple[re.Pattern[bytes], int]] = []
        """For each template entered: the string to go back to and the braces open then."""

    def next_mark(self) -> re.Match[bytes] | None:
        """The next thing that matters where the scan is, the scan moved past it."""
        found = (self.string or _CODE).search(self.source, self.at)
        if found is not None:
            self.at = found.end()
        return found

    def in_string(self, mark: bytes) -> None:
        if mark == b"${":
            self.returns.append((self.string or _IN_STRING, self.braces))
            self.string, self.braces = None, 0
        elif mark in {b'"', b'"""', b"\n"}:
            self.string = None

    def in_code(self, mark: bytes) -> bool:
        """Follow a mark in code; True for a block's closing brace (not a template's end)."""
        if mark == b"{":
            self.braces += 1
        elif mark == b"}":
            if self.braces == 0 and self.returns:
                self.string, self.braces = self.returns.pop()
                return False
            self.braces = max(0, self.braces - 1)
            return True
        elif mark == b'"':
            self.string = _IN_STRING
        elif mark == b'"""':
            self.string = _IN_RAW_STRING
        elif mark == b"/*":
            self.at = _comment_end(self.source, self.at)
        return False


def _comment_end(source: bytes, at: int) -> int:
    """Where a block comment opened before `at` ends; Kotlin's block comments nest."""
    depth = 1
    for turn in _COMMENT_TURN.finditer(source, at):
        depth += 1 if turn.group() == b"/*" else -1
        if depth == 0:
            return turn.end()
    return len(source)
