"""What a warm scan loads: with every blob in the cache it parses nothing, so it must not pay
for importing what only parsing, other formats or other stages need.

Each scan runs in a fresh interpreter (the test process has imported everything already) and
reports the modules it ended with.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from codevitals.cli.app import COMMANDS
from tests.conftest import Repo

PROBE = """
import json, sys
from codevitals.cli import main
try:
    main(sys.argv[1:], prog_name="codevitals")
except SystemExit as stop:
    code = stop.code
print(json.dumps({"exit": code, "modules": sorted(sys.modules)}))
"""
"""A command run in a fresh interpreter: it prints its exit code and every module it loaded."""
NOT_FOR_A_WARM_JSON_SCAN = (
    "rich",  # the terminal report and progress bars
    "jinja2",  # the HTML report
    "codevitals.report.html",
    "codevitals.history.analysis",  # --no-history
    "codevitals.history.gitlog",
    "codevitals.deps.audit",  # --no-deps
    "codevitals.findings.ruff",  # --preset none
    "codevitals.cli.gate",  # other commands
    "codevitals.cli.fleet",
    "codevitals.cli.validate",
)


def _scan_modules(root: Path, output: Path) -> set[str]:
    """The modules a `codevitals scan` of `root` (JSON to `output`) had loaded when it ended."""
    command = ["scan", str(root), "--no-history", "--no-deps", "--preset", "none", "-q"]
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *command, "--format", "json", "--output", str(output)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        env={**os.environ, "PYTHONWARNINGS": "ignore"},
    )
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["exit"] in (None, 0), done.stderr
    return set(probe["modules"])


def _grammars(modules: set[str]) -> set[str]:
    """The grammar packages among `modules` (`tree_sitter` itself, the runtime, is no grammar)."""
    return {name.partition(".")[0] for name in modules if name.startswith("tree_sitter_")}


def _polyglot(repo: Repo) -> Repo:
    repo.write("app/main.py", "def main(x):\n    if x:\n        return 1\n    return 2\n")
    repo.write("web/index.ts", "export function f(a: number) { return a > 1 ? a : 0; }\n")
    repo.write("svc/main.go", "package main\n\nfunc main() {\n\tif true {\n\t}\n}\n")
    repo.write("lib/shape.h", "class Shape { public: virtual ~Shape(); };\n")
    repo.write("lib/shape.c", "int area(int w, int h) { return w && h ? w * h : 0; }\n")
    repo.commit("files of five languages")
    return repo


def test_a_warm_scan_imports_no_grammar_and_writes_the_same_report(
    repo: Repo, tmp_path: Path
) -> None:
    _polyglot(repo)
    cold = _scan_modules(repo.root, tmp_path / "cold.json")
    warm = _scan_modules(repo.root, tmp_path / "warm.json")
    # The cold scan parsed every language: the probe does see grammars being imported.
    expected = {"tree_sitter_python", "tree_sitter_typescript", "tree_sitter_go", "tree_sitter_c"}
    assert expected | {"tree_sitter_cpp"} <= _grammars(cold)
    assert _grammars(warm) == set()
    assert (tmp_path / "warm.json").read_text() == (tmp_path / "cold.json").read_text()


def test_a_warm_json_scan_loads_no_other_format_or_stage(repo: Repo, tmp_path: Path) -> None:
    _polyglot(repo)
    _scan_modules(repo.root, tmp_path / "cold.json")
    warm = _scan_modules(repo.root, tmp_path / "warm.json")
    assert sorted(warm & set(NOT_FOR_A_WARM_JSON_SCAN)) == []


def test_a_changed_file_is_parsed_again_by_its_own_grammar(repo: Repo, tmp_path: Path) -> None:
    _polyglot(repo)
    _scan_modules(repo.root, tmp_path / "cold.json")
    repo.write("svc/main.go", "package main\n\nfunc main() {\n\tfor {\n\t}\n}\n")
    changed = _scan_modules(repo.root, tmp_path / "changed.json")
    assert _grammars(changed) == {"tree_sitter_go"}
    report = json.loads((tmp_path / "changed.json").read_text())
    assert "svc/main.go" in {entry["path"] for entry in report["files"]}


_BLAS_PROBE = """
import json, os, sys
from codevitals.cli import main
before = "numpy" in sys.modules
try:
    main(sys.argv[1:], prog_name="codevitals")
except SystemExit:
    pass
print(json.dumps([before, "numpy" in sys.modules, os.environ.get("OPENBLAS_NUM_THREADS")]))
"""


@pytest.mark.parametrize(("given", "kept"), [(None, "1"), ("3", "3")])
def test_numpy_s_blas_starts_no_threads_unless_the_user_asks(
    repo: Repo, tmp_path: Path, given: str | None, kept: str
) -> None:
    # OpenBLAS reads the variable when numpy is loaded: it must be set before that, and a
    # value the user gave is theirs.
    for name in ("a", "b"):  # a clone, so that the clone search (numpy) runs
        repo.write(
            f"{name}.py", "".join(f"def f{i}(x):\n    return x * {i} + 1\n" for i in range(40))
        )
    repo.commit("two copies")
    env = {k: v for k, v in os.environ.items() if k != "OPENBLAS_NUM_THREADS"}
    if given is not None:
        env["OPENBLAS_NUM_THREADS"] = given
    command = ["scan", str(repo.root), "--no-history", "--no-deps", "--preset", "none", "-q",
               "--format", "json", "--output", str(tmp_path / "scan.json")]  # fmt: skip
    done = subprocess.run([sys.executable, "-c", _BLAS_PROBE, *command], env=env,
                          capture_output=True, text=True, check=True, timeout=300)  # fmt: skip
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [False, True, kept]


def test_every_command_is_found_where_the_group_looks_for_it() -> None:
    # Importing every command module registers exactly the commands the group lists.
    done = subprocess.run(
        [sys.executable, "-c", _EVERY_COMMAND], capture_output=True, text=True, check=True
    )
    lazily, registered = json.loads(done.stdout)
    assert lazily == registered == sorted(COMMANDS)


_EVERY_COMMAND = """
import importlib, json
import click
from codevitals.cli import main
from codevitals.cli.app import COMMANDS
context = click.Context(main)
lazily = [main.get_command(context, name).name for name in main.list_commands(context)]
for module in set(COMMANDS.values()):
    importlib.import_module("codevitals.cli." + module)
print(json.dumps([lazily, sorted(main.commands)]))
"""
