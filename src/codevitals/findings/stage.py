"""The findings stage: rule violations per file and line, cached per blob.

A file's findings depend only on its bytes, its path (a few rules look at the file name),
the rule selection, ruff's version and the secrets detector's version, so they are cached
under those. A warm scan runs neither ruff nor the secrets detector; a cold one runs ruff
once for every file the cache lacks.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import astuple, dataclass

from codevitals.cache import Cache
from codevitals.findings import fingerprint, ruff, secrets
from codevitals.findings.presets import TEST_EXEMPT, Selection, severity
from codevitals.model import Notice
from codevitals.model.findings import Conformance, FileFindings, Finding, Findings, RuleDoc

__all__ = ["CheckedFile", "Load", "find"]

Load = Callable[[Sequence[str]], dict[str, bytes]]
"""Reads files by relative path; a file it cannot read is left out."""
_NO_RUFF = "-"


@dataclass(frozen=True, slots=True)
class CheckedFile:
    """A file to check: its path relative to the scan root and its blob id."""

    path: str
    blob_id: str
    test: bool = False
    """A test file: the rules in `presets.TEST_EXEMPT` do not apply."""
    python: bool = True
    """Python source, which ruff checks; secrets are looked for in every language."""


@dataclass(frozen=True, slots=True)
class _Record:
    """What is cached for one file: its line counts for conformance, and its findings."""

    lines: int
    flagged: int
    found: tuple[tuple[ruff.Diagnostic, str], ...]
    """Each finding with its fingerprint."""

    def encode(self) -> bytes:
        rows = [[*astuple(d), print_] for d, print_ in self.found]
        return json.dumps([self.lines, self.flagged, rows], separators=(",", ":")).encode()

    @classmethod
    def decode(cls, data: bytes) -> _Record:
        lines, flagged, rows = json.loads(data)
        found = tuple((ruff.Diagnostic(*row[:-1]), str(row[-1])) for row in rows)
        return cls(int(lines), int(flagged), found)


def find(
    sources: Sequence[CheckedFile], load: Load, selection: Selection, cache: Cache
) -> Findings:
    """The findings of `sources` under `selection`, from the cache where it has them."""
    ruff_version = ruff.version() if selection.ruff_select else _NO_RUFF
    keys = {s.path: _key(s, selection, ruff_version) for s in sources}
    records = _restore(cache, keys)
    missing = [s.path for s in sources if s.path not in records]
    tests = {s.path for s in sources if s.test}
    python = {s.path for s in sources if s.python}
    fresh, notices = _check(load(missing), selection, tests, python) if missing else ({}, [])
    cache.put_many((keys[path], record.encode()) for path, record in fresh.items())
    records.update(fresh)
    files = tuple(_file(path, records[path]) for path in sorted(records))
    codes = {finding.code for item in files for finding in item.findings}
    return Findings(
        presets=selection.presets,
        selected=selection.selected,
        ruff_version=ruff_version,
        files=files,
        rules=tuple(_docs(codes, ruff_version, cache)),
        notices=tuple(notices),
    )


def _key(source: CheckedFile, selection: Selection, ruff_version: str) -> str:
    material = "\0".join(
        [
            source.blob_id,
            source.path,
            str(source.test),
            str(source.python),
            selection.key(),
            ruff_version,
            secrets.VERSION,
        ]
    )
    return "findings:" + hashlib.sha1(material.encode(), usedforsecurity=False).hexdigest()


def _restore(cache: Cache, keys: dict[str, str]) -> dict[str, _Record]:
    stored = cache.get_many(list(keys.values()))
    records: dict[str, _Record] = {}
    for path, key in keys.items():
        data = stored.get(key)
        if data is None:
            continue
        try:
            records[path] = _Record.decode(data)
        except ValueError:
            continue  # a damaged record is simply checked again
    return records


def _check(
    contents: dict[str, bytes], selection: Selection, tests: set[str], python: set[str]
) -> tuple[dict[str, _Record], list[Notice]]:
    """Records of the files checked; a notice for each ruff crashed on (nothing cached).

    ruff reads whatever it is given as Python: other languages get the secrets check only.
    """
    checked = ruff.check({p: data for p, data in contents.items() if p in python}, selection)
    notices = [
        Notice(path, "ruff-crashed", f"ruff crashed on this file ({why}); its findings are unknown")
        for path, why in sorted(checked.crashed.items())
    ]
    records: dict[str, _Record] = {}
    for path, data in contents.items():
        if path in checked.crashed:
            continue
        found = checked.diagnostics.get(path, [])
        if path in tests:
            found = [d for d in found if not d.code.startswith(TEST_EXEMPT)]
        records[path] = _record(data.decode("utf-8", "replace"), found, selection)
    return records, notices


def _record(text: str, found: list[ruff.Diagnostic], selection: Selection) -> _Record:
    if selection.secrets:
        found = found + [
            ruff.Diagnostic(s.rule.code, s.rule.name, s.message, s.line, s.column, s.line,
                            s.end_column)
            for s in secrets.detect(text)
            if selection.wants_secret(s.rule.code)
        ]  # fmt: skip
    found.sort(key=lambda d: (d.line, d.column, d.code))
    lines = text.splitlines()
    prints = fingerprint.fingerprints(((d.code, d.line) for d in found), lines)
    figure = fingerprint.conformance(lines, (d.line for d in found))
    return _Record(figure.lines, figure.flagged_lines, tuple(zip(found, prints, strict=True)))


def _file(path: str, record: _Record) -> FileFindings:
    findings = tuple(_finding(path, d, print_) for d, print_ in record.found)
    return FileFindings(path, Conformance(record.lines, record.flagged), findings)


def _finding(path: str, d: ruff.Diagnostic, print_: str) -> Finding:
    return Finding(
        code=d.code,
        name=d.name,
        message=d.message,
        path=path,
        line=d.line,
        column=d.column,
        end_line=d.end_line,
        end_column=d.end_column,
        severity=severity(d.code),
        fingerprint=print_,
    )


def _docs(codes: Iterable[str], ruff_version: str, cache: Cache) -> list[RuleDoc]:
    """Documentation of the rules found, ruff's cached per ruff version."""
    wanted = sorted(codes)
    known = secrets.docs()
    ruff_codes = [code for code in wanted if code not in known]
    keys = {code: f"ruff-rule:{ruff_version}:{code}" for code in ruff_codes}
    stored = cache.get_many(list(keys.values()))
    if any(key not in stored for key in keys.values()):
        every = ruff.rule_docs()
        cache.put_many((f"ruff-rule:{ruff_version}:{c}", _encode_doc(d)) for c, d in every.items())
        stored = {keys[c]: _encode_doc(every[c]) for c in ruff_codes if c in every}
    docs = [_decode_doc(stored[keys[code]]) for code in ruff_codes if keys[code] in stored]
    return sorted([*docs, *(known[c] for c in wanted if c in known)], key=lambda d: d.code)


def _encode_doc(doc: RuleDoc) -> bytes:
    return json.dumps([doc.code, doc.name, doc.summary, doc.explanation, doc.url]).encode()


def _decode_doc(data: bytes) -> RuleDoc:
    code, name, summary, explanation, url = json.loads(data)
    return RuleDoc(code, name, summary, explanation, url)
