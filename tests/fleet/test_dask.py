"""The fleet on Dask: a LocalCluster gives the organisation local processes give."""

from __future__ import annotations

import builtins
import json
from pathlib import Path
from typing import Any

import pytest

from codevitals.fleet import dask_executor
from tests.conftest import Repo, run_cli
from tests.fleet.helpers import ADVISORIES, fleet_json, freeze, organisation, repos_file

pytest.importorskip("distributed")


def comparable(document: dict[str, Any]) -> dict[str, Any]:
    """The document without what says how results were obtained (scanned or resumed)."""
    for item in document["repositories"]:
        item.pop("status")
    document["totals"].update(scanned=None, resumed=None)
    return document


def test_a_local_cluster_gives_the_same_organisation_as_local_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    freeze(monkeypatch)
    org = organisation(tmp_path)
    (tmp_path / "work" / "plain").mkdir()
    listed = repos_file(tmp_path, [*(str(r.root) for r in org.values()), "work/plain"])
    local = fleet_json(listed, "--fresh")
    options = ["--format", "json", "--scheduler", "local", "--workers", "2", "--fresh"]
    result = run_cli("fleet", str(listed), "--offline", "--vuln-db", str(ADVISORIES), *options)
    assert result.exit_code == 0, result.stderr
    on_dask = json.loads(result.stdout)
    assert on_dask["totals"]["scanned"] == 3
    assert on_dask["totals"]["failed"] == 1
    assert comparable(on_dask) == comparable(local)


def test_without_dask_the_scheduler_option_says_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repo(tmp_path / "api").init()
    repo.commit("first")
    real_import = builtins.__import__

    def no_dask(name: str, *args: Any, **kwargs: Any) -> Any:
        if name.split(".", maxsplit=1)[0] in {"dask", "distributed"}:
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_dask)
    result = run_cli("fleet", str(repos_file(tmp_path, [str(repo.root)])), "--scheduler", "local")
    assert result.exit_code == 2
    assert "pip install 'codevitals[dask]'" in result.stderr
    assert result.stderr.count("\n") == 1


def test_an_unreachable_scheduler_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dask_executor, "CONNECT_SECONDS", 1)
    repo = Repo(tmp_path / "api").init()
    repo.commit("first")
    listed = repos_file(tmp_path, [str(repo.root)])
    result = run_cli("fleet", str(listed), "--scheduler", "tcp://127.0.0.1:9", "--offline")
    assert result.exit_code == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in result.stderr
