"""A small organisation of git repositories for fleet tests, built in a temporary folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codevitals.fleet import state
from tests.conftest import Repo, run_cli
from tests.history.helpers import ADA, BEA, CY, NOW, days_ago

ADVISORIES = Path(__file__).parents[1] / "deps" / "fixtures" / "advisories"
"""An offline OSV database: requests before 2.20.0 is vulnerable."""

TANGLED = """\
def route(request, user, cache):
    for item in request.items:
        if item.ready:
            for part in item.parts:
                if part and user.allowed or cache.hit:
                    if part.size > {size}:
                        return part
    return None
"""


def freeze(monkeypatch: pytest.MonkeyPatch) -> None:
    """Measure every fleet run's history from NOW."""
    monkeypatch.setattr(state, "now", lambda: NOW)


def project(root: Path, name: str, authors: list[str], requests: str = "2.19.0") -> Repo:
    """A repository whose tangled module changes once per author, all within the window."""
    repo = Repo(root / name).init()
    repo.write("requirements.txt", f"requests=={requests}\n")
    repo.write("app/__init__.py", "")
    for index, author in enumerate(authors):
        repo.write("app/route.py", TANGLED.format(size=index))
        repo.write(f"app/step{index}.py", f"def step():\n    return {index}\n")
        repo.commit(f"change {index}", date=days_ago(60 - index * 10), author=author)
    return repo


def organisation(root: Path) -> dict[str, Repo]:
    """Three teams' repositories: two people on api, one on web and jobs (a bare clone)."""
    api = project(root / "work", "api", [ADA, BEA, ADA, BEA])
    web = project(root / "work", "web", [CY, CY, CY], requests="2.31.0")
    source = project(root / "work", "jobs-source", [ADA, ADA])
    jobs = Repo(root / "work" / "jobs.git")
    source.git("clone", "-q", "--bare", str(source.root), str(jobs.root))
    return {"api": api, "web": web, "jobs": jobs}


def repos_file(root: Path, entries: list[str]) -> Path:
    """A REPOS list file holding `entries`, with a comment and a blank line."""
    listed = root / "repos.txt"
    listed.write_text("# our repositories\n\n" + "\n".join(entries) + "\n", encoding="utf-8")
    return listed


def fleet_json(listed: Path, *args: str) -> dict[str, Any]:
    """Run `codevitals fleet --format json` offline and return the document."""
    result = run_cli("fleet", str(listed), "--offline", "--vuln-db", str(ADVISORIES),
                     "--format", "json", "--jobs", "2", *args)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def statuses(document: dict[str, Any]) -> dict[str, str]:
    """Each repository's status by name."""
    return {item["name"]: item["status"] for item in document["repositories"]}
