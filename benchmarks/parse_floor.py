"""The least any reading by codevitals' grammars costs: parse every file, run its query, no more.

    python benchmarks/parse_floor.py [--once] FILE_LIST

`bench_polyglot.py` runs this beside the cold scan and lizard on the same files, in a process
of its own, so that its CPU time is measured the same way (interpreter start-up included).
Each listed file (a path relative to the current folder, one per line) is read, given to the
front end codevitals would choose for it, parsed the way a scan parses it (within the time
budget, reread once if it does not parse) and its query's captures collected; nothing else a
scan does (the walk, line measures, fingerprints, the cache, the report) is done. What this
costs is a floor under a cold scan's CPU time that no work in codevitals' walk, measures,
cache or reports can lower. It prints the files read and the CPU seconds spent parsing and
querying.

With `--once` each file is parsed once by its grammar (`QueryFrontEnd.parse_once`): no time
budget and no second reading of a file that does not parse whole. That is what the grammars
themselves cost; the difference from the default is codevitals' own rereading (C and C++
reread half their files, on redis and fmt).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from pathlib import Path

from codevitals.parse import registry
from codevitals.parse.base import ParseTooSlowError, QueryFrontEnd


def read_all(paths: Sequence[str], *, once: bool = False) -> tuple[int, float, float]:
    """Parse and query every file; files read, CPU seconds parsing, CPU seconds querying."""
    parsing = querying = 0.0
    read = 0
    for path in paths:
        data = Path(path).read_bytes()
        front = registry.for_content(path, data)
        start = time.process_time()
        try:
            if once and isinstance(front, QueryFrontEnd):
                tree = front.parse_once(data)
            else:
                tree = front.parse(data)
        except ParseTooSlowError:
            continue
        parsed = time.process_time()
        front.captures(tree)
        parsing += parsed - start
        querying += time.process_time() - parsed
        read += 1
    return read, parsing, querying


def main(argv: Sequence[str] | None = None) -> int:
    """Read the listed files and print what it cost."""
    args = sys.argv[1:] if argv is None else list(argv)
    once = "--once" in args
    args = [arg for arg in args if arg != "--once"]
    if len(args) != 1:
        print("usage: parse_floor.py [--once] FILE_LIST", file=sys.stderr)
        return 2
    paths = [line for line in Path(args[0]).read_text(encoding="utf-8").splitlines() if line]
    read, parsing, querying = read_all(paths, once=once)
    print(f"{read} files; parse {parsing:.2f} s CPU, query {querying:.2f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
