"""Check that analysing versions piece by piece gives what analysing each file whole gives.

Usage: python benchmarks/check_pieces.py REPO_PATH [--months 12]

Takes the Python blobs of monthly snapshots of REPO (first-parent line of HEAD, the last
commit before each month boundary, as a trend would), and analyses every distinct blob both
ways: `analyse.analyse` on the whole file, and `incremental.analyse_encoded` in version order (so
the pieces of earlier versions are remembered, as in a trend's worker). Prints the blobs
compared, the mismatches (there should be none), how many files were analysed whole (the cut
did not follow the syntax, or there was nothing to cut) and the time each way in one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

from codevitals import git
from codevitals.code import analyse, incremental
from codevitals.parse.base import Language
from codevitals.parse.python import PYTHON

MAX_SIZE = 2_000_000


def snapshot_commits(repo: Path, months: int) -> list[str]:
    """The last first-parent commit before each of the last `months` month steps, and HEAD."""
    head_time = int(git.run(repo, "log", "-1", "--format=%ct", "HEAD"))
    end = dt.datetime.fromtimestamp(head_time, dt.UTC)
    commits: list[str] = []
    for back in range(months, 0, -1):
        moment = int((end - dt.timedelta(days=30.44 * back)).timestamp())
        found = git.run(repo, "rev-list", "-1", "--first-parent", f"--before=@{moment}", "HEAD")
        commit = found.decode().strip()
        if commit and commit not in commits:
            commits.append(commit)
    commits.append(git.run(repo, "rev-parse", "HEAD").decode().strip())
    return commits


def python_blobs(repo: Path, commits: list[str]) -> dict[str, str]:
    """Distinct blob id → path of the Python files of the commits, oldest commit first."""
    blobs: dict[str, str] = {}
    for commit in commits:
        for entry in git.tree(repo, commit):
            if entry.path.endswith(".py") and entry.mode != git.SYMLINK_MODE:
                blobs.setdefault(entry.blob_id, entry.path)
    return blobs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    commits = snapshot_commits(args.repo, args.months)
    blobs = python_blobs(args.repo, commits)
    with git.BlobReader(args.repo) as reader:
        contents = reader.read(list(blobs))
    in_order = sorted(blobs, key=lambda blob: blobs[blob])  # a file's versions together
    whole_calls = 0
    measure = analyse.analyse

    def counted(data: bytes, *, max_size: int, language: Language = PYTHON) -> analyse.Analysis:
        nonlocal whole_calls
        whole_calls += 1
        return measure(data, max_size=max_size, language=language)

    started = time.perf_counter()
    whole = {blob: measure(contents[blob], max_size=MAX_SIZE) for blob in in_order}
    whole_s = time.perf_counter() - started
    analyse.analyse = counted  # counts the files analysed whole
    started = time.perf_counter()
    by_pieces = {
        blob: incremental.analyse_encoded(contents[blob], max_size=MAX_SIZE) for blob in in_order
    }
    pieces_s = time.perf_counter() - started
    analyse.analyse = measure
    mismatches = [blob for blob in in_order if analyse.decode(by_pieces[blob]) != whole[blob]]
    size = sum(len(data) for data in contents.values())
    name = args.repo.name
    print(f"{name}: {len(commits)} snapshots, {len(blobs)} Python blobs, {size / 1e6:.1f} MB")
    print(f"mismatches: {len(mismatches)}")
    for blob in mismatches[:10]:
        print(f"  {blobs[blob]} ({blob})")
    print(f"analysed whole (nothing to cut, or the cut did not hold): {whole_calls}")
    speed = whole_s / pieces_s
    print(f"one process: whole files {whole_s:.2f} s, by pieces {pieces_s:.2f} s ({speed:.2f}x)")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
