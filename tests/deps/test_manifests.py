"""Every manifest and lockfile format, read from realistic files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from codevitals.deps.manifests import DiskFiles, Parsed, source_for
from codevitals.model.deps import Declaration, Relation

FIXTURES = Path(__file__).parent / "fixtures" / "manifests"
Row = tuple[str, str | None, int | None, str, str | None]


def read(tmp_path: Path, fixture: str, name: str | None = None) -> Parsed:
    """Copy a fixture (and its neighbours, for includes) under its real name and read it."""
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    target = name or fixture
    if name is not None:
        shutil.copy(FIXTURES / fixture, tmp_path / name)
    source = source_for(target)
    assert source is not None, target
    return source.read(DiskFiles(tmp_path), target)


def rows(parsed: Parsed) -> list[Row]:
    """(name, version, line, group, unresolvable) of every declaration."""
    return [(d.name, d.version, d.line, d.group, d.unresolvable) for d in parsed.declarations]


def by_name(parsed: Parsed) -> dict[str, Declaration]:
    return {d.name: d for d in parsed.declarations}


def test_requirements_with_includes_constraints_hashes_and_markers(tmp_path: Path) -> None:
    parsed = read(tmp_path, "requirements.txt")
    assert rows(parsed) == [
        ("certifi", "2023.7.22", 2, "base", None),
        ("idna", "3.4", 3, "base", None),
        ("requests", "2.31.0", 8, "", None),
        ("urllib3", "1.26.18", 11, "", None),
        ("pywin32", "306", 12, "", None),
        ("django", None, 13, "", None),
        ("widgets", None, 14, "", "editable"),
        (".", None, 15, "", "editable"),
        ("attrs", None, 16, "", "url"),
        ("six", None, 17, "", "url"),
        ("gizmo", None, 18, "", "vcs"),
        ("./vendor/localpkg", None, 19, "", "path"),
    ]
    found = by_name(parsed)
    assert found["requests"].requirement == "requests[socks,security]==2.31.0"
    assert found["pywin32"].markers == 'sys_platform == "win32"'
    assert found["urllib3"].locked_in == "constraints.txt:1"
    assert parsed.read == ["requirements.txt", "requirements/base.txt", "constraints.txt"]
    assert parsed.notices == []


def test_a_url_requirement_has_no_version_to_look_up(tmp_path: Path) -> None:
    found = by_name(read(tmp_path, "requirements.txt"))
    assert found["attrs"].version is None
    assert found["attrs"].unresolvable == "url"


def test_requirements_group_comes_from_the_file_name(tmp_path: Path) -> None:
    (tmp_path / "requirements-dev.txt").write_text("pytest==8.0.0\n")
    source = source_for("requirements-dev.txt")
    assert source is not None
    assert rows(source.read(DiskFiles(tmp_path), "requirements-dev.txt")) == [
        ("pytest", "8.0.0", 1, "dev", None)
    ]


def test_an_include_loop_is_reported_once_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask==3.0.0\n-r requirements-dev.txt\n")
    (tmp_path / "requirements-dev.txt").write_text("# dev\n-r requirements.txt\npytest==8.0.0\n")
    source = source_for("requirements.txt")
    assert source is not None
    parsed = source.read(DiskFiles(tmp_path), "requirements.txt")
    assert [d.name for d in parsed.declarations] == ["flask", "pytest"]
    [notice] = parsed.notices
    assert (notice.path, notice.line, notice.reason) == ("requirements-dev.txt", 2, "include-loop")
    assert "requirements.txt → requirements-dev.txt → requirements.txt" in notice.message


def test_includes_outside_the_folder_or_remote_are_not_read(tmp_path: Path) -> None:
    root = tmp_path / "project"
    root.mkdir()
    (tmp_path / "secret.txt").write_text("leaked==1.0\n")
    (root / "requirements.txt").write_text(
        "-r ../secret.txt\n-r https://example.org/r.txt\n-r missing.txt\nok==1.0\n"
    )
    source = source_for("requirements.txt")
    assert source is not None
    parsed = source.read(DiskFiles(root), "requirements.txt")
    assert [d.name for d in parsed.declarations] == ["ok"]
    assert [(n.line, n.reason) for n in parsed.notices] == [
        (1, "include-outside"),
        (2, "remote-include"),
        (3, "include-missing"),
    ]


def test_an_invalid_requirement_is_a_notice_and_the_rest_is_read(tmp_path: Path) -> None:
    (tmp_path / "requirements.txt").write_text("flask==3.0.0\nnot a requirement!!\nsix==1.16.0\n")
    source = source_for("requirements.txt")
    assert source is not None
    parsed = source.read(DiskFiles(tmp_path), "requirements.txt")
    assert [d.name for d in parsed.declarations] == ["flask", "six"]
    [notice] = parsed.notices
    assert (notice.path, notice.line, notice.reason) == (
        "requirements.txt",
        2,
        "invalid-requirement",
    )


def test_pyproject_pep621_extras_and_dependency_groups(tmp_path: Path) -> None:
    parsed = read(tmp_path, "pyproject-pep621.toml", "pyproject.toml")
    assert rows(parsed) == [
        ("httpx", None, 10, "", None),
        ("pydantic", "2.5.3", 11, "", None),
        ("tomli", None, 13, "", None),
        ("rich", "13.7.0", 14, "", None),
        ("psycopg", "3.1.18", 18, "postgres", None),
        ("pytest", "8.0.0", 22, "test", None),
        ("coverage", None, 22, "test", None),
        ("ruff", "0.3.0", 23, "dev", None),
    ]
    assert by_name(parsed)["tomli"].markers == 'python_version < "3.11"'


def test_pyproject_poetry_tables(tmp_path: Path) -> None:
    parsed = read(tmp_path, "pyproject-poetry.toml", "pyproject.toml")
    assert rows(parsed) == [
        ("flask", None, 9, "", None),
        ("sqlalchemy", "2.0.25", 10, "", None),
        ("gunicorn", "21.2.0", 11, "", None),
        ("internal-lib", None, 12, "", "vcs"),
        ("local-tools", None, 13, "", "editable"),
        ("numpy", "1.24.4", 14, "", None),
        ("numpy", "1.26.3", 14, "", None),
        ("black", "23.12.1", 20, "dev", None),
        ("sphinx", None, 23, "docs", None),
    ]
    gunicorn = by_name(parsed)["gunicorn"]
    assert gunicorn.requirement == "gunicorn ==21.2.0"
    assert gunicorn.markers == "sys_platform != 'win32'"
    assert parsed.declarations[5].markers == "python <3.9"


def test_setup_cfg_install_requires_and_extras(tmp_path: Path) -> None:
    assert rows(read(tmp_path, "setup.cfg")) == [
        ("click", None, 9, "", None),
        ("peewee", "3.17.0", 11, "", None),
        ("importlib-metadata", "6.8.0", 12, "", None),
        ("pytest", "7.4.3", 16, "test", None),
        ("pytest-cov", None, 17, "test", None),
    ]


def test_pipfile_categories(tmp_path: Path) -> None:
    assert rows(read(tmp_path, "Pipfile")) == [
        ("requests", None, 7, "", None),
        ("django", "4.2.7", 8, "", None),
        ("celery", "5.3.6", 9, "", None),
        ("mylib", None, 10, "", "editable"),
        ("records", None, 11, "", "vcs"),
        ("pytest", None, 14, "dev", None),
    ]


def test_pipfile_lock(tmp_path: Path) -> None:
    parsed = read(tmp_path, "Pipfile.lock")
    assert rows(parsed) == [
        ("certifi", "2023.11.17", 19, "", None),
        ("django", "4.2.7", 27, "", None),
        ("mylib", None, 34, "", "editable"),
        ("records", None, 38, "", "vcs"),
        ("requests", "2.31.0", 42, "", None),
        ("pytest", "7.4.4", 51, "dev", None),
    ]
    assert {d.relation for d in parsed.declarations} == {Relation.UNKNOWN}
    assert by_name(parsed)["certifi"].markers == "python_version >= '3.6'"


def test_poetry_lock(tmp_path: Path) -> None:
    assert rows(read(tmp_path, "poetry.lock")) == [
        ("black", "23.12.1", 4, "", None),
        ("click", "8.1.7", 17, "", None),
        ("flask", "3.0.0", 27, "", None),
        ("internal-lib", None, 38, "", "vcs"),
    ]


def test_uv_lock_marks_direct_and_transitive(tmp_path: Path) -> None:
    parsed = read(tmp_path, "uv.lock")
    assert rows(parsed) == [
        ("anyio", "4.2.0", 5, "", None),
        ("httpx", "0.26.0", 33, "", None),
        ("idna", "3.6", 42, "", None),
        ("pytest", "7.4.4", 47, "dev", None),
        ("rich", "13.7.0", 52, "cli", None),
        ("sniffio", "1.3.0", 57, "", None),
        ("toolkit", None, 62, "", "vcs"),
    ]
    direct = {d.name for d in parsed.declarations if d.relation is Relation.DIRECT}
    assert direct == {"httpx", "pytest", "rich"}


def test_pdm_lock(tmp_path: Path) -> None:
    assert rows(read(tmp_path, "pdm.lock")) == [
        ("certifi", "2024.2.2", 11, "", None),
        ("mypkg", None, 21, "", "editable"),
        ("pytest", "8.0.1", 29, "test", None),
        ("ruff", "0.2.2", 39, "lint", None),
    ]


def test_pylock(tmp_path: Path) -> None:
    parsed = read(tmp_path, "pylock.toml")
    assert rows(parsed) == [
        ("attrs", "25.1.0", 10, "", None),
        ("colorama", "0.4.6", 22, "", None),
        ("plugin", None, 28, "", "vcs"),
    ]
    assert by_name(parsed)["colorama"].markers == "sys_platform == 'win32'"


@pytest.mark.parametrize(
    ("name", "text", "reason", "line"),
    [
        ("poetry.lock", '[[package]]\nname = "a"\nversion = "1.0"\n[[package\n', "invalid-toml", 4),
        ("uv.lock", 'version = 1\n\n[[package]]\nname = "a\n', "invalid-toml", 4),
        ("pyproject.toml", "[project]\ndependencies = [\n  'a',\n", "invalid-toml", 3),
        ("Pipfile.lock", '{\n "default": {\n  "a": {"version": "1"},\n }\n}\n', "invalid-json", 4),
        ("Pipfile.lock", "[1, 2]\n", "invalid-lockfile", 1),
        ("setup.cfg", "[options\ninstall_requires = a\n", "invalid-ini", 1),
    ],
)
def test_malformed_files_are_one_notice_with_the_line(
    tmp_path: Path, name: str, text: str, reason: str, line: int | None
) -> None:
    (tmp_path / name).write_text(text)
    source = source_for(name)
    assert source is not None
    parsed = source.read(DiskFiles(tmp_path), name)
    assert parsed.declarations == []
    [notice] = parsed.notices
    assert (notice.path, notice.reason) == (name, reason)
    if line is not None:
        assert notice.line == line


def test_a_lockfile_entry_without_a_version_is_a_notice(tmp_path: Path) -> None:
    (tmp_path / "poetry.lock").write_text(
        '[[package]]\nname = "a"\n\n[[package]]\nname = "b"\nversion = "2.0"\n'
    )
    source = source_for("poetry.lock")
    assert source is not None
    parsed = source.read(DiskFiles(tmp_path), "poetry.lock")
    assert rows(parsed) == [("b", "2.0", 5, "", None)]
    [notice] = parsed.notices
    assert (notice.line, notice.reason) == (2, "invalid-lockfile")


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("requirements.txt", "requirements"),
        ("requirements-dev.txt", "requirements"),
        ("requirements/test.txt", "requirements"),
        ("dev-requirements.txt", "requirements"),
        ("svc/pyproject.toml", "pyproject"),
        ("setup.cfg", "setup.cfg"),
        ("Pipfile", "Pipfile"),
        ("Pipfile.lock", "Pipfile.lock"),
        ("poetry.lock", "poetry.lock"),
        ("uv.lock", "uv.lock"),
        ("pdm.lock", "pdm.lock"),
        ("pylock.toml", "pylock.toml"),
        ("pylock.dev.toml", "pylock.toml"),
        ("README.txt", None),
        ("pylock.a.b.toml", None),
    ],
)
def test_formats_are_recognised_by_name(path: str, kind: str | None) -> None:
    source = source_for(path)
    assert (source.kind if source else None) == kind
