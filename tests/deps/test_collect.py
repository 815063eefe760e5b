"""A manifest and the lockfile beside it are one project: versions come from the lock."""

from __future__ import annotations

import shutil
from pathlib import Path

from codevitals.deps.collect import collect
from codevitals.deps.manifests import MemoryFiles
from codevitals.model.deps import Relation

FIXTURES = Path(__file__).parent / "fixtures" / "manifests"


def test_poetry_project_takes_versions_from_its_lockfile(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "pyproject-poetry.toml", tmp_path / "pyproject.toml")
    shutil.copy(FIXTURES / "poetry.lock", tmp_path / "poetry.lock")
    found = collect(tmp_path, ["poetry.lock", "pyproject.toml", "README.md"])
    assert [(m.path, m.declarations) for m in found.manifests] == [
        ("poetry.lock", 4),
        ("pyproject.toml", 9),
    ]
    rows = [(d.path, d.name, d.version, d.locked_in, d.relation) for d in found.declarations]
    assert rows == [
        ("pyproject.toml", "flask", "3.0.0", "poetry.lock:27", Relation.DIRECT),
        ("pyproject.toml", "sqlalchemy", "2.0.25", None, Relation.DIRECT),
        ("pyproject.toml", "gunicorn", "21.2.0", None, Relation.DIRECT),
        ("pyproject.toml", "internal-lib", None, None, Relation.DIRECT),
        ("pyproject.toml", "local-tools", None, None, Relation.DIRECT),
        ("pyproject.toml", "numpy", "1.24.4", None, Relation.DIRECT),
        ("pyproject.toml", "numpy", "1.26.3", None, Relation.DIRECT),
        ("pyproject.toml", "black", "23.12.1", None, Relation.DIRECT),
        ("pyproject.toml", "sphinx", None, None, Relation.DIRECT),  # docs group, not locked
        ("poetry.lock", "click", "8.1.7", None, Relation.TRANSITIVE),
    ]


def test_a_lockfile_alone_does_not_guess_what_is_direct(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "Pipfile.lock", tmp_path / "Pipfile.lock")
    found = collect(tmp_path, ["Pipfile.lock"])
    assert {d.relation for d in found.declarations} == {Relation.UNKNOWN}


def test_manifests_in_other_folders_are_separate_projects(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(FIXTURES / "poetry.lock", tmp_path / "a" / "poetry.lock")
    (tmp_path / "b" / "pyproject.toml").write_text('[project]\ndependencies = ["flask>=3"]\n')
    found = collect(tmp_path, ["a/poetry.lock", "b/pyproject.toml"])
    flask = [d for d in found.declarations if d.name == "flask"]
    assert [(d.path, d.version) for d in flask] == [
        ("a/poetry.lock", "3.0.0"),
        ("b/pyproject.toml", None),
    ]


def test_a_commits_files_are_read_from_memory_includes_and_all() -> None:
    files = MemoryFiles({
        "svc/requirements.txt": b"-r base.txt\n-r ../../etc/passwd\nflask==2.3.3\n",
        "svc/base.txt": b"requests==2.31.0\n",
        "web/package.json": b'{"dependencies": {"lodash": "^4.17.0"}}',
        "web/package-lock.json": b'{"packages": {"node_modules/lodash": {"version": "4.17.21"}}}',
    })  # fmt: skip
    found = collect(files, sorted(files.contents))
    rows = [(d.ecosystem, d.name, d.version) for d in found.declarations]
    assert rows == [
        ("PyPI", "requests", "2.31.0"),
        ("PyPI", "flask", "2.3.3"),
        ("npm", "lodash", "4.17.21"),
    ]
    assert [(n.path, n.reason) for n in found.notices] == [
        ("svc/requirements.txt", "include-outside")
    ]


def test_a_workspace_member_takes_its_versions_from_the_root_lockfile() -> None:
    files = MemoryFiles({
        "package.json": b'{"workspaces": ["packages/*"], "devDependencies": {"ms": "^2.1.0"}}',
        "package-lock.json": b"""{"lockfileVersion": 3, "packages": {
            "": {"name": "root"},
            "node_modules/app": {"resolved": "packages/app", "link": true},
            "node_modules/lodash": {"version": "4.17.21"},
            "node_modules/ms": {"version": "2.1.3", "dev": true},
            "packages/app/node_modules/ms": {"version": "1.0.0"}}}""",
        "packages/app/package.json": b'{"dependencies": {"lodash": "^4.17.0", "ms": "1"}}',
        "py/pyproject.toml": b'[project]\nname = "x"\nversion = "1"\ndependencies = ["six"]\n',
    })  # fmt: skip
    found = collect(files, sorted(files.contents))
    rows = [(d.path, d.name, d.version, d.relation.value, d.locked_in) for d in found.declarations]
    assert rows == [
        ("package.json", "ms", "2.1.3", "direct", "package-lock.json:5"),
        ("packages/app/package.json", "lodash", "4.17.21", "direct", "package-lock.json:4"),
        ("packages/app/package.json", "ms", "1.0.0", "direct", "package-lock.json:6"),
        ("py/pyproject.toml", "six", None, "direct", None),  # PyPI: no workspace lockfile here
    ]
