"""ARCHITECTURE.md stays true: what it cites in backticks exists, and it names every package.

A word in backticks is checked when it looks like one of:

* a repository path (it holds a `/` or ends in a file suffix such as `.py`): it must exist,
  from the repository's root or, for the short forms the page uses, from `src/codevitals/`;
  a placeholder (`<name>`) or a trailing `…` checks the folder before it;
* a dotted name (`codevitals.scan.scan`, `parse.registry.FRONT_ENDS`): its longest importable
  prefix, with `codevitals.` put in front when it does not start with it, is imported and the
  rest is looked up attribute by attribute. Importing a codevitals module runs no analysis.

Commands (`python -m codevitals.parse.languages_doc > docs/languages.md`) are split into words
and each word is checked the same way; options, bare words and TOML tables are skipped.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "src" / "codevitals"
DOC = ROOT / "ARCHITECTURE.md"

_SPAN = re.compile(r"`([^`\n]+)`")
_SUFFIX = re.compile(r"\.(py|md|toml|json|j2|js|css|txt|ya?ml|cfg)$")
_DOTTED = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+")


def words(text: str) -> list[str]:
    """Every whitespace-separated word of every backticked span, in order."""
    return [word for span in _SPAN.findall(text) for word in span.split()]


def is_path(word: str) -> bool:
    """A word the page means as a file or folder of this repository."""
    if word.startswith(("-", "[", ".")) or "://" in word:
        return False
    return "/" in word or bool(_SUFFIX.search(word))


def is_dotted(word: str) -> bool:
    """A word the page means as a module or a module's symbol."""
    return not is_path(word) and _DOTTED.fullmatch(word) is not None


def located(word: str) -> Path | None:
    """Where a cited path is, or None when neither the root nor the package holds it."""
    cut = min((word.index(mark) for mark in ("<", "…") if mark in word), default=None)
    if cut is not None:
        word = word[:cut].rpartition("/")[0]  # the folder a placeholder stands in
    for base in (ROOT, PACKAGE):
        candidate = base / word.rstrip("/")
        if candidate.exists():
            return candidate
    return None


def resolve(name: str) -> tuple[ModuleType, object]:
    """The deepest module a dotted name reaches, and the object it names.

    Raises ImportError or AttributeError when the name no longer resolves.
    """
    full = name if name.partition(".")[0] == "codevitals" else f"codevitals.{name}"
    parts = full.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            module = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError as error:
            if error.name is None or not ".".join(parts[:cut]).startswith(error.name):
                raise  # the module exists but something it imports does not
            continue
        found: object = module
        for attribute in parts[cut:]:
            found = getattr(found, attribute)
        return module, found
    raise ImportError(f"no module in {name!r}")


def module_name(path: Path) -> str | None:
    """The dotted module name of a file or folder inside the package, else None."""
    if not path.resolve().is_relative_to(PACKAGE.resolve()):
        return None
    relative = path.resolve().relative_to(PACKAGE.resolve().parent)
    parts = list(relative.with_suffix("").parts) if path.suffix == ".py" else list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def cited_modules(text: str) -> set[str]:
    """The modules and packages the page names itself, as paths or dotted names."""
    cited: set[str] = set()
    for word in words(text):
        if is_path(word):
            where = located(word)
            name = module_name(where) if where is not None else None
            if name is not None:
                cited.add(name)
        elif is_dotted(word):
            try:
                module, found = resolve(word)
            except (ImportError, AttributeError):
                continue  # test_every_cited_name_resolves names it
            cited.add(found.__name__ if isinstance(found, ModuleType) else module.__name__)
    return cited


def packages() -> list[str]:
    """Every package under src/codevitals, and every top-level module, as dotted names."""
    found = [
        module_name(init.parent) for init in PACKAGE.rglob("__init__.py") if init.parent != PACKAGE
    ]
    found += [module_name(path) for path in PACKAGE.glob("*.py") if path.stem != "__init__"]
    return sorted(name for name in found if name is not None)


@pytest.fixture(scope="module")
def text() -> str:
    return DOC.read_text(encoding="utf-8")


def test_the_page_is_about_one_page_long(text: str) -> None:
    assert 60 <= len(text.splitlines()) <= 130


def test_every_cited_path_exists(text: str) -> None:
    paths = [word for word in words(text) if is_path(word)]
    assert len(paths) > 30  # the page cites files; a parsing slip would check nothing
    missing = [word for word in paths if located(word) is None]
    assert not missing, f"ARCHITECTURE.md cites paths that do not exist: {missing}"


def test_every_cited_name_resolves(text: str) -> None:
    names = [word for word in words(text) if is_dotted(word)]
    assert len(names) > 20
    broken: list[str] = []
    for name in names:
        try:
            resolve(name)
        except (ImportError, AttributeError) as error:
            broken.append(f"{name} ({error})")
    assert not broken, f"ARCHITECTURE.md cites names that do not resolve: {broken}"


def test_every_package_is_mentioned(text: str) -> None:
    cited = cited_modules(text)
    missing = [name for name in packages() if name not in cited]
    assert not missing, f"ARCHITECTURE.md does not mention: {missing}"


def test_the_checks_see_a_rename() -> None:
    snippet = "`parse/registry.py` and `codevitals.parse.registry.FRONT_ENDS`"
    assert located("parse/registry.py") is not None
    assert located("parse/registries.py") is None
    with pytest.raises((ImportError, AttributeError)):
        resolve("codevitals.parse.registries.FRONT_ENDS")
    with pytest.raises(AttributeError):
        resolve("codevitals.parse.registry.FRONT_END")
    assert "codevitals.parse.registry" in cited_modules(snippet)


@pytest.mark.parametrize(
    ("word", "path", "dotted"),
    [
        ("cli/scan.py", True, False),
        ("pyproject.toml", True, False),
        ("tests/gold/", True, False),
        ("codevitals.scan.scan", False, True),
        ("--format", False, False),
        ("[tool.codevitals]", False, False),
        (".gitignore", False, False),
        ("preview=True", False, False),
    ],
)
def test_words_are_told_apart(word: str, path: bool, dotted: bool) -> None:
    assert (is_path(word), is_dotted(word)) == (path, dotted)
