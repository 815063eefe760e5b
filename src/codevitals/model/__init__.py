"""The shared data model: frozen dataclasses handed from stage to stage.

Stages only ever pass these values forward (discover → analyse → assess → report), and the
JSON report is a direct rendering of them, described by `schemas/scan.schema.json`. Each
further kind of result (history, dependencies, findings) gets a submodule of its own here,
so that reports can render it without importing the stage that produced it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from codevitals.model.deps import DependencyReport  # deps imports Notice from here
    from codevitals.model.findings import Findings
    from codevitals.model.history import History
    from codevitals.model.plan import Plan
    from codevitals.model.trend import Trend

SCHEMA_VERSION = "1.7"
# What each schema version changed:
# 1.0 — first release: code health per file, function and class; clones; notices; totals.
# 1.1 — additive: `findings` (ruff presets and secrets, per file with a conformance figure;
#       null when no finding rules ran), `dependencies` (the dependency audit: manifests,
#       freshness, vulnerabilities, unknowns, totals; null when not audited) and `history`
#       (null when skipped: hotspots with their functions, change coupling, knowledge per
#       file and top-level folder, truck factor, contributors, code age).
# 1.2 — additive: `plan` (the ranked pay-down plan: items with their reasons, points, effort;
#       null when not computed), `authors` of each function hotspot and `window_changes` of
#       each file's knowledge (commits in the hotspot window: the HTML map's emphasis), and
#       `trend` (present only when the scan store holds earlier points of the repository).
# 1.3 — additive: `suppressed` (biomarkers silenced by `codevitals: ignore` comments) and
#       `unused_suppressions` (comments that silenced nothing) of each file, and
#       `summary.suppressed` (their count over the scan).
# 1.4 — additive: dependency totals `unchecked` (vulnerabilities unknown) and `libyear_unknown`
#       (the counts beside them are floors), each dependency's `vulnerability_source` (osv,
#       pypi, offline-db or null), the plan's `unchecked_dependencies`; the gate's `unchecked`
#       new dependencies, `strict` and `changed_files` (code and manifests whose content differs);
#       each plan item's `place` (`production` or `development`: examples, docs, tests,
#       dev-only packages); each gate change's `moved` functions and `moved_only`.
# 1.5 — additive: `summary.languages` (files, lines and code lines analysed per language) and
#       `summary.unanalysed` (languages present by file suffix that no front end measures,
#       with their file counts).
#       Also each dependency's `ecosystem` (as OSV names it: PyPI, npm, Go, crates.io),
#       `alias` among the reasons a dependency is `unresolvable` (npm's `npm:other@1.0`), and
#       the manifest kinds package.json, package-lock.json, yarn.lock, pnpm-lock.yaml, go.mod,
#       go.sum, Cargo.toml and Cargo.lock.
# 1.6 — the hotspot `score` is now 100 × P(fix) (code lines, changes, prior fixes; no health),
#       each hotspot has `prior_fixes`, and the history settings' `hotspot-factor` became
#       `hotspot-model` (the model's coefficients). Backtest: the effort-aware ranking is
#       `effort` (was `density`), and `smallest_first` joins the baselines.
#       Also additive: the backtest's `labels` (where its bug-fix labels came from: the commit
#       messages, or a file of commit ids with the ids it listed and those not found).
#       Also additive: the validate report's `ablation` (what each signal adds to a logistic
#       model of size and history fitted on the other origins: AUC and Popt with paired
#       bootstrap intervals; null when not available) and the plan's `health_risk` (whether
#       health counts as risk: only where this repository's backtest showed it predicts).
#       And the backtest options' `effort-model`: the effort-aware ranking's own P(fix) model
#       (changes and prior fixes; code lines weigh 0).
# 1.7 — additive: each dependency's `ignored` (known vulnerabilities `--ignore-vuln` names,
#       each with its `vulnerability` and `reason`; not in `vulnerabilities`) and the totals'
#       `ignored` (their count).

HEALTHY_AT = 9.0
"""Files scoring at least this are healthy."""
ALERT_BELOW = 4.0
"""Files scoring below this are alerts; the band between is a warning."""


class Role(StrEnum):
    """Whether a file is production code or a test; tests are scored but reported apart."""

    PRODUCTION = "production"
    TEST = "test"


class Severity(StrEnum):
    """How serious a biomarker is; SARIF maps these to note, warning and error."""

    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


class Band(StrEnum):
    """The health band a score falls in."""

    HEALTHY = "healthy"
    WARNING = "warning"
    ALERT = "alert"

    @classmethod
    def of(cls, health: float) -> Band:
        """Return the band of a 1-10 health score."""
        if health >= HEALTHY_AT:
            return cls.HEALTHY
        return cls.WARNING if health >= ALERT_BELOW else cls.ALERT


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file chosen for analysis: where it is, what bytes it holds, what it is for."""

    path: str
    """POSIX path relative to the scan root."""
    blob_id: str
    """The git blob id of the content (what `git hash-object` prints)."""
    language: str
    role: Role


@dataclass(frozen=True, slots=True)
class Bump:
    """A block of nested conditional logic inside a function (a bump on a bumpy road)."""

    line: int
    depth: int


@dataclass(frozen=True, slots=True)
class Condition:
    """A branch condition (`if`, `elif`, `while`) that uses boolean operators."""

    line: int
    operators: int


@dataclass(frozen=True, slots=True)
class FunctionMetrics:
    """Measurements of one function or method; nested functions have their own entry."""

    name: str
    qualified_name: str
    line: int
    end_line: int
    lines: int
    code_lines: int
    cyclomatic: int
    """McCabe complexity as ruff's C901 computes it (nested functions included)."""
    cognitive: int
    """Cognitive complexity per the SonarSource specification (nested functions included)."""
    nesting: int
    arguments: int
    bumps: tuple[Bump, ...] = ()
    conditions: tuple[Condition, ...] = ()
    nested: bool = False
    """Defined inside another function, whose metrics already include this one."""


@dataclass(frozen=True, slots=True)
class Increment:
    """One cognitive-complexity increment, recorded only when explaining a function."""

    line: int
    points: int
    reason: str
    shifts: bool
    """Structural increments grow with the nesting of the scope they are charged to."""


@dataclass(frozen=True, slots=True)
class ClassMetrics:
    """Measurements of one class."""

    name: str
    qualified_name: str
    line: int
    end_line: int
    methods: int
    cohesion: tuple[tuple[str, ...], ...] = ()
    """LCOM4 components: groups of methods linked by shared `self` attributes or calls."""


@dataclass(frozen=True, slots=True)
class Suppression:
    """A `codevitals: ignore[...]` comment: which biomarkers it silences, and where."""

    line: int
    """The line of the comment."""
    target: int | None
    """The line it applies to (a definition's first line); None for `ignore-file`."""
    rules: tuple[str, ...] = ()
    """Biomarker names or codes as written; empty for every biomarker."""


@dataclass(frozen=True, slots=True)
class FileMetrics:
    """Measurements of one source file."""

    lines: int
    code_lines: int
    functions: tuple[FunctionMetrics, ...] = ()
    classes: tuple[ClassMetrics, ...] = ()
    syntax_error_line: int | None = None
    """First line tree-sitter could not parse; metrics then come from what did parse."""
    suppressions: tuple[Suppression, ...] = ()
    """The file's suppression comments, in line order."""


@dataclass(frozen=True, slots=True)
class Biomarker:
    """One biomarker found in code: what, where, how far over the threshold, what it cost."""

    code: str
    name: str
    severity: Severity
    line: int
    value: float
    threshold: float
    points: float
    """Health points this biomarker takes from its function (or, file-level, from its file)."""
    file_points: float
    """Health points it takes from its file, after the file's diminishing returns."""
    message: str
    function: str | None = None
    """Qualified name of the function it belongs to; None for file-level biomarkers."""


@dataclass(frozen=True, slots=True)
class FunctionHealth:
    """A function's metrics with its biomarkers and score."""

    metrics: FunctionMetrics
    health: float
    biomarkers: tuple[Biomarker, ...] = ()


@dataclass(frozen=True, slots=True)
class FileHealth:
    """A file's metrics with every biomarker in it and its score."""

    file: SourceFile
    metrics: FileMetrics
    health: float
    biomarkers: tuple[Biomarker, ...] = ()
    functions: tuple[FunctionHealth, ...] = ()
    suppressed: tuple[Biomarker, ...] = ()
    """Biomarkers a suppression comment silenced: they cost nothing and are no problem."""
    unused_suppressions: tuple[Suppression, ...] = ()
    """Suppressions (each with the rules of it that matched nothing) that silenced nothing."""

    @property
    def band(self) -> Band:
        """The health band of this file."""
        return Band.of(self.health)


@dataclass(frozen=True, slots=True)
class Location:
    """A line range in a file."""

    path: str
    line: int
    end_line: int


@dataclass(frozen=True, slots=True)
class Clone:
    """Two places holding the same code, token for token (comments and layout aside)."""

    lines: int
    tokens: int
    first: Location
    second: Location


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the user should know about an input: a file skipped or only partly read."""

    path: str
    reason: str
    """A slug: syntax-error, encoding, unreadable, broken-symlink, too-large, binary, cache, …"""
    message: str
    line: int | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file discovery or analysis left out, and why (vendored, generated, binary, …)."""

    path: str
    reason: str


@dataclass(frozen=True, slots=True)
class HealthTotals:
    """Totals over a set of files; they add up, so `sum()` totals folders and repositories."""

    files: int = 0
    lines: int = 0
    code_lines: int = 0
    functions: int = 0
    biomarkers: int = 0
    healthy: int = 0
    warning: int = 0
    alert: int = 0
    weighted_health: float = 0.0
    """Σ health × code lines, so that `health` is the lines-weighted mean."""

    @classmethod
    def of(cls, item: FileHealth) -> HealthTotals:
        """Totals of a single file."""
        band = item.band
        return cls(
            files=1,
            lines=item.metrics.lines,
            code_lines=item.metrics.code_lines,
            functions=len(item.metrics.functions),
            biomarkers=len(item.biomarkers),
            healthy=int(band is Band.HEALTHY),
            warning=int(band is Band.WARNING),
            alert=int(band is Band.ALERT),
            weighted_health=item.health * item.metrics.code_lines,
        )

    @property
    def health(self) -> float | None:
        """Lines-weighted mean health, or None when there is no code to score."""
        if self.code_lines:
            return self.weighted_health / self.code_lines
        return 10.0 if self.files else None

    def __add__(self, other: HealthTotals) -> HealthTotals:
        return HealthTotals(
            files=self.files + other.files,
            lines=self.lines + other.lines,
            code_lines=self.code_lines + other.code_lines,
            functions=self.functions + other.functions,
            biomarkers=self.biomarkers + other.biomarkers,
            healthy=self.healthy + other.healthy,
            warning=self.warning + other.warning,
            alert=self.alert + other.alert,
            weighted_health=self.weighted_health + other.weighted_health,
        )

    def __radd__(self, other: int) -> HealthTotals:
        # sum() starts from 0.
        return self if other == 0 else NotImplemented


@dataclass(frozen=True, slots=True)
class LanguageTotals:
    """How much of one language a scan analysed; they add up like `HealthTotals`."""

    language: str
    files: int = 0
    lines: int = 0
    code_lines: int = 0

    def __add__(self, other: LanguageTotals) -> LanguageTotals:
        return LanguageTotals(
            self.language,
            self.files + other.files,
            self.lines + other.lines,
            self.code_lines + other.code_lines,
        )


@dataclass(frozen=True, slots=True)
class Unanalysed:
    """A language present in the scanned files that no front end measures."""

    language: str
    files: int


@dataclass(frozen=True, slots=True)
class Summary:
    """The headline numbers of a scan."""

    production: HealthTotals
    tests: HealthTotals
    duplicated_lines: int = 0
    clones: int = 0
    skipped: int = 0
    languages: tuple[LanguageTotals, ...] = ()
    """Each analysed language, most code lines first."""
    unanalysed: tuple[Unanalysed, ...] = ()
    """Languages present but not analysed, most files first."""


@dataclass(frozen=True, slots=True)
class ScanResult:
    """Everything a scan found; reporters render it, later stages build on it."""

    root: str
    """Display name of what was scanned (the folder name)."""
    tool_version: str
    files: tuple[FileHealth, ...]
    summary: Summary
    clones: tuple[Clone, ...] = ()
    notices: tuple[Notice, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    commit: str | None = None
    partial: bool = False
    """Some input could not be read in full; the numbers cover what could."""
    settings: dict[str, object] = field(default_factory=dict)
    """The thresholds and options the scan ran with, as reported."""
    findings: Findings | None = None
    """Rule violations, when finding rules ran (`--preset`, `--select`)."""
    dependencies: DependencyReport | None = None
    """The dependency audit; None when the scan did not audit dependencies."""
    history: History | None = None
    """Hotspots, coupling, knowledge and code age; None outside git or with `--no-history`."""
    plan: Plan | None = None
    """What to fix first, and why; None when no plan was asked for."""
    trend: Trend | None = None
    """Earlier scans and snapshots of the repository from the scan store, this scan last;
    None when the scan was not recorded (outside git, `--no-store`, the library's `scan`)."""
