"""Where the main line was at a moment, and which commits it held then.

The main line is the first-parent history of the tip, placed in time by committer dates: the
commit it was at, at a moment, is the newest first-parent commit committed by then (what
`git rev-list --first-parent --before` answers). The history known at that moment is every
commit reachable from that commit: a branch merged later was not known yet, whenever it was
written. Origins count back from the tip's committer date, so a backtest of a repository
gives the same answer whenever it runs.
"""

from __future__ import annotations

from pathlib import Path

from codevitals import git


def commit_time(top: Path, commit: str) -> int:
    """When `commit` was committed (Unix seconds)."""
    return int(git.run(top, "log", "-1", "--format=%ct", commit, "--").strip() or 0)


def commit_at(top: Path, tip: str, moment: float) -> str | None:
    """The commit the tip's main line was at, at `moment`; None before its first commit."""
    out = git.run(top, "rev-list", "-1", "--first-parent", f"--before=@{int(moment)}", tip, "--")
    return out.decode().strip() or None


def reachable(top: Path, commit: str) -> frozenset[str]:
    """Every commit reachable from `commit`, itself included."""
    return frozenset(git.run(top, "rev-list", commit, "--").decode().split())
