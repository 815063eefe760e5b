"""Presets, secrets, fingerprints and conformance."""

from __future__ import annotations

from pathlib import Path

import pytest

from codevitals.cache import Cache
from codevitals.errors import ConfigError
from codevitals.findings import CheckedFile, find, fingerprint, ruff, secrets, select
from codevitals.findings.presets import GOOGLE, GOOGLE_SECTIONS, severity
from codevitals.model import Severity
from codevitals.model.findings import Conformance
from tests.conftest import Repo, run_cli

AWS = "AKIA" + "IOSFODNN7EXAMPLE"
GITHUB = "ghp_" + "a1B2c3D4" * 4 + "e5F6"
SHA1 = "5d41402abc4b2a76" + "b9719d911017" + "c592aa4bc1d2"  # SHA-1 of "hello", in parts


def test_presets_combine_and_select_deselect_adjust_them() -> None:
    chosen = select(["security", "google"], extra=["pl"], deselect=["D1", "CVS200"])
    assert "S" in chosen.ruff_select
    assert "D" in chosen.ruff_select
    assert "PL" in chosen.ruff_select
    assert chosen.ruff_ignore == ("D1",)
    assert chosen.secrets
    assert not chosen.wants_secret("CVS200")
    assert chosen.wants_secret("CVS101")
    assert 'lint.pydocstyle.convention = "google"' in chosen.settings


def test_no_preset_selects_nothing_and_unknown_presets_are_errors() -> None:
    assert select([]).empty
    with pytest.raises(ConfigError, match="unknown preset 'goggle'"):
        select(["goggle"])


def test_every_google_section_maps_to_rules_the_preset_selects() -> None:
    mapped = {code for codes in GOOGLE_SECTIONS.values() for code in codes}
    assert mapped == set(GOOGLE.select)


def test_severity_by_family() -> None:
    assert severity("CVS101") is Severity.CRITICAL
    # Security smells as bandit rates the test they port: B602 high, B608 medium, B105 low.
    assert severity("S602") is Severity.CRITICAL
    assert severity("S608") is Severity.MAJOR
    assert severity("S105") is Severity.MINOR
    assert severity("S999") is Severity.MAJOR  # a rule newer than the table: medium
    assert severity("SIM118") is Severity.MINOR
    assert severity("D103") is Severity.MINOR


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (f'key = "{AWS}"', "CVS101"),
        (f"token = '{GITHUB}'", "CVS102"),
        ('url = "postgresql://app:s3cr3t-pw@db/app"', "CVS113"),
        ("-----BEGIN RSA PRIVATE KEY-----", "CVS100"),
        ('SECRET = "q8Zr2Lx9Vb4Nt7Ks1Pw6Jd3Hf5Gm0Yc"', "CVS200"),
        (f'token = "{SHA1}"', "CVS200"),
        (f'hmac_key_sha256 = "{SHA1}"', "CVS200"),
        (f'sha1 = "{SHA1}5"', "CVS200"),  # not a digest's length
    ],
)
def test_known_formats_and_high_entropy_strings(text: str, code: str) -> None:
    found = list(secrets.detect("x = 1\n" + text + "\n"))
    assert [(s.rule.code, s.line) for s in found] == [(code, 2)]


@pytest.mark.parametrize(
    "text",
    [
        'name = "a_long_identifier_without_digits"',
        'uid = "123e4567-e89b-12d3-a456-426614174000"',
        f'key = "x{AWS}"',  # part of a longer word: not a key
        'url = "postgresql://app:${PASSWORD}@db/app"',
        'short = "ab12"',
        'HEX = "0123456789abcdefABCDEF"',  # a character set spelled out
        'engine = create_engine("postgresql://scott:tiger@localhost/test")',  # documentation
        'url = "mssql+pyodbc://scott:tiger^5HHH@mssql2017:1433/test"',
        'url = "dialect://user:pass@host/db"',
        'url = "mysql://app:my_secret_password@db/app"',
        'url = "mysql://USER:PASSWORD@db/app"',
        'UNSIGNED_MAX = "18446744073709551615"',  # a number: less entropy than hex
        'DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"',
        # Checksums published with what they check: a digest's length of hex, named as one.
        f'digest = "{SHA1}"',
        '  sha256 "af7825fcc69a2afc7a7aea55fc9af90e26421d8f20fe59df32e233c0b8a231c1"',
        f'EXPECTED_MD5 = "{SHA1[:32]}"',
        '"integrity": "sha512-q8Zr2Lx9Vb4Nt7Ks1Pw6Jd3Hf5Gm0Yc+q8Zr2Lx9Vb4Nt7Ks1Pw6Jd3Hf5Gm0Yc=="',
    ],
)
def test_ordinary_strings_are_not_secrets(text: str) -> None:
    assert [s.rule.code for s in secrets.detect(text)] == []


TUTORIAL_KEY = (
    "09d25e094faa6ca2556c818166b7a9563b93f7099f6f0f4caa6cf63b88e8d3e7"  # tutorial placeholder
)


@pytest.mark.parametrize(
    "text",
    [
        f'# to get a string like this run:\n# openssl rand -hex 32\nSECRET_KEY = "{TUTORIAL_KEY}"',
        f'key = "{AWS}"  # placeholder: use your own',
        f'// a dummy token for the example\nconst token = "{GITHUB}";',
        f'.. note:: a fake key\n\n   key = "{AWS}"'.replace("\n\n", "\n"),
        f'/**\n * An example key, not a real one.\n */\nconst key = "{TUTORIAL_KEY}";',
        f'const key = "{TUTORIAL_KEY}"; /* placeholder */',
    ],
)
def test_values_a_comment_calls_placeholders_are_not_secrets(text: str) -> None:
    assert [s.rule.code for s in secrets.detect(text)] == []


@pytest.mark.parametrize(
    "text",
    [
        f'# the signing key\nSECRET_KEY = "{TUTORIAL_KEY}"',
        f'# an example follows\n\nSECRET_KEY = "{TUTORIAL_KEY}"',  # not the block just above
        f'# placeholder\nx = 1\nSECRET_KEY = "{TUTORIAL_KEY}"',
        f'SECRET_KEY = "{TUTORIAL_KEY}"  # see https://example.com/keys',
        f'# TODO: replace with an environment variable\nSECRET_KEY = "{TUTORIAL_KEY}"',
    ],
)
def test_a_comment_that_does_not_call_the_value_a_placeholder_hides_nothing(text: str) -> None:
    assert [s.rule.code for s in secrets.detect(text)] == ["CVS200"]


@pytest.mark.parametrize(
    "text",
    [
        f"const key = `{TUTORIAL_KEY}`;",  # a JavaScript template literal
        f"var key = `{TUTORIAL_KEY}`",  # a Go raw string
        f'$key = "{TUTORIAL_KEY}";',  # PHP
    ],
)
def test_high_entropy_strings_in_any_language_quotes(text: str) -> None:
    assert [s.rule.code for s in secrets.detect(text)] == ["CVS200"]


def test_secrets_are_redacted_in_messages() -> None:
    (found,) = secrets.detect(f'key = "{AWS}"')
    assert AWS not in found.message
    assert "`AKIA…`" in found.message
    assert (found.line, found.column, found.end_column) == (1, 8, 28)


def test_fingerprints_survive_shifts_and_count_identical_lines() -> None:
    lines = ["x = 1", "  password = 'a'", "password = 'a'"]
    first = fingerprint.fingerprints([("S105", 2), ("S105", 3)], lines)
    shifted = fingerprint.fingerprints([("S105", 4), ("S105", 5)], ["", "", *lines])
    assert first == shifted
    assert first[0].endswith(":0")
    assert first[1].endswith(":1")
    assert first[0].split(":")[0] == first[1].split(":")[0]


def test_conformance_counts_flagged_non_blank_lines() -> None:
    figure = fingerprint.conformance(["a", "", "b", "c", "d"], [1, 1, 3])
    assert figure == Conformance(4, 2)
    assert figure.percent == 50.0
    assert sum([figure, Conformance(6, 0)], Conformance()).percent == 80.0
    assert Conformance().percent is None


def test_findings_are_cached_per_blob(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "c")
    chosen = select(["security"])
    contents = {"app.py": b'import subprocess\nsubprocess.call("x", shell=True)\n'}
    first = find([CheckedFile("app.py", "b1")], lambda paths: contents, chosen, cache)
    assert "S602" in [f.code for f in first.items]

    def fail(paths: object) -> dict[str, bytes]:
        raise AssertionError("read again")

    again = find([CheckedFile("app.py", "b1")], fail, chosen, cache)
    assert again.items == first.items
    assert {doc.code for doc in again.rules} == {f.code for f in first.items}
    cache.close()


def test_a_missing_ruff_is_one_line_and_exit_two(
    repo: Repo, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("app.py", "x = 1\n")
    repo.commit()
    monkeypatch.setattr(ruff, "binary", lambda: "/nonexistent/ruff")
    result = run_cli("scan", str(repo.root), "--preset", "google")
    assert result.exit_code == 2
    assert result.stderr.startswith("codevitals: error: cannot run ruff")
    assert run_cli("scan", str(repo.root), "--preset", "none").exit_code == 0
