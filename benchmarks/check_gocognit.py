"""Compare codevitals' cognitive complexity of Go with gocognit's.

    python benchmarks/check_gocognit.py REPO

gocognit (installed by benchmarks/oracles/install.sh) reports every function and method
whose complexity is above 0 (v1.3.0 leaves out those at 0, so a codevitals function it does
not report counts as 0), tests included (`-test`), at the line of its `func` keyword, as
JSON. It adds the complexity
of a function literal to the function that holds it and scores recursion from the source
alone (its `-exact-recursion` needs code that builds, which a checkout need not be). The bar
is the issue's acceptance for an independent implementation: equal values for at least 98 %
of functions.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from oracle_match import Function, Key, Oracle, OracleResult, check, oracles_home


def gocognit_values(repo: Path, paths: list[str]) -> OracleResult:
    """Run gocognit over the repository and keep the files compared."""
    wanted = set(paths)
    command = [str(oracles_home() / "go" / "bin" / "gocognit"), "-test", "-json", "."]
    done = subprocess.run(command, cwd=repo, capture_output=True, check=False)
    if done.returncode not in (0, 1):
        raise RuntimeError(f"gocognit failed: {done.stderr.decode(errors='replace')[-2000:]}")
    result = OracleResult(read_report(done.stdout, wanted))
    # gocognit names the files it cannot parse on stderr and goes on.
    for text in done.stderr.decode(errors="replace").splitlines():
        head = text.split(":", 1)[0]
        if head in wanted:
            result.unreadable[head] = text
    return result


def read_report(output: bytes, wanted: set[str]) -> dict[Key, Function]:
    """The functions of gocognit's JSON report that are in the files compared."""
    found: dict[Key, Function] = {}
    for item in json.loads(output or b"[]") or []:
        path = Path(item["Pos"]["Filename"]).as_posix().removeprefix("./")
        line = int(item["Pos"]["Line"])
        values = {"cognitive": int(item["Complexity"])}
        if path in wanted:
            found[(path, line)] = Function(path, line, item["FuncName"], None, values)
    return found


ORACLE = Oracle(
    "gocognit",
    "cognitive",
    ("go",),
    gocognit_values,
    98.0,
    reports_zero=False,
    folds_nested="a function literal (gocognit counts it in the function holding it)",
)


def main(argv: Sequence[str] | None = None) -> int:
    """Compare on one repository; exit 1 when Go is below the bar."""
    return check(ORACLE, argv, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
