"""A setup.py is parsed for the requirements its setup() call spells out, never run."""

from __future__ import annotations

from pathlib import Path

import pytest

from codevitals.deps.manifests import DiskFiles, Parsed, source_for

SETUP = """\
import os
from setuptools import setup

REQUIRES = [
    "requests>=2.0",
    "click==8.1.7",
]

def read(name):
    return open(os.path.join(os.path.dirname(__file__), name)).read().splitlines()

setup(
    name="demo",
    install_requires=REQUIRES,
    tests_require=("pytest==8.0.0",),
    setup_requires=read("build-requirements.txt"),
    extras_require={
        "socks": ["PySocks>=1.5.6,!=1.5.7"],
        ":python_version<'3.4'": ["pathlib2"],
        "docs": read("docs.txt"),
    },
)
"""


def read(tmp_path: Path, text: str) -> Parsed:
    (tmp_path / "setup.py").write_text(text)
    source = source_for("setup.py")
    assert source is not None
    return source.read(DiskFiles(tmp_path), "setup.py")


def test_literal_requirements_are_read_and_computed_ones_named(tmp_path: Path) -> None:
    parsed = read(tmp_path, SETUP)
    rows = [(d.name, d.version, d.group, d.line) for d in parsed.declarations]
    assert rows == [
        ("requests", None, "", 5),
        ("click", "8.1.7", "", 6),
        ("pytest", "8.0.0", "test", 15),
        ("pysocks", None, "socks", 18),
        ("pathlib2", None, "", 19),  # a conditional requirement of the project itself
    ]
    assert parsed.declarations[-1].markers == 'python_version < "3.4"'
    assert [(n.reason, n.line) for n in parsed.notices] == [("not-read", 12)]
    assert parsed.notices[0].message.startswith(
        "setup_requires, extras_require['docs'] computed by code"
    )


def test_computed_requirements_are_left_to_a_manifest_beside_the_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'demo'\n")
    assert read(tmp_path, SETUP).notices == []


def test_the_file_is_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = (
        f"open({str(marker)!r}, 'w').write('x')\n"
        "from setuptools import setup\n"
        "setup(install_requires=['six'])\n"
    )
    parsed = read(tmp_path, text)
    assert [d.name for d in parsed.declarations] == ["six"]
    assert not marker.exists()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("setup(install_requires=[\n", "invalid-python"),
        ("x = " + "(" * 200_000 + ")" * 200_000 + "\n", "invalid-python"),
        ("setup(install_requires=['not a requirement !!'])\n", "invalid-requirement"),
    ],
)
def test_broken_files_are_one_notice(tmp_path: Path, text: str, reason: str) -> None:
    parsed = read(tmp_path, text)
    assert (parsed.declarations, [n.reason for n in parsed.notices]) == ([], [reason])


def test_a_file_without_a_setup_call_declares_nothing(tmp_path: Path) -> None:
    assert read(tmp_path, "print('hello')\n").declarations == []
