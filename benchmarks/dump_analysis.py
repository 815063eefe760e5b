"""Dump every file's analysis of some repositories, or compare two such dumps.

It checks that a change meant to make the analysis faster changed none of its results.

    python benchmarks/dump_analysis.py dump OUT.marshal REPO [REPO ...]
    python benchmarks/dump_analysis.py compare BEFORE.marshal AFTER.marshal

`dump` analyses, in this process, every tracked file of each repository whose suffix a front
end reads (the front end chosen as a scan chooses it) and writes each file's encoded analysis
(`analyse.encode`: the metrics of the file, its functions and classes, the fingerprints the
clone search compares, the skip reason) keyed by repository and path, with the CPU time the
analysis took. Run it once with the code before the change and once after (e.g.
`PYTHONPATH=…/before/src` and then `PYTHONPATH=src`); `compare` then lists every file whose
analysis differs (there should be none) and exits 1 if any does.
"""

from __future__ import annotations

import marshal
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from codevitals.code import analyse
from codevitals.parse import registry

MAX_SIZE = 1_000_000
SHOWN = 20


def source_files(repo: Path) -> Iterator[tuple[str, Path]]:
    """Tracked regular files of the repository with a suffix some front end reads."""
    listed = subprocess.run(
        ["git", "-C", str(repo), "ls-files", "-z"], capture_output=True, check=True
    ).stdout
    suffixes = registry.suffixes()
    for raw in listed.split(b"\0"):
        name = raw.decode("utf-8", "replace")
        if Path(name).suffix.lower() not in suffixes:
            continue
        path = repo / name
        if path.is_file() and not path.is_symlink():  # a link may lead out of the repository
            yield name, path


def dump(out: Path, repos: Sequence[Path]) -> int:
    """Analyse every source file of the repositories and write the encoded analyses."""
    records: dict[str, bytes] = {}
    cpu = 0.0
    for repo in repos:
        for name, path in source_files(repo):
            data = path.read_bytes()
            started = time.process_time()
            try:
                language = registry.for_content(str(path), data)
                record = analyse.encode(analyse.analyse(data, max_size=MAX_SIZE, language=language))
            except Exception as error:  # a failure is a result to compare too
                record = f"{type(error).__name__}: {error}".encode()
            cpu += time.process_time() - started
            records[f"{repo.name}:{name}"] = record
    out.write_bytes(marshal.dumps(records))
    print(f"{len(records)} files analysed in {cpu:.2f} s CPU; written to {out}")
    return 0


def compare(before: Path, after: Path) -> int:
    """Print the files whose analyses differ between two dumps; 1 if any does."""
    old = marshal.loads(before.read_bytes())  # noqa: S302 - dumps this script wrote
    new = marshal.loads(after.read_bytes())  # noqa: S302
    differing = sorted(name for name in old.keys() & new.keys() if old[name] != new[name])
    missing = sorted(old.keys() ^ new.keys())
    print(f"{len(old.keys() & new.keys())} files in both dumps, {len(differing)} differ")
    for name in differing[:SHOWN]:
        print(f"  differs: {name}")
    for name in missing[:SHOWN]:
        print(f"  in one dump only: {name}")
    return 1 if differing or missing else 0


def main(argv: Sequence[str]) -> int:
    """`dump OUT REPO...` or `compare BEFORE AFTER`."""
    if len(argv) >= 3 and argv[0] == "dump":
        return dump(Path(argv[1]), [Path(repo) for repo in argv[2:]])
    if len(argv) == 3 and argv[0] == "compare":
        return compare(Path(argv[1]), Path(argv[2]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
