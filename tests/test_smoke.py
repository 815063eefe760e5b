"""The CLI scans a small repository end to end."""

from __future__ import annotations

import json

from tests.conftest import Repo, run_cli


def test_scan_reports_health_as_json(repo: Repo) -> None:
    repo.write(
        "pkg/app.py",
        """
        def greet(name):
            return f"hello {name}"
        """,
    )
    repo.commit("init")
    result = run_cli("scan", str(repo.root), "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["summary"]["health"] == 10.0
    assert [f["path"] for f in document["files"]] == ["pkg/app.py"]
