"""Compare codevitals' cognitive complexity of JavaScript and TypeScript with SonarSource's.

    python benchmarks/check_sonarjs.py REPO

SonarSource's own implementation, the `sonarjs/cognitive-complexity` rule of
eslint-plugin-sonarjs (installed by benchmarks/oracles/install.sh), runs alone with its
threshold at 0, so it reports every function whose complexity is above 0, at the function's
`function` keyword, name or arrow, with the value in its message. A codevitals function it
does not report counts as 0 by its account. JavaScript is parsed by espree (JSX on),
TypeScript by typescript-eslint's parser, without type information; the repository's own
ESLint configuration and inline directives are ignored. A file ESLint cannot parse is left
out and named. The bar is the issue's: equal values for at least 98 % of functions.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from oracle_match import Function, Key, Oracle, OracleResult, check, lines_above, oracles_home

BATCH = 400
"""Files per ESLint run, to stay well below command-line length limits."""
_VALUE = re.compile(r"Cognitive Complexity from (\d+) to")
CONFIG = """\
import sonarjs from "eslint-plugin-sonarjs";
import tseslint from "typescript-eslint";

export default [
  {
    files: ["**/*.js", "**/*.jsx", "**/*.mjs", "**/*.cjs"],
    languageOptions: {
      ecmaVersion: "latest",
      sourceType: "module",
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
    languageOptions: { parser: tseslint.parser },
  },
  {
    plugins: { sonarjs },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "off" },
    rules: { "sonarjs/cognitive-complexity": ["error", 0] },
  },
];
"""
"""Written beside the installed plugin, which it imports; given with --config."""


def eslint_values(repo: Path, paths: list[str]) -> OracleResult:
    """Run the rule over the files in batches and read each function's value."""
    home = oracles_home() / "eslint"
    config = home / "codevitals-sonarjs.config.mjs"
    config.write_text(CONFIG, encoding="utf-8")
    command = [
        str(home / "node_modules" / ".bin" / "eslint"),
        "--config",
        str(config),
        "--no-ignore",  # the oracle must see every file codevitals analysed
        "--format",
        "json",
    ]
    result = OracleResult({})
    for first in range(0, len(paths), BATCH):
        batch = paths[first : first + BATCH]
        done = subprocess.run([*command, *batch], cwd=repo, capture_output=True, check=False)
        if done.returncode not in (0, 1):  # 1: the rule reported something
            raise RuntimeError(f"eslint failed: {done.stderr.decode(errors='replace')[-2000:]}")
        for item in json.loads(done.stdout):
            read_file(repo, item, result)
    return result


def read_file(repo: Path, item: dict[str, Any], result: OracleResult) -> None:
    """Keep one file's values, or note why ESLint could not read it."""
    path = Path(item["filePath"]).relative_to(repo.resolve()).as_posix()
    for message in item["messages"]:
        if message.get("fatal"):
            result.unreadable[path] = f"line {message.get('line')}: {message['message']}"
            return
        found = _VALUE.search(message["message"])
        if message.get("ruleId") != "sonarjs/cognitive-complexity" or found is None:
            continue
        key: Key = (path, int(message["line"]))
        result.functions[key] = Function(path, key[1], "", None, {"cognitive": int(found[1])})


ORACLE = Oracle(
    "sonarjs",
    "cognitive",
    ("javascript", "typescript"),
    eslint_values,
    98.0,
    lines_above(3),
    reports_zero=False,
)


def main(argv: Sequence[str] | None = None) -> int:
    """Compare on one repository; exit 1 when a language is below the bar."""
    return check(ORACLE, argv, __doc__ or "")


if __name__ == "__main__":
    sys.exit(main())
