"""Go's `go.mod`: the modules a module requires, as Go's minimal version selection uses them.

Since Go 1.17 `go.mod` lists every module the build needs, each at the version selected,
those the main module does not import itself marked `// indirect` (transitive here).
`replace` directives are applied: a module replaced by another module at a version is
audited as that one, and one replaced by a folder (`=> ../fork`) is unresolvable. `exclude`
and `retract` name versions not in use (and `retract` is about this module itself), so they
declare nothing. The toolchain (`toolchain go1.22.3`, else the `go` line) is the `stdlib`
package, as the Go vulnerability database names it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where, read_text
from codevitals.deps.semver import go
from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "Go"
_LOCAL = ("./", "../", "/")


@dataclass(slots=True)
class _Module:
    """What one go.mod says, gathered before replacements are applied."""

    path: str
    parsed: Parsed
    required: list[Declaration] = field(default_factory=list)
    replaced: dict[tuple[str, str | None], tuple[str, str | None]] = field(default_factory=dict)
    toolchain: tuple[str, int] | None = None
    go: tuple[str, int] | None = None

    def take(self, verb: str, args: list[str], comment: str, number: int) -> None:
        """Record one directive (`require m v`, `replace a => b v`, `go 1.22`, …)."""
        if verb == "require":
            self._require(args, comment, number)
        elif verb == "replace":
            self._replace(args, number)
        elif verb == "toolchain" and args:
            self.toolchain = (args[0], number)
        elif verb == "go" and args:
            self.go = (args[0], number)

    def _require(self, args: list[str], comment: str, number: int) -> None:
        if len(args) != 2:
            message = "require: expected a module and a version"
            self.parsed.note(self.path, "invalid-manifest", message, number)
            return
        indirect = comment.strip() == "indirect"
        relation = Relation.TRANSITIVE if indirect else Relation.DIRECT
        where = Where(self.path, number, "indirect" if indirect else "", relation)
        self.required.append(_required(args[0], args[1], where))

    def _replace(self, args: list[str], number: int) -> None:
        at = args.index("=>") if "=>" in args else -1
        left, right = args[:at], args[at + 1 :]
        if at < 0 or not {len(left), len(right)} <= {1, 2}:
            self.parsed.note(self.path, "invalid-manifest", "replace: expected a => b", number)
            return
        old = (left[0], left[1] if len(left) == 2 else None)
        self.replaced[old] = (right[0], right[1] if len(right) == 2 else None)


class GoModSource:
    """Go's module file."""

    kind: ClassVar[str] = "go.mod"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `go.mod`, outside `vendor/`."""
        return path.name == "go.mod" and "vendor" not in path.parts

    def read(self, files: Files, path: str) -> Parsed:
        """Every required module (replacements applied) and the toolchain."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        module = _Module(path, parsed)
        block: str | None = None
        for number, raw in enumerate((text or "").splitlines(), 1):
            line, _, comment = raw.partition("//")
            words = [w.strip('"`') for w in line.split()]
            if block is not None and words == [")"]:
                block = None
            elif block is None and words[1:] == ["("]:
                block = words[0]
            elif block is not None and words:
                module.take(block, words, comment, number)
            elif words:
                module.take(words[0], words[1:], comment, number)
        parsed.declarations += _declarations(module, path, parsed)
        return parsed


def _required(name: str, version: str, where: Where) -> Declaration:
    return Declaration(
        name=name,
        path=where.path,
        line=where.line,
        requirement=f"{name} {version}",
        version=version,
        group=where.group,
        relation=where.relation,
        ecosystem=ECOSYSTEM,
    )


def _declarations(module: _Module, path: str, parsed: Parsed) -> list[Declaration]:
    found = [_replaced(item, module.replaced) for item in module.required]
    for item in found:
        if item.version and go(item.version) is None:  # replaced by a folder: no version
            message = f"{item.name}: {item.version!r} is not a Go module version"
            parsed.note(path, "invalid-version", message, item.line)
    toolchain = module.toolchain or module.go
    if toolchain is not None:
        version = go(toolchain[0])
        stdlib = Declaration(
            name="stdlib",
            path=path,
            line=toolchain[1],
            requirement=f"go {toolchain[0]}",
            version=str(version) if version is not None else toolchain[0],
            group="toolchain",
            ecosystem=ECOSYSTEM,
        )
        found.append(stdlib)
    return found


def _replaced(
    item: Declaration, replaced: dict[tuple[str, str | None], tuple[str, str | None]]
) -> Declaration:
    target = replaced.get((item.name, item.version)) or replaced.get((item.name, None))
    if target is None:
        return item
    name, version = target
    requirement = f"{item.requirement} => {name}" + (f" {version}" if version else "")
    if name.startswith(_LOCAL) or version is None:
        return replace(item, requirement=requirement, version=None, unresolvable="path")
    return replace(item, name=name, version=version, requirement=requirement)
