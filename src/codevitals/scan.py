"""The scan pipeline: discover → analyse → detect clones → score → findings, deps, history.

Each stage is a plain function of the previous one's data. Analysis results are cached by
blob id, so a warm scan reads no file it has seen and parses nothing; clones and scores are
recomputed every time because they are cheap and depend on configuration. Findings, the
dependency audit and, in a git work tree, the history analyses (mined incrementally, see
`codevitals.history`) follow code health; the pay-down plan draws on them all.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from codevitals import __version__, findings, git, plan
from codevitals.cache import Cache, default_dir
from codevitals.code import analyse, clones, health, suppressions
from codevitals.code.analyse import Analysis
from codevitals.code.batch import Outcome as FileOutcome
from codevitals.code.batch import Progress, Task, announce
from codevitals.code.biomarkers.base import Region
from codevitals.code.lines import Fingerprints
from codevitals.discover import (
    LANGUAGE_SKIP,
    Discovery,
    Filters,
    FoundFile,
    discover,
    discover_tree,
)
from codevitals.errors import InputError
from codevitals.findings.presets import Selection
from codevitals.history.options import HistoryOptions
from codevitals.measure import analyse_all, analyse_versions
from codevitals.model import (
    FileHealth,
    FileMetrics,
    HealthTotals,
    LanguageTotals,
    Notice,
    Role,
    ScanResult,
    Skipped,
    SourceFile,
    Summary,
    Unanalysed,
)
from codevitals.model.deps import DependencyReport
from codevitals.model.findings import Findings
from codevitals.model.plan import HealthEvidence
from codevitals.parse import registry
from codevitals.parse.base import Language
from codevitals.parse.python import PYTHON
from codevitals.plan import PlanOptions, evidence
from codevitals.workers import collector

if TYPE_CHECKING:
    from codevitals.deps.audit import AuditOptions
    from codevitals.history.analysis import Outcome
    from codevitals.model.history import History

__all__ = ["Progress", "ScanOptions", "scan", "scan_revision", "scan_revisions"]

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
    findings: Selection | None = None
    """Finding rules to run; None or an empty selection runs none."""
    findings_only: Callable[[str, str], bool] | None = None
    """Check for findings only the files this accepts, given path and blob id (the gate
    checks only the files a change touched); None: every file."""
    dependencies: AuditOptions | None = None
    """How to audit dependencies; None: do not (the library default: no network)."""
    history: HistoryOptions | None = field(default_factory=HistoryOptions)
    """None skips the history analyses (a revision scan never runs them)."""
    plan: PlanOptions | None = field(default_factory=PlanOptions)
    """None: no pay-down plan."""

    def analysis_key(self, blob_id: str, language: Language) -> str:
        """Cache key of a blob's analysis by a front end under these options."""
        return analyse.cache_key(blob_id, self.filters.max_file_size, language)


Score = Callable[[SourceFile, FileMetrics, Sequence[Region], health.Policy], FileHealth]
"""Scores one file: `health.assess`, or a memo of it."""


@dataclass(slots=True)
class _Analysed:
    """Analyses gathered so far, with what went wrong along the way."""

    results: dict[str, Analysis] = field(default_factory=dict)
    blob_ids: dict[str, str] = field(default_factory=dict)
    notices: list[Notice] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)
    score: Score = health.assess
    """Scores a file from its analysis: `health.assess`, or a memo of it that the scans of
    several revisions share."""


Load = Callable[[Sequence[FoundFile]], dict[str, bytes]]
"""Reads the bytes of files by path; a file it cannot read is left out."""


def scan(
    root: Path, options: ScanOptions | None = None, progress: Progress | None = None
) -> ScanResult:
    """Scan a folder or repository and score its code health.

    A bare repository (a mirror, a server's copy) has no files to read: its HEAD commit is
    scanned from git objects, and its history analysed up to it, as hosted analysers treat
    a repository they cloned.
    """
    options = options or ScanOptions()
    # A work tree is no bare repository; asking for its top first saves a command run (in a
    # command's snapshot of the repository, discovery asks the same).
    if git.toplevel(root) is None and git.is_bare(root):
        return _scan_bare(root, options, progress)
    announce(progress, "discovering files")
    # Discovery remembers in the cache what it learns from a blob's content (a header's
    # language), so a warm scan reads no file it has seen.
    return _run(lambda cache: discover(root, options.filters, cache), options, progress, None)


def _scan_bare(root: Path, options: ScanOptions, progress: Progress | None) -> ScanResult:
    commit = git.head(root)
    if commit is None:
        raise InputError(f"{root}: a bare repository without commits; nothing to scan")
    with git.BlobReader(root) as blobs:
        found = discover_tree(root, commit, options.filters, blobs)
        found.bare = True
        return _run(lambda _: found, options, progress, _blob_loader(blobs))


def scan_revision(
    top: Path, commit: str, options: ScanOptions | None = None, progress: Progress | None = None
) -> ScanResult:
    """Scan the tree of `commit` from git objects, without checking it out.

    Blob ids come from the tree, so files the cache knows are never read; the others are
    read through one `git cat-file --batch` process. `top` is the repository's top level.
    """
    options = options or ScanOptions()
    with git.BlobReader(top) as blobs:
        found = discover_tree(top, commit, options.filters, blobs)
        return _run(lambda _: found, options, progress, _blob_loader(blobs))


def scan_revisions(
    top: Path,
    commits: Sequence[str],
    options: ScanOptions | None = None,
    progress: Progress | None = None,
) -> Iterator[ScanResult]:
    """Scan the trees of several commits, each as `scan_revision` would, sharing the work.

    A blob that several of the commits hold is read, decoded and scored once (scored again
    only if its duplicated regions differ), so snapshots of a history cost little more than
    the blobs that changed between them. Results come in the order of `commits`.
    """
    options = options or ScanOptions()
    cache = Cache((options.cache_dir or default_dir()) if options.use_cache else None)
    try:
        with git.BlobReader(top) as blobs:
            found = [discover_tree(top, commit, options.filters, blobs) for commit in commits]
            shared = _Revisions(options, cache, progress, _blob_loader(blobs))
            # One batch for every blob: the workers stay busy from the first file to the last.
            with collector.paused():
                yield from shared.scan_all(found)
    finally:
        cache.close()


def _blob_loader(blobs: git.BlobReader) -> Load:
    def load(files: Sequence[FoundFile]) -> dict[str, bytes]:
        contents = blobs.read([c.blob_id for c in files if c.blob_id is not None])
        return {c.path: contents[c.blob_id] for c in files if c.blob_id in contents}

    return load


@dataclass(slots=True)
class _Extras:
    """What follows code health: findings, the dependency audit, history."""

    findings: Findings | None = None
    dependencies: DependencyReport | None = None
    history: Outcome | None = None
    """None: history was not analysed."""

    @property
    def mined(self) -> History | None:
        """The history found: None when it was not analysed, or there was none to analyse."""
        return self.history.history if self.history is not None else None


def _run(
    discovered: Callable[[Cache], Discovery],
    options: ScanOptions,
    progress: Progress | None,
    load: Load | None,
) -> ScanResult:
    """Discover (with the cache at hand), analyse, score and follow up."""
    cache = Cache((options.cache_dir or default_dir()) if options.use_cache else None)
    try:
        found = discovered(cache)
        announce(progress, "reading files")
        analysed = _Analyser(options, cache, progress, load).run(found.files)
        announce(progress, "finding clones")
        duplicates = _duplicates(found.files, analysed, options, cache)
        result = _assess(found, analysed, duplicates, options)
        announce(progress, "checking findings")
        found_findings = _findings(found, analysed, options, cache, load)
        announce(progress, "auditing dependencies")
        dependencies = _dependencies(found, options, cache)
        announce(progress, "reading history")
        extras = _Extras(
            findings=found_findings,
            dependencies=dependencies,
            history=_history(found, result, options, cache),
        )
        health = _health_evidence(found, extras, options, cache)
    finally:
        cache.close()
    announce(progress, "planning")
    finished = _finish(result, len(found.notices), cache.notices, extras)
    return _planned(finished, options, health)


def _health_evidence(
    found: Discovery, extras: _Extras, options: ScanOptions, cache: Cache
) -> HealthEvidence | None:
    """What `codevitals validate` last found health to add here, if the plan can use it."""
    if options.plan is None or extras.mined is None:
        return None
    top = git.repository(found.root)
    return None if top is None else evidence.recall(cache, top)


def _planned(
    result: ScanResult, options: ScanOptions, health: HealthEvidence | None = None
) -> ScanResult:
    """The result with its pay-down plan, which draws on every stage before it."""
    if options.plan is None:
        return result
    return dataclasses.replace(result, plan=plan.build(result, options.plan, health))


class _Revisions:
    """What the scans of several revisions share: each blob's analysis and each file's score."""

    def __init__(self, options: ScanOptions, cache: Cache, progress: Progress | None, load: Load):
        self.options = options
        self.cache = cache
        self.progress = progress
        self.load = load
        self.analyses: dict[str, Analysis] = {}
        """By blob id."""
        self.failures: dict[str, tuple[str, str]] = {}
        """Blobs that could not be analysed: (reason, message), by blob id."""
        self.scores: dict[tuple[SourceFile, tuple[Region, ...]], FileHealth] = {}
        self.cache_notices = 0
        """Cache notices already passed on (each goes with the first result after it)."""

    def scan_all(self, found: Sequence[Discovery]) -> Iterator[ScanResult]:
        """The result of each revision, in order, as soon as the blobs it holds are analysed.

        Blobs are analysed in the order of the revisions, so the first revisions are scored
        while the workers are still analysing the blobs of the later ones.
        """
        waiting = [{c.blob_id for c in d.files if c.blob_id is not None} for d in found]
        new: dict[str, FoundFile] = {}
        for discovery in found:
            new.update(
                (c.blob_id, c) for c in discovery.files if c.blob_id and c.blob_id not in new
            )
        # Keyed by blob id for the batch: a blob is analysed once whatever its paths.
        batch = [dataclasses.replace(c, path=blob_id) for blob_id, c in new.items()]
        analyser = _VersionsAnalyser(self.options, self.cache, self.progress, self.load)
        ready = 0
        for blob_id in analyser.settle(batch):
            self._keep(analyser.analysed, blob_id)
            for blobs in waiting[ready:]:
                blobs.discard(blob_id)
            while ready < len(found) and not waiting[ready]:
                yield self.scan(found[ready])
                ready += 1
        for discovery in found[ready:]:
            yield self.scan(discovery)

    def scan(self, found: Discovery) -> ScanResult:
        """The result of one revision whose blobs are analysed, as `scan_revision` gives it."""
        options = self.options
        analysed = self._analysed(found.files)
        duplicates = _duplicates(found.files, analysed, options, self.cache)
        result = _assess(found, analysed, duplicates, options)
        extras = _Extras(
            findings=_findings(found, analysed, options, self.cache, self.load),
            dependencies=_dependencies(found, options, self.cache),
        )
        fresh = self.cache.notices[self.cache_notices :]
        self.cache_notices = len(self.cache.notices)
        return _finish(result, len(found.notices), fresh, extras)

    def _keep(self, analysed: _Analysed, blob_id: str) -> None:
        """Keep a blob's analysis, or the reason it has none."""
        if blob_id in analysed.results:
            self.analyses[blob_id] = analysed.results[blob_id]
        elif blob_id in analysed.failed:
            notice = next(n for n in reversed(analysed.notices) if n.path == blob_id)
            self.failures[blob_id] = (notice.reason, notice.message)

    def _analysed(self, files: Sequence[FoundFile]) -> _Analysed:
        """The analyses of `files`."""
        analysed = _Analysed(score=self._score)
        for candidate in files:
            blob_id = candidate.blob_id or ""
            if blob_id in self.analyses:
                analysed.results[candidate.path] = self.analyses[blob_id]
                analysed.blob_ids[candidate.path] = blob_id
            elif blob_id in self.failures:
                _fail(analysed, candidate.path, *self.failures[blob_id])
        return analysed

    def _score(
        self,
        source: SourceFile,
        metrics: FileMetrics,
        regions: Sequence[Region],
        policy: health.Policy,
    ) -> FileHealth:
        key = (source, tuple(regions))
        scored = self.scores.get(key)
        if scored is None:
            scored = self.scores[key] = health.assess(source, metrics, regions, policy)
        return scored


def _dependencies(found: Discovery, options: ScanOptions, cache: Cache) -> DependencyReport | None:
    """The dependency audit, when asked for: of the working tree, or of the revision scanned."""
    if options.dependencies is None:
        return None
    # Imported here: the audit's modules (HTTP, OSV, manifest parsers) load only when it runs.
    from codevitals.dependencies import audit_revision, audit_with  # noqa: PLC0415

    if found.revision is not None:
        return audit_revision(
            found.root, found.revision, options.filters, options.dependencies, cache
        )
    return audit_with(found.root, options.filters, options.dependencies, cache)


def _history(
    found: Discovery, result: ScanResult, options: ScanOptions, cache: Cache
) -> Outcome | None:
    if options.history is None:
        return None
    # Imported here: the git log parser and the analyses load only when history is analysed.
    from codevitals.history import Inputs, Outcome, analyse, analyse_at  # noqa: PLC0415

    inputs = Inputs(found.root, result.files, options.filters, cache, options.jobs)
    if found.revision is None:
        return analyse(inputs, options.history)
    if found.bare:
        return analyse_at(found.root, found.revision, inputs, options.history)
    return Outcome(None)  # a past version (a gate's base, a snapshot): history is not its own


def _finish(result: ScanResult, at: int, cache_notices: list[str], extras: _Extras) -> ScanResult:
    """Add what followed code health, with its notices; the cache's notices after discovery's."""
    notices = list(result.notices)
    notices[at:at] = [Notice("", "cache", message) for message in cache_notices]
    outcome = extras.history
    history = extras.mined
    partial = result.partial or (history is not None and history.shallow)
    if outcome is not None:
        notices.extend(outcome.notices)
        partial = partial or outcome.partial
    if extras.dependencies is not None:
        partial = partial or extras.dependencies.partial
    if extras.findings is not None:
        notices.extend(extras.findings.notices)
        partial = partial or bool(extras.findings.notices)
    return dataclasses.replace(
        result,
        findings=extras.findings,
        dependencies=extras.dependencies,
        history=history,
        notices=tuple(notices),
        partial=partial,
    )


# -- analysis ------------------------------------------------------------------------------


class _Analyser:
    """Gathers every file's analysis: from the cache where it can, by parsing where it must."""

    def __init__(
        self, options: ScanOptions, cache: Cache, progress: Progress | None, load: Load | None
    ) -> None:
        self.options = options
        self.cache = cache
        self.progress = progress
        self.load = load
        """Where contents come from when they are not files on disk (a git revision)."""
        self.analysed = _Analysed()
        self._keys: dict[str, str] = {}
        self._contents: dict[str, bytes] = {}

    def run(self, files: Sequence[FoundFile]) -> _Analysed:
        """Analyse `files`, reusing and filling the cache."""
        for _ in self.settle(files):
            pass
        return self.analysed

    def settle(self, files: Sequence[FoundFile]) -> Iterator[str]:
        """Analyse `files` as `run` does, giving each path once its outcome is known."""
        self._identify(files)
        missing = self._restore(files)
        waiting = {c.path for c in missing}
        yield from (c.path for c in files if c.path not in waiting)
        yield from self._analyse(missing)

    def _identify(self, files: Sequence[FoundFile]) -> None:
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
            front: Language = registry.for_file(candidate.path, candidate.language) or PYTHON
            self._keys[candidate.path] = self.options.analysis_key(blob_id, front)

    def _read(self, candidate: FoundFile) -> bytes | None:
        try:
            return candidate.absolute.read_bytes()
        except FileNotFoundError:
            return None  # deleted since discovery
        except OSError as error:
            _fail(self.analysed, candidate.path, "unreadable", error.strerror or str(error))
            return None

    def _restore(self, files: Sequence[FoundFile]) -> list[FoundFile]:
        """Take what the cache has; return the files still to analyse."""
        stored = self.cache.get_many(list(self._keys.values()))
        missing: list[FoundFile] = []
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
            self.analysed.results[path] = analyse.decode(record)
        except ValueError:
            if cached:
                self.analysed.notices.append(
                    Notice(path, "cache", "corrupt cache entry; analysed again")
                )
            return False
        return True

    def _analyse(self, missing: Sequence[FoundFile]) -> Iterator[str]:
        """Analyse files, storing records as they arrive, and give each path when done.

        Records go to the cache every `_STORE_EVERY` files, so an interrupted cold scan keeps
        most of its work for the next run.
        """
        if self.load is not None:
            loaded = self._loaded(missing, self.load)
            yield from (c.path for c in missing if c.path not in self._contents)
            missing = loaded
        tasks = [(c.path, str(c.absolute), self._contents.get(c.path)) for c in missing]
        fresh: list[tuple[str, bytes]] = []
        for path, record, reason, message in self._outcomes(tasks):
            if record is None:
                _fail(self.analysed, path, reason, message)
            else:
                self._decode(path, record, cached=False)
                fresh.append((self._keys[path], record))
            if len(fresh) >= _STORE_EVERY:
                self.cache.put_many(fresh)
                fresh = []
            yield path
        self.cache.put_many(fresh)

    def _outcomes(self, tasks: Sequence[Task]) -> Iterator[FileOutcome]:
        options = self.options
        return analyse_all(tasks, options.filters.max_file_size, options.jobs, self.progress)

    def _loaded(self, missing: Sequence[FoundFile], load: Load) -> list[FoundFile]:
        """Read the contents of `missing` (from git objects); drop and note those absent."""
        self._contents.update(load(missing))
        for candidate in missing:
            if candidate.path not in self._contents:
                _fail(self.analysed, candidate.path, "unreadable", "blob missing from git")
        return [c for c in missing if c.path in self._contents]


class _VersionsAnalyser(_Analyser):
    """Analyses the blobs of several revisions: versions of the same files, piece by piece."""

    def _outcomes(self, tasks: Sequence[Task]) -> Iterator[FileOutcome]:
        options = self.options
        return analyse_versions(tasks, options.filters.max_file_size, options.jobs, self.progress)


def _fail(analysed: _Analysed, path: str, reason: str, message: str) -> None:
    analysed.notices.append(Notice(path, reason, message))
    analysed.failed.add(path)


# -- findings ------------------------------------------------------------------------------


def _findings(
    found: Discovery, analysed: _Analysed, options: ScanOptions, cache: Cache, load: Load | None
) -> Findings | None:
    """Findings of the analysed files (or of `findings_only`), when finding rules are chosen.

    Files analysis skipped (generated, binary) are left out here too: nobody fixes them.
    ruff checks Python files only; secrets are looked for in every language.
    """
    selection = options.findings
    if selection is None or selection.empty:
        return None
    only = options.findings_only
    by_path = {c.path: c for c in found.files}
    sources = [
        findings.CheckedFile(
            path,
            blob_id,
            test=by_path[path].role is Role.TEST,
            python=by_path[path].language == PYTHON.language,
        )
        for path, blob_id in sorted(analysed.blob_ids.items())
        if path in by_path
        and (analysis := analysed.results.get(path)) is not None
        and analysis.metrics is not None
        and (only is None or only(path, blob_id))
    ]
    return findings.find(sources, _by_path(by_path, load), selection, cache)


def _by_path(candidates: dict[str, FoundFile], load: Load | None) -> findings.Load:
    def read(paths: Sequence[str]) -> dict[str, bytes]:
        chosen = [candidates[path] for path in paths]
        return load(chosen) if load is not None else _read_files(chosen)

    return read


def _read_files(candidates: Sequence[FoundFile]) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    for candidate in candidates:
        try:
            contents[candidate.path] = candidate.absolute.read_bytes()
        except OSError:
            continue  # gone or unreadable since analysis, which noted it
    return contents


# -- duplication ---------------------------------------------------------------------------


def _duplicates(
    files: Sequence[FoundFile], analysed: _Analysed, options: ScanOptions, cache: Cache
) -> clones.CloneReport:
    """Clones across the analysed files of each language, cached under the set of blobs."""
    measured = [
        (c.path, analysed.blob_ids[c.path], analysed.results[c.path], c.language)
        for c in files
        if c.path in analysed.results and analysed.results[c.path].metrics is not None
    ]
    min_lines = int(options.policy.thresholds["duplicated-code"])
    material = "\0".join(
        [analyse.ANALYZER_VERSION, str(min_lines), str(options.min_tokens)]
        + [f"{path}\0{blob}" for path, blob, _, _ in measured]
    )
    key = "clones:" + hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()
    stored = cache.get_many([key]).get(key)
    if stored is not None:
        try:
            return clones.CloneReport.decode(stored)
        except ValueError:
            pass  # a damaged record is simply recomputed
    # Code is only ever copied within a language: lines alike across languages are chance.
    languages: dict[str, list[tuple[str, Fingerprints]]] = {}
    for path, _, result, language in measured:
        languages.setdefault(language, []).append((path, result.fingerprints))
    report = clones.CloneReport.merged(
        [
            clones.detect(group, min_lines=min_lines, min_tokens=options.min_tokens)
            for group in languages.values()
        ]
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
        scored.append(analysed.score(source, analysis.metrics, regions, policy))
        notices.extend(_unused_notices(scored[-1]))
    notices.extend(
        Notice(item.path, item.reason, _SKIPS_WORTH_A_LINE[item.reason])
        for item in skipped
        if item.reason in _SKIPS_WORTH_A_LINE
    )
    partial = bool(analysed.failed) or any(n.reason == "syntax-error" for n in notices)
    return ScanResult(
        root=found.root.resolve().name,
        tool_version=__version__,
        files=tuple(scored),
        summary=_summary(scored, report, skipped),
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
    if metrics is not None and metrics.suppressions:
        for line, message in suppressions.unknown(metrics.suppressions):
            yield Notice(path, suppressions.UNKNOWN, f"{message} in a suppression comment", line)


def _unused_notices(scored: FileHealth) -> Iterator[Notice]:
    for unused in scored.unused_suppressions:
        form = "ignore" if unused.target is not None else "ignore-file"
        rules = f"[{', '.join(unused.rules)}]" if unused.rules else ""
        yield Notice(
            scored.file.path,
            suppressions.UNUSED,
            f"`codevitals: {form}{rules}` silences nothing; remove it",
            unused.line,
        )


def _summary(
    scored: Sequence[FileHealth], report: clones.CloneReport, skipped: Sequence[Skipped]
) -> Summary:
    production = [HealthTotals.of(f) for f in scored if f.file.role is Role.PRODUCTION]
    tests = [HealthTotals.of(f) for f in scored if f.file.role is Role.TEST]
    return Summary(
        production=sum(production, HealthTotals()),
        tests=sum(tests, HealthTotals()),
        duplicated_lines=report.duplicated_lines,
        clones=len(report.clones),
        skipped=len(skipped),
        languages=_languages(scored),
        unanalysed=_unanalysed(skipped),
    )


def _languages(scored: Sequence[FileHealth]) -> tuple[LanguageTotals, ...]:
    """Files and lines analysed per language, most code lines first."""
    totals: dict[str, LanguageTotals] = {}
    for item in scored:
        language = item.file.language
        one = LanguageTotals(language, 1, item.metrics.lines, item.metrics.code_lines)
        totals[language] = totals[language] + one if language in totals else one
    return tuple(sorted(totals.values(), key=lambda t: (-t.code_lines, -t.files, t.language)))


def _unanalysed(skipped: Sequence[Skipped]) -> tuple[Unanalysed, ...]:
    """Languages discovery recognised by suffix but no front end measures, most files first."""
    counts = Counter(
        item.reason.removeprefix(LANGUAGE_SKIP)
        for item in skipped
        if item.reason.startswith(LANGUAGE_SKIP)
    )
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return tuple(Unanalysed(language, files) for language, files in ranked)
