"""History never stops a scan: shallow clones, detached heads, huge commits, odd bytes."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from codevitals.history import analysis
from tests.conftest import GIT_ENV, Repo, run_cli
from tests.history.helpers import BEA, NOW, days_ago, history, scan_history


def five_commits(repo: Repo) -> list[str]:
    shas = []
    for index in range(5):
        repo.write("a.py", "".join(f"x{i} = {i}\n" for i in range(index + 1)))
        shas.append(
            repo.commit(f"c{index}", date=days_ago(50 - index), author=BEA if index else None)
        )
    return shas


def test_shallow_clone_warns_and_drops_the_boundary_commits_changes(
    repo: Repo, tmp_path: Path
) -> None:
    five_commits(repo)
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo.root}", str(clone)],
        check=True,
        env={**GIT_ENV, "PATH": "/usr/bin:/bin"},
    )
    result = scan_history(Repo(clone))
    found = result.history
    assert found is not None
    assert found.shallow
    assert result.partial
    (notice,) = [n for n in result.notices if n.reason == "shallow"]
    assert "shallow clone: history stops at 1 boundary commit(s)" in notice.message
    # Two commits remain; the boundary one (c3) shows the whole file as added, which is
    # dropped, so only c4's one added line is known, by Bea.
    assert found.summary.commits == 2
    (item,) = found.files
    assert dict(item.authorship.lines) == {"Bea": 1}


def test_detached_head_analyses_the_commit_checked_out(repo: Repo) -> None:
    shas = five_commits(repo)
    repo.git("checkout", "-q", "--detach", shas[2])
    found = history(repo)
    assert found.summary.commits == 3
    assert dict(found.files[0].authorship.lines) == {"Ada": 1, "Bea": 2}


@pytest.mark.slow
def test_a_commit_touching_ten_thousand_files(repo: Repo) -> None:
    five_commits(repo)
    for index in range(10_001):
        path = repo.root / "data" / f"d{index % 100}" / f"f{index}.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    repo.write("a.py", (repo.root / "a.py").read_text() + "y = 2\n")
    repo.commit("everything", date=days_ago(1))
    found = history(repo)
    assert found.summary.commits == 6
    assert len(found.files) == 10_002
    assert found.coupling == ()  # the huge change set is left out of coupling
    assert found.truck_factor.files == 10_002


def test_invalid_utf8_author_through_the_cli(repo: Repo) -> None:
    repo.write("a.py", "def f(a, b, c, d, e, f, g, h):\n    return a\n")
    repo.git("add", "a.py")
    tree = repo.git("write-tree").strip()
    env = {k.encode(): v.encode() for k, v in {**GIT_ENV, "PATH": "/usr/bin:/bin"}.items()}
    env |= {b"GIT_AUTHOR_NAME": b"\xff\xfe", b"GIT_AUTHOR_DATE": b"2024-06-01T00:00:00+0000"}
    done = subprocess.run(
        ["git", "commit-tree", tree], cwd=repo.root, env=env, input=b"\xff\n", capture_output=True,
        check=True,
    )  # fmt: skip
    repo.git("update-ref", "HEAD", done.stdout.decode().strip())
    result = run_cli("scan", str(repo.root), "-f", "json", "-q")
    assert result.exit_code == 0, result.output
    (author,) = json.loads(result.stdout)["history"]["contributors"]
    assert author["commits"] == 1
    assert author["name"] in {"ÿþ", "\ufffd\ufffd"}


def test_hotspots_outside_git_is_a_usage_error(folder: Repo) -> None:
    folder.write("a.py", "x = 1\n")
    result = run_cli("hotspots", str(folder.root))
    assert result.exit_code == 2
    message = "not inside a git repository; hotspots need its history"
    assert result.stderr == f"codevitals: error: {folder.root}: {message}\n"


def test_hotspots_of_an_empty_repository_says_so(repo: Repo) -> None:
    result = run_cli("hotspots", str(repo.root))
    assert result.exit_code == 0
    assert "No history to analyse" in result.stdout
    assert "no commits yet" in result.stderr


def test_hotspots_when_only_tests_changed(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    repo.write("app.py", "x = 1\n")
    repo.commit(date=days_ago(400))  # before the 12-month window
    repo.write("tests/test_app.py", "def test_x():\n    assert True\n")
    repo.commit(date=days_ago(10))
    result = run_cli("hotspots", str(repo.root))
    assert result.exit_code == 0
    assert "No hotspots: no production file scored since" in result.stdout
    # A healthy file that changed is a hotspot all the same: health is no factor.
    repo.write("app.py", "x = 2\n")
    repo.commit(date=days_ago(5))
    assert "app.py" in run_cli("hotspots", str(repo.root)).stdout


def test_no_history_skips_everything_quietly(repo: Repo) -> None:
    five_commits(repo)
    result = run_cli("scan", str(repo.root), "-f", "json", "--no-history")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["history"] is None
    assert result.stderr == ""


def test_a_git_failure_becomes_a_notice(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    five_commits(repo)
    monkeypatch.setattr(analysis, "now", lambda: NOW)
    (repo.root / ".git" / "shallow").write_text("not a sha\n")  # git log cannot read this
    result = run_cli("scan", str(repo.root), "-f", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["history"] is None
    assert "codevitals: no-history: history analyses skipped: git " in result.stderr
