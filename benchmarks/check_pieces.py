"""Check that analysing versions piece by piece gives what analysing each file whole gives.

Usage: python benchmarks/check_pieces.py REPO_PATH [--months 12]

Takes the Python blobs of monthly snapshots of REPO (first-parent line of HEAD, the last
commit before each month boundary, as a trend would), and analyses every distinct blob both
ways: `analyze.analyze` on the whole file, and `pieces.analyze_encoded` in version order (so
the pieces of earlier versions are remembered, as in a trend's worker). Prints the blobs
compared, the mismatches (there should be none), how many files were analysed whole (the cut
did not follow the syntax, or there was nothing to cut) and the time each way in one process.
"""

from __future__ import annotations

import argparse
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

from codevitals.code import analyze, pieces

MAX_SIZE = 2_000_000


def git(repo: Path, *args: str, data: bytes | None = None) -> bytes:
    return subprocess.run(
        ["git", "-C", str(repo), *args], input=data, capture_output=True, check=True
    ).stdout


def snapshot_commits(repo: Path, months: int) -> list[str]:
    """The last first-parent commit before each of the last `months` month steps, and HEAD."""
    head_time = int(git(repo, "log", "-1", "--format=%ct", "HEAD"))
    end = dt.datetime.fromtimestamp(head_time, dt.UTC)
    commits: list[str] = []
    for back in range(months, 0, -1):
        moment = end - dt.timedelta(days=30.44 * back)
        found = git(
            repo, "rev-list", "-1", "--first-parent", f"--before=@{int(moment.timestamp())}", "HEAD"
        )
        if found.strip() and found.strip().decode() not in commits:
            commits.append(found.strip().decode())
    commits.append(git(repo, "rev-parse", "HEAD").strip().decode())
    return commits


def python_blobs(repo: Path, commits: list[str]) -> dict[str, str]:
    """Distinct blob id → path of the Python files of the commits, oldest commit first."""
    blobs: dict[str, str] = {}
    for commit in commits:
        for line in git(repo, "ls-tree", "-r", commit).decode("utf-8", "replace").splitlines():
            meta, path = line.split("\t", 1)
            if path.endswith(".py") and meta.split()[1] == "blob":
                blobs.setdefault(meta.split()[2], path)
    return blobs


def read_blobs(repo: Path, ids: list[str]) -> dict[str, bytes]:
    out = git(repo, "cat-file", "--batch", data="".join(f"{i}\n" for i in ids).encode())
    contents: dict[str, bytes] = {}
    at = 0
    for blob in ids:
        newline = out.index(b"\n", at)
        size = int(out[at:newline].split()[2])
        contents[blob] = out[newline + 1 : newline + 1 + size]
        at = newline + 1 + size + 1
    return contents


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--months", type=int, default=12)
    args = parser.parse_args()
    commits = snapshot_commits(args.repo, args.months)
    blobs = python_blobs(args.repo, commits)
    contents = read_blobs(args.repo, list(blobs))
    in_order = sorted(blobs, key=lambda blob: blobs[blob])  # a file's versions together
    whole_calls = 0
    measure = analyze.analyze

    def counted(data: bytes, *, max_size: int) -> analyze.Analysis:
        nonlocal whole_calls
        whole_calls += 1
        return measure(data, max_size=max_size)

    started = time.perf_counter()
    whole = {blob: measure(contents[blob], max_size=MAX_SIZE) for blob in in_order}
    whole_s = time.perf_counter() - started
    analyze.analyze = counted  # counts the files analysed whole
    started = time.perf_counter()
    by_pieces = {
        blob: pieces.analyze_encoded(contents[blob], max_size=MAX_SIZE) for blob in in_order
    }
    pieces_s = time.perf_counter() - started
    analyze.analyze = measure
    mismatches = [blob for blob in in_order if analyze.decode(by_pieces[blob]) != whole[blob]]
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
