"""Languages in every report: what a mixed repository holds, analysed or not, and `languages`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from codevitals.discover import LANGUAGES
from codevitals.parse import recognised, registry
from codevitals.parse.base import NodeKind
from codevitals.parse.languages_doc import KINDS
from tests.conftest import Repo, run_cli
from tests.gold import compare
from tests.report.test_html import data_of, html_of
from tests.schemas import validator

PYTHON = """
def pick(items, key):
    for item in items:
        if item == key:
            return item
    return None
"""

# Six arguments: an excess-arguments biomarker, so the file has a SARIF result.
JAVASCRIPT = """
export function draw(canvas, x, y, width, height, colour) {
  if (width > 0 && height > 0) {
    canvas.fill(x, y, width, height, colour);
  }
}
"""

TYPESCRIPT = """
export function label(name?: string): string {
  return name ?? "nobody";
}
"""

TSX = """
export function Badge(props: { text: string }) {
  return <span>{props.text}</span>;
}
"""

RUBY = """
def pick(items, key)
  items.find { |item| item == key }
end
"""

SWIFT = """
func pick(items: [Int], key: Int) -> Int? {
    return items.first { $0 == key }
}
"""

FILES = {
    "app/pick.py": PYTHON,
    "web/draw.js": JAVASCRIPT,
    "web/label.ts": TYPESCRIPT,
    "web/badge.tsx": TSX,
    "tools/pick.rb": RUBY,
    "ios/Pick.swift": SWIFT,
}


@pytest.fixture
def mixed(repo: Repo) -> Repo:
    for path, text in FILES.items():
        repo.write(path, text)
    repo.commit()
    return repo


def expected_languages() -> tuple[dict[str, int], dict[str, int]]:
    """Files per analysed language and per language present but not analysed, by the
    registry of this build (a front end for Ruby or Swift moves them to analysed)."""
    analysed: dict[str, int] = {}
    missing: dict[str, int] = {}
    for path in FILES:
        suffix = path[path.rfind(".") :]
        language = LANGUAGES[suffix]
        chosen = analysed if registry.for_suffix(suffix) is not None else missing
        chosen[language] = chosen.get(language, 0) + 1
    return analysed, missing


def scan(repo: Repo, *args: str) -> Any:
    result = run_cli("scan", str(repo.root), "--offline", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_json_counts_files_and_lines_per_language_and_names_those_not_analysed(
    mixed: Repo,
) -> None:
    document = scan(mixed)
    validator("scan.schema.json").validate(document)
    summary = document["summary"]
    analysed, missing = expected_languages()

    assert {item["language"]: item["files"] for item in summary["languages"]} == analysed
    assert {item["language"]: item["files"] for item in summary["unanalysed"]} == missing
    assert {"python": 1, "javascript": 1, "typescript": 2}.items() <= analysed.items()
    for item in summary["languages"]:
        files = [f for f in document["files"] if f["language"] == item["language"]]
        assert item["lines"] == sum(f["lines"] for f in files)
        assert item["code_lines"] == sum(f["code_lines"] for f in files)
    codes = [item["code_lines"] for item in summary["languages"]]
    assert codes == sorted(codes, reverse=True)


def test_a_language_without_a_front_end_is_reported_as_present_not_analysed(
    repo: Repo,
) -> None:
    # Dart has no front end, and before this table it was not even recognised: the report
    # said nothing about the files it left out.
    assert registry.for_suffix(".dart") is None
    repo.write("app/pick.py", PYTHON)
    repo.write("mobile/main.dart", "void main() {}\n")
    repo.write("mobile/util.dart", "int one() => 1;\n")
    repo.commit()

    document = scan(repo)

    assert document["summary"]["unanalysed"] == [{"language": "dart", "files": 2}]
    assert [item["language"] for item in document["summary"]["languages"]] == ["python"]


def test_recognised_languages_without_front_ends_are_never_analysed_ones() -> None:
    # The detection-only table yields to the registry: a front end's suffix is analysed.
    analysed = registry.suffixes()
    for suffix, language in LANGUAGES.items():
        if suffix in analysed:
            assert language == analysed[suffix]
        else:
            assert language == recognised.RECOGNISED[suffix]
            assert language not in registry.ANALYSED


def test_terminal_names_the_languages(mixed: Repo) -> None:
    result = run_cli("scan", str(mixed.root), "--offline")
    assert result.exit_code == 0, result.stderr
    analysed, missing = expected_languages()

    # The last lines of the summary, wrapped to the terminal's width.
    line = " ".join(result.stdout.partition("\nLanguages: ")[2].split())
    for language, files in analysed.items():
        assert f"{language} {files} file" in line
    if missing:
        absent = line.partition("present but not analysed: ")[2]
        assert absent
        for language, files in missing.items():
            assert f"{language} {files} file" in absent


def test_markdown_names_the_languages(mixed: Repo) -> None:
    result = run_cli("scan", str(mixed.root), "--offline", "--format", "markdown")
    assert result.exit_code == 0, result.stderr

    line = next(x for x in result.stdout.splitlines() if x.startswith("Languages: "))
    assert "python 1 file (" in line
    assert "typescript 2 files (" in line


def test_terminal_findings_say_ruff_reads_python_only_when_other_languages_were_scanned(
    mixed: Repo, tmp_path: Path
) -> None:
    note = "ruff's rules check Python files only"
    python_only = tmp_path / "python-only"
    python_only.mkdir()
    (python_only / "pick.py").write_text(PYTHON)

    mixed_result = run_cli("scan", str(mixed.root), "--offline", "--preset", "security")
    alone = run_cli("scan", str(python_only), "--offline", "--preset", "security")

    assert mixed_result.exit_code == 0, mixed_result.stderr
    assert alone.exit_code == 0, alone.stderr
    assert note in mixed_result.stdout
    assert "Findings" in alone.stdout
    assert note not in alone.stdout


def test_ruff_note_in_the_html_findings_and_markdown(repo: Repo, tmp_path: Path) -> None:
    repo.write("app/settings.py", 'import subprocess\nsubprocess.call("ls", shell=True)\n')
    repo.write("web/draw.js", JAVASCRIPT)
    repo.commit()
    note = "ruff's rules check Python files only"

    markdown = run_cli(
        "scan", str(repo.root), "--offline", "--preset", "security", "--format", "markdown"
    )
    target = tmp_path / "report.html"
    page = run_cli(
        "scan", str(repo.root), "-q", "--offline", "--preset", "security",
        "--format", "html", "--output", str(target),
    )  # fmt: skip

    assert "### Findings" in markdown.stdout
    assert note in markdown.stdout
    assert page.exit_code == 0, page.stderr
    findings = data_of(target.read_text(encoding="utf-8"))["findings"]
    assert isinstance(findings, dict)
    assert findings["note"] == note


def test_html_packs_each_files_language_and_the_language_summary(
    mixed: Repo, tmp_path: Path
) -> None:
    page = html_of(mixed.root, tmp_path)
    data: Any = data_of(page)
    analysed, missing = expected_languages()

    assert {f["path"]: f["language"] for f in data["files"]} == {
        path: LANGUAGES[path[path.rfind(".") :]]
        for path in FILES
        if registry.for_suffix(path[path.rfind(".") :]) is not None
    }
    assert {name: files for name, files, _ in data["summary"]["languages"]} == analysed
    assert {name: files for name, files in data["summary"]["unanalysed"]} == missing
    for select in ("files-language", "functions-language", "map-language"):
        assert f'<select id="{select}">' in page


def test_sarif_artifacts_carry_their_source_language(mixed: Repo) -> None:
    result = run_cli("scan", str(mixed.root), "--offline", "--format", "sarif")
    assert result.exit_code == 0, result.stderr
    run = json.loads(result.stdout)["runs"][0]

    languages = {a["location"]["uri"]: a["sourceLanguage"] for a in run["artifacts"]}
    assert languages["web/draw.js"] == "javascript"
    located = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert "web/draw.js" in located
    assert set(languages) == located


def test_languages_command_lists_every_front_end() -> None:
    terminal = run_cli("languages")
    document = run_cli("languages", "--format", "json")
    assert terminal.exit_code == 0
    assert document.exit_code == 0
    found = json.loads(document.stdout)

    assert [item["name"] for item in found["languages"]] == [f.name for f in registry.FRONT_ENDS]
    for item, front in zip(found["languages"], registry.FRONT_ENDS, strict=True):
        assert item["suffixes"] == list(front.suffixes)
        assert item["grammar"]["distribution"] == front.grammar
        assert set(item["constructs"]) >= {"FUNCTION", "IF"}
        assert f"\n{front.name}\n" in f"\n{terminal.stdout}"
    names = {item["language"] for item in found["recognised"]}
    assert "dart" in names
    assert not names & registry.ANALYSED


@pytest.mark.parametrize(
    ("form", "name"), [("terminal", "languages.txt"), ("json", "languages.json")]
)
def test_languages_command_matches_gold(form: str, name: str) -> None:
    result = run_cli("languages", "--format", form)
    assert result.exit_code == 0
    compare(result.stdout, name)


def test_every_kind_says_what_it_does_to_the_metrics() -> None:
    named = [kind for kinds, _ in KINDS for kind in kinds.split(", ")]
    assert sorted(named) == sorted(kind.name for kind in NodeKind)
