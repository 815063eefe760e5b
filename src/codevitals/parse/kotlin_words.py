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
property's accessor (or on the accessor's line, after a getter's expression body), nor a
block closed on the line of a function's expression body (`object : I { override fun f() =
1 }`, an enum entry's body).

A file that does not parse is read again with each such name respelled by flipping the case
of one letter (`opeN = isOpen`, `iN1.skip()`): the same length, so every node keeps its
place, and never a keyword. The newer syntaxes are blanked (`String ::plus`, `  "…"`), and
so is an annotation over or before an accessor; the blank before such a block's `}`
becomes a `;`.
Only code is read, not strings, templates' text or
comments, and a name is respelled only where it cannot be a keyword: a modifier followed by
an operator, a colon or a bracket rather than by a declaration (but not a function's own
name, `fun open()`, or a member's, `x.open`), `get`/`set`/`by`/`where` followed by an
assignment, and `suspend` before a brace. The front end keeps the reading only when it parses whole
(`QueryFrontEnd.parse`). A respelled name is a local or member to cohesion under its new
spelling, so a method that uses it there and by its own spelling elsewhere links less than
it should.

`suspend` is a soft keyword too (Kotlin's grammar lists it among `simpleIdentifier`s), so
a parameter named `suspend` is passed by name (`f(suspend = true)`) and called
(`if (suspend(waiter))`), both of which the grammar breaks on. It is respelled where a
modifier is (followed by an operator, a colon or a bracket), and before an argument list
on its line that no `->` or `.` follows: `suspend (Int) -> Unit` and `suspend (A).() -> B`
are function types, which a call never looks like.

Three constructs need a separator the grammar misses, and get it from a blank turned `;`:

- Two file annotations on one line (`@file:JvmMultifileClass @file:JvmName("FlowKt")`):
  Kotlin's `kotlinFile` is `fileAnnotation*` with nothing between them, the grammar wants a
  line break or a `;`. `@file:` can stand only at the file's head, so whatever precedes it
  on its line is another file annotation, and a `;` between the two ends the first.
- A callable reference opening a line after a `}` (`::testIsActive.startCoroutine(c)`
  after a local function's body): Kotlin allows no line break before `::`
  (`callableReference: receiverType? COLONCOLON …`, and `::` as `memberAccessOperator` has
  no `NL*` either), so such a line is a new statement, which the grammar does not see after
  a declaration's `}`. A `;` before it is what the line break means. After any other line
  the grammar takes `::` as a reference on what precedes: that parses, wrongly but with
  the same measures, and is left.
- A primary constructor whose annotations start the line after its class's header
  (`class ChannelResult<out T>` over `@PublishedApi internal constructor(…)`, or an
  annotation on a line of its own above `internal constructor()`): Kotlin allows the break
  (`classDeclaration: … (NL* primaryConstructor)?`), but the grammar takes the annotation
  for the next declaration's. Its annotations are blanked, and the modifiers and
  `constructor` alone on the next line parse as the primary constructor. An annotation
  measures nothing, so blanking one before a secondary constructor (the same line in a
  class's body) changes no measure either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import chain

_MODIFIERS = frozenset(
    b"abstract actual const crossinline expect external final infix inline internal lateinit "
    b"noinline open operator override private protected public sealed tailrec vararg".split()
)
_ASSIGNED_ONLY = frozenset({b"get", b"set", b"by", b"where"})
"""Keywords only where an accessor or a clause can stand: `get() = …` is an accessor."""

_KEYWORD_PREFIX = re.compile(rb"(?:in|as|else)[0-9_][A-Za-z0-9_]*")
_AFTER_MODIFIER_NAME = re.compile(rb"[ \t]*[-=.?!(\[+*/%,)\]};:<>|&]")
"""What follows a modifier used as a name: an operator, a colon or a bracket, never a word."""
_AFTER_SUSPEND_NAME = re.compile(
    rb"[ \t]*(?:[-=.?!\[+*/%,)\]};:<>|&{]|\([^()\n]*\)(?![ \t]*(?:->|\.)))"
)
"""What follows `suspend` used as a name: as a modifier's, but `(` only for a call's
arguments (`suspend(waiter)`, not the function type `suspend (T) -> R`), and `{` (a
`suspend { … }` lambda is a call of the function named `suspend`)."""
_NAME_AFTER = {word: _AFTER_MODIFIER_NAME for word in _MODIFIERS} | {
    b"suspend": _AFTER_SUSPEND_NAME
}
_DECLARED_FUNCTION = re.compile(rb"\bfun[ \t]+(?:<[^>\n]*>[ \t]*)?(?:[A-Za-z_][\w<>?,. \t]*\.)?$")
"""What precedes a function's own name (`fun open(`, `fun Foo.open(`): kept as it is."""
_HEADER_REACH = 256
"""How far back a function's header is looked for before a name: headers are shorter, and
the bound keeps a line of thousands of such names linear (searching back to each one's line
start took minutes for 100,000 `open(1)` on one line)."""
_AFTER_ASSIGNED_NAME = re.compile(rb"[ \t]*[-+*/%]?=(?!=)")

_REREAD_WORDS = _MODIFIERS | _ASSIGNED_ONLY | {b"suspend", b"file", b"constructor"}
"""The names a rule looks at; the scan passes over others without a stop of its own."""
_CODE = re.compile(
    rb"//[^\n]*|/\*|\??::|\$\$(?=\")|\"\"\"|\"|'(?:\\.|[^'\\\n])*'|[{}]"
    rb"|\b(?:" + b"|".join(sorted(_REREAD_WORDS)) + rb")\b|\b(?:in|as|else)[0-9_]\w*"
)
_NEWER_SYNTAX = frozenset({b"?::", b"$$"})
"""`String?::plus` and a multi-dollar string `$$"…"`, which the grammar does not know; blanked
(`String ::plus`, `  "…"`), they read as what it knows (a `$name` inside is a template)."""
_SYNTAX = _NEWER_SYNTAX | {b"::"}
_ACCESSOR = rb"(?:(?:private|protected|internal|public)[ \t]+)?(?:get|set)\b"
"""A property's accessor, from its visibility on."""
_ACCESSOR_ANNOTATION = re.compile(
    rb"^([ \t]*@[\w.]+(?:\([^()\n]*\))?[ \t]*(?://[^\n]*)?)\n(?=[ \t]*" + _ACCESSOR + rb")",
    re.MULTILINE,
)
"""An annotation alone on the line before a property's accessor (`@Suppress("X")` over
`set(value) {`), which the grammar does not take; blanked, the accessor parses."""
_ANNOTATION = rb"@[A-Za-z_][\w.]*(?:\([^()\n]*\))?"
_ANNOTATED_ACCESSOR = re.compile(
    rb"^[ \t]*((?:" + _ANNOTATION + rb"[ \t]+)+)(?=" + _ACCESSOR + rb")",
    re.MULTILINE,
)
"""Annotations before an accessor on its own line (`@Synchronized set(value) {`): after a
getter with an expression body (`get() = field`) the grammar reads them as going on with
that expression; blanked, the setter parses. No measure reads an annotation."""
_CONSTRUCTOR_LINE = re.compile(
    rb"^[ \t]*(?:(?:" + _ANNOTATION + rb"|(?:private|protected|internal|public|expect|actual))"
    rb"[ \t]+)*constructor[ \t]*\(",
    re.MULTILINE,
)
"""A line that opens with a constructor's annotations and modifiers: its `constructor`
comes last in the match."""
_ANNOTATIONS_LINE = re.compile(rb"[ \t]*(?:" + _ANNOTATION + rb"[ \t]*)+")
_ANNOTATION_AT = re.compile(_ANNOTATION)
_BLANKS = b" \t\r\n"
_NAME_START = re.compile(rb"[A-Za-z_]")
_LETTERS = re.compile(rb"[A-Za-z]*")
_EXPRESSION_BODY = re.compile(rb"\bfun\b[^\n{}]*=[^\n{}]*[ \t]$")
"""A function with an expression body on its line, up to a blank: `{ fun f() = 1 }` ends
there, which the grammar takes only after a `;` or a line break (the blank becomes the `;`)."""
_IN_STRING = re.compile(rb"\\.|\$\{|\"|\n")
_IN_RAW_STRING = re.compile(rb"\$\{|\"\"\"")
_COMMENT_TURN = re.compile(rb"/\*|\*/")


def respell_keywords(source: bytes) -> bytes:
    """The source with every name the grammar would take for a keyword respelled."""
    respelled = bytearray(source)
    constructors: set[int] = set()
    for start, end in _code_marks(source):
        if source[start:end] == b"constructor":
            constructors.add(start)
        else:
            _reread_mark(source, respelled, start, end)
    above, before = _ACCESSOR_ANNOTATION.finditer(source), _ANNOTATED_ACCESSOR.finditer(source)
    for annotation in chain(above, before):
        _blank(respelled, annotation.start(1), annotation.end(1))
    _blank_constructor_annotations(source, respelled, constructors)
    return bytes(respelled)


def _reread_mark(source: bytes, respelled: bytearray, start: int, end: int) -> None:
    """Reread the mark of code at `start:end` into `respelled`, if the grammar misreads it."""
    mark = source[start:end]
    separator = _SEPARATORS.get(mark)
    if separator is not None:
        if (at := separator(source, start, end)) is not None:
            respelled[at] = ord(b";")
    elif mark == b"$$":  # both: `$"…"` is no string to the grammar, `  "…"` is
        respelled[start:end] = b"  "
    elif mark in _NEWER_SYNTAX:
        respelled[start] = ord(b" ")
    elif _misread(source, start, end):
        at = _last_letter(source, start, end)
        respelled[at] = source[at] ^ 0x20  # flip the letter's case


def _blank(respelled: bytearray, start: int, end: int) -> None:
    respelled[start:end] = b" " * (end - start)


def _misread(source: bytes, start: int, end: int) -> bool:
    """Whether the grammar would read the name at `start:end` as a keyword or split it."""
    word = source[start:end]
    after = _NAME_AFTER.get(word)
    if after is not None:
        if source[start - 1 : start] == b"." or after.match(source, end) is None:
            return False  # a member's name (`x.open`) parses; a modifier is followed by words
        return not _declared_function(source, start)
    if word in _ASSIGNED_ONLY:
        return _AFTER_ASSIGNED_NAME.match(source, end) is not None
    return _KEYWORD_PREFIX.fullmatch(word) is not None


def _declared_function(source: bytes, start: int) -> bool:
    """Whether the name at `start` is the one a function declares (`fun open(`)."""
    reach = max(0, start - _HEADER_REACH)
    line_start = source.rfind(b"\n", reach, start) + 1 or reach
    if source.find(b"fun", line_start, start) < 0:
        return False  # the common case, a call, found without the regular expression
    return _DECLARED_FUNCTION.search(source, line_start, start) is not None


def _last_letter(source: bytes, start: int, end: int) -> int:
    """The offset of the word's last letter before any digit or underscore."""
    letters = _LETTERS.match(source, start, end)
    return max(start, letters.end() - 1) if letters is not None else start


def _word_or_syntax(mark: bytes) -> bool:
    return mark in _SYNTAX or _NAME_START.match(mark) is not None


def _closes_expression_body(source: bytes, at: int, end: int) -> int | None:
    """The blank before the brace at `at` if it ends a function's expression body on its line.

    `{ fun f() = 1 }`: the grammar wants a `;` or a line break there.
    """
    if at == 0 or source[at - 1] not in b" \t":
        return None
    # The body holds no brace, so the search starts after the last one (or the line's
    # start): each brace is searched back from once, never a whole long line per brace;
    # the last `{` is looked for after the last `}` alone, for the same reason.
    close = source.rfind(b"}", 0, at)
    brace = max(close, source.rfind(b"{", close + 1, at))
    start = max(brace, source.rfind(b"\n", brace + 1, at)) + 1
    return at - 1 if _EXPRESSION_BODY.search(source, start, at) is not None else None


def _opens_statement(source: bytes, at: int, end: int) -> int | None:
    """The blank before the `::` at `at` if `::` opens its line and the line before ends in `}`.

    Kotlin allows no line break before `::`, so the reference starts a statement; the
    grammar sees none after a declaration's body and wants the `;` the blank becomes.
    """
    if at == 0 or source[at - 1] not in b" \t":
        return None
    before = _skip_blanks_back(source, at)
    if source[before - 1 : before] != b"}" or b"\n" not in source[before:at]:
        return None
    return at - 1


def _follows_file_annotation(source: bytes, at: int, end: int) -> int | None:
    """The blank before `@file:` (`file` at `at`) if code precedes it on its line.

    `@file:` stands only at the file's head, so that code is another file annotation, which
    the grammar wants ended by a line break or a `;`: the `;` goes in place of the blank.
    """
    if source[at - 1 : at] != b"@" or source[end : end + 1] != b":":
        return None
    blank = at - 2
    if blank <= 0 or source[blank] not in b" \t":
        return None
    before = _skip_blanks_back(source, blank)
    return blank if before > 0 and b"\n" not in source[before:blank] else None


def _skip_blanks_back(source: bytes, at: int) -> int:
    """Where the run of blanks and line breaks that ends at `at` starts."""
    while at > 0 and source[at - 1] in _BLANKS:
        at -= 1
    return at


_SEPARATORS: dict[bytes, Callable[[bytes, int, int], int | None]] = {
    b"}": _closes_expression_body,
    b"::": _opens_statement,
    b"file": _follows_file_annotation,
}
"""Marks where the grammar misses a separator: each one's blank that becomes a `;`, if any."""


def _blank_constructor_annotations(
    source: bytes, respelled: bytearray, constructors: set[int]
) -> None:
    """Blank the annotations of each constructor in code whose line its modifiers open.

    And those on the lines of annotations alone right above it (`@RequiresApi(37)` over
    `internal constructor()`): the grammar breaks on an annotated primary constructor on the
    line after its class's header, and takes it once its annotations are blanks.
    """
    for line in _CONSTRUCTOR_LINE.finditer(source):
        keyword = source.rindex(b"constructor", line.start(), line.end())
        if keyword not in constructors:
            continue  # in a string or a comment
        for annotation in _ANNOTATION_AT.finditer(source, line.start(), keyword):
            _blank(respelled, *annotation.span())
        line_start = line.start()
        while (above := source.rfind(b"\n", 0, max(0, line_start - 1)) + 1) < line_start:
            if _ANNOTATIONS_LINE.fullmatch(source, above, line_start - 1) is None:
                break
            _blank(respelled, above, line_start - 1)
            line_start = above


def _code_marks(source: bytes) -> Iterator[tuple[int, int]]:
    """The byte ranges of the names a rule reads, of `::`, `?::`, `$$` and blocks' `}` in code.

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
