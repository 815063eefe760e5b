"""Terminal sections for the history analyses, in the summary's two-lines-per-item style.

Every line fits the width being rendered to (80 columns when piped): long lists are cut
with `…`, and a coupled pair takes one line per file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from rich.console import Group, RenderableType
from rich.text import Text

from codevitals.model import Role
from codevitals.model.history import (
    ISLAND_SHARE,
    FileKnowledge,
    History,
    Hotspot,
    TruckFactor,
)
from codevitals.report.terminal.style import columns, health_cell
from codevitals.report.words import plural

WIDTH = 72
"""Room for the text after a line's indent, at 80 columns."""
INDENT = "       "


def room() -> int:
    """Room for the text after a line's indent, at the width being rendered to."""
    return columns() - len(INDENT) - 1


def date(moment: int | None) -> str:
    """A Unix time as `2024-01-31` (UTC)."""
    if moment is None:
        return "the first commit"
    return dt.datetime.fromtimestamp(moment, dt.UTC).strftime("%Y-%m-%d")


def fit(parts: Iterable[str], width: int | None = None, separator: str = " · ") -> str:
    """Parts joined while they fit in `width` (`room()`); a final `…` says some were left out."""
    width = room() if width is None else width
    items = list(parts)
    whole = separator.join(items)
    if len(whole) <= width:
        return whole
    shown: list[str] = []
    for part in items:
        if len(separator.join([*shown, part, "…"])) > width:
            break
        shown.append(part)
    return separator.join([*shown, "…"])


def title(name: str, note: str) -> Text:
    """A section title after a blank line, with a dim note on what it shows."""
    return Text.assemble((f"\n{name}", "bold"), (f"  {note}", "dim"))


def history_line(history: History) -> Text:
    """One line on how much history there was, and where it was cut."""
    summary = history.summary
    parts = [
        plural(summary.commits, "commit"),
        f"{plural(summary.authors, 'author')} ({summary.active_authors:,} active)",
    ]
    if summary.bot_commits:
        parts.append(f"{plural(summary.bot_commits, 'bot commit')} left out")
    line = Text.assemble(("History  ", "bold"), (fit(parts, 71), "dim"))
    if history.shallow:
        line.append("  shallow clone: older history missing", style="yellow")
    return line


def hotspot_section(history: History, top: int, *, functions: bool) -> Group:
    """Production files that changed, ranked by the chance of a bug fix."""
    spots = [h for h in history.hotspots if h.role is Role.PRODUCTION][:top]
    since = date(history.window_start)
    if not spots:
        return Group(Text(f"\nNo hotspots: no production file scored since {since}."))
    rows: list[RenderableType] = [
        title("Hotspots", f"since {since}: chance of a fix (size, changes, past fixes)")
    ]
    for spot in spots:
        rows.append(Text.assemble(
            " ", health_cell(spot.health), "  ", (spot.path, "cyan"),
            (f"  {plural(spot.changes, 'change')} · {spot.code_lines:,} code lines", "dim"),
        ))  # fmt: skip
        rows.append(Text(INDENT + _hotspot_detail(spot, functions=functions), style="dim"))
    return Group(*rows)


def _hotspot_detail(spot: Hotspot, *, functions: bool) -> str:
    parts = [f"fix chance {spot.score:.0f} %", plural(spot.authors, "author")]
    if functions:
        parts += [f"{f.qualified_name} {f.health:.1f} ×{f.changes}" for f in spot.functions]
    return fit(parts)


def coupling_section(history: History, top: int) -> Group:
    """Pairs of files in different top-level folders that change together."""
    surprising = [c for c in history.coupling if c.surprising][:top]
    since = date(history.window_start)
    if not history.coupling:
        return Group(Text(f"\nNo files changed together often enough since {since}.", "dim"))
    if not surprising:
        pairs = plural(len(history.coupling), "coupled pair")
        return Group(Text(f"\nNo surprising coupling: {pairs}, none across folders.", "dim"))
    rows: list[RenderableType] = [
        title("Surprising coupling", "files in different folders that change together")
    ]
    for pair in surprising:
        counts = f"  {pair.shared} shared of {pair.first_revisions} and {pair.second_revisions}"
        rows.append(Text.assemble(f"  {pair.degree:3.0f}%  ", (pair.first, "cyan")))
        rows.append(Text.assemble(INDENT + "↔ ", (pair.second, "cyan"), (counts, "dim")))
    return Group(*rows)


def knowledge_section(history: History, top: int) -> Group:
    """The truck factor of the repository and of its top-level folders, with islands."""
    islands = sum(1 for item in history.files if _island(item))
    rows: list[RenderableType] = [
        title("Knowledge", "truck factor: fewest authors whose loss orphans most files"),
        *_truck_rows("repository", history.truck_factor, islands),
    ]
    folders = sorted(history.folders, key=lambda f: (f.truck_factor.value, -f.files, f.folder))
    for folder in folders[:top]:
        rows.extend(_truck_rows(folder.folder + "/", folder.truck_factor, folder.islands))
    return Group(*rows)


def _island(item: FileKnowledge) -> bool:
    return item.authorship.total_lines > 0 and item.authorship.main_share >= ISLAND_SHARE


def _truck_rows(where: str, truck: TruckFactor, islands: int) -> list[Text]:
    style = "red" if truck.value <= 1 else "yellow" if truck.value == 2 else "green"
    details = f"  {plural(truck.files, 'file')} · {plural(islands, 'island')}"
    who = fit(truck.authors) if truck.authors else "no author covers half the files"
    value = (f"TF {truck.value:<3}", f"bold {style}")
    return [
        Text.assemble("  ", value, (where, "cyan"), (details, "dim")),
        Text(INDENT + who, style="dim"),
    ]


def loss_section(history: History, top: int) -> Group:
    """Files whose main author has been inactive for the chosen period."""
    period = str(history.settings.get("inactive-after", ""))
    lost = [f for f in history.files if f.main_author_inactive]
    if not history.files:
        return Group()
    heading = title("Knowledge loss", f"main author inactive for {period}")
    if not lost:
        return Group(heading, Text(f"  None: every main author committed within {period}.", "dim"))
    count = f"  {len(lost):,} of {plural(len(history.files), 'file')}"
    rows: list[RenderableType] = [heading, Text(count + _lost_lines(history.files), style="dim")]
    last_seen = {c.name: c.last_commit for c in history.contributors}
    for item in sorted(lost, key=_lost_size, reverse=True)[:top]:
        main = item.authorship.main_author or ""
        details = [
            f"{main}, last commit {date(last_seen.get(main))}",
            plural(item.authorship.total_lines, "line") + " added",
        ]
        rows.append(Text.assemble(f"  {item.inactive_share:4.0%}  ", (item.path, "cyan")))
        rows.append(Text(INDENT + fit(details), style="dim"))
    return Group(*rows)


def _lost_size(item: FileKnowledge) -> tuple[float, str]:
    return item.inactive_share * item.authorship.total_lines, item.path


def _lost_lines(files: Sequence[FileKnowledge]) -> str:
    total = sum(f.authorship.total_lines for f in files)
    lost = sum(f.inactive_share * f.authorship.total_lines for f in files)
    return f"; {lost / total:.0%} of lines added are by inactive authors" if total else ""


def age_section(history: History, shown: int = 3) -> Group:
    """The files changed longest ago and most recently."""
    if not history.files:
        return Group()
    oldest = sorted(history.files, key=lambda f: (-f.age_months, f.path))[:shown]
    rest = [f for f in history.files if f not in oldest]
    youngest = sorted(rest, key=lambda f: (f.age_months, f.path))[:shown]
    rows: list[RenderableType] = [title("Code age", "months since the last change")]
    for label, items in (("oldest  ", oldest), ("youngest", youngest)):
        for index, item in enumerate(items):
            name = label if index == 0 else " " * len(label)
            rows.append(Text.assemble(f"  {name} {item.age_months:6.1f}  ", (item.path, "cyan")))
    return Group(*rows)
