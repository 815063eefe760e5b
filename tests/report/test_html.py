"""The HTML report: self-contained, compact, escaped, and a faithful packing of the model."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from codevitals.history import analysis
from codevitals.report.html.scan import BIOMARKER_COLUMNS, FUNCTION_COLUMNS, unembed
from tests.conftest import Repo, run_cli
from tests.gold import compare
from tests.sample import NOW, build

PAYLOAD = '"><img src=x onerror=alert(1)><script>alert(2)</script>'
BLOB = re.compile(
    r'<script type="application/octet-stream" id="codevitals-data"[^>]*>([^<]*)</script>'
)


def html_of(root: Path, tmp_path: Path) -> str:
    target = tmp_path / "report.html"
    result = run_cli("scan", str(root), "-q", "--format", "html", "--output", str(target))
    assert result.exit_code == 0, result.stderr
    return target.read_text(encoding="utf-8")


def data_of(page: str) -> dict[str, object]:
    match = BLOB.search(page)
    assert match is not None
    return unembed(match.group(1))


@pytest.fixture
def sample(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Repo:
    monkeypatch.setattr(analysis, "now", lambda: NOW)  # ages and windows stay put
    return build(repo)


def test_page_is_self_contained(sample: Repo, tmp_path: Path) -> None:
    page = html_of(sample.root, tmp_path)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)  # no external resources
    assert "<style>" in page
    assert "DecompressionStream" in page


def test_data_packs_the_scan(sample: Repo, tmp_path: Path) -> None:
    data = data_of(html_of(sample.root, tmp_path))
    document = json.loads(run_cli("scan", str(sample.root), "-q", "--format", "json").stdout)
    assert data["summary"]["health"] == document["summary"]["health"]  # type: ignore[index]
    files = {f["path"]: f for f in data["files"]}  # type: ignore[attr-defined]
    assert set(files) == {f["path"] for f in document["files"]}
    orders = files["shop/orders.py"]
    price = next(f for f in orders["functions"] if f[FUNCTION_COLUMNS.index("name")] == "price")
    assert price[FUNCTION_COLUMNS.index("cognitive")] == 29
    codes = {b[BIOMARKER_COLUMNS.index("code")] for b in orders["biomarkers"]}
    assert {"CV101", "CV102", "CV103"} <= codes


def test_decoded_data_matches_gold(sample: Repo, tmp_path: Path) -> None:
    data = data_of(html_of(sample.root, tmp_path))
    compare(json.dumps(data, indent=1, sort_keys=True) + "\n", "sample.html-data.json")


HOSTILE_NAME = 'x" onmouseover="alert(5)" & onerror=alert(6) x'
"""An author name that would break out of an attribute (git strips `<` and `>` from names)."""
HOSTILE_AUTHOR = f"{HOSTILE_NAME} <evil@example.com>"


def test_repository_strings_cannot_inject_markup(repo: Repo, tmp_path: Path) -> None:
    repo.write(
        f"pkg{PAYLOAD.replace('/', '')}/mod{PAYLOAD.replace('/', '')}.py",
        "def f(a, b, c, d, e, f):\n    return a and b or c and d\n",
    )
    recent = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")  # inside the window
    repo.commit(f"payload {PAYLOAD}", author=HOSTILE_AUTHOR, date=recent)
    page = html_of(repo.root, tmp_path)
    outside_blob = BLOB.sub("", page)
    assert "onerror" not in outside_blob
    assert "alert(" not in outside_blob
    assert "onmouseover" not in outside_blob
    data = data_of(page)
    assert any("onerror=alert(1)" in f["path"] for f in data["files"])  # type: ignore[attr-defined]
    history = data["history"]
    assert isinstance(history, dict)
    assert [c[0] for c in history["contributors"]] == [HOSTILE_NAME]
    assert data["plan"]["items"]  # type: ignore[index]  # the hostile names reach the plan too


def test_title_escapes_the_folder_name(tmp_path: Path) -> None:
    hostile = Repo(tmp_path / "x<script>alert(3)<").init()
    hostile.write("a.py", "x = 1\n")
    hostile.commit("init")
    page = html_of(hostile.root, tmp_path)
    assert "<title>codevitals · x&lt;script&gt;alert(3)&lt;</title>" in page
