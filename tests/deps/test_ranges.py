"""OSV range semantics, on handcrafted ranges and on real advisories."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from packaging.version import Version

from codevitals.deps.advisory import Advisory, packages_of, parse, reduce
from codevitals.deps.cvss import base_score, rating
from codevitals.deps.maven_version import parse as maven
from codevitals.deps.ranges import affects, affects_text, fixed_versions, smallest_fix
from codevitals.deps.semver import go
from codevitals.deps.versions import Ordered

ADVISORIES = Path(__file__).parent / "fixtures" / "advisories"


def real(path: str, package: str) -> Advisory:
    record = yaml.safe_load((ADVISORIES / path).read_text(encoding="utf-8"))
    return parse(record, package)


def handmade(*events: dict[str, str], versions: tuple[str, ...] = (), **extra: Any) -> Advisory:
    record = {
        "id": "TEST-1",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": "Demo_Pkg"},
                "ranges": [{"type": "ECOSYSTEM", "events": list(events)}],
                "versions": list(versions),
            }
        ],
        **extra,
    }
    return parse(record, "demo-pkg")


def hit(advisory: Advisory, version: str) -> bool:
    return affects(advisory, Version(version))


def test_introduced_and_fixed_bound_a_half_open_range() -> None:
    advisory = handmade({"introduced": "1.2"}, {"fixed": "1.5"})
    assert [hit(advisory, v) for v in ("1.1", "1.2", "1.4.9", "1.5", "2.0")] == [
        False, True, True, False, False,
    ]  # fmt: skip


def test_events_are_evaluated_in_pep440_order_not_as_listed() -> None:
    advisory = handmade({"fixed": "2.0.1"}, {"introduced": "2.0.0rc1"}, {"introduced": "0"},
                        {"fixed": "1.10"})  # fmt: skip
    assert hit(advisory, "1.9")
    assert not hit(advisory, "1.10")  # 1.10 > 1.9 in PEP 440, not as strings
    assert hit(advisory, "2.0.0rc1")
    assert hit(advisory, "2.0")
    assert not hit(advisory, "2.0.1")


def test_last_affected_includes_its_version() -> None:
    advisory = handmade({"introduced": "0"}, {"last_affected": "1.11.0"})
    assert hit(advisory, "1.11.0")
    assert hit(advisory, "0.1")
    assert not hit(advisory, "1.11.1")


def test_limit_bounds_the_range_from_above() -> None:
    advisory = handmade({"introduced": "1.0"}, {"limit": "3.0"})
    assert hit(advisory, "2.9")
    assert not hit(advisory, "3.0")
    assert hit(handmade({"introduced": "1.0"}, {"limit": "*"}), "99")


def test_explicit_versions_are_affected_whatever_the_ranges() -> None:
    advisory = handmade({"introduced": "2.0"}, versions=("1.0.post1",))
    assert hit(advisory, "1.0.post1")
    assert not hit(advisory, "1.0")


def test_withdrawn_advisories_affect_nothing() -> None:
    redis = real("redis/PYSEC-2023-73.yaml", "redis")
    assert redis.withdrawn
    assert not hit(redis, "4.5.4")
    assert not affects_text(redis, "0.6.0")


def test_real_last_affected_advisory() -> None:
    py = real("py/PYSEC-2022-42969.yaml", "py")
    assert hit(py, "1.11.0")
    assert not hit(py, "1.11.1")
    assert fixed_versions(py, Version("1.10.0")) == []


def test_two_ecosystem_ranges_and_a_git_range() -> None:
    werkzeug = real("werkzeug/PYSEC-2023-221.yaml", "werkzeug")
    assert [hit(werkzeug, v) for v in ("2.3.7", "2.3.8", "3.0.0", "3.0.1")] == [
        True, False, True, False,
    ]  # fmt: skip
    assert fixed_versions(werkzeug, Version("2.2.0")) == [Version("2.3.8")]
    assert fixed_versions(werkzeug, Version("3.0.0")) == [Version("3.0.1")]


def test_smallest_upgrade_fixing_every_advisory() -> None:
    advisories = [
        real("requests/PYSEC-2023-74.yaml", "requests"),
        real("requests/PYSEC-2018-28.yaml", "requests"),
    ]
    releases = [Version(v) for v in ("2.19.1", "2.20.0", "2.30.0", "2.31.0", "2.32.0")]
    assert smallest_fix(advisories, Version("2.19.1"), releases) == Version("2.31.0")
    assert smallest_fix(advisories[1:], Version("2.19.1"), releases) == Version("2.20.0")
    assert smallest_fix(advisories, Version("2.19.1"), releases[:3]) is None


def test_legacy_versions_match_a_list_as_written() -> None:
    rope = real("rope/PYSEC-2018-100.yaml", "rope")
    assert affects_text(rope, "0.3m1") is True
    assert affects_text(rope, "0.3m99") is None  # cannot be placed in a range
    assert affects_text(rope, "0.10.7") is True  # below the fix at 0.11.0
    assert affects_text(rope, "0.11.0") is False


def test_only_the_named_package_and_pypi_entries_count() -> None:
    record = {
        "id": "TEST-2",
        "affected": [
            {"package": {"ecosystem": "npm", "name": "demo"}, "versions": ["1.0"]},
            {"package": {"ecosystem": "PyPI", "name": "other"}, "versions": ["1.0"]},
        ],
    }
    assert packages_of(record) == {"other"}
    assert not hit(parse(record, "demo"), "1.0")
    assert reduce(record, "other")["affected"] == [record["affected"][1]]


def test_json_and_yaml_records_parse_alike() -> None:
    record = json.loads((ADVISORIES / "jinja2/PYSEC-2019-217.json").read_text())
    jinja = parse(record, "jinja2")
    assert hit(jinja, "2.10")
    assert not hit(jinja, "2.10.1")
    assert "CVE-2019-10906" in jinja.aliases


@pytest.mark.parametrize(
    ("vector", "score", "band"),
    [
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 9.8, "critical"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N", 6.1, "medium"),
        ("CVSS:3.0/AV:N/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H", 9.9, "critical"),
        ("CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:U/C:L/I:N/A:N", 2.8, "low"),
        ("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H", 5.9, "medium"),
        ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0.0, "none"),
    ],
)
def test_cvss_base_scores_match_the_specification(vector: str, score: float, band: str) -> None:
    assert base_score(vector) == score
    assert rating(score) == band


def test_unreadable_vectors_get_no_score() -> None:
    assert base_score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N") is None
    assert base_score("CVSS:3.1/AV:X/AC:L") is None


def test_introduced_zero_is_below_a_go_pseudo_version_fix() -> None:
    # GO-2020-0012 (golang.org/x/crypto/ssh, CVE-2020-9283) as the Go vulnerability database
    # writes it: fixed at a pseudo-version, a pre-release of 0.0.0. Read as 0.0.0,
    # `introduced: "0"` sorted above that fix and every later version was reported affected
    # (found by comparing with osv-scanner on gin).
    record = {
        "id": "GO-2020-0012",
        "affected": [
            {
                "package": {"ecosystem": "Go", "name": "golang.org/x/crypto"},
                "ranges": [
                    {
                        "type": "SEMVER",
                        "events": [
                            {"introduced": "0"},
                            {"fixed": "0.0.0-20200220183623-bac4c82f6975"},
                        ],
                    }
                ],
            }
        ],
    }
    advisory = parse(record, "golang.org/x/crypto", "Go")
    assert affects_text(advisory, "v0.53.0", go) is False
    assert affects_text(advisory, "v0.0.0-20200220183623-bac4c82f6975", go) is False
    assert affects_text(advisory, "v0.0.0-20190308221718-c2843e01d9a2", go) is True
    fixed = fixed_versions(advisory, go("v0.0.0-20190308221718-c2843e01d9a2"), go)  # type: ignore[arg-type]
    assert [str(v) for v in fixed] == ["0.0.0-20200220183623-bac4c82f6975"]


def test_introduced_zero_is_below_every_maven_version() -> None:
    # GHSA-mjmj-j48q-9wg2 (snakeyaml, CVE-2022-1471) as the GitHub Advisory Database writes
    # it. Comparing a Maven version with `introduced: "0"` raised AttributeError, and the
    # whole `codevitals deps` run died on the first Maven advisory opening at "0" (found by
    # comparing with osv-scanner on DataDog/vulnerable-java-application's gradle.lockfile).
    record = {
        "id": "GHSA-mjmj-j48q-9wg2",
        "affected": [
            {
                "package": {"ecosystem": "Maven", "name": "org.yaml:snakeyaml"},
                "ranges": [
                    {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.0"}]}
                ],
            }
        ],
    }
    advisory = parse(record, "org.yaml:snakeyaml", "Maven")
    for affected in ("1.27", "1.33", "2.0-m1", "0.1"):
        assert affects(advisory, version_of(affected), maven), affected
    for unaffected in ("2.0", "2.2", "2.0.0-ga"):
        assert not affects(advisory, version_of(unaffected), maven), unaffected
    assert [str(v) for v in fixed_versions(advisory, version_of("1.33"), maven)] == ["2.0"]


def version_of(text: str) -> Ordered:
    """A Maven version that parses."""
    parsed = maven(text)
    assert parsed is not None
    return parsed
