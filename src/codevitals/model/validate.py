"""Results of the backtest: how well each ranking predicted the files bug fixes landed in.

The backtest goes back to moments in the past (origins), ranks the files as they were then
from what was known then, and measures each ranking against the files that bug-fix commits
touched in the window that followed. Times are Unix seconds (UTC); reports format them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codevitals.model import Notice

CODEVITALS = "codevitals"
"""The hotspot ranking: P(fix) from code lines, recent changes and prior fixes."""
EFFORT = "effort"
"""The effort-aware ranking: P(fix) per code line."""
DENSITY = EFFORT
"""The effort-aware ranking's former name (`--rank density` still chooses it)."""
LOC = "loc"
SMALLEST_FIRST = "smallest_first"
CHANGE_COUNT = "change_count"
CHANGE_COUNT_X_LOC = "change_count_x_loc"
CHANGE_DENSITY = "change_density"
FIX_COUNT = "fix_count"
RANDOM = "random"
RANKINGS = (
    CODEVITALS,
    EFFORT,
    LOC,
    SMALLEST_FIRST,
    CHANGE_COUNT,
    CHANGE_COUNT_X_LOC,
    CHANGE_DENSITY,
    FIX_COUNT,
    RANDOM,
)
"""Every ranking, codevitals' first, in the order reports show them."""

AUC = "auc"
RECALL_FILES = "recall_at_10pct_files"
RECALL_LINES = "recall_at_20pct_lines"
POPT = "popt"
FIX_RECALL = "fix_recall_at_20pct_files"
METRICS = (AUC, RECALL_FILES, RECALL_LINES, POPT, FIX_RECALL)
"""Every metric, in the order reports show them; higher is better for each."""

SIGNAL_LINES = "lines"
SIGNAL_CHANGES = "changes"
SIGNAL_AUTHORS = "authors"
SIGNAL_FIXES = "fixes"
SIGNAL_HEALTH = "health"
SIGNAL_BIOMARKERS = "biomarkers"
ABLATION_SIGNALS = (
    SIGNAL_LINES,
    SIGNAL_CHANGES,
    SIGNAL_AUTHORS,
    SIGNAL_FIXES,
    SIGNAL_HEALTH,
    SIGNAL_BIOMARKERS,
)
"""The signals the ablation weighs, in the order reports show them."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """A metric's value with its bootstrap interval; None where it is undefined."""

    metric: str
    value: float | None
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True, slots=True)
class Ranking:
    """One ranking's metrics."""

    name: str
    estimates: tuple[Estimate, ...]

    def get(self, metric: str) -> Estimate:
        """The estimate of one metric (undefined when it was not measured)."""
        return next((e for e in self.estimates if e.metric == metric), Estimate(metric, None))


@dataclass(frozen=True, slots=True)
class Origin:
    """One replay: the files at a moment, ranked, and the fixes of the window after it."""

    label: str
    """The origin as given (`3y`, `2023-01-01`)."""
    start: int
    """The moment the files are ranked at; the window of fixes starts here."""
    end: int
    """Where the window ends (not after the last commit)."""
    complete: bool
    """False when the window reaches past the last commit: fixes are still to come."""
    commit: str
    """The commit the main line was at when the window started."""
    end_commit: str
    files: int
    """Production files in the tree at the start: the population ranked."""
    code_lines: int
    fixed_files: int
    fix_events: int
    """(fix commit, file) pairs in the window."""
    fix_commits: int
    """Fix commits in the window that touched a file of the population."""
    window_commits: int
    """Commits in the window (bots left out)."""
    rankings: tuple[Ranking, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """Whether a ranking beat a baseline on a metric, origin by origin and combined."""

    ranking: str
    baseline: str
    metric: str
    wins: int
    """Origins where the ranking scored higher."""
    origins: int
    """Origins where both were defined."""
    difference: Estimate
    """Combined ranking − baseline, with the interval of the paired bootstrap."""


MESSAGES = "messages"
"""Fix labels from the commit messages, by the fix classifier (`history.fixes`)."""
FILE = "file"
"""Fix labels from a file of fixing commit ids (`--labels`)."""


@dataclass(frozen=True, slots=True)
class LabelSource:
    """Where the backtest learnt which commits fix bugs."""

    kind: str
    """`messages` or `file`."""
    path: str | None = None
    """The file of commit ids, as given (None for `messages`)."""
    listed: int = 0
    """Commit ids the file lists."""
    unknown: tuple[str, ...] = ()
    """Ids of the file that name no commit of the history (or more than one)."""
    fix_commits: int = 0
    """Commits of the replayed history that count as fixes."""


@dataclass(frozen=True, slots=True)
class SignalGain:
    """What one signal adds to the size-and-history model, combined over the origins.

    For lines, changes and fixes: the model's metric minus the same model's without the
    signal; for health and biomarkers: the model with the signal added minus the model's.
    """

    signal: str
    auc: Estimate
    """The AUC the signal adds, with the paired bootstrap's interval."""
    popt: Estimate
    """The same for Popt (files ranked by predicted probability per code line)."""
    wins: int
    """Origins where the signal raised the model's AUC."""
    origins: int
    """Origins where both AUCs were defined."""


@dataclass(frozen=True, slots=True)
class Ablation:
    """What each signal adds to a logistic model of size and history, fitted on other origins.

    The model scored on an origin is fitted on the files and labels of the other origins
    (leave one origin out), so it never sees the fixes it predicts.
    """

    origins: int
    """Origins scored (each with models fitted on the others)."""
    auc: Estimate
    """The size-and-history model's AUC, median over the origins."""
    popt: Estimate
    signals: tuple[SignalGain, ...]
    health_log_odds: float | None = None
    """Log-odds of a fix per point of health debt, in the model of size, history and health
    fitted on every origin (None when it could not be fitted)."""


@dataclass(frozen=True, slots=True)
class Validation:
    """Everything the backtest found."""

    root: str
    tool_version: str
    commit: str
    """The tip the history was read up to."""
    headline: str
    """The ranking under test: `codevitals`, or `effort` with `--rank effort`."""
    window: str
    bootstrap: int
    """Bootstrap replicas behind each interval (0: no intervals)."""
    seed: int
    origins: tuple[Origin, ...]
    combined: tuple[Ranking, ...]
    """Per ranking, the median over the origins (the interval of the replicas' medians)."""
    comparisons: tuple[Comparison, ...]
    notices: tuple[Notice, ...] = ()
    partial: bool = False
    """Some origin was skipped or cut short, or history was incomplete."""
    settings: dict[str, object] = field(default_factory=dict)
    labels: LabelSource = field(default_factory=lambda: LabelSource(MESSAGES))
    ablation: Ablation | None = None
    """What each signal adds (None: fewer than two origins with fixes to fit and score on)."""
