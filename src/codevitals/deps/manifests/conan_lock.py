"""Conan's `conan.lock`: every package of the graph, at the version resolved.

Conan 2 writes `requires`, `build_requires` (the `dev` group) and `python_requires` lists
of references with their revision (`zlib/1.2.13#…%1680…`); Conan 1 a `graph_lock` whose
`nodes` each hold a `ref` (node `0` is the project itself). The file does not say which
packages the project names itself.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any, ClassVar

from codevitals.deps.manifests.base import Files, Lines, Parsed, read_json
from codevitals.deps.manifests.conan_ref import declared
from codevitals.model.deps import Relation

_LISTS = {"requires": "", "build_requires": "dev", "python_requires": "dev"}


class ConanLockSource:
    """Conan's lockfile."""

    kind: ClassVar[str] = "conan.lock"
    lockfile: ClassVar[bool] = True

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `conan.lock`, outside build folders."""
        return path.name == "conan.lock" and "build" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Each locked reference; node 0 of a Conan 1 lock (the project) is left out."""
        parsed = Parsed()
        found = read_json(files, path, parsed)
        if found is None:
            return parsed
        text, document = found
        lines = Lines(text)
        for reference, group in _references(document):
            where = (path, lines.find(f'"{reference}"'))
            item = declared(reference, where, group, Relation.UNKNOWN)
            if item is not None:
                parsed.declarations.append(item)
        return parsed


def _references(document: dict[str, Any]) -> list[tuple[str, str]]:
    """(reference, group) of every package, Conan 2's lists or Conan 1's graph nodes."""
    found = [
        (reference, group)
        for key, group in _LISTS.items()
        if isinstance(document.get(key), list)
        for reference in document[key]
        if isinstance(reference, str)
    ]
    graph = document.get("graph_lock")
    nodes = graph.get("nodes") if isinstance(graph, dict) else None
    if isinstance(nodes, dict):
        found += [
            (node["ref"], "")
            for key, node in nodes.items()
            if key != "0" and isinstance(node, dict) and isinstance(node.get("ref"), str)
        ]
    return found
