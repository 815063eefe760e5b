"""Compare codevitals' cognitive complexity of Java with PMD's CognitiveComplexity rule.

    python benchmarks/check_pmd.py REPO

PMD (its jars installed by benchmarks/oracles/install.sh) runs only the rule
`category/java/design.xml/CognitiveComplexity` with `reportLevel` 1, so it reports every
method and constructor whose complexity is at least 1, at the line of its name, with the
value in its message; a codevitals function it does not report counts as 0. A file PMD
cannot parse is left out and named. The bar is the issue's acceptance for an independent
implementation: equal values for at least 98 % of functions.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from oracle_match import Function, Oracle, OracleResult, check, lines_above, oracles_home

RULESET = """\
<?xml version="1.0"?>
<ruleset name="codevitals-oracle" xmlns="http://pmd.sourceforge.net/ruleset/2.0.0">
  <description>Every method's cognitive complexity.</description>
  <rule ref="category/java/design.xml/CognitiveComplexity">
    <properties><property name="reportLevel" value="1"/></properties>
  </rule>
</ruleset>
"""
_MESSAGE = re.compile(r"^The (?:method|constructor) '(.+)' has a cognitive complexity of (\d+)")


def pmd_values(repo: Path, paths: list[str]) -> OracleResult:
    """Run the rule over the files (listed in a file) and read its JSON report."""
    lib = oracles_home() / "pmd" / "lib"
    with tempfile.TemporaryDirectory(prefix="codevitals-pmd-") as folder:
        work = Path(folder)
        (work / "rules.xml").write_text(RULESET, encoding="utf-8")
        (work / "files.txt").write_text("\n".join(paths) + "\n", encoding="utf-8")
        command = ["java", "-cp", f"{lib}/*", "net.sourceforge.pmd.cli.PmdCli", "check"]
        command += ["-R", str(work / "rules.xml"), "--file-list", str(work / "files.txt")]
        command += ["-f", "json", "--no-cache", "--no-progress", "-r", str(work / "out.json")]
        done = subprocess.run(command, cwd=repo, capture_output=True, check=False)
        if done.returncode not in (0, 4, 5):  # 4: violations found; 5: files with errors
            raise RuntimeError(f"pmd failed: {done.stderr.decode(errors='replace')[-2000:]}")
        report = json.loads((work / "out.json").read_text(encoding="utf-8"))
    result = OracleResult({})
    for item in report["files"]:
        path = Path(item["filename"]).as_posix()
        for violation in item["violations"]:
            found = _MESSAGE.match(violation["description"])
            if found is None:
                continue
            line = int(violation["beginline"])
            values = {"cognitive": int(found[2])}
            result.functions[(path, line)] = Function(path, line, found[1], None, values)
    for error in report.get("processingErrors", []):
        result.unreadable[Path(error["filename"]).as_posix()] = str(error.get("message", ""))
    return result


ORACLE = Oracle("pmd", "cognitive", ("java",), pmd_values, 98.0, lines_above(3), reports_zero=False)


def main(argv: Sequence[str] | None = None) -> int:
    """Compare on one repository; exit 1 when Java is below the bar."""
    return check(ORACLE, argv, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
