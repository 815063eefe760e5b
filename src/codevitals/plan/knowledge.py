"""Knowledge risks: hotspots that one author holds, or whose main author has left.

The points are a share of the file's hotspot risk: knowledge matters where the code changes
and is hard to change. A departed main author weighs more than a single active one (that
knowledge is already going; an island can still be shared by pairing), in proportion to the
share of the lines that inactive authors wrote. A departed main author is no risk while
another author keeps changing the file: someone active knows it (an active author being one
who committed within the inactivity period, as the history's knowledge analysis defines it).
"""

from __future__ import annotations

from collections.abc import Iterator

from codevitals.model import FileHealth, ScanResult
from codevitals.model.history import ISLAND_SHARE, FileKnowledge
from codevitals.model.plan import Action, Effort, Kind, Reason, Target
from codevitals.plan.candidates import Candidate
from codevitals.plan.options import PlanOptions
from codevitals.plan.places import place_of
from codevitals.plan.risk import Risk

SMALL_LINES = 300
LARGE_LINES = 1000


def knowledge(result: ScanResult, risk: Risk, options: PlanOptions) -> Iterator[Candidate]:
    """A candidate for every risky file held by one author or by an author who left."""
    if result.history is None:
        return
    known = {item.path: item for item in result.history.files}
    health = {item.file.path: item for item in result.files}
    inactive = str(result.history.settings.get("inactive-after", ""))
    # Alone on a project, every file is an island and there is no one to pair with.
    islands = result.history.summary.active_authors > 1
    for path in risk.ranked():
        file = known.get(path)
        if file is not None and path in health:
            found = _candidate(file, health[path], risk, options, (inactive, islands))
            if found is not None:
                yield found


def _candidate(
    file: FileKnowledge,
    item: FileHealth,
    risk: Risk,
    options: PlanOptions,
    context: tuple[str, bool],
) -> Candidate | None:
    inactive, islands = context
    main = file.authorship.main_author
    share = file.authorship.main_share
    if main is None:
        return None
    owned = f"{main} wrote {share:.0%} of its lines"
    effort = _effort(item.metrics.code_lines)
    target = Target(file.path)
    place = place_of(file.path)
    if file.main_author_inactive:
        if kept_alive(file):
            return None
        # Scaled by how much of the file the inactive authors wrote: what is really gone.
        points = risk.points(file.path, options.weight("departed") * file.inactive_share)
        reason = Reason(
            "knowledge:departed", f"{owned} and has not committed for {inactive}", points
        )
        action = Action("have someone learn", file.path, ": its main author has left")
        return Candidate(target, Kind.KNOWLEDGE, action, (reason,), effort, place=place)
    if islands and share >= ISLAND_SHARE:
        points = risk.points(file.path, options.weight("island"))
        reason = Reason("knowledge:island", f"{owned}: a knowledge island", points)
        action = Action(f"pair with {main} on", file.path, " before the knowledge is lost")
        return Candidate(target, Kind.KNOWLEDGE, action, (reason,), effort, place=place)
    return None


def kept_alive(file: FileKnowledge) -> bool:
    """Whether an author other than the main one changed the file within the inactivity period.

    Such an author is active by definition, and knows the file as it is now.
    """
    main = file.authorship.main_author
    return any(author != main for author in file.recent_authors)


def _effort(code_lines: int) -> Effort:
    if code_lines <= SMALL_LINES:
        return Effort.SMALL
    return Effort.MEDIUM if code_lines <= LARGE_LINES else Effort.LARGE
