"""Function-level hotspots: which functions of the top files changed most, and how unhealthy.

For the commits in the window that changed a top file, one `git diff-tree --stdin -p -U0`
lists the changed line ranges (hunks) and the blob id of the file after each commit. Each
blob's function spans come from the same analysis a scan makes (cached by blob id, so most are
already known), read through one `git cat-file --batch` and analysed in worker processes —
piece by piece (`code.incremental`), since they are versions of the same few files. A commit
changed a function when one of its hunks adds lines inside the function's span, or deletes
lines at a point inside it.

Changes are charged to top-level functions and methods (a nested function's lines are part of
the function around it), matched by qualified name to the functions of the current file:
a function renamed along the way keeps only its history since the rename. What each commit
did to each function never changes, so it is cached by commit and path: a later run reads
no diff and analyses no blob it has seen.
"""

from __future__ import annotations

import bisect
import hashlib
import marshal
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from codevitals import git
from codevitals.cache import Cache
from codevitals.code import analyse
from codevitals.history.fixmodel import MODEL, FixModel
from codevitals.history.hotspots import Recency
from codevitals.history.patch import FileDiff, Hunk, parse_patch
from codevitals.measure import analyse_versions
from codevitals.model import FileHealth, FileMetrics, FunctionHealth
from codevitals.model.history import FunctionHotspot
from codevitals.parse import registry

_DIFF = (
    "diff-tree", "--stdin", "--root", "-r", "-p", "-U0", "--full-index", "-M",
    "--no-color", "--no-ext-diff", "--no-textconv",
    # Only analysed source files are asked for; UTF-16 source holds NUL bytes, and git would
    # call it binary and give no hunks. A hunk's line numbers count its "\n" bytes all the same.
    "--text",
)  # fmt: skip
_FORMAT = "2"
"""Bump when what is cached per commit and path changes."""

Changed = tuple[tuple[str, int], ...]
"""(function, lines changed in it) for one file in one commit."""


class Span(NamedTuple):
    """A top-level function or method and its lines in one version of a file."""

    name: str
    start: int
    end: int


class Edit(NamedTuple):
    """A top file changed by a commit in the window."""

    path: str
    """The file's reported path."""
    sha: str
    parent: str | None
    time: int
    author: str
    name: str
    """Its path in the repository after the commit."""
    old_name: str | None
    """Its path before, when the commit renamed it."""


@dataclass(slots=True)
class _Tally:
    changes: int = 0
    weighted: float = 0.0
    lines: int = 0
    authors: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class FunctionRanker:
    """Ranks the functions of top files."""

    top: Path
    cache: Cache
    max_size: int
    jobs: int
    recency: Recency
    model: FixModel = MODEL
    """Scores a function as it scores a file, from its lines and changes (its prior fixes
    are not counted: the model was validated on files, not on functions)."""

    def rank(
        self, edits: Sequence[Edit], files: Sequence[FileHealth]
    ) -> dict[str, tuple[FunctionHotspot, ...]]:
        """Ranked functions per reported path of the edited files."""
        changed = self._changed(edits)
        tallies: dict[str, dict[str, _Tally]] = {}
        for edit in edits:
            tally = tallies.setdefault(edit.path, {})
            weight = self.recency.weight(edit.time)
            for function, lines in changed.get(edit, ()):
                seen = tally.setdefault(function, _Tally())
                seen.changes += 1
                seen.weighted += weight
                seen.lines += lines
                seen.authors.add(edit.author)
        health = {item.file.path: item for item in files}
        return {path: self._ranked(health[path], tally) for path, tally in tallies.items()}

    def _changed(self, edits: Sequence[Edit]) -> dict[Edit, Changed]:
        """What each edit did to each function: from the cache, else from git."""
        keys = {edit: self._key(edit) for edit in edits}
        stored = self.cache.get_many(list(keys.values()))
        found: dict[Edit, Changed] = {}
        for edit, key in keys.items():
            record = _decoded_changes(stored.get(key))
            if record is not None:
                found[edit] = record
        missing = [edit for edit in edits if edit not in found]
        if missing:
            computed = self._compute(missing)
            self.cache.put_many((keys[e], marshal.dumps(computed[e])) for e in missing)
            found.update(computed)
        return found

    def _key(self, edit: Edit) -> str:
        parts = (_FORMAT, analyse.ANALYZER_VERSION, str(self.max_size), edit.sha, edit.name)
        material = "\0".join((*parts, edit.parent or "", edit.old_name or ""))
        return "functions:" + hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()

    def _compute(self, edits: Sequence[Edit]) -> dict[Edit, Changed]:
        by_commit = {(e.sha, e.name): e for e in edits}
        diffs = [d for d in self._diffs(edits) if (d.sha, d.path) in by_commit]
        spans = self._spans({d.blob: d.path for d in diffs if d.blob is not None})
        computed: dict[Edit, Changed] = dict.fromkeys(edits, ())
        for diff in diffs:
            computed[by_commit[diff.sha, diff.path]] = _functions_changed(
                diff, spans.get(diff.blob or "", [])
            )
        return computed

    def _diffs(self, edits: Sequence[Edit]) -> list[FileDiff]:
        commits = {(e.sha, e.parent): None for e in edits}
        request = "".join(f"{sha} {parent or ''}".rstrip() + "\n" for sha, parent in commits)
        paths = sorted({p for e in edits for p in (e.name, e.old_name) if p})
        pathspecs = [f":(literal){path}" for path in paths]
        chunks = git.stream(self.top, *_DIFF, "--", *pathspecs, stdin=request.encode())
        return list(parse_patch(_lines(chunks)))

    def _spans(self, paths: Mapping[str, str]) -> dict[str, list[Span]]:
        """Function spans of each blob (blob → path): from the analysis cache, else analysed."""
        keys = {
            blob: analyse.cache_key(blob, self.max_size, registry.for_content(path, b""))
            for blob, path in paths.items()
        }
        stored = self.cache.get_many(list(keys.values()))
        known = {blob: _decoded(stored.get(key)) for blob, key in keys.items()}
        spans = {blob: _top_level(metrics) for blob, metrics in known.items() if metrics}
        missing = sorted(paths.keys() - spans.keys())
        spans.update(self._analyse(missing, paths, keys))
        return spans

    def _analyse(
        self, blobs: list[str], paths: Mapping[str, str], keys: Mapping[str, str]
    ) -> dict[str, list[Span]]:
        """Read and analyse blobs the cache does not have, in worker processes; cache them.

        They are versions of a few files: analysed piece by piece, each file's in one worker.
        """
        read = git.read_blobs(self.top, blobs)
        tasks = [(blob, paths[blob], data) for blob, data in read if data]
        outcomes = analyse_versions(tasks, self.max_size, self.jobs)
        analysed = {blob: record for blob, record, _, _ in outcomes if record is not None}
        self.cache.put_many((keys[blob], record) for blob, record in analysed.items())
        return {blob: _top_level(_decoded(record)) for blob, record in analysed.items()}

    def _ranked(self, item: FileHealth, tally: Mapping[str, _Tally]) -> tuple[FunctionHotspot, ...]:
        ranked = [
            FunctionHotspot(
                qualified_name=name,
                line=f.metrics.line,
                score=self.model.score(f.metrics.code_lines, seen.changes, 0),
                changes=seen.changes,
                weighted_changes=seen.weighted,
                lines_changed=seen.lines,
                authors=len(seen.authors),
                health=f.health,
                code_lines=f.metrics.code_lines,
            )
            for name, f in _by_name(item.functions).items()
            if (seen := tally.get(name))
        ]
        ranked.sort(key=lambda h: (-h.score, -h.weighted_changes, h.line))
        return tuple(ranked)


def _by_name(functions: Iterable[FunctionHealth]) -> dict[str, FunctionHealth]:
    """Top-level functions and methods by qualified name.

    Where one name has several definitions (`@overload` stubs, a conditional definition),
    the largest stands for them all: it is the implementation.
    """
    chosen: dict[str, FunctionHealth] = {}
    top_level = (f for f in functions if not f.metrics.nested)
    for function in sorted(top_level, key=lambda f: f.metrics.lines):
        chosen[function.metrics.qualified_name] = function  # the largest comes last
    return chosen


def _decoded_changes(record: bytes | None) -> Changed | None:
    if record is None:
        return None
    try:
        loaded = marshal.loads(record)  # noqa: S302 - our own cache records
        return tuple((str(name), int(lines)) for name, lines in loaded)
    except (EOFError, TypeError, ValueError):
        return None  # damaged: computed again


def _decoded(record: bytes | None) -> FileMetrics | None:
    if record is None:
        return None
    try:
        return analyse.decode(record).metrics
    except ValueError:
        return None


def _top_level(metrics: FileMetrics | None) -> list[Span]:
    if metrics is None:
        return []
    return [Span(f.qualified_name, f.line, f.end_line) for f in metrics.functions if not f.nested]


def _functions_changed(diff: FileDiff, spans: list[Span]) -> Changed:
    """The functions the diff's hunks touch, with the lines changed in each."""
    changed: dict[str, int] = {}
    for hunk in diff.hunks:
        for span, lines in _touched(hunk, spans):
            changed[span.name] = changed.get(span.name, 0) + lines
    return tuple(changed.items())


def _touched(hunk: Hunk, spans: list[Span]) -> Iterator[tuple[Span, int]]:
    """The spans (sorted, not overlapping) a hunk changes, with the lines changed in each.

    A hunk adds lines inside a span, or deletes lines at a point inside it: deleted lines sat
    just after new line `new_start` when the hunk adds none, in place of the added lines
    otherwise. Deleted lines are charged to the span holding that point.
    """
    first = hunk.new_start
    last = first + max(hunk.new_count, 1) - 1
    index = bisect.bisect_right(spans, first, key=lambda s: s.start) - 1
    for span in spans[max(index, 0) :]:
        if span.start > last:
            break
        added = max(0, min(last, span.end) - max(first, span.start) + 1) if hunk.new_count else 0
        deleted = hunk.old_count if span.start <= first <= span.end else 0
        if added or deleted:
            yield span, added + deleted


def _lines(chunks: Iterable[bytes]) -> Iterator[bytes]:
    rest = b""
    for chunk in chunks:
        lines = (rest + chunk).split(b"\n")
        rest = lines.pop()
        yield from lines
    if rest:
        yield rest
