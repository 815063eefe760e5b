"""Known vulnerabilities from OSV: the online API, or an offline database.

Both implement `VulnerabilityService`: given (name, version) pairs of one ecosystem, the
advisories that affect each, or a `Failure` saying why that is unknown.

* `OsvService` asks `POST /v1/querybatch` which advisories affect each pair (1,000 pairs a
  request), then fetches each advisory once (`GET /v1/vulns/<id>`), in parallel. Answers
  are cached: the list of ids for an hour, an advisory for as long as its `modified` stamp
  is the same.
* `OfflineDatabase` reads a folder or zip of OSV records in JSON or YAML, such as the PyPA
  advisory database or osv.dev's `<ecosystem>/all.zip` dumps, of any ecosystem codevitals
  reads. It is indexed once by (ecosystem, package) and the
  index is cached, keyed by the files' names, sizes and modification times; later runs
  read only the packages they audit. Ranges are evaluated here (see `ranges.py`).
"""

from __future__ import annotations

import hashlib
import json
import os
import zipfile
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

from codevitals.deps.advisory import ECOSYSTEM, Advisory, all_packages_of, parse, reduce
from codevitals.deps.ecosystems import ecosystem as ecosystem_named
from codevitals.deps.endpoints import OSV
from codevitals.deps.fetch import Failure, Fetcher
from codevitals.deps.ranges import affects_text
from codevitals.deps.store import Stamped
from codevitals.errors import DependencyError
from codevitals.model import Notice
from codevitals.model.deps import VulnerabilitySource

QUERY_TTL = 3600.0
"""Seconds the list of advisories affecting a version stays fresh in the cache."""
_BATCH = 1000
_MAX_PAGES = 10
_MAX_RECORD = 16 * 1024 * 1024
_SUFFIXES = (".json", ".yaml", ".yml")

Query = tuple[str, str]
"""A normalised project name and a version."""


class VulnerabilityService(Protocol):
    """Where known vulnerabilities come from."""

    description: str
    """Where the answers come from, for the report's sources (a URL, a path)."""
    source: VulnerabilitySource

    def advisories(
        self, queries: Sequence[Query], ecosystem: str = ECOSYSTEM
    ) -> dict[Query, list[Advisory] | Failure]:
        """The advisories affecting each (name, version) of `ecosystem`, or why unknown."""


# -- online ---------------------------------------------------------------------------------


class OsvService:
    """The OSV API: batch query, then each advisory's full record."""

    source = VulnerabilitySource.OSV

    def __init__(self, fetcher: Fetcher, queries: Stamped, records: Stamped, url: str = OSV):
        self._fetcher = fetcher
        self._queries = queries
        self._records = records
        self.url = url.rstrip("/")
        self.description = self.url
        digest = hashlib.sha1(self.url.encode(), usedforsecurity=False).hexdigest()[:12]
        self._prefix = f"osv:q1:{digest}:"

    def advisories(
        self, queries: Sequence[Query], ecosystem: str = ECOSYSTEM
    ) -> dict[Query, list[Advisory] | Failure]:
        """Ids from the cache or the batch API, then the records they name."""
        ids = self._ids(queries, ecosystem)
        wanted = {pair for found in ids.values() if isinstance(found, list) for pair in found}
        records = self._fetch_records(sorted(wanted))
        return {
            query: self._resolve(query, found, records, ecosystem) for query, found in ids.items()
        }

    def _ids(
        self, queries: Sequence[Query], ecosystem: str
    ) -> dict[Query, list[tuple[str, str]] | Failure]:
        # PyPI's keys are those of before other ecosystems, so their cache stays valid.
        prefix = self._prefix if ecosystem == ECOSYSTEM else f"{self._prefix}{ecosystem}\0"
        keys = {query: f"{prefix}{query[0]}\0{query[1]}" for query in queries}
        cached = self._queries.get_many(list(keys.values()))
        restored = {query: _cached_ids(cached.get(key)) for query, key in keys.items()}
        found: dict[Query, list[tuple[str, str]] | Failure] = {
            query: ids for query, ids in restored.items() if ids is not None
        }
        missing = [query for query in queries if query not in found]
        for start in range(0, len(missing), _BATCH):
            found.update(self._batch(missing[start : start + _BATCH], ecosystem))
        self._queries.put_many(
            {keys[q]: ids for q, ids in found.items() if q in missing and isinstance(ids, list)}
        )
        return found

    def _batch(
        self, queries: Sequence[Query], ecosystem: str
    ) -> dict[Query, list[tuple[str, str]] | Failure]:
        body = {"queries": [_query(name, version, ecosystem) for name, version in queries]}
        answer = self._fetcher.post_json(f"{self.url}/v1/querybatch", body)
        results = answer.get("results") if isinstance(answer, dict) else None
        if isinstance(answer, Failure):
            return dict.fromkeys(queries, _unknown(answer))
        if not isinstance(results, list) or len(results) != len(queries):
            failure = Failure("malformed", f"{self.url}/v1/querybatch: unexpected answer")
            return dict.fromkeys(queries, failure)
        pairs = zip(queries, results, strict=True)
        return {q: self._all_pages(q, r, ecosystem) for q, r in pairs}

    def _all_pages(
        self, query: Query, result: Any, ecosystem: str
    ) -> list[tuple[str, str]] | Failure:
        ids: list[tuple[str, str]] = []
        for _ in range(_MAX_PAGES):
            if not isinstance(result, dict):
                return Failure("malformed", f"{self.url}: unexpected result for {query[0]}")
            vulns = result.get("vulns") or []
            if not isinstance(vulns, list) or not all(isinstance(v, dict) for v in vulns):
                return Failure("malformed", f"{self.url}: unexpected vulns for {query[0]}")
            ids += [(str(v.get("id")), str(v.get("modified", ""))) for v in vulns]
            token = result.get("next_page_token")
            if not token:
                return ids
            body = {"queries": [{**_query(*query, ecosystem), "page_token": token}]}
            answer = self._fetcher.post_json(f"{self.url}/v1/querybatch", body)
            if isinstance(answer, Failure):
                return _unknown(answer)
            result = (answer.get("results") or [None])[0] if isinstance(answer, dict) else None
        return ids

    def _fetch_records(self, wanted: Sequence[tuple[str, str]]) -> dict[str, Any]:
        keys = {vuln_id: f"osv:r1:{vuln_id}\0{modified}" for vuln_id, modified in wanted}
        cached = self._records.get_many(list(keys.values()))
        found = {vuln_id: cached[key] for vuln_id, key in keys.items() if key in cached}
        missing = [vuln_id for vuln_id in keys if vuln_id not in found]
        fetched = self._fetcher.map(
            lambda vuln_id: self._fetcher.get_json(f"{self.url}/v1/vulns/{vuln_id}"), missing
        )
        found.update(zip(missing, fetched, strict=True))
        self._records.put_many({keys[v]: found[v] for v in missing if isinstance(found[v], dict)})
        return found

    def _resolve(
        self,
        query: Query,
        ids: list[tuple[str, str]] | Failure,
        records: dict[str, Any],
        ecosystem: str,
    ) -> list[Advisory] | Failure:
        if isinstance(ids, Failure):
            return ids
        advisories: list[Advisory] = []
        for vuln_id, _ in ids:
            record = records.get(vuln_id)
            if not isinstance(record, dict):
                failure = record if isinstance(record, Failure) else None
                return _unknown(failure or Failure("malformed", f"{vuln_id}: no record"))
            advisory = parse(record, query[0], ecosystem)
            if not advisory.withdrawn:
                advisories.append(advisory)
        return advisories


def _cached_ids(payload: Any) -> list[tuple[str, str]] | None:
    """(id, modified) pairs as stored, or None when there are none (or not as we store them)."""
    if not isinstance(payload, list):
        return None
    pairs = [tuple(pair) for pair in payload if isinstance(pair, list) and len(pair) == 2]
    if len(pairs) != len(payload) or not all(isinstance(v, str) for p in pairs for v in p):
        return None
    return [(str(a), str(b)) for a, b in pairs]


def _query(name: str, version: str, ecosystem: str) -> dict[str, Any]:
    return {"package": {"name": name, "ecosystem": ecosystem}, "version": version}


def _unknown(failure: Failure) -> Failure:
    return Failure(failure.reason, f"OSV: {failure.message}")


# -- offline --------------------------------------------------------------------------------


class OfflineDatabase:
    """A folder or zip of OSV records, indexed by package (the index cached)."""

    source = VulnerabilitySource.DATABASE

    def __init__(self, path: Path, index: Stamped) -> None:
        if not (path.is_dir() or zipfile.is_zipfile(path)):
            raise DependencyError(f"{path}: --vuln-db must be a folder or a zip of OSV records")
        self.path = path
        self.description = str(path)
        self.notices: list[Notice] = []
        self._index = index
        self._prefix = f"osvdb:v2:{_fingerprint(path)}"
        self._memory: dict[str, list[dict[str, Any]]] | None = None

    def advisories(
        self, queries: Sequence[Query], ecosystem: str = ECOSYSTEM
    ) -> dict[Query, list[Advisory] | Failure]:
        """Advisories from the index whose ranges hold each version."""
        keys = {name: _key(ecosystem, name) for name, _ in queries}
        by_key = self._records(sorted(set(keys.values())))
        return {
            query: _affecting(query, by_key.get(keys[query[0]], []), ecosystem) for query in queries
        }

    def _records(self, keys: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
        if self._memory is None:
            stored = self._index.get_many([self._prefix, *(f"{self._prefix}:{k}" for k in keys)])
            restored = _restore_notices(stored.get(self._prefix))
            if restored is not None:
                self.notices += restored
                return {k: stored.get(f"{self._prefix}:{k}", []) for k in keys}
            self._memory = self._build()
        return {key: self._memory.get(key, []) for key in keys}

    def _build(self) -> dict[str, list[dict[str, Any]]]:
        """Read every record once, group by package, and store the index."""
        index: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for name, data in _members(self.path, self.notices):
            record = _load(name, data, self.notices)
            for ecosystem, package in all_packages_of(record) if record is not None else ():
                reduced = reduce(record, package, ecosystem)  # type: ignore[arg-type]
                index[_key(ecosystem, package)].append(reduced)
        stored: dict[str, Any] = {f"{self._prefix}:{p}": v for p, v in index.items()}
        stored[self._prefix] = [[n.path, n.reason, n.message, n.line] for n in self.notices]
        self._index.put_many(stored)
        return dict(index)


def _restore_notices(payload: Any) -> list[Notice] | None:
    """The notices stored with an index, or None when there is no (readable) index."""
    try:
        return [Notice(*item) for item in payload] if isinstance(payload, list) else None
    except TypeError:
        return None  # not what we store: index again


def _key(ecosystem: str, name: str) -> str:
    """A package's key in the index: PyPI's names alone, others behind their ecosystem."""
    return name if ecosystem == ECOSYSTEM else f"{ecosystem}\0{name}"


def _affecting(
    query: Query, records: list[dict[str, Any]], ecosystem: str
) -> list[Advisory] | Failure:
    name, version = query
    known = ecosystem_named(ecosystem)
    if known is None:
        return Failure("unsupported", f"{ecosystem}: no version ordering for this ecosystem")
    found: list[Advisory] = []
    for record in records:
        advisory = parse(record, name, ecosystem)
        verdict = affects_text(advisory, version, known.parse)
        if verdict is None:
            kind = "PEP 440" if ecosystem == ECOSYSTEM else f"{ecosystem}"
            return Failure("invalid-version", f"{version!r} is not a {kind} version")
        if verdict:
            found.append(advisory)
    return found


def _fingerprint(path: Path) -> str:
    """Names, sizes and modification times of the records: changes when the database does."""
    digest = hashlib.sha1(str(path.resolve()).encode(), usedforsecurity=False)
    if path.is_file():
        info = path.stat()
        digest.update(f"\0{info.st_size}\0{info.st_mtime_ns}".encode())
    else:  # one update of the whole listing: the same digest as an update per file, sooner
        rows = sorted(_stats(str(path)))
        digest.update("".join(f"\0{name}\0{size}\0{mtime}" for name, size, mtime in rows).encode())
    return digest.hexdigest()[:20]


def _stats(folder: str) -> Iterator[tuple[str, int, int]]:
    """(path, size, mtime) of every record file below `folder`: os.scandir, for speed."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                yield from _stats(entry.path)
            elif entry.name.endswith(_SUFFIXES):
                info = entry.stat()
                yield entry.path, info.st_size, info.st_mtime_ns


def _record_files(folder: Path) -> Iterator[Path]:
    return (item for item in folder.rglob("*") if item.suffix in _SUFFIXES and item.is_file())


def _members(path: Path, notices: list[Notice]) -> Iterator[tuple[str, bytes]]:
    """(name, bytes) of every record file in the folder or zip."""
    if path.is_dir():
        for item in sorted(_record_files(path)):
            yield item.relative_to(path).as_posix(), item.read_bytes()
        return
    with zipfile.ZipFile(path) as archive:
        for info in archive.infolist():
            if info.filename.endswith(_SUFFIXES) and info.file_size <= _MAX_RECORD:
                yield info.filename, archive.read(info)
            elif info.filename.endswith(_SUFFIXES):
                notices.append(Notice(info.filename, "too-large", "advisory too large; skipped"))


def _yaml(data: bytes) -> Any:
    # A safe loader (libyaml's where installed: five times faster), never the full one.
    # Imported here: only a YAML advisory database needs it, and every command loads this module.
    import yaml  # noqa: PLC0415

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(data, Loader=loader)  # noqa: S506
    except yaml.YAMLError as error:
        raise _YamlError(error) from error


class _YamlError(ValueError):
    """A YAML error as a ValueError, with its 1-based line as `lineno` (as JSON's errors)."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        mark = getattr(error, "problem_mark", None)
        self.lineno: int | None = mark.line + 1 if mark is not None else None


def _load(name: str, data: bytes, notices: list[Notice]) -> dict[str, Any] | None:
    try:
        record = json.loads(data) if name.endswith(".json") else _yaml(data)
    except ValueError as error:  # json's errors and _YamlError both carry `lineno`
        line = getattr(error, "lineno", None)
        notices.append(Notice(name, "invalid-advisory", str(error).splitlines()[0], line))
        return None
    if not isinstance(record, dict):
        notices.append(Notice(name, "invalid-advisory", "not an OSV record"))
        return None
    return record
