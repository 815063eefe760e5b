"""The scan pipeline: discover → analyse (cached, in parallel) → detect clones → score → history.

Each stage is a plain function of the previous one's data. Analysis results are cached by
blob id, so a warm scan reads no file it has seen and parses nothing; clones and scores are
recomputed every time because they are cheap and depend on configuration. Inside a git
repository the history analyses follow (mined incrementally, see `codevitals.history`).
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from codevitals import __version__, git
from codevitals.cache import Cache, default_dir
from codevitals.code import analyze, clones, health
from codevitals.code.analyze import Analysis
from codevitals.code.batch import Progress, analyse_all
from codevitals.discover import Candidate, Discovery, Filters, discover
from codevitals.history import HistoryOptions, Inputs, Outcome, analyse
from codevitals.model import (
    FileHealth,
    HealthTotals,
    Notice,
    Role,
    ScanResult,
    Skipped,
    SourceFile,
    Summary,
)

_STORE_EVERY = 64


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """Everything a scan can be told."""

    filters: Filters = field(default_factory=Filters)
    policy: health.Policy = field(default_factory=health.Policy.build)
    min_tokens: int = 50
    jobs: int = 0
    """Worker processes; 0 means one per CPU."""
    cache_dir: Path | None = None
    """None means the default cache folder."""
    use_cache: bool = True
    history: HistoryOptions | None = field(default_factory=HistoryOptions)
    """None skips the history analyses."""

    def analysis_key(self, blob_id: str) -> str:
        """Cache key of a blob's analysis under these options."""
        return analyze.cache_key(blob_id, self.filters.max_file_size)


@dataclass(slots=True)
class _Analysed:
    """Analyses gathered so far, with what went wrong along the way."""

    results: dict[str, Analysis] = field(default_factory=dict)
    blob_ids: dict[str, str] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)


def scan(
    root: Path, options: ScanOptions | None = None, progress: Progress | None = None
) -> ScanResult:
    """Scan a folder or repository and score its code health."""
    options = options or ScanOptions()
    found = discover(root, options.filters)
    cache = Cache((options.cache_dir or default_dir()) if options.use_cache else None)
    try:
        analysed = _Analyser(options, cache, progress).run(found.files)
        duplicates = _duplicates(found.files, analysed, options, cache)
        result = _assess(found, analysed, duplicates, options)
        outcome = _history(root, result, options, cache)
    finally:
        cache.close()
    return _finish(result, len(found.notices), cache.notices, outcome)


def _history(root: Path, result: ScanResult, options: ScanOptions, cache: Cache) -> Outcome:
    if options.history is None:
        return Outcome(None)
    inputs = Inputs(root, result.files, options.filters, cache, options.jobs)
    return analyse(inputs, options.history)


def _finish(result: ScanResult, at: int, cache_notices: list[str], outcome: Outcome) -> ScanResult:
    """Add the history, its notices, and the cache's notices after discovery's."""
    notices = list(result.notices)
    notices[at:at] = [Notice("", "cache", message) for message in cache_notices]
    notices.extend(outcome.notices)
    shallow = outcome.history is not None and outcome.history.shallow
    return dataclasses.replace(
        result,
        history=outcome.history,
        notices=tuple(notices),
        partial=result.partial or shallow,
    )


# -- analysis ------------------------------------------------------------------------------


class _Analyser:
    """Gathers every file's analysis: from the cache where it can, by parsing where it must."""

    def __init__(self, options: ScanOptions, cache: Cache, progress: Progress | None) -> None:
        self.options = options
        self.cache = cache
        self.progress = progress
        self.analysed = _Analysed()
        self._keys: dict[str, str] = {}
        self._contents: dict[str, bytes] = {}

    def run(self, files: Sequence[Candidate]) -> _Analysed:
        """Analyse `files`, reusing and filling the cache."""
        self._identify(files)
        self._analyse(self._restore(files))
        return self.analysed

    def _identify(self, files: Sequence[Candidate]) -> None:
        """Record each file's blob id: from the index when unmodified, else by reading it."""
        for candidate in files:
            blob_id = candidate.blob_id
            if blob_id is None:
                data = self._read(candidate)
                if data is None:
                    continue
                blob_id = git.blob_id(data)
                self._contents[candidate.path] = data  # not read twice
            self.analysed.blob_ids[candidate.path] = blob_id
            self._keys[candidate.path] = self.options.analysis_key(blob_id)

    def _read(self, candidate: Candidate) -> bytes | None:
        try:
            return candidate.absolute.read_bytes()
        except FileNotFoundError:
            return None  # deleted since discovery
        except OSError as error:
            _fail(self.analysed, candidate.path, "unreadable", error.strerror or str(error))
            return None

    def _restore(self, files: Sequence[Candidate]) -> list[Candidate]:
        """Take what the cache has; return the files still to analyse."""
        stored = self.cache.get_many(list(self._keys.values()))
        missing: list[Candidate] = []
        for candidate in files:
            key = self._keys.get(candidate.path)
            if key is None:
                continue
            record = stored.get(key)
            if record is None or not self._decode(candidate.path, record, cached=True):
                missing.append(candidate)
        return missing

    def _decode(self, path: str, record: bytes, *, cached: bool) -> bool:
        try:
            self.analysed.results[path] = analyze.decode(record)
        except ValueError:
            if cached:
                self.analysed.notices.append(
                    Notice(path, "cache", "corrupt cache entry; analysed again")
                )
            return False
        return True

    def _analyse(self, missing: Sequence[Candidate]) -> None:
        """Analyse files, storing records as they arrive.

        Records go to the cache every `_STORE_EVERY` files, so an interrupted cold scan keeps
        most of its work for the next run.
        """
        tasks = [(c.path, str(c.absolute), self._contents.get(c.path)) for c in missing]
        fresh: list[tuple[str, bytes]] = []
        outcomes = analyse_all(
            tasks, self.options.filters.max_file_size, self.options.jobs, self.progress
        )
        for path, record, reason, message in outcomes:
            if record is None:
                _fail(self.analysed, path, reason, message)
                continue
            self._decode(path, record, cached=False)
            fresh.append((self._keys[path], record))
            if len(fresh) >= _STORE_EVERY:
                self.cache.put_many(fresh)
                fresh = []
        self.cache.put_many(fresh)


def _fail(analysed: _Analysed, path: str, reason: str, message: str) -> None:
    analysed.notices.append(Notice(path, reason, message))
    analysed.failed.add(path)


# -- duplication ---------------------------------------------------------------------------


def _duplicates(
    files: Sequence[Candidate], analysed: _Analysed, options: ScanOptions, cache: Cache
) -> clones.CloneReport:
    """Clones across all analysed files, cached under the set of blobs they came from."""
    measured = [
        (c.path, analysed.blob_ids[c.path], analysed.results[c.path])
        for c in files
        if c.path in analysed.results and analysed.results[c.path].metrics is not None
    ]
    min_lines = int(options.policy.thresholds["duplicated-code"])
    material = "\0".join(
        [analyze.ANALYZER_VERSION, str(min_lines), str(options.min_tokens)]
        + [f"{path}\0{blob}" for path, blob, _ in measured]
    )
    key = "clones:" + hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()
    stored = cache.get_many([key]).get(key)
    if stored is not None:
        try:
            return clones.CloneReport.decode(stored)
        except ValueError:
            pass  # a damaged record is simply recomputed
    report = clones.detect(
        [(path, result.fingerprints) for path, _, result in measured],
        min_lines=min_lines,
        min_tokens=options.min_tokens,
    )
    cache.put_many([(key, report.encode())])
    return report


# -- assessment ----------------------------------------------------------------------------


def _assess(
    found: Discovery, analysed: _Analysed, report: clones.CloneReport, options: ScanOptions
) -> ScanResult:
    policy = options.policy
    measured = [(c, analysed.results[c.path]) for c in found.files if c.path in analysed.results]
    scored: list[FileHealth] = []
    skipped = list(found.skipped)
    notices = [*found.notices, *analysed.notices]
    for candidate, analysis in measured:
        if analysis.metrics is None:
            skipped.append(Skipped(candidate.path, analysis.skip_reason or "skipped"))
            continue
        notices.extend(_file_notices(candidate.path, analysis))
        source = SourceFile(
            candidate.path, analysed.blob_ids[candidate.path], candidate.language, candidate.role
        )
        regions = report.regions.get(candidate.path, ())
        scored.append(health.assess(source, analysis.metrics, regions, policy))
    notices.extend(_skip_notice(item) for item in skipped if item.reason in _SKIPS_WORTH_A_LINE)
    partial = bool(analysed.failed) or any(n.reason == "syntax-error" for n in notices)
    return ScanResult(
        root=found.root.resolve().name,
        tool_version=__version__,
        files=tuple(scored),
        summary=_summary(scored, report, len(skipped)),
        clones=report.clones,
        notices=tuple(notices),
        skipped=tuple(sorted(skipped, key=lambda s: s.path)),
        commit=found.commit,
        partial=partial,
        settings={**policy.describe(), "duplication-min-tokens": options.min_tokens},
    )


_SKIPS_WORTH_A_LINE = {
    "too-large": "larger than --max-file-size; skipped",
    "binary": "binary content (NUL bytes) in a source file; skipped",
}
"""Skips a user may not expect; vendored, generated and other-language files are routine."""


def _skip_notice(item: Skipped) -> Notice:
    return Notice(item.path, item.reason, _SKIPS_WORTH_A_LINE[item.reason])


def _file_notices(path: str, analysis: Analysis) -> Iterator[Notice]:
    metrics = analysis.metrics
    if metrics is not None and metrics.syntax_error_line is not None:
        line = metrics.syntax_error_line
        yield Notice(
            path,
            "syntax-error",
            f"does not parse from line {line}; metrics cover what parsed",
            line,
        )
    if analysis.encoding_note:
        yield Notice(path, "encoding", analysis.encoding_note)


def _summary(scored: Sequence[FileHealth], report: clones.CloneReport, skipped: int) -> Summary:
    production = [HealthTotals.of(f) for f in scored if f.file.role is Role.PRODUCTION]
    tests = [HealthTotals.of(f) for f in scored if f.file.role is Role.TEST]
    return Summary(
        production=sum(production, HealthTotals()),
        tests=sum(tests, HealthTotals()),
        duplicated_lines=report.duplicated_lines,
        clones=len(report.clones),
        skipped=skipped,
    )
