"""Gathering outcomes (a failed repository is retried once, then reported on its own), and
which repositories start first."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from codevitals.fleet.executors import Outcome, gather
from codevitals.fleet.run import weight
from codevitals.fleet.sources import Repository
from codevitals.fleet.task import Job, failure
from codevitals.model import HealthTotals
from codevitals.model.fleet import RepositoryFailure, RepositoryResult
from codevitals.scan import ScanOptions
from tests.conftest import Repo


class FlakyPool:
    """Runs jobs in this process; a repository fails as many times as `failures` says."""

    def __init__(self, failures: dict[str, int], *, crash: bool = False) -> None:
        self.failures = dict(failures)
        self.crash = crash
        self.submitted: list[tuple[str, int]] = []
        self.closed = False

    def submit(self, job: Job) -> int:
        self.submitted.append((job.repository.name, job.attempt))
        return len(self.submitted) - 1

    def finished(self, handles: Sequence[int]) -> Sequence[int]:
        return [min(handles)]

    def outcome(self, handle: int) -> Outcome:
        name, attempt = self.submitted[handle]
        if self.failures.get(name, 0) >= attempt:
            if self.crash:
                raise RuntimeError("worker died")
            job = Job(repository(name), ScanOptions(), attempt=attempt)
            return failure(job, "git", "broken")
        return RepositoryResult(name, name, "c" * 40, 0, HealthTotals(), HealthTotals())

    def close(self, *, interrupted: bool = False) -> None:
        self.closed = True


def repository(name: str) -> Repository:
    return Repository(name, name, name, Path(name))


def jobs(*names: str) -> list[Job]:
    return [Job(repository(name), ScanOptions()) for name in names]


def test_a_repository_that_fails_once_is_retried_and_succeeds() -> None:
    pool = FlakyPool({"api": 1})
    outcomes = list(gather(pool, jobs("api", "web")))
    assert sorted(o.name for o in outcomes) == ["api", "web"]
    assert all(isinstance(o, RepositoryResult) for o in outcomes)
    assert ("api", 2) in pool.submitted


def test_a_repository_that_fails_twice_is_reported_and_the_others_finish() -> None:
    outcomes = list(gather(FlakyPool({"api": 2}), jobs("api", "web", "jobs")))
    failed = [o for o in outcomes if isinstance(o, RepositoryFailure)]
    assert [(f.name, f.reason, f.attempts) for f in failed] == [("api", "git", 2)]
    assert len(outcomes) == 3


def test_a_task_that_raises_fails_its_repository_only() -> None:
    outcomes = list(gather(FlakyPool({"api": 2}, crash=True), jobs("api", "web")))
    failed = [o for o in outcomes if isinstance(o, RepositoryFailure)]
    assert [(f.name, f.reason) for f in failed] == [("api", "task-failed")]
    assert "worker died" in failed[0].message


def test_larger_repositories_weigh_more_and_clones_nothing(tmp_path: Path) -> None:
    small, large = Repo(tmp_path / "small").init(), Repo(tmp_path / "large").init()
    small.write("a.py", "x = 1\n")
    small.commit()
    large.write("a.py", "".join(f"x{i} = {i * 7919}\n" for i in range(5000)))
    large.commit()
    assert weight(Repository("large", "", "", large.root)) > weight(
        Repository("small", "", "", small.root)
    )
    assert weight(Repository("web", "", "", url="https://example.com/web.git")) == 0
