"""Vulnerability services: the OSV API (a local fake of it) and offline databases."""

from __future__ import annotations

import json
import shutil
import time
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
import yaml

from codevitals.cache import Cache
from codevitals.deps.advisory import Advisory
from codevitals.deps.fetch import Failure, Fetcher, HttpSettings
from codevitals.deps.osv import OfflineDatabase, OsvService
from codevitals.deps.store import Stamped
from codevitals.errors import DependencyError
from tests.deps.fake_server import FakeServer, Reply

ADVISORIES = Path(__file__).parent / "fixtures" / "advisories"
FAST = HttpSettings(timeout=2.0, retries=1, backoff=0.01)


def record(path: str) -> dict[str, Any]:
    text = (ADVISORIES / path).read_text(encoding="utf-8")
    loaded = json.loads(text) if path.endswith(".json") else yaml.safe_load(text)
    # Dates as the API sends them: strings.
    converted: dict[str, Any] = json.loads(json.dumps(loaded, default=str))
    return converted


RECORDS = {
    "PYSEC-2018-28": record("requests/PYSEC-2018-28.yaml"),
    "PYSEC-2023-74": record("requests/PYSEC-2023-74.yaml"),
    "PYSEC-2023-221": record("werkzeug/PYSEC-2023-221.yaml"),
}


def ids(found: list[Advisory] | Failure) -> list[str]:
    assert not isinstance(found, Failure), found
    return sorted(a.id for a in found)


def batch_answer(path: str, body: bytes) -> Reply:
    """A fake querybatch: requests 2.19.1 has two advisories, werkzeug pages its one."""
    results: list[dict[str, Any]] = []
    for query in json.loads(body)["queries"]:
        key = (query["package"]["name"], query.get("version"), query.get("page_token"))
        results.append(_BATCH.get(key, {}))
    return Reply.json({"results": results})


def _vuln(vuln_id: str) -> dict[str, str]:
    return {"id": vuln_id, "modified": RECORDS[vuln_id]["modified"]}


_BATCH: dict[tuple[str, str | None, str | None], dict[str, Any]] = {
    ("requests", "2.19.1", None): {"vulns": [_vuln("PYSEC-2018-28"), _vuln("PYSEC-2023-74")]},
    ("werkzeug", "2.3.7", None): {"vulns": [], "next_page_token": "page-2"},
    ("werkzeug", "2.3.7", "page-2"): {"vulns": [_vuln("PYSEC-2023-221")]},
}


@pytest.fixture
def server() -> Iterator[FakeServer]:
    with FakeServer() as running:
        running.route("/v1/querybatch", batch_answer)
        running.route("/v1/vulns/", lambda path, _: Reply.json(RECORDS[path.rsplit("/", 1)[1]]))
        yield running


def online(server: FakeServer, cache: Cache | None, fetcher: Fetcher) -> OsvService:
    return OsvService(fetcher, Stamped(cache, 3600), Stamped(cache, None), server.url)


def test_online_batch_then_records(server: FakeServer) -> None:
    with Fetcher(FAST) as fetcher:
        found = online(server, None, fetcher).advisories(
            [("requests", "2.19.1"), ("requests", "2.31.0"), ("werkzeug", "2.3.7")]
        )
    assert ids(found[("requests", "2.19.1")]) == ["PYSEC-2018-28", "PYSEC-2023-74"]
    assert ids(found[("requests", "2.31.0")]) == []
    assert ids(found[("werkzeug", "2.3.7")]) == ["PYSEC-2023-221"]  # from the second page
    posts = [r for r in server.requests if r[0] == "POST"]
    assert len(posts) == 2  # the batch, then the werkzeug page


def test_online_answers_are_cached(server: FakeServer, cache: Cache) -> None:
    queries = [("requests", "2.19.1")]
    with Fetcher(FAST) as fetcher:
        online(server, cache, fetcher).advisories(queries)
        asked = len(server.requests)
        again = online(server, cache, fetcher).advisories(queries)
    assert len(server.requests) == asked
    assert ids(again[("requests", "2.19.1")]) == ["PYSEC-2018-28", "PYSEC-2023-74"]


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(500), "http-error"),
        (Reply(200, b"<html>"), "malformed"),
        (Reply.json({"results": []}), "malformed"),
    ],
)
def test_a_failed_batch_makes_every_answer_unknown(
    server: FakeServer, reply: Reply, reason: str
) -> None:
    server.route("/v1/querybatch", reply)
    with Fetcher(FAST) as fetcher:
        found = online(server, None, fetcher).advisories([("requests", "2.19.1"), ("six", "1.0")])
    for answer in found.values():
        assert isinstance(answer, Failure)
        assert answer.reason == reason
        assert answer.message.startswith(f"OSV: {server.url}") or reason == "malformed"


def test_an_unreachable_api_is_unknown_not_clean() -> None:
    with Fetcher(FAST) as fetcher:
        service = OsvService(fetcher, Stamped(None, 1), Stamped(None, None), "http://127.0.0.1:9")
        found = service.advisories([("requests", "2.31.0")])
    answer = found[("requests", "2.31.0")]
    assert isinstance(answer, Failure)
    assert answer.reason == "network"


def offline(path: Path, cache: Cache | None) -> OfflineDatabase:
    return OfflineDatabase(path, Stamped(cache, None))


EXPECTED = {
    ("requests", "2.19.1"): ["PYSEC-2018-28", "PYSEC-2023-74"],
    ("requests", "2.25.0"): ["PYSEC-2023-74"],
    ("requests", "2.31.0"): [],
    ("werkzeug", "3.0.0"): ["PYSEC-2023-221"],
    ("jinja2", "2.10"): ["PYSEC-2019-217"],  # from the JSON record
    ("redis", "4.5.4"): [],  # withdrawn
    ("six", "1.16.0"): [],
}


def queries() -> Sequence[tuple[str, str]]:
    return list(EXPECTED)


def test_offline_folder_of_yaml_and_json(cache: Cache) -> None:
    found = offline(ADVISORIES, cache).advisories(queries())
    assert {q: ids(a) for q, a in found.items()} == EXPECTED


def test_offline_zip(tmp_path: Path) -> None:
    archive = tmp_path / "all.zip"
    with zipfile.ZipFile(archive, "w") as handle:
        for item in ADVISORIES.rglob("*"):
            if item.is_file():
                handle.write(item, item.relative_to(ADVISORIES).as_posix())
    found = offline(archive, None).advisories(queries())
    assert {q: ids(a) for q, a in found.items()} == EXPECTED


def test_the_index_is_built_once_and_read_from_the_cache(tmp_path: Path, cache: Cache) -> None:
    database = tmp_path / "db"
    shutil.copytree(ADVISORIES, database)
    first = offline(database, cache)
    first.advisories(queries())
    second = offline(database, cache)
    assert {q: ids(a) for q, a in second.advisories(queries()).items()} == EXPECTED
    assert second._memory is None  # answered from the stored index, nothing parsed


def test_a_changed_database_is_indexed_again(tmp_path: Path, cache: Cache) -> None:
    database = tmp_path / "db"
    shutil.copytree(ADVISORIES, database)
    offline(database, cache).advisories(queries())
    (database / "requests" / "PYSEC-2023-74.yaml").unlink()
    found = offline(database, cache).advisories([("requests", "2.25.0")])
    assert ids(found[("requests", "2.25.0")]) == []


def test_a_broken_record_is_a_notice_and_the_rest_is_read(tmp_path: Path) -> None:
    database = tmp_path / "db"
    shutil.copytree(ADVISORIES, database)
    (database / "broken.yaml").write_text("id: X\naffected: [\n  - oops: {\n")
    (database / "list.json").write_text("[1, 2]")
    service = offline(database, None)
    found = service.advisories([("requests", "2.25.0")])
    assert ids(found[("requests", "2.25.0")]) == ["PYSEC-2023-74"]
    assert sorted((n.path, n.reason) for n in service.notices) == [
        ("broken.yaml", "invalid-advisory"),
        ("list.json", "invalid-advisory"),
    ]
    assert next(n for n in service.notices if n.path == "broken.yaml").line is not None


def test_a_database_that_is_neither_folder_nor_zip_is_an_error(tmp_path: Path) -> None:
    bogus = tmp_path / "db.txt"
    bogus.write_text("hello")
    with pytest.raises(DependencyError, match="folder or a zip"):
        offline(bogus, None)


@pytest.mark.parametrize("result", [{"vulns": "PYSEC-1"}, {"vulns": ["PYSEC-1"]}, "nothing"])
def test_a_malformed_result_is_unknown_not_a_crash(server: FakeServer, result: object) -> None:
    server.route("/v1/querybatch", Reply.json({"results": [result]}))
    with Fetcher(FAST) as fetcher:
        found = online(server, None, fetcher).advisories([("requests", "2.19.1")])
    answer = found[("requests", "2.19.1")]
    assert isinstance(answer, Failure)
    assert answer.reason == "malformed"


def test_a_cache_entry_we_did_not_write_is_asked_again(server: FakeServer, cache: Cache) -> None:
    with Fetcher(FAST) as fetcher:
        service = online(server, cache, fetcher)
        key = f"{service._prefix}requests\0" + "2.19.1"
        now = int(time.time())  # fresh: only its content can make it unusable
        for junk in ("[1, 2]", '[["a"]]', "3"):
            cache.put_many([(key, f"[{now}, {junk}]".encode())])
            found = online(server, cache, fetcher).advisories([("requests", "2.19.1")])
            assert ids(found[("requests", "2.19.1")]) == ["PYSEC-2018-28", "PYSEC-2023-74"]
    assert sum(1 for method, _, _ in server.requests if method == "POST") == 3
