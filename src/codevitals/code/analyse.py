"""Analyse one file's bytes into metrics and clone fingerprints.

Everything here depends only on the bytes and the analysis options, which is what lets the
cache key results by git blob id. Scoring against thresholds happens later (`health`), so
changing a threshold never invalidates the cache.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import starmap
from typing import Any, NamedTuple

from codevitals.code import cohesion, source, suppressions
from codevitals.code.lines import EMPTY_FINGERPRINTS, Fingerprints, LineRange, LineTable
from codevitals.code.scopes import CodeScope
from codevitals.code.walk import Walker, WalkResult, explain_increments
from codevitals.model import (
    Bump,
    ClassMetrics,
    Condition,
    FileMetrics,
    FunctionMetrics,
    Increment,
    Suppression,
)
from codevitals.parse.base import Language, Tree, first_error_line, grammar_version
from codevitals.parse.python import PYTHON

ANALYZER_VERSION = "24"
"""Bump whenever a metric's definition changes; it is part of every cache key."""


def cache_key(blob_id: str, max_size: int, language: Language) -> str:
    """The cache key of a blob's analysis by a front end.

    It holds the blob, this analyzer's version, the size limit, and the front end with its
    grammar's version: the same bytes read as another language, or by another grammar,
    measure differently.
    """
    front = f"{language.name}\0{grammar_version(language.grammar)}"
    material = f"{blob_id}\0{ANALYZER_VERSION}\0{max_size}\0{front}"
    return hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()


@dataclass(frozen=True, slots=True)
class Analysis:
    """What one blob yields: metrics and fingerprints, or the reason it was skipped."""

    metrics: FileMetrics | None
    fingerprints: Fingerprints = EMPTY_FINGERPRINTS
    skip_reason: str | None = None
    encoding_note: str | None = None


def analyse(data: bytes, *, max_size: int, language: Language = PYTHON) -> Analysis:
    """Analyse the bytes of a source file in `language`."""
    reason = source.skip_reason(data, max_size)
    if reason is not None:
        return Analysis(None, skip_reason=reason)
    decoded = source.decode(data, cookie=language.coding_cookie)
    measured = measure(decoded.utf8, language)
    return Analysis(measured.metrics, measured.fingerprints, encoding_note=decoded.note)


@dataclass(frozen=True, slots=True)
class Measured:
    """Everything one pass over UTF-8 source yields, syntax tree and class scopes included."""

    metrics: FileMetrics
    fingerprints: Fingerprints
    tree: Tree
    classes: list[CodeScope]
    """Class scopes as the walk closed them (each with its methods and syntax node)."""


def measure(text: bytes, language: Language = PYTHON) -> Measured:
    """Parse and measure UTF-8 source in `language`."""
    tree = language.parse(text)
    walked = Walker(text, language=language).walk(language.captures(tree))
    uncommented = language.uncomment(text, walked.comments)
    table = LineTable.of(text, _line_ranges(text, walked.docstrings), uncommented)
    members_read_in = _same_offsets(text, uncommented)
    metrics = FileMetrics(
        lines=table.lines,
        code_lines=table.code_lines(),
        functions=tuple(
            sorted(
                (_function(scope, table) for scope in walked.functions),
                key=lambda f: (f.line, f.qualified_name),
            )
        ),
        classes=tuple(
            sorted(
                [
                    *(_class(members_read_in, scope, language) for scope in walked.classes),
                    *_receiver_types(members_read_in, walked.functions, language.types(tree)),
                ],
                key=lambda c: (c.line, c.qualified_name),
            )
        ),
        syntax_error_line=first_error_line(tree, language.tolerates),
        suppressions=suppressions.find(
            text,
            suppressions.CommentSyntax(language.line_comment),
            functools.partial(_in_comment, tree),
        ),
    )
    prints = table.fingerprints(_line_ranges(text, walked.imports))
    return Measured(metrics, prints, tree, walked.classes)


def _in_comment(tree: Tree, offset: int) -> bool:
    node = tree.root_node.descendant_for_byte_range(offset, offset)
    return node is not None and node.type == "comment"


def explain(data: bytes, language: Language = PYTHON) -> dict[tuple[str, int], list[Increment]]:
    """Cognitive-complexity increments of every function, keyed by (qualified name, line)."""
    text = source.decode(data, cookie=language.coding_cookie).utf8
    walker = Walker(text, explain=True, language=language)
    walked: WalkResult = walker.walk(language.captures(language.parse(text)))
    return {
        (scope.qualified_name, scope.line): explain_increments(scope) for scope in walked.functions
    }


def _line_ranges(text: bytes, ranges: list[tuple[int, int]]) -> list[LineRange]:
    """Byte ranges as inclusive 1-based line ranges."""
    result: list[LineRange] = []
    line, scanned = 1, 0
    for start, end in ranges:  # ranges arrive in document order
        line += text.count(b"\n", scanned, start)
        last = line + text.count(b"\n", start, end)
        result.append((line, last))
        line, scanned = last, end
    return result


def _function(scope: CodeScope, table: LineTable) -> FunctionMetrics:
    # Most functions have neither bumps nor conditions (three in four): no generators for them.
    bumps, conditions = scope.bumps, scope.conditions
    return FunctionMetrics(
        name=scope.name,
        qualified_name=scope.qualified_name,
        line=scope.line,
        end_line=scope.end_line,
        lines=scope.end_line - scope.line + 1,
        code_lines=table.code_lines(scope.line, scope.end_line),
        cyclomatic=scope.cyclomatic,
        cognitive=scope.cognitive,
        nesting=scope.max_depth,
        arguments=scope.arguments,
        bumps=tuple(Bump(line, depth) for line, depth in sorted(bumps.items()) if depth >= 2)
        if bumps
        else (),
        conditions=tuple(starmap(Condition, conditions)) if conditions else (),
        nested=scope.nested,
    )


def _same_offsets(text: bytes, uncommented: bytes) -> bytes:
    """The source with its comments blanked, where blanking kept every byte's offset.

    Brace languages blank comments in place; Python's are cut out, which moves the methods'
    byte ranges, so Python's cohesion reads the source as it is (its members are reached
    through `self.` alone, which a comment rarely holds).
    """
    return uncommented if len(uncommented) == len(text) else text


def _class(text: bytes, scope: CodeScope, language: Language) -> ClassMetrics:
    methods = scope.methods
    fields = language.fields(scope.node)
    return ClassMetrics(
        name=scope.name,
        qualified_name=scope.qualified_name,
        line=scope.line,
        end_line=scope.end_line,
        methods=len(methods),
        cohesion=cohesion.components(text, methods, language.constructors, fields),
    )


def _receiver_types(
    text: bytes, functions: list[CodeScope], declared: Mapping[str, tuple[int, int]] | None
) -> list[ClassMetrics]:
    """Where methods are declared apart from their type (Go), each type's methods in the file.

    The class is reported at the type's declaration when the file holds it, else at its first
    method; its members are what the methods reach through their receivers.
    """
    if declared is None:
        return []
    by_type: dict[str, list[CodeScope]] = {}
    for scope in functions:
        if scope.parent is None and scope.receiver:
            by_type.setdefault(scope.name.rpartition(".")[0], []).append(scope)
    classes = []
    for name, scopes in by_type.items():
        first, last = declared.get(name, (scopes[0].line, scopes[0].end_line))
        methods = [
            cohesion.Method(
                scope.name.rpartition(".")[2],
                scope.receiver,
                scope.node.start_byte,
                scope.node.end_byte,
            )
            for scope in scopes
        ]
        classes.append(
            ClassMetrics(
                name=name,
                qualified_name=name,
                line=min(first, scopes[0].line),
                end_line=max(last, *(scope.end_line for scope in scopes)),
                methods=len(methods),
                cohesion=cohesion.components(text, methods, frozenset()),
            )
        )
    return classes


# -- the cache codec: marshal of plain tuples (fast, and it cannot execute code) -------------
#
# The records are named tuples, so code that works on them (`pieces`) reads fields by name;
# marshal takes only plain tuples, so `encode_record` strips the names and `decode` puts them
# back: a record's fields, in order, are its layout in the cache.


class FunctionRecord(NamedTuple):
    """A function's metrics as the cache keeps them (bumps and conditions as pairs)."""

    name: str
    qualified_name: str
    line: int
    end_line: int
    lines: int
    code_lines: int
    cyclomatic: int
    cognitive: int
    nesting: int
    arguments: int
    bumps: tuple[tuple[int, int], ...]
    """(line, depth) of each bump."""
    conditions: tuple[tuple[int, int], ...]
    """(line, operators) of each condition."""
    nested: bool


class ClassRecord(NamedTuple):
    """A class's metrics as the cache keeps them."""

    name: str
    qualified_name: str
    line: int
    end_line: int
    methods: int
    cohesion: tuple[tuple[str, ...], ...]


class SuppressionRecord(NamedTuple):
    """A suppression comment as the cache keeps it."""

    line: int
    target: int | None
    rules: tuple[str, ...]


class MetricsRecord(NamedTuple):
    """A file's metrics as the cache keeps them."""

    lines: int
    code_lines: int
    functions: tuple[FunctionRecord, ...]
    classes: tuple[ClassRecord, ...]
    syntax_error_line: int | None
    suppressions: tuple[SuppressionRecord, ...]


def encode(analysis: Analysis) -> bytes:
    """Serialise an analysis for the cache."""
    metrics = analysis.metrics
    record = None if metrics is None else metrics_record(metrics)
    return encode_record(
        record, analysis.fingerprints, analysis.skip_reason, analysis.encoding_note
    )


def encode_record(
    metrics: MetricsRecord | None, prints: Fingerprints, skip: str | None, note: str | None
) -> bytes:
    """Serialise an analysis given as its metrics' record (see `metrics_record`)."""
    plain: Any = None
    if metrics is not None:
        functions = tuple(map(tuple, metrics.functions))
        classes = tuple(map(tuple, metrics.classes))
        kept = tuple(map(tuple, metrics.suppressions))
        plain = (
            metrics.lines,
            metrics.code_lines,
            functions,
            classes,
            metrics.syntax_error_line,
            kept,
        )
    record: Any = (plain, (prints.lines, prints.hashes, prints.tokens), skip, note)
    return marshal.dumps(record)


def decode(blob: bytes) -> Analysis:
    """Rebuild an analysis from `encode`'s bytes; raises ValueError on anything malformed."""
    try:
        metrics, prints, skip, note = marshal.loads(blob)  # noqa: S302 - our own cache records
        return Analysis(
            None if metrics is None else _metrics_from(metrics),
            Fingerprints(*prints),
            skip,
            note,
        )
    except (EOFError, TypeError, ValueError) as error:
        raise ValueError(f"malformed cache record: {error}") from error


def metrics_record(m: FileMetrics) -> MetricsRecord:
    """File metrics as records, the form the cache keeps them in."""
    functions = tuple(
        FunctionRecord(
            f.name, f.qualified_name, f.line, f.end_line, f.lines, f.code_lines, f.cyclomatic,
            f.cognitive, f.nesting, f.arguments, tuple((b.line, b.depth) for b in f.bumps),
            tuple((c.line, c.operators) for c in f.conditions), f.nested,
        )
        for f in m.functions
    )  # fmt: skip
    classes = tuple(
        ClassRecord(c.name, c.qualified_name, c.line, c.end_line, c.methods, c.cohesion)
        for c in m.classes
    )
    kept = tuple(SuppressionRecord(s.line, s.target, s.rules) for s in m.suppressions)
    return MetricsRecord(m.lines, m.code_lines, functions, classes, m.syntax_error_line, kept)


def _metrics_from(plain: tuple[Any, ...]) -> FileMetrics:
    record = MetricsRecord._make(plain)
    return FileMetrics(
        lines=record.lines,
        code_lines=record.code_lines,
        functions=tuple(map(_function_from, map(FunctionRecord._make, record.functions))),
        classes=tuple(ClassMetrics(*ClassRecord._make(c)) for c in record.classes),
        syntax_error_line=record.syntax_error_line,
        suppressions=tuple(Suppression(*SuppressionRecord._make(k)) for k in record.suppressions),
    )


def _function_from(f: FunctionRecord) -> FunctionMetrics:
    # A trend decodes a hundred thousand functions: no generator for the many without bumps,
    # and the record's first ten fields are FunctionMetrics' first ten, passed by position.
    bumps, conditions = f.bumps, f.conditions
    return FunctionMetrics(
        *f[:10],
        tuple(starmap(Bump, bumps)) if bumps else (),
        tuple(starmap(Condition, conditions)) if conditions else (),
        f.nested,
    )
