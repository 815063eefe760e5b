"""Oracle check: the packages and advisories codevitals finds against osv-scanner's.

    python benchmarks/check_osv_scanner.py REPO --vuln-db DIR [--vuln-db DIR …]
        [--scanner PATH] [--results DIR]

REPO is a git checkout, or a folder of lockfiles copied out of one (kept outside this
repository, e.g. ../bench/lockfiles/RubyGems/huginn+huginn/) with an `ORIGIN.json`,
`{"repo": "owner/name", "commit": "…"}`, saying where they came from.

osv-scanner (built by `benchmarks/oracles/install.sh osv-scanner`) and `codevitals deps`
read the same repository's lockfiles offline and match them against the same OSV records:
each `--vuln-db` folder (OSV JSON or YAML, e.g. ../shared/data/osv-go,
../shared/data/osv-crates, the PyPA advisory database) is split by ecosystem into
osv-scanner's local database layout, `<dir>/osv-scanner/<ecosystem>/all.zip`, and into one
folder of JSON records for codevitals. osv-scanner reads only lockfiles (`go.mod` counts as
one; a `requirements.txt` with pins too), so codevitals' declarations are compared where
they carry a version.

Per ecosystem, the (package, version) pairs and the (package, advisory) pairs of both are
compared; each difference is classified (`version-spelling`, `other-version`,
`only-one-reads-the-file`, `absent`) and printed, and the figures go to
benchmarks/results/osv-scanner-<repo>-<date>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from codevitals.deps import safe_xml

ORACLES = Path(os.environ.get("CODEVITALS_ORACLES", Path.home() / ".cache/codevitals-oracles"))
SCANNER = ORACLES / "go" / "bin" / "osv-scanner"
RESULTS = Path(__file__).resolve().parent / "results"
ROOT = Path(__file__).resolve().parents[1]

Pair = tuple[str, str]
"""(package, version) or (package, advisory id)."""


@dataclass(slots=True)
class Side:
    """What one tool found, per ecosystem."""

    packages: dict[str, set[Pair]] = field(default_factory=lambda: defaultdict(set))
    advisories: dict[str, set[Pair]] = field(default_factory=lambda: defaultdict(set))
    files: set[str] = field(default_factory=set)
    file_of: dict[tuple[str, str, str], str] = field(default_factory=dict)
    """(ecosystem, package, version) → the file it was read from."""
    unversioned: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Packages declared without a version in use (unpinned, no lockfile)."""
    sourced: dict[str, dict[str, str]] = field(default_factory=lambda: defaultdict(dict))
    """Packages locked to a git checkout or a local path: ecosystem → name → `vcs`/`path`."""
    own: set[Pair] = field(default_factory=set)
    """The project's own packages: Cargo workspace members (a lock entry without `source`)."""


ECOSYSTEMS = ("npm", "Go", "crates.io", "PyPI", "RubyGems", "Packagist", "Maven", "NuGet")
"""osv-scanner stops when an ecosystem it reads has no local database: each gets one."""


def build_databases(sources: list[Path], work: Path) -> dict[str, int]:
    """osv-scanner's `osv-scanner/<ecosystem>/all.zip` and codevitals' `records/` folder."""
    by_ecosystem = records_by_ecosystem(sources)
    for name in ECOSYSTEMS:
        by_ecosystem.setdefault(name, {})
    for name, records in by_ecosystem.items():
        folder = work / "osv-scanner" / name
        folder.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(folder / "all.zip", "w", zipfile.ZIP_DEFLATED) as archive:
            for ident, data in records.items():
                archive.writestr(f"{ident}.json", data)
        plain = work / "records" / name
        plain.mkdir(parents=True, exist_ok=True)
        for ident, data in records.items():
            (plain / f"{ident}.json").write_bytes(data)
    return {name: len(records) for name, records in by_ecosystem.items()}


def records_by_ecosystem(sources: list[Path]) -> dict[str, dict[str, bytes]]:
    """Every OSV record of the folders as JSON, under each ecosystem it affects."""
    by_ecosystem: dict[str, dict[str, bytes]] = defaultdict(dict)
    for source in sources:
        files = [p for p in sorted(source.rglob("*")) if p.suffix in (".json", ".yaml", ".yml")]
        for record in filter(None, map(_load, files)):
            data = json.dumps(record, default=str).encode()
            for name in {a.get("package", {}).get("ecosystem", "").split(":")[0]
                         for a in record.get("affected", [])} - {""}:  # fmt: skip
                by_ecosystem[name][record["id"]] = data
    return by_ecosystem


def _load(path: Path) -> dict[str, Any] | None:
    """An OSV record (an object with an `id`), or None for any other file."""
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    record = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    return record if isinstance(record, dict) and "id" in record else None


def run_scanner(scanner: Path, repo: Path, work: Path) -> tuple[Side, float]:
    """osv-scanner offline on the repository's lockfiles, every package listed."""
    command = [str(scanner), "scan", "--experimental-offline", "--skip-git", "--format", "json",
               "--experimental-all-packages", "--recursive", str(repo)]  # fmt: skip
    env = {**os.environ, "OSV_SCANNER_LOCAL_DB_CACHE_DIRECTORY": str(work)}
    started = dt.datetime.now(dt.UTC)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    if done.returncode not in (0, 1, 128):  # 1: vulnerabilities; 128: no packages found
        sys.exit(f"osv-scanner failed ({done.returncode}): {done.stderr[-2000:]}")
    side = Side()
    document = json.loads(done.stdout or '{"results": []}')
    modules = _maven_modules(repo)
    for result in document.get("results") or []:
        path = os.path.relpath(result["source"]["path"], repo)
        side.files.add(path)
        if Path(path).name == "Cargo.lock":
            side.own |= _workspace_members(repo / path)
        for item in result.get("packages") or []:
            _take_package(side, item, path, modules)
    return side, seconds


def _take_package(side: Side, item: dict[str, Any], path: str, modules: set[str]) -> None:
    """One package osv-scanner listed in a file, with its advisories."""
    package = item["package"]
    name, eco = package["name"], package["ecosystem"]
    version = _spelt(eco, package.get("version", ""))
    side.packages[eco].add((name, version))
    side.file_of[eco, name, version] = path
    if eco == "Maven" and name in modules:  # the project's own module, built beside it
        side.own.add((name, version))
    for vulnerability in item.get("vulnerabilities") or []:
        side.advisories[eco].add((name, vulnerability["id"]))


def run_codevitals(repo: Path, work: Path) -> tuple[Side, float]:
    """`codevitals deps --offline` with the same records, as JSON."""
    command = [sys.executable, "-m", "codevitals", "deps", str(repo), "--offline", "--vuln-db",
               str(work / "records"), "--format", "json", "-q"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    started = dt.datetime.now(dt.UTC)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    seconds = (dt.datetime.now(dt.UTC) - started).total_seconds()
    if done.returncode not in (0, 1):
        sys.exit(f"codevitals failed ({done.returncode}): {done.stderr[-2000:]}")
    side = Side()
    for item in json.loads(done.stdout)["dependencies"]:
        eco = item["ecosystem"]
        if not item.get("version"):
            if item.get("unresolvable") in ("vcs", "path"):
                side.sourced[eco][item["name"]] = item["unresolvable"]
            else:
                side.unversioned[eco].add(item["name"])
            continue
        path = (item.get("locked_in") or item["path"]).split(":")[0]
        version = _spelt(eco, item["version"])
        side.files.add(path)
        side.packages[eco].add((item["name"], version))
        side.file_of.setdefault((eco, item["name"], version), path)
        for vulnerability in item.get("vulnerabilities") or []:
            side.advisories[eco].add((item["name"], vulnerability["id"]))
    return side, seconds


def _workspace_members(lockfile: Path) -> set[Pair]:
    """(name, version) of each `[[package]]` without a `source`: the workspace's own crates."""
    try:
        document = tomllib.loads(lockfile.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return set()
    return {(p["name"], p["version"]) for p in document.get("package", [])
            if "source" not in p and "name" in p and "version" in p}  # fmt: skip


def _maven_modules(repo: Path) -> set[str]:
    """`group:artifact` of every pom.xml in the folder: the project's own Maven modules."""
    found: set[str] = set()
    for pom in repo.rglob("pom.xml"):
        try:
            root = safe_xml.load(pom.read_bytes())
        except (OSError, safe_xml.XmlError):
            continue
        group = safe_xml.text_of(root, "groupId") or safe_xml.text_of(root, "parent/groupId")
        artifact = safe_xml.text_of(root, "artifactId")
        if group and artifact:
            found.add(f"{group}:{artifact}")
    return found


def _spelt(ecosystem: str, version: str) -> str:
    """osv-scanner drops Go's `v`; compare versions as it spells them."""
    return version.removeprefix("v") if ecosystem == "Go" else version


def classify(eco: str, pair: Pair, this: Side, other: Side) -> str:
    """Why a (package, version) pair is found by one tool (`this`) and not the other."""
    name, version = pair
    versions = {v for n, v in other.packages[eco] if n == name}
    reason = _written_otherwise(version, versions) or _outside_registry(eco, pair, this, other)
    if reason:
        return reason
    if this.file_of.get((eco, name, version)) not in other.files:
        return f"file not read by the other tool ({this.file_of.get((eco, name, version))})"
    return "other-version" if versions else "absent"


def _written_otherwise(version: str, versions: set[str]) -> str | None:
    """The other tool has the package with this version spelt otherwise, or a placeholder."""
    if any(v.lower().removeprefix("v") == version.lower().removeprefix("v") for v in versions):
        return "version-spelling"
    if version == "0" and versions:  # only osv-scanner writes 0, for a version it lacks
        return (
            "unresolved-0 (osv-scanner writes 0 for a version it cannot resolve offline, "
            "such as one a parent's dependencyManagement sets; codevitals resolves it)"
        )
    return None


def _outside_registry(eco: str, pair: Pair, this: Side, other: Side) -> str | None:
    """The project's own crate, a git or path source, or a requirement without a version."""
    name = pair[0]
    if pair in this.own:
        return "workspace-member (the project's own crate or Maven module, built beside it)"
    if name in other.sourced[eco]:
        return (
            f"{other.sourced[eco][name]}-source (locked to a git checkout or local path: "
            "codevitals reports its version unknown, osv-scanner takes the version the "
            "lockfile lists for it, which no registry release need match)"
        )
    if name in other.unversioned[eco]:
        return "unpinned (osv-scanner takes a version the file does not pin)"
    return None


_APART = (
    "file not read",
    "workspace-member",
    "unpinned",
    "vcs-source",
    "path-source",
    "unresolved-0",
    "follows a package difference",
)


def classify_advisory(eco: str, pair: Pair, this: Side, other: Side) -> str:
    """Why a (package, advisory) pair is on one side only."""
    name = pair[0]
    mine = {v for n, v in this.packages[eco] if n == name}
    theirs = {v for n, v in other.packages[eco] if n == name}
    if mine != theirs:
        return "follows a package difference"
    return "matching differs"


def compare(ours: Side, theirs: Side) -> dict[str, Any]:
    """Agreement per ecosystem, and every difference with its class."""
    report: dict[str, Any] = {}
    for eco in sorted(set(ours.packages) | set(theirs.packages)):
        entry: dict[str, Any] = {}
        for kind, why in (("packages", classify), ("advisories", classify_advisory)):
            mine, oracle = getattr(ours, kind)[eco], getattr(theirs, kind)[eco]
            only_ours = [[*p, why(eco, p, ours, theirs)] for p in sorted(mine - oracle)]
            only_theirs = [[*p, why(eco, p, theirs, ours)] for p in sorted(oracle - mine)]
            # Pairs from a file one tool does not read, or of the project's own crates, or
            # that osv-scanner invents for unpinned requirements are not a disagreement on
            # the same input: the agreement on common ground leaves them out.
            apart = sum(1 for row in only_ours + only_theirs if row[2].startswith(_APART))
            union = len(mine | oracle)
            entry[kind] = {
                "codevitals": len(mine),
                "osv-scanner": len(oracle),
                "both": len(mine & oracle),
                "agreement": round(len(mine & oracle) / union, 4) if union else 1.0,
                "agreement_common_ground": (
                    round(len(mine & oracle) / (union - apart), 4) if union - apart else 1.0
                ),
                "only_codevitals": only_ours,
                "only_osv_scanner": only_theirs,
            }
        report[eco] = entry
    return report


def print_report(repo: str, report: dict[str, Any]) -> None:
    """The figures of each ecosystem, then every difference with its class."""
    for eco, entry in report.items():
        for kind in ("packages", "advisories"):
            figures = entry[kind]
            print(f"{repo} {eco} {kind}: codevitals {figures['codevitals']}, "
                  f"osv-scanner {figures['osv-scanner']}, both {figures['both']}, "
                  f"agreement {figures['agreement']:.2%}, on common ground "
                  f"{figures['agreement_common_ground']:.2%}")  # fmt: skip
            rows = [(side, row) for side in ("only_codevitals", "only_osv_scanner")
                    for row in figures[side]]  # fmt: skip
            for side, row in rows:
                print(f"  {side}: {' '.join(row)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path)
    parser.add_argument("--vuln-db", type=Path, action="append", required=True)
    parser.add_argument("--scanner", type=Path, default=SCANNER)
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args()
    if not args.scanner.exists():
        sys.exit(f"{args.scanner}: not found; run benchmarks/oracles/install.sh osv-scanner")
    with tempfile.TemporaryDirectory(prefix="codevitals-osv-") as folder:
        work = Path(folder)
        counts = build_databases(args.vuln_db, work)
        theirs, their_time = run_scanner(args.scanner, args.repo.resolve(), work)
        ours, our_time = run_codevitals(args.repo.resolve(), work)
    report = compare(ours, theirs)
    print_report(args.repo.name, report)
    version = subprocess.run([str(args.scanner), "--version"], capture_output=True, text=True,
                             check=False).stdout.splitlines()[:1]  # fmt: skip
    origin = _origin(args.repo)
    document = {
        "repo": origin.get("repo", args.repo.name),
        "commit": origin.get("commit", ""),
        "osv_scanner": version[0] if version else "?",
        "records": counts,
        "files": {"codevitals": sorted(ours.files), "osv-scanner": sorted(theirs.files)},
        "seconds": {"codevitals": round(our_time, 2), "osv-scanner": round(their_time, 2)},
        "ecosystems": report,
    }
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / f"osv-scanner-{args.repo.name}-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps(document, indent=1) + "\n")
    print(f"files: codevitals {sorted(ours.files)}; osv-scanner {sorted(theirs.files)}")
    print(f"seconds: codevitals {our_time:.1f}, osv-scanner {their_time:.1f}; wrote {out}")
    return 0


def _origin(repo: Path) -> dict[str, str]:
    """Where the files came from: a copied folder's ORIGIN.json, or the checkout's HEAD."""
    recorded = repo / "ORIGIN.json"
    if recorded.is_file():
        origin = json.loads(recorded.read_text(encoding="utf-8"))
        return {"repo": str(origin["repo"]), "commit": str(origin["commit"])}
    done = subprocess.run(["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True,
                          text=True, check=False)  # fmt: skip
    return {"repo": repo.name, "commit": done.stdout.strip()}


if __name__ == "__main__":
    raise SystemExit(main())
