"""Every capability on a repository of TypeScript, JavaScript and Python with a history.

Function-level hotspots and their history, the plan, `explain FILE:Class.method`, the gate,
trend, validate and fleet all work on files of any language the registry knows, not only
Python (whose versions are measured piece by piece; the others as whole files).
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Repo, run_cli

NOW = datetime.now(UTC).replace(microsecond=0)


def billing(step: int) -> str:
    """web/billing.ts at a step of its history: `total` is tangled, `label` is not."""
    return f"""\
export class Billing {{
  total(items: number[], a: number, b: number, c: number, d: number): number {{
    let t = {step};
    for (const i of items) {{
      if (i > 0 && a > 1 || b) {{
        if (c) {{
          for (const j of items) {{
            if (j && d) {{
              t += i;
            }}
          }}
        }}
      }}
    }}
    return t;
  }}

  label(name: string): string {{
    return "bill " + name + {step // 5};
  }}
}}
"""


def _ago(days: int) -> str:
    return (NOW - timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%S+00:00")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Repo:
    """A year of history: `Billing.total` fixed four times, `label` changed once."""
    repo = Repo(tmp_path_factory.mktemp("polyglot") / "repo").init()
    repo.write("web/billing.ts", billing(0))
    repo.write("web/util.js", "export function twice(x) {\n  return x * 2;\n}\n")
    repo.write("app/pick.py", "def pick(items):\n    return items[0] if items else None\n")
    repo.commit("Add the project", date=_ago(330))
    for step, days in enumerate((280, 230, 180, 130), start=1):
        repo.write("web/billing.ts", billing(step))
        repo.commit(f"Fix bug in billing totals #{step}", date=_ago(days))
    repo.write("web/billing.ts", billing(4).replace('"bill "', '"invoice "'))
    repo.commit("Say invoice", date=_ago(100))
    repo.write("web/util.js", "export function twice(x) {\n  return x + x;\n}\n")
    repo.commit("Fix bug in twice", date=_ago(60))
    return repo


def _json(*args: str) -> dict[str, Any]:
    result = run_cli(*args, "--format", "json", "-q")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_function_hotspots_of_a_typescript_file_have_their_history(history: Repo) -> None:
    document = _json("scan", str(history.root), "--offline")

    top = document["history"]["hotspots"][0]
    assert top["path"] == "web/billing.ts"
    assert top["changes"] == 6
    changes = {f["qualified_name"]: f["changes"] for f in top["functions"]}
    assert changes == {"Billing.total": 5, "Billing.label": 2}


def test_the_plan_names_the_typescript_method_to_fix(history: Repo) -> None:
    document = _json("scan", str(history.root), "--offline")

    first = document["plan"]["items"][0]
    assert first["target"]["path"] == "web/billing.ts"
    assert first["target"]["function"] == "Billing.total"


def test_explain_a_typescript_method_by_class_and_name(history: Repo) -> None:
    result = run_cli("explain", str(history.root / "web/billing.ts") + ":Billing.total")

    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("web/billing.ts:Billing.total  lines 2-16")
    assert "CV103 deep-nesting" in result.stdout


def test_the_gate_fails_on_new_debt_in_a_typescript_function(repo: Repo) -> None:
    repo.write("web/billing.ts", billing(0).replace("if (j && d)", "if (j)"))
    repo.write("web/util.js", "export function twice(x) {\n  return x * 2;\n}\n")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")

    repo.write("web/util.js", "export function twice(x) {\n  return x + x;\n}\n")
    passed = run_cli("gate", str(repo.root), "--base", "main", "-q", "--offline")
    assert passed.exit_code == 0, passed.stdout

    repo.write("web/billing.ts", billing(0))  # one boolean operator more: cyclomatic 9
    failed = run_cli("gate", str(repo.root), "--base", "main", "-q", "--offline")
    assert failed.exit_code == 1, failed.stderr
    assert "web/billing.ts:2  Billing.total  CV101 complex-method" in failed.stdout


def test_trend_measures_every_language(history: Repo) -> None:
    document = _json(
        "trend", str(history.root), "--since", "12m", "--every", "3m", "--no-deps",
        "--until", NOW.strftime("%Y-%m-%d"),
    )  # fmt: skip

    points = document["points"]
    assert len(points) >= 4
    assert all(point["health"] is not None for point in points[1:])
    assert document["files"][0]["path"] == "web/billing.ts"


def test_validate_ranks_files_of_every_language(history: Repo) -> None:
    document = _json(
        "validate", str(history.root), "--origin", "6m", "--window", "6m",
        "--bootstrap", "0", "--jobs", "1",
    )  # fmt: skip

    (origin,) = document["origins"]
    assert origin["files"] == 3
    # From six months before the last commit: three fixes of billing.ts, one of util.js.
    assert (origin["fixed_files"], origin["fix_commits"]) == (2, 4)


def test_fleet_reports_hotspots_in_every_language(history: Repo, tmp_path: Path) -> None:
    org = tmp_path / "org"
    org.mkdir()
    shutil.copytree(history.root, org / "shop")

    document = _json("fleet", str(org), "--no-deps", "--jobs", "1")

    (shop,) = document["repositories"]
    assert shop["status"] == "scanned"
    assert shop["production"]["files"] == 3
    assert shop["hotspots"][0]["path"] == "web/billing.ts"


def test_the_gate_fails_on_a_secret_committed_in_javascript(repo: Repo) -> None:
    repo.write("web/config.js", "export const region = 'eu-west-1';\n")
    repo.commit("base")
    repo.git("checkout", "-q", "-b", "feature")
    repo.write(
        "web/config.js",
        "export const region = 'eu-west-1';\n"
        "export const token = 'ghp_" + "a1B2c3D4" * 4 + "e5F6';\n",  # no secret in this file
    )

    result = run_cli("gate", str(repo.root), "--base", "main", "-q", "--offline")

    assert result.exit_code == 1, result.stderr
    assert "web/config.js:2" in result.stdout
    assert "CVS102 github-token" in result.stdout


def test_functions_of_a_utf16_file_have_their_history(repo: Repo) -> None:
    # git calls a file with NUL bytes binary and shows no hunks unless told it is text.
    def order(factor: int) -> bytes:
        text = (
            "export class Order {\r\n  total(a: number): number {\r\n"
            f"    return a * {factor};\r\n  }}\r\n\r\n"
            '  label(): string {\r\n    return "注文";\r\n  }\r\n}\r\n'
        )
        return text.encode("utf-16")

    for factor, days in ((1, 90), (2, 60), (3, 30)):
        repo.write("web/order.ts", order(factor))
        repo.commit(f"step {factor}", date=_ago(days))

    document = _json("scan", str(repo.root), "--offline")

    (top,) = document["history"]["hotspots"]
    changes = {f["qualified_name"]: f["changes"] for f in top["functions"]}
    assert changes == {"Order.total": 3, "Order.label": 1}
