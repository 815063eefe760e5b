"""Languages recognised by file suffix for reporting only: present in a repository, not measured.

A scan lists these as "present but not analysed" so that a user sees what it left out. A
language with a front end is not named here: its suffixes come from `registry`, which
overrides this table, so a language moves from here to analysed by gaining a front end.
"""

from __future__ import annotations

RECOGNISED: dict[str, str] = {
    ".pyi": "python-stub",
    ".go": "go",
    ".java": "java",
    ".kt": "kotlin",
    ".kts": "kotlin",
    ".rb": "ruby",
    ".rs": "rust",
    ".c": "c",
    ".h": "c",
    ".cc": "cpp",
    ".cpp": "cpp",
    ".cxx": "cpp",
    ".hh": "cpp",
    ".hpp": "cpp",
    ".cs": "csharp",
    ".php": "php",
    ".swift": "swift",
    ".scala": "scala",
    ".dart": "dart",
    ".lua": "lua",
    ".ex": "elixir",
    ".exs": "elixir",
    ".erl": "erlang",
    ".hs": "haskell",
    ".m": "objective-c",
    ".mm": "objective-cpp",
    ".r": "r",
    ".jl": "julia",
    ".pl": "perl",
    ".pm": "perl",
    ".sh": "shell",
    ".bash": "shell",
    ".ps1": "powershell",
    ".clj": "clojure",
    ".fs": "fsharp",
    ".ml": "ocaml",
    ".groovy": "groovy",
    ".vue": "vue",
    ".svelte": "svelte",
    ".zig": "zig",
    ".nim": "nim",
    ".sql": "sql",
}
"""Suffix (lower case, with its dot) → language name, for languages without a front end."""
