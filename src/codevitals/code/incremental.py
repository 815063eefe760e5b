"""Measuring many versions of the same files: the unchanged parts of a version are not parsed again.

A trend reads a dozen versions of every file, and most of each new version is the previous one:
on sqlalchemy, the 2,153 versions that a year of monthly snapshots holds are 109 MB, of which
only 28 MB are methods and functions not seen in an earlier version. So a file is cut, by its
text alone, into pieces: at the lines where top-level definitions start and, inside a top-level
class, where its members start. Each piece is measured on its own (a member inside a one-line
`class Name:` so that it is measured as a method), the measures of a piece are remembered by its
bytes, and the pieces' measures, moved to their lines, are put together into the file's.

That sum equals measuring the whole file only when the cut follows the syntax, which text alone
cannot promise (a `def` at the left margin inside a string, a class whose body is indented
unlike its first member). So the cut is checked by the pieces' own parse: every piece must
parse without error (a cut inside a string or a bracket leaves one unterminated: such a piece
is joined with the next), each cut class's body must start at the indentation its members were
cut at, and no piece may hold a line dedented to no enclosing level (which tree-sitter reads
by what follows it). Anything else (syntax errors included) is measured whole, exactly as
`analyse.analyse` does. Tests compare the two on tricky constructs and on this repository's
files; `benchmarks/check_pieces.py` on two years of real repositories' versions.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import TypeGuard

import numpy as np
import numpy.typing as npt

from codevitals.code import analyse, cohesion, source, suppressions
from codevitals.code.analyse import Analysis, ClassRecord, FunctionRecord, MetricsRecord
from codevitals.code.lines import Fingerprints
from codevitals.code.scopes import CodeScope
from codevitals.parse.python import Node

# Each pattern matches from the newline before a line: unlike `^` in multiline mode, a literal
# first character lets the regular expression engine skip ahead instead of trying every byte.
_DEFINITION = re.compile(rb"\n(?:@|(?:async[ \t]+)?def\b|class\b)")
"""A top-level definition, or a decorator opening one."""
_CLASS = re.compile(rb"(?:\A|\n)(?:(?:async[ \t]+)?def\b|class[ \t]+([A-Za-z_]\w*))")
"""A segment's definition (after its decorators): its name when it is a class."""
_BODY_LINE = re.compile(rb"\n([ \t]+)[^\s#]")
"""The first indented line of code after a class line: its indentation is the body's."""
_LEFT_MARGIN_CODE = re.compile(rb"\n(?:[^\s#]|\f)")
"""A line of code at the left margin: it ends any class above it (or sits in a string)."""
_TEXT = frozenset({"string", "comment"})
"""Nodes whose lines may be indented anyhow."""
_JOINS = 4
"""Cuts undone, per file or class, before it is measured whole: a file with a syntax error
would otherwise be parsed again at every cut."""
_MEMO_LIMIT = 200_000
"""Pieces remembered per process; a dozen versions of a large repository stay well below."""

_BY_PLACE = operator.attrgetter("line", "qualified_name")
"""Records sort by line, then qualified name, as `analyse` sorts functions and classes."""

_memo: dict[bytes, _Piece] = {}


def analyse_encoded(data: bytes, *, max_size: int) -> bytes:
    """`analyse.encode(analyse.analyse(data))`, reusing the pieces measured in earlier calls."""
    reason = source.skip_reason(data, max_size)
    if reason is not None:
        return analyse.encode(Analysis(None, skip_reason=reason))
    decoded = source.decode(data)
    text = decoded.utf8
    segments = list(_segments(text))
    # Suppression comments are read from the whole file: one with them is measured whole.
    whole = (len(segments) == 1 and len(segments[0]) == 1) or suppressions.MARK in text
    composed = None if whole else _compose(text, segments)
    if composed is None:
        return analyse.encode(analyse.analyse(data, max_size=max_size))
    metrics, prints = composed
    return analyse.encode_record(metrics, prints, None, decoded.note)


# -- cutting -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cut:
    """A piece of a file: its bytes, its first line, and the class line it is measured inside."""

    start: int
    end: int
    line: int
    wrapper: bytes = b""
    """`class Name:\\n` for a member of a cut class (the piece holds the rest of it)."""
    indent: bytes = b""
    """For the first piece of a cut class: the indentation its members were cut at."""


Segment = list[_Cut]
"""A top-level definition (with what follows it up to the next): one piece, or a cut class."""


def _segments(text: bytes) -> Iterator[Segment]:
    """The file's top-level segments in order."""
    lines = [match.start() + 1 for match in _DEFINITION.finditer(text)]
    if _DEFINITION.match(b"\n" + text[:16]):
        lines.insert(0, 0)  # a definition on the first line
    starts = _grouped(text, lines, b"")
    bounds = [0, *(start for start in starts if start), len(text)]
    line = 1
    for start, end in itertools.pairwise(bounds):
        yield _class_cut(text, start, end, line) or [_Cut(start, end, line)]
        line += text.count(b"\n", start, end)


def _class_cut(text: bytes, start: int, end: int, line: int) -> Segment | None:
    """A segment holding a class, as its header and one piece per member; None if no class."""
    definition = _CLASS.search(text, max(start - 1, 0), end)
    name = definition.group(1) if definition else None
    if definition is None or name is None:
        return None
    body = text.find(b"\n", definition.end(), end)
    first = _BODY_LINE.search(text, body, end) if body >= 0 else None
    if first is None:
        return None
    margin = _LEFT_MARGIN_CODE.search(text, body, end)
    # Members are cut at the indentation of the body's first line, so lines in a docstring
    # that look like definitions are not; a header spanning lines is caught by the check.
    indent = first.group(1)
    members = _member(indent).finditer(text, body, margin.start() if margin else end)
    grouped = _grouped(text, [m.start() + 1 for m in members], indent)
    # A member opening the body stays with the header: a class line alone would not parse.
    starts = [start for start in grouped if start > first.start() + 1]
    if not starts:
        return None
    wrapper = b"class " + name + b":\n"
    cuts = [_Cut(start, starts[0], line, indent=indent)]
    for begin, finish in itertools.pairwise([*starts, end]):
        line += text.count(b"\n", cuts[-1].start, begin)
        cuts.append(_Cut(begin, finish, line, wrapper))
    return cuts


@functools.cache
def _member(indent: bytes) -> re.Pattern[bytes]:
    """A definition or decorator at `indent`: a member of a class whose body is indented so."""
    return re.compile(rb"\n" + re.escape(indent) + rb"(?:@|(?:async[ \t]+)?def\b|class\b)")


def _grouped(text: bytes, lines: list[int], indent: bytes) -> list[int]:
    """Where the definitions starting on `lines` start: a decorated one at its first decorator."""
    starts: list[int] = []
    after_decorator = False
    at = ord("@")
    for start in lines:
        if not after_decorator:
            starts.append(start)
        after_decorator = text[start + len(indent)] == at
    return starts


# -- measuring pieces ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Own:
    """The class a piece of a cut class opens (its header) or is measured inside (a member)."""

    name: str
    line: int
    end_line: int
    methods: int
    uses: cohesion.Uses
    """What its methods use of the instance: with the other pieces', the class's cohesion."""
    indent: bytes
    """The indentation of the first statement of its body."""


@dataclass(frozen=True, slots=True)
class _Piece:
    """A piece's measures, lines counted from the piece's first (the wrapper's, if any)."""

    lines: int
    code_lines: int
    functions: tuple[FunctionRecord, ...]
    classes: tuple[ClassRecord, ...]
    own: _Own | None
    """Its first top-level class."""
    print_lines: npt.NDArray[np.uint32]
    """The line of each fingerprint (the wrapper's left out), counted like `lines`."""
    print_hashes: bytes
    print_tokens: bytes
    error: bool
    """It does not parse (or a wrapped piece lost its wrapper line): it cannot be placed."""


def _piece(text: bytes, cut: _Cut) -> _Piece:
    """The measures of a piece, from the memo when these bytes were measured before."""
    content = cut.wrapper + text[cut.start : cut.end]
    wrapped = bool(cut.wrapper)
    # Whether the class line is a wrapper is part of the key: a small class measured whole
    # can have the very bytes of a member in its wrapper, and a wrapper line is not the file's.
    key = hashlib.blake2b(content, digest_size=16).digest() + (b"w" if wrapped else b"")
    piece = _memo.get(key)
    if piece is None:
        if len(_memo) >= _MEMO_LIMIT:
            _memo.clear()
        piece = _memo[key] = _measure(content, wrapped=wrapped)
    return piece


def _measure(content: bytes, *, wrapped: bool) -> _Piece:
    measured = analyse.measure(content)
    metrics = measured.metrics
    record = analyse.metrics_record(metrics)
    functions, classes = record.functions, record.classes
    prints = measured.fingerprints
    lines = np.frombuffer(prints.lines, dtype=np.uint32)
    # The wrapper line is code: a wrapped piece's first fingerprint is its, and is dropped.
    lost_wrapper = wrapped and (not len(lines) or lines[0] != 1)
    skip = int(wrapped)
    return _Piece(
        lines=metrics.lines,
        code_lines=metrics.code_lines,
        functions=functions,
        classes=classes,
        own=_own_class(content, measured.classes),
        print_lines=lines[skip:],
        print_hashes=prints.hashes[8 * skip :],
        print_tokens=prints.tokens[skip:],
        error=measured.tree.root_node.has_error or lost_wrapper or _dedented(content, measured),
    )


def _dedented(content: bytes, measured: analyse.Measured) -> bool:
    """Whether a line of code (not of a string) is indented less than the first indented one.

    Only lines indented by some columns count: the margin ends blocks. Python rejects such a
    line ("unindent does not match any outer indentation level"); tree-sitter accepts it, as
    part of the block above it or as a statement of its own depending on what follows it, so
    a piece holding one may not read as it does in its file.
    """
    first = _BODY_LINE.search(content)
    if first is None or len(first.group(1)) < 2:  # one column: no line is shallower
        return False
    root = measured.tree.root_node
    shallower = _shallower(len(first.group(1)))
    position = first.end()
    while (line := shallower.search(content, position)) is not None:
        node: Node | None = root.descendant_for_byte_range(line.end() - 1, line.end() - 1)
        while node is not None and node.type not in _TEXT:
            node = node.parent
        if node is None:
            return True
        position = max(node.end_byte, line.end())  # the rest of that string is text too
    return False


@functools.cache
def _shallower(width: int) -> re.Pattern[bytes]:
    """A line of code indented by fewer than `width` columns, but some."""
    return re.compile(rb"\n[ \t]{1,%d}[^\s#]" % (width - 1))


def _own_class(content: bytes, classes: list[CodeScope]) -> _Own | None:
    top = [scope for scope in classes if scope.parent is None]
    if not top:
        return None
    scope = min(top, key=lambda s: s.line)
    body = scope.node.child_by_field_name("body")
    statements = [n for n in body.named_children if n.type != "comment"] if body else []
    indent = b""
    if statements:
        first = statements[0].start_byte
        indent = content[content.rfind(b"\n", 0, first) + 1 : first]
    uses = cohesion.uses(content, scope.methods)
    return _Own(scope.name, scope.line, scope.end_line, len(scope.methods), uses, indent)


# -- putting a file together ---------------------------------------------------------------


@dataclass(slots=True)
class _Sum:
    """The file's measures so far, as the cache records them."""

    lines: int = 0
    code_lines: int = 0
    functions: list[FunctionRecord] = field(default_factory=list)
    classes: list[ClassRecord] = field(default_factory=list)
    print_lines: list[npt.NDArray[np.uint32]] = field(default_factory=list)
    print_shifts: list[int] = field(default_factory=list)
    print_hashes: list[bytes] = field(default_factory=list)
    print_tokens: list[bytes] = field(default_factory=list)

    def add(self, cut: _Cut, piece: _Piece, *, in_cut_class: bool) -> None:
        """Add a piece's measures at its place."""
        wrapped = len(cut.wrapper) > 0
        shift = cut.line - 1 - wrapped
        self.print_lines.append(piece.print_lines)
        self.print_shifts.append(shift)
        self.print_hashes.append(piece.print_hashes)
        self.print_tokens.append(piece.print_tokens)
        self.functions.extend(_moved(f, shift) for f in piece.functions)
        # A cut class is measured from all its pieces; each piece's own view of it is left out.
        own = (piece.own.name, piece.own.line) if in_cut_class and piece.own else None
        self.classes.extend(
            c._replace(line=c.line + shift, end_line=c.end_line + shift)
            for c in piece.classes
            if (c.qualified_name, c.line) != own
        )
        self.lines += piece.lines - wrapped
        self.code_lines += piece.code_lines - wrapped

    def fingerprints(self) -> Fingerprints:
        """The file's fingerprints: the pieces' in order, each moved to its place."""
        counts = [len(lines) for lines in self.print_lines]
        shifts = np.repeat(np.array(self.print_shifts, dtype=np.uint32), counts)
        return Fingerprints(
            lines=(np.concatenate(self.print_lines) + shifts).tobytes(),
            hashes=b"".join(self.print_hashes),
            tokens=b"".join(self.print_tokens),
        )


def _compose(text: bytes, segments: list[Segment]) -> tuple[MetricsRecord, Fingerprints] | None:
    """The file's measures from its pieces', or None when the cut does not follow the syntax."""
    total = _Sum()
    index, joins = 0, 0
    while index < len(segments):
        placed = _placed(text, segments[index])
        if placed is None:
            # The segment ends inside a string or bracket: it goes on into the next one.
            joins += 1
            if index + 1 == len(segments) or joins > _JOINS:
                return None
            first, following = segments[index][0], segments[index + 1][-1]
            segments[index + 1] = [_Cut(first.start, following.end, first.line)]
        else:
            cuts, pieces, own = placed
            for cut, piece in zip(cuts, pieces, strict=True):
                total.add(cut, piece, in_cut_class=own is not None)
            if own is not None:
                total.classes.append(own)
        index += 1
    functions = tuple(sorted(total.functions, key=_BY_PLACE))
    classes = tuple(sorted(total.classes, key=_BY_PLACE))
    record = MetricsRecord(total.lines, total.code_lines, functions, classes, None, ())
    return record, total.fingerprints()


def _placed(
    text: bytes, segment: Segment
) -> tuple[Segment, list[_Piece], ClassRecord | None] | None:
    """A segment's pieces and, for a cut class, its measures; None if it does not parse."""
    if len(segment) > 1:
        cuts, pieces = _settled(text, segment)
        if len(pieces) > 1:
            own = _cut_class(cuts, pieces)
            if own is not None:
                return cuts, pieces, own
        segment = [_Cut(segment[0].start, segment[-1].end, segment[0].line)]
    piece = _piece(text, segment[0])
    return None if piece.error else (segment, [piece], None)


def _settled(text: bytes, segment: Segment) -> tuple[Segment, list[_Piece]]:
    """A cut class's pieces; no pieces when joining some with the next does not settle it.

    A piece that does not parse is joined with the next: it ended at a docstring line that
    looked like a member.
    """
    cuts = list(segment)
    pieces: list[_Piece] = []
    joins = 0
    while len(pieces) < len(cuts):
        at = len(pieces)
        piece = _piece(text, cuts[at])
        if not piece.error:
            pieces.append(piece)
            continue
        joins += 1
        if at + 1 == len(cuts) or joins > _JOINS:
            return cuts, []
        cuts[at : at + 2] = [replace(cuts[at], end=cuts[at + 1].end)]
    return cuts, pieces


def _cut_class(segment: Segment, pieces: list[_Piece]) -> ClassRecord | None:
    """A cut class's measures from its pieces; None unless the cut is the class's own."""
    header = pieces[0].own
    if header is None or header.indent != segment[0].indent:
        return None
    methods, uses = header.methods, list(header.uses)
    end_line = header.end_line
    for piece in pieces[1:]:
        member = piece.own
        if not _wrapped_in(member, header):
            return None
        methods += member.methods
        uses.extend(member.uses)
        end_line = member.end_line
    line = header.line + segment[0].line - 1
    end_line += segment[-1].line - 2
    return ClassRecord(header.name, header.name, line, end_line, methods, cohesion.groups(uses))


def _wrapped_in(member: _Own | None, header: _Own) -> TypeGuard[_Own]:
    """Whether a member piece's first class is its wrapper, the class of `header`."""
    return member is not None and (member.line, member.name) == (1, header.name)


def _moved(f: FunctionRecord, shift: int) -> FunctionRecord:
    """A function's record moved down `shift` lines."""
    if not shift:
        return f
    return f._replace(
        line=f.line + shift,
        end_line=f.end_line + shift,
        bumps=tuple((at + shift, depth) for at, depth in f.bumps),
        conditions=tuple((at + shift, operators) for at, operators in f.conditions),
    )
