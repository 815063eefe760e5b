"""Worker processes: they import nothing from the current directory, die with their parent,
and are never more than the CPUs.

The command runs in a child process started the way the console script starts it (a script
in a folder of its own, so the interpreter's first `sys.path` entry is that folder), from a
current directory holding a hostile `multiprocessing` package.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

import codevitals
from codevitals import measure
from codevitals.scan import reading
from codevitals.workers import processes
from tests.conftest import GIT_ENV, Repo, run_cli

HOSTILE = """\
import os
open(os.path.join({folder!r}, "ran-" + str(os.getpid())), "w").close()
raise ImportError("imported from the current directory")
"""

LAUNCHER = """\
import sys
from codevitals.cli import main
if __name__ == "__main__":
    sys.exit(main())
"""

FUNCTION = """\
def measure_{index}(values, limit):
    total = 0
    for value in values:
        if value > limit and value % 3:
            for step in range(value):
                if step % 2 or step > limit:
                    total += step
        elif value < 0:
            total -= value
    return total
"""


def _command(
    tmp_path: Path, *args: str, cwd: Path, output: int = subprocess.PIPE
) -> subprocess.Popen[bytes]:
    """`codevitals ARGS` started as the console script starts it, from `cwd`."""
    launcher = tmp_path / "bin" / "codevitals-launcher.py"
    launcher.parent.mkdir(exist_ok=True)
    launcher.write_text(LAUNCHER, encoding="utf-8")
    env = {
        **os.environ,
        **GIT_ENV,
        "PYTHONPATH": str(Path(codevitals.__file__).parents[1]),
        "CODEVITALS_CACHE_DIR": str(tmp_path / "cache"),
    }
    env.pop("PYTHONSAFEPATH", None)  # the test's own process may have set it
    return subprocess.Popen(
        [sys.executable, str(launcher), *args],
        cwd=cwd,
        env=env,
        stdout=output,
        stderr=output,
    )


def _hostile_folder(tmp_path: Path) -> Path:
    """A folder whose `multiprocessing` package leaves a file behind wherever it is imported."""
    here = tmp_path / "here"
    (here / "multiprocessing").mkdir(parents=True)
    (here / "multiprocessing" / "__init__.py").write_text(HOSTILE.format(folder=str(here)))
    return here


@pytest.mark.parametrize(
    "where", [["--jobs", "2"], ["--scheduler", "local", "--workers", "2"]], ids=["local", "dask"]
)
def test_fleet_workers_import_nothing_from_the_current_directory(
    tmp_path: Path, where: list[str]
) -> None:
    if "--scheduler" in where:
        pytest.importorskip("distributed")
    here = _hostile_folder(tmp_path)
    for name in ("api", "web"):
        repo = Repo(here / "repos" / name).init()
        repo.write("app.py", "def run():\n    return 1\n")
        repo.commit()
    (here / "repos.txt").write_text("repos/api\nrepos/web\n", encoding="utf-8")

    command = _command(
        tmp_path, "fleet", "repos.txt", "--offline", "--no-deps", "-q", *where, cwd=here
    )
    out, err = command.communicate(timeout=300)

    assert command.returncode == 0, err.decode()
    assert "2 scanned" in out.decode()
    assert sorted(path.name for path in here.glob("ran-*")) == []


def _children(parent: int) -> set[int]:
    """The processes whose parent is `parent`."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue  # ended meanwhile
            if int(stat.rsplit(")", 1)[1].split()[1]) == parent:
                found.add(int(entry.name))
    return found


def _running(pid: int) -> bool:
    """Whether `pid` still runs (a zombie waiting to be reaped does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(sys.platform != "linux", reason="the parent-death signal is Linux's")
def test_a_killed_scan_takes_its_workers_with_it(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo").init()
    for module in range(400):
        repo.write(f"pkg/m{module}.py", "\n".join(FUNCTION.format(index=i) for i in range(40)))
    repo.commit()
    # No pipes: workers that outlived the scan would hold them open.
    command = _command(
        tmp_path, "scan", str(repo.root), "--jobs", "2", "--no-cache", "-q",
        cwd=tmp_path, output=subprocess.DEVNULL,
    )  # fmt: skip
    workers: set[int] = set()
    deadline = time.monotonic() + 120
    while len(workers) < 2 and command.poll() is None and time.monotonic() < deadline:
        workers |= {pid for pid in _children(command.pid) if _is_python(pid)}
        time.sleep(0.05)
    assert workers, "the scan ended before its workers were seen"

    command.send_signal(signal.SIGKILL)
    command.wait()

    deadline = time.monotonic() + 60
    while any(_running(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _running(pid)]
    for pid in left:  # leave nothing behind, whatever the outcome
        os.kill(pid, signal.SIGKILL)
    assert left == []


def _is_python(pid: int) -> bool:
    try:
        return b"codevitals-launcher" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def test_workers_are_never_more_than_the_cpus() -> None:
    cpus = processes.cpus()
    assert processes.workers(0) == cpus
    assert processes.workers(1) == 1
    assert processes.workers(198) == cpus


@pytest.mark.parametrize("given", ["config", "option"])
def test_a_worker_count_above_the_cpus_is_lowered_with_a_notice(
    repo: Repo, monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    for module in range(20):  # enough files for a pool
        repo.write(f"pkg/m{module}.py", FUNCTION.format(index=module))
    repo.write(".codevitals.toml", "jobs = 198\n" if given == "config" else "")
    repo.commit()
    monkeypatch.setattr(processes, "cpus", lambda: 2)
    asked: list[int] = []
    real = measure.analyse_all

    def analyse_all(*args: Any, **kwargs: Any) -> Any:
        asked.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(reading, "analyse_all", analyse_all)
    option = ["--jobs", "198"] if given == "option" else []
    result = run_cli("scan", str(repo.root), "--no-cache", *option)
    assert result.exit_code == 0, result.stderr
    assert asked == [2]
    assert "codevitals: jobs 198 is more than the 2 CPUs here: using 2\n" in result.stderr
    quiet = run_cli("scan", str(repo.root), "--no-cache", "-q", *option)
    assert quiet.exit_code == 0
    assert quiet.stderr == ""
