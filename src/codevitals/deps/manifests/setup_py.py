"""`setup.py`: the requirements a `setup()` call spells out, read from its syntax tree.

The file is Python code, and codevitals never runs it (nor imports it): it parses the text
with `ast` and reads the keywords of the `setup(…)` call (`setuptools.setup` too) that are
written as literals, as a person reads them:

* `install_requires` (the main group), `extras_require` (a dict: each extra its group),
  `tests_require` (`test`) and `setup_requires` (`dev`);
* each a list or tuple of requirement strings, or a name the module assigns such a literal
  to (`REQUIRES = [...]` above the call).

An `extras_require` key with a marker (`":python_version<'3.4'"`, `"socks:sys_platform
== 'win32'"`) adds it to each requirement of the extra (the main group for an empty extra).

Requirements a function computes (`read("requirements.txt")`, a comprehension) are not
evaluated: one notice names them, and the audit is partial, unless a `pyproject.toml`,
`setup.cfg` or `requirements.txt` beside the file declares the project's requirements
(where such code reads them from).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import ClassVar

from codevitals.deps.manifests.base import Files, Parsed, Where, from_pep508, read_text

_GROUPS = {"install_requires": "", "tests_require": "test", "setup_requires": "dev"}
"""The keywords that list requirements, and the group of each (`extras_require` apart)."""
_DECLARED_BESIDE = ("pyproject.toml", "setup.cfg", "requirements.txt")
"""Files that, beside a `setup.py`, hold what its code computes its requirements from."""


class SetupPySource:
    """A setuptools `setup.py`, parsed, never run."""

    kind: ClassVar[str] = "setup.py"
    lockfile: ClassVar[bool] = False

    def matches(self, path: PurePosixPath) -> bool:
        """Exactly `setup.py`, outside build output."""
        return path.name == "setup.py" and not {"build", "dist"} & set(path.parts)

    def read(self, files: Files, path: str) -> Parsed:
        """Each literal requirement of the `setup()` call, at its line."""
        parsed = Parsed()
        text = read_text(files, path, parsed)
        if text is None:
            return parsed
        try:
            tree = ast.parse(text, filename=path)
        except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
            line = getattr(error, "lineno", None)
            parsed.note(path, "invalid-python", f"not parsed: {type(error).__name__}", line)
            return parsed
        call = _setup_call(tree)
        if call is None:
            return parsed
        module = _Module(path, _assigned_literals(tree), parsed)
        computed: list[str] = []
        for keyword in call.keywords:
            if keyword.arg in _GROUPS:
                module.read_list(keyword.value, _GROUPS[keyword.arg])
                computed += [keyword.arg] if module.computed(keyword.value) else []
            elif keyword.arg == "extras_require":
                computed += module.read_extras(keyword.value)
        if computed and not _declared_beside(files, path):
            message = (
                f"{', '.join(computed)} computed by code codevitals does not run; "
                "declare them in pyproject.toml or setup.cfg"
            )
            parsed.note(path, "not-read", message, call.lineno)
        return parsed


def _declared_beside(files: Files, path: str) -> bool:
    folder = PurePosixPath(path).parent
    return any(files.is_file(str(folder / name)) for name in _DECLARED_BESIDE)


def _setup_call(tree: ast.Module) -> ast.Call | None:
    """The module's `setup(…)` or `….setup(…)` call with keywords, the first one."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.keywords:
            continue
        function = node.func
        name = function.id if isinstance(function, ast.Name) else None
        if isinstance(function, ast.Attribute):
            name = function.attr
        if name == "setup":
            return node
    return None


def _assigned_literals(tree: ast.Module) -> dict[str, ast.expr]:
    """Names the module assigns a list, tuple or dict literal to (the last one wins)."""
    return {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List | ast.Tuple | ast.Dict)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


@dataclass(frozen=True, slots=True)
class _Module:
    """A `setup.py` being read: its path, its module-level literals, what it declares."""

    path: str
    literals: dict[str, ast.expr]
    parsed: Parsed

    def resolved(self, value: ast.expr) -> ast.expr:
        """A name of a module-level literal as that literal, anything else as it is."""
        if isinstance(value, ast.Name) and value.id in self.literals:
            return self.literals[value.id]
        return value

    def computed(self, value: ast.expr) -> bool:
        """Whether a requirements value is other than a literal list or tuple of strings."""
        value = self.resolved(value)
        if not isinstance(value, ast.List | ast.Tuple):
            return True
        return any(_string(item) is None for item in value.elts)

    def read_list(self, value: ast.expr, group: str, marker: str = "") -> None:
        """Each string of a literal list or tuple, as a PEP 508 requirement at its line."""
        value = self.resolved(value)
        if not isinstance(value, ast.List | ast.Tuple):
            return
        for item in value.elts:
            text = _string(item)
            if text is not None:
                at = Where(self.path, item.lineno, group)
                found = from_pep508(_with_marker(text, marker), at, self.parsed)
                self.parsed.declarations += [found] if found is not None else []

    def read_extras(self, value: ast.expr) -> list[str]:
        """Each extra's requirements; the names of those computed (all, for a computed dict)."""
        value = self.resolved(value)
        if not isinstance(value, ast.Dict):
            return ["extras_require"]
        computed = []
        for key, requirements in zip(value.keys, value.values, strict=True):
            name = _string(key)
            if name is None:
                computed.append("extras_require")
                continue
            extra, _, marker = name.partition(":")
            self.read_list(requirements, extra, marker.strip())
            if self.computed(requirements):
                computed.append(f"extras_require[{name!r}]")
        return computed


def _string(node: ast.expr | None) -> str | None:
    """The value of a string literal; None for anything else (a name, a call, `**extra`)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _with_marker(requirement: str, marker: str) -> str:
    """The requirement with an extra's marker added to its own (both must hold)."""
    if not marker:
        return requirement
    name, semicolon, own = requirement.partition(";")
    joined = f"({own.strip()}) and ({marker})" if semicolon else marker
    return f"{name.strip()}; {joined}"
