"""The benchmark harness runs the codevitals it was pointed at, whatever folder it measures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from codevitals.parse import registry
from codevitals.parse.base import QueryFrontEnd, first_error_line

ROOT = Path(__file__).parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_scan  # noqa: E402  (benchmarks/ is not a package)


def test_a_relative_pythonpath_is_resolved_where_the_benchmark_starts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `PYTHONPATH=src` in the measured repository's folder would name *its* src/ (black's).
    measured = tmp_path / "repository"
    measured.mkdir()
    seen = tmp_path / "seen.txt"
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", "src")
    script = f"import os, pathlib; pathlib.Path({str(seen)!r}).write_text(os.environ['PYTHONPATH'])"
    done = bench_scan.run_once([sys.executable, "-c", script], measured, timeout=120)
    assert done.returncode == 0, done.stderr_tail
    assert seen.read_text() == str((tmp_path / "src").resolve())


def test_the_parse_floor_reads_every_listed_file_with_its_own_grammar(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import parse_floor  # noqa: PLC0415  (benchmarks/ is not a package)

    (tmp_path / "a.py").write_text("def f(x):\n    return x and not x\n")
    go = "package b\n\nfunc F(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n\treturn 0\n}\n"
    (tmp_path / "b.go").write_text(go)
    (tmp_path / "c.ts").write_text("export const f = (x: number) => x ?? 0;\n")
    (tmp_path / "files").write_text("a.py\nb.go\nc.ts\n")
    monkeypatch.chdir(tmp_path)

    assert parse_floor.main(["files"]) == 0
    assert capsys.readouterr().out.startswith("3 files; parse ")
    assert parse_floor.read_all(["a.py", "b.go"])[0] == 2
    assert parse_floor.main([]) == 2


def test_the_grammar_floor_parses_once_without_the_reread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import parse_floor  # noqa: PLC0415  (benchmarks/ is not a package)

    # A macro line alone breaks the C grammar; the front end's reread blanks it.
    source = b"FMT_BEGIN_NAMESPACE\n\nint\nmain(void) {\n  return 0;\n}\nFMT_END_NAMESPACE\n"
    front = registry.get("c")
    assert isinstance(front, QueryFrontEnd)
    assert first_error_line(front.parse(source), front.tolerates) is None
    assert first_error_line(front.parse_once(source), front.tolerates) is not None

    (tmp_path / "a.c").write_bytes(source)
    (tmp_path / "files").write_text("a.c\n")
    monkeypatch.chdir(tmp_path)
    assert parse_floor.main(["--once", "files"]) == 0
    assert parse_floor.read_all(["a.c"], once=True)[0] == 1
