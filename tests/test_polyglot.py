"""End to end: a repository of Python and TypeScript scanned as a user would scan it."""

from __future__ import annotations

import json
from typing import Any

from tests.conftest import Repo, run_cli

PYTHON = """
def pick(items, key):
    for item in items:
        if item == key:
            return item
    return None
"""

TYPESCRIPT = """
export function sumOfPrimes(max: number): number {
  let total = 0;
  OUT: for (let i = 1; i <= max; ++i) {
    for (let j = 2; j < i; ++j) {
      if (i % j == 0) {
        continue OUT;
      }
    }
    total += i;
  }
  return total;
}

export const label = (name?: string): string => name ?? "nobody";
"""

BROKEN = """
export function fine(a: number): number {
  return a > 1 ? a : 1;
}

export function broken(a: number {
  return a;
"""


def scan(repo: Repo) -> tuple[Any, str]:
    result = run_cli("scan", str(repo.root), "--format", "json", "--offline")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def functions(document: Any) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(path, qualified name) → (line, cyclomatic, cognitive) of every function."""
    return {
        (file["path"], f["qualified_name"]): (f["line"], f["cyclomatic"], f["cognitive"])
        for file in document["files"]
        for f in file["functions"]
    }


def test_python_and_typescript_files_are_scored_per_file_and_function(repo: Repo) -> None:
    repo.write("app/pick.py", PYTHON)
    repo.write("web/primes.ts", TYPESCRIPT)
    repo.write("web/primes.test.ts", "test('primes', () => { expect(1).toBe(1); });\n")
    repo.commit()

    document, _ = scan(repo)

    files = {file["path"]: file for file in document["files"]}
    assert {path: (f["language"], f["role"]) for path, f in files.items()} == {
        "app/pick.py": ("python", "production"),
        "web/primes.ts": ("typescript", "production"),
        "web/primes.test.ts": ("typescript", "test"),
    }
    assert all(1 <= f["health"] <= 10 for f in files.values())
    found = functions(document)
    assert found[("app/pick.py", "pick")] == (2, 3, 3)
    assert found[("web/primes.ts", "sumOfPrimes")] == (2, 4, 7)
    assert found[("web/primes.ts", "label")] == (15, 2, 0)
    assert found[("web/primes.test.ts", "(anonymous)")] == (1, 1, 0)
    assert document["partial"] is False


def test_a_typescript_syntax_error_is_a_notice_and_the_scan_is_partial(repo: Repo) -> None:
    repo.write("web/broken.ts", BROKEN)
    repo.write("app/pick.py", PYTHON)
    repo.commit()

    document, stderr = scan(repo)

    assert "web/broken.ts:6: syntax-error" in stderr
    assert document["partial"] is True
    assert functions(document)[("web/broken.ts", "fine")] == (2, 2, 1)


def test_duplication_is_found_within_a_language_not_across(repo: Repo) -> None:
    # These lines read the same in Python and JavaScript; only the JavaScript copy is a clone.
    body = "".join(f"total = total + value * {n} + offset - step_{n}\n" for n in range(12))
    repo.write("calc/a.py", body)
    repo.write("web/a.js", body)
    repo.write("web/b.js", body)
    repo.commit()

    document, _ = scan(repo)

    pairs = {tuple(sorted((c["first"]["path"], c["second"]["path"]))) for c in document["clones"]}
    assert pairs == {("web/a.js", "web/b.js")}


def test_ruff_checks_only_python_files_and_secrets_are_found_in_every_language(
    repo: Repo,
) -> None:
    # ruff reads what it is given as Python: a JavaScript file would be all syntax errors.
    repo.write("app/pick.py", PYTHON)
    repo.write("web/primes.ts", TYPESCRIPT)
    # The secrets are put together here so that this file holds none itself.
    token, key, sample = (
        "ghp_" + "a1B2c3D4" * 4 + "e5F6",
        "wJalrXUtnFEMI/K7" + "MDENG/bPxRfiCYzQ8",
        "kP9zQ2xW7vB4" + "nM1tR6yH3jL8cF5g",
    )
    repo.write(
        "web/config.js",
        "// deployment settings\n"
        f"export const token = `{token}`;\n"
        f"export const key = '{key}';\n"
        "/* example value from the docs, not a real one */\n"
        f"export const sample = '{sample}';\n",
    )
    repo.commit()

    document, _ = scan(repo)

    found = {item["path"]: item["findings"] for item in document["findings"]}
    assert set(found) == {"app/pick.py", "web/primes.ts", "web/config.js"}
    assert found["web/primes.ts"] == []
    assert [(f["code"], f["line"]) for f in found["web/config.js"]] == [
        ("CVS102", 2),
        ("CVS200", 3),
    ]
