"""Read every manifest found, and settle which version each declaration uses.

A project folder with a lockfile is one project per ecosystem: the declarations of its
`pyproject.toml`, `setup.cfg`, `Pipfile` or `package.json` take their versions from the
lockfile when they do not pin one (`locked_in` says where from), and the lockfile's own
entry for them is dropped, so each package is reported once, at the line where the project
asks for it. The lockfile's other
entries are the project's transitive dependencies, other versions of a declared package
too (npm installs a dependency's own older copy beside the project's).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

from codevitals.deps.ecosystems import ecosystem
from codevitals.deps.manifests import DiskFiles, Files, source_for
from codevitals.deps.manifests.base import Built
from codevitals.model import Notice
from codevitals.model.deps import Declaration, Manifest, Relation

PROJECT_KINDS = frozenset(
    {
        "pyproject",
        "setup.cfg",
        "setup.py",
        "Pipfile",
        "package.json",
        "go.mod",
        "Cargo.toml",
        "csproj",
        "composer.json",
        "build.gradle",
        "conanfile.txt",
    }
)
"""Manifests that a lockfile beside them resolves."""


@dataclass(slots=True)
class Collected:
    """Manifests read, their declarations (resolved) and the problems met."""

    manifests: list[Manifest] = field(default_factory=list)
    declarations: list[Declaration] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)


def collect(root: Path | Files, paths: Sequence[str]) -> Collected:
    """Read the manifests among `paths` and resolve their versions.

    `root` is a folder (`paths` relative to it) or files read already, such as a commit's
    from its git objects.
    """
    files = DiskFiles(root) if isinstance(root, Path) else root
    collected = Collected()
    kinds: dict[str, str] = {}
    lockfiles: dict[str, bool] = {}
    read: set[str] = set()
    built: set[Built] = set()
    for path in sorted(paths):
        source = source_for(path)
        if source is None:
            continue
        kinds[path], lockfiles[path] = source.kind, source.lockfile
        if path not in read:  # else it was read as another file's include
            parsed = source.read(files, path)
            read.update(parsed.read)
            built.update(parsed.builds)
            collected.declarations += parsed.declarations
            collected.notices += parsed.notices
    # A module the repository builds is its own code, as a Cargo workspace member is, not a
    # dependency: its version is on no registry. It must match at its version too, so that a
    # test fixture's pom that names a real artifact hides nothing.
    collected.declarations = [
        d for d in collected.declarations if (d.ecosystem, d.name, d.version or "") not in built
    ]
    for path, kind in kinds.items():
        own = sum(1 for d in collected.declarations if d.path == path)
        collected.manifests.append(Manifest(path, kind, own, lockfiles[path]))
    collected.declarations = resolve(collected.declarations, kinds)
    return collected


def resolve(declarations: Sequence[Declaration], kinds: dict[str, str]) -> list[Declaration]:
    """Give manifest declarations their locked versions, folder by folder, per ecosystem."""
    folders: dict[tuple[str, str], list[Declaration]] = defaultdict(list)
    for item in declarations:
        folders[str(PurePosixPath(item.path).parent), item.ecosystem].append(item)
    # Asked once per file, not once per declaration: a lockfile declares thousands.
    lockfiles = {path for path in kinds if (source := source_for(path)) and source.lockfile}
    _join_workspaces(folders, lockfiles)
    resolved: list[Declaration] = []
    for items in folders.values():
        resolved += _resolve_folder(items, kinds, lockfiles)
    return resolved


def _join_workspaces(
    folders: dict[tuple[str, str], list[Declaration]], lockfiles: set[str]
) -> None:
    """Move each workspace member's declarations to the folder whose lockfile resolves them.

    npm, pnpm, yarn and Cargo workspaces keep one lockfile at the workspace's root for every
    member below it; a member's `package.json` or `Cargo.toml` takes its versions from there.
    """
    locked = {key for key, items in folders.items() if any(d.path in lockfiles for d in items)}
    for folder, name in [key for key in folders if key not in locked]:
        known = ecosystem(name)
        if known is None or not known.workspaces:
            continue
        parents = (str(parent) for parent in PurePosixPath(folder).parents)
        owner = next(((p, name) for p in parents if (p, name) in locked), None)
        if owner is not None:
            folders[owner] += folders.pop((folder, name))


def _resolve_folder(
    items: list[Declaration], kinds: dict[str, str], lockfiles: set[str]
) -> list[Declaration]:
    locks = [d for d in items if d.path in lockfiles]
    if not locks:
        return items
    project = [d for d in items if kinds.get(d.path) in PROJECT_KINDS]
    candidates: dict[str, list[Declaration]] = defaultdict(list)
    for entry in locks:
        if entry.version and not entry.unresolvable:
            candidates[entry.name].append(entry)
    chosen = {id(d): _lock_for(d, candidates.get(d.name, [])) for d in project}
    used: dict[str, set[str | None]] = defaultdict(set)
    for item in project:
        lock = chosen[id(item)]
        used[item.name].add(lock.version if lock is not None else None)
    undeclared = [d for d in locks if not _same_as_used(d, used)]
    transitive = [_transitive(d, has_manifest=bool(project)) for d in undeclared]
    resolved = {id(d): _with_lock(d, chosen[id(d)]) for d in project}
    lock_ids = {id(d) for d in locks}
    others = [resolved.get(id(d), d) for d in items if id(d) not in lock_ids]
    return others + transitive  # what the project declares first, then what comes with it


def _lock_for(item: Declaration, entries: list[Declaration]) -> Declaration | None:
    """The lockfile entry a declaration resolves to: the first its range allows.

    A name can be locked at several versions (npm nests a dependency's own copy); the
    ecosystem's range rules pick the project's. Without them (or when none fits), the first.
    """
    known = ecosystem(item.ecosystem)
    allows = known.allows if known is not None else None
    if allows is not None:
        fitting = [entry for entry in entries if allows(item, entry.version or "")]
        entries = fitting or entries
    return entries[0] if entries else None


def _same_as_used(entry: Declaration, used: dict[str, set[str | None]]) -> bool:
    """Whether a lockfile entry is one a declaration took its version from.

    Another entry of a declared name at the same version (or with none), or any entry of a
    name whose declaration found no locked version, counts as that one: reported once.
    """
    if entry.name not in used:
        return False
    versions = used[entry.name]
    return None in versions or entry.version is None or entry.version in versions


def _with_lock(item: Declaration, lock: Declaration | None) -> Declaration:
    if lock is None or item.version or item.unresolvable:
        return item
    return replace(item, version=lock.version, locked_in=f"{lock.path}:{lock.line}")


def _transitive(item: Declaration, *, has_manifest: bool) -> Declaration:
    if item.relation is Relation.UNKNOWN and has_manifest:
        return replace(item, relation=Relation.TRANSITIVE)
    return item
