"""What `codevitals languages` and docs/languages.md describe: each front end and its mapping.

The parse layer fills these from the registry (`parse.languages_doc.descriptions`), and both
the generated documentation and the command's reports render the same values.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Construct:
    """One neutral kind and the syntax of a language captured as it."""

    kind: str
    syntax: tuple[str, ...]
    """The query patterns capturing it."""


@dataclass(frozen=True, slots=True)
class FrontEndInfo:
    """One front end: its files, grammar, conventions and construct → metric mapping."""

    name: str
    language: str
    """The language its files are reported as."""
    description: tuple[str, ...]
    """Paragraphs of the front end's own documentation."""
    suffixes: tuple[str, ...]
    interpreters: tuple[str, ...]
    grammar: str
    grammar_version: str
    tests: tuple[str, ...]
    generated: tuple[str, ...]
    mccabe: tuple[str, ...]
    """Kinds that each add one McCabe decision (CASE when the front end says it counts)."""
    nested_functions_count_in: bool
    boolean_sequences: tuple[str, ...]
    recursion: bool
    constructors: tuple[str, ...]
    coding_cookie: bool
    by_pieces: bool
    constructs: tuple[Construct, ...]


@dataclass(frozen=True, slots=True)
class LanguageCatalog:
    """Every front end, and the languages recognised by suffix that none measures."""

    kinds: tuple[tuple[str, str], ...]
    """(kinds, what they do to the metrics): the neutral vocabulary every front end maps to."""
    front_ends: tuple[FrontEndInfo, ...]
    recognised: tuple[tuple[str, tuple[str, ...]], ...]
    """(language, its suffixes) for each language recognised but not analysed."""
