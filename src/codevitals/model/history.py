"""Results of the history analyses: hotspots, change coupling, knowledge and code age.

Times are Unix seconds (UTC); reports format them. Authors are git's mailmapped names.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from codevitals.model import Role

MINOR_SHARE = 0.05
"""A minor contributor made less than this share of a file's commits (Bird et al. 2011)."""
ISLAND_SHARE = 0.9
"""A knowledge island: one author wrote at least this share of the lines."""


@dataclass(frozen=True, slots=True)
class FunctionHotspot:
    """A function of a hotspot file, ranked by its size and how often it changed."""

    qualified_name: str
    line: int
    score: float
    """The file model's score of the function's code lines and changes (`fixmodel`)."""
    changes: int
    """Commits in the window that changed lines of this function."""
    weighted_changes: float
    """The same commits, each weighted by its recency."""
    lines_changed: int
    health: float
    code_lines: int
    authors: int = 0
    """Distinct authors of those commits."""


@dataclass(frozen=True, slots=True)
class Hotspot:
    """A file that changed, ranked by the chance that a bug fix lands in it."""

    path: str
    role: Role
    score: float
    """100 × P(a bug fix changes the file within a year), from size and change history."""
    changes: int
    """Commits in the window that changed the file."""
    weighted_changes: float
    authors: int
    """Distinct authors of those commits."""
    health: float
    code_lines: int
    functions: tuple[FunctionHotspot, ...] = ()
    """Ranked functions; filled in for the top files only."""
    prior_fixes: int = 0
    """Bug-fix commits that changed the file, in all history."""


@dataclass(frozen=True, slots=True)
class Coupling:
    """Two files that change together (code-maat's logical coupling)."""

    first: str
    second: str
    shared: int
    """Change sets that changed both."""
    first_revisions: int
    second_revisions: int
    surprising: bool
    """In different top-level folders, and not a test beside the code it tests."""

    @property
    def average_revisions(self) -> float:
        """The mean number of change sets of the two files."""
        return (self.first_revisions + self.second_revisions) / 2

    @property
    def degree(self) -> float:
        """Shared change sets as a percentage of the average: code-maat's degree."""
        return 100 * self.shared / self.average_revisions


@dataclass(frozen=True, slots=True)
class Authorship:
    """Lines added and commits, per author; adds up from files to folders and repositories."""

    lines: Mapping[str, int] = field(default_factory=dict)
    commits: Mapping[str, int] = field(default_factory=dict)

    @property
    def total_lines(self) -> int:
        """Lines added by everyone."""
        return sum(self.lines.values())

    @property
    def total_commits(self) -> int:
        """Commits by everyone (per file: a commit changing two files counts twice)."""
        return sum(self.commits.values())

    def share(self, author: str) -> float:
        """The author's share of the lines added."""
        total = self.total_lines
        return self.lines.get(author, 0) / total if total else 0.0

    @property
    def main_author(self) -> str | None:
        """Who added most lines (then most commits, then the first name)."""
        if not self.total_lines:
            return None
        return min(self.lines, key=lambda a: (-self.lines[a], -self.commits.get(a, 0), a))

    @property
    def main_share(self) -> float:
        """The main author's share of the lines."""
        main = self.main_author
        return 0.0 if main is None else self.share(main)

    @property
    def fragmentation(self) -> float:
        """1 − Σ share²: 0 when one author wrote everything, towards 1 when many shared it."""
        total = self.total_lines
        if not total:
            return 0.0
        return 1 - sum((lines / total) ** 2 for lines in self.lines.values())

    @property
    def minor_contributors(self) -> int:
        """Authors with less than 5 % of the commits (Bird et al. 2011)."""
        total = self.total_commits
        return sum(1 for count in self.commits.values() if count < MINOR_SHARE * total)

    def inactive_share(self, inactive: frozenset[str]) -> float:
        """The share of lines added by authors no longer active."""
        total = self.total_lines
        lost = sum(lines for author, lines in self.lines.items() if author in inactive)
        return lost / total if total else 0.0

    def __add__(self, other: Authorship) -> Authorship:
        return Authorship(_merge(self.lines, other.lines), _merge(self.commits, other.commits))

    def __radd__(self, other: int) -> Authorship:
        # sum() starts from 0.
        return self if other == 0 else NotImplemented


def _merge(first: Mapping[str, int], second: Mapping[str, int]) -> dict[str, int]:
    merged = dict(first)
    for key, value in second.items():
        merged[key] = merged.get(key, 0) + value
    return merged


@dataclass(frozen=True, slots=True)
class FileKnowledge:
    """Who knows a file, and how long since it changed."""

    path: str
    authorship: Authorship
    creator: str
    created: int
    last_change: int
    age_months: float
    """Months since the last change (a month being 1/12 of an average year)."""
    inactive_share: float
    """Share of the lines added by authors inactive for longer than the chosen period."""
    main_author_inactive: bool
    doa_authors: tuple[str, ...] = ()
    """Authors by degree of authorship (Avelino et al. 2016), who cover this file."""
    window_changes: int = 0
    """Commits in the hotspot window that changed the file."""
    recent_authors: tuple[str, ...] = ()
    """Authors who changed the file within the inactivity period: all of them active."""


@dataclass(frozen=True, slots=True)
class TruckFactor:
    """The fewest authors whose departure leaves more than half the files without an author."""

    value: int
    authors: tuple[str, ...]
    """Those authors, in the order the greedy algorithm removed them."""
    files: int
    """Files considered."""


@dataclass(frozen=True, slots=True)
class FolderKnowledge:
    """Knowledge of a top-level folder: its files' authorship added up, and its truck factor."""

    folder: str
    files: int
    authorship: Authorship
    inactive_share: float
    truck_factor: TruckFactor
    islands: int
    """Files of which one author wrote at least 90 % of the lines."""


@dataclass(frozen=True, slots=True)
class Contributor:
    """One author's activity."""

    name: str
    commits: int
    lines_added: int
    """Lines added to the files analysed for knowledge."""
    first_commit: int
    last_commit: int
    active: bool
    """Committed within the inactivity period."""


@dataclass(frozen=True, slots=True)
class HistorySummary:
    """The headline numbers of the history analyses."""

    commits: int
    """Commits analysed (bots left out)."""
    window_commits: int
    """Of those, commits in the hotspot and coupling window."""
    bot_commits: int
    authors: int
    active_authors: int
    first_commit: int | None = None
    last_commit: int | None = None


@dataclass(frozen=True, slots=True)
class History:
    """Everything the history analyses found."""

    as_of: int
    """The moment ages, windows and inactivity are measured from."""
    window_start: int | None
    """Where the hotspot and coupling window starts; None for the whole history."""
    summary: HistorySummary
    hotspots: tuple[Hotspot, ...] = ()
    coupling: tuple[Coupling, ...] = ()
    files: tuple[FileKnowledge, ...] = ()
    folders: tuple[FolderKnowledge, ...] = ()
    truck_factor: TruckFactor = TruckFactor(0, (), 0)
    contributors: tuple[Contributor, ...] = ()
    shallow: bool = False
    """Mined from a shallow clone: older history is missing."""
    settings: dict[str, object] = field(default_factory=dict)
