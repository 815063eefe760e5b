"""One author per person: the names and emails git shows together are one identity.

People commit under several names and emails over the years (`Jesse Wilson`, `jwilson`,
`swankjesse`; `Bo-Yi Wu` and `appleboy`), and few repositories keep a `.mailmap` that says
so. Counted by name, one person is several authors: the truck factor counts them twice,
and their old name looks like someone who left. So a name and an email seen on one commit
are one person, and so are any two commits that share either (after `.mailmap`, which git
applies first). The person is known by the name they used most, the newest on a tie.

Placeholders that many people share link nobody: an email without a domain or with a
machine's (`root@localhost`, `me@laptop`), a local part such as `none`, `noreply` or
`user`, and names such as `root` or `unknown`. An author with neither a name nor an email
that links is known by what git shows, as before.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable

Author = tuple[str, str]
"""A commit's mailmapped author name and email."""

_PLACEHOLDER_LOCAL_PARTS = frozenset(
    {
        "none",
        "noreply",
        "no-reply",
        "nobody",
        "root",
        "unknown",
        "user",
        "email",
        "you",
        "your.email",
        "your_email",
        "youremail",
        "me",
        "admin",
        "git",
        "test",
    }
)
_PLACEHOLDERS = frozenset(
    {"root", "unknown", "user", "admin", "administrator", "your name", "none", "nobody", "git"}
)


def people(authors: Iterable[Author]) -> dict[Author, str]:
    """Each (name, email) of the commits, newest first, with the name its person is known by."""
    counts = Counter(authors)  # insertion order: first seen, the newest
    parent: dict[str, str] = {}
    first_keys: dict[Author, str] = {}
    for author in counts:
        first, *others = _keys(author)
        first_keys[author] = first
        parent.setdefault(first, first)
        for key in others:
            parent.setdefault(key, key)
            parent[_root(parent, key)] = _root(parent, first)
    person = {author: _root(parent, key) for author, key in first_keys.items()}
    names: dict[str, Counter[str]] = {}
    for author, commits in counts.items():
        names.setdefault(person[author], Counter())[author[0] or author[1]] += commits
    known = {who: _known_as(used) for who, used in names.items()}
    return {author: known[person[author]] for author in counts}


def _known_as(names: Counter[str]) -> str:
    """The name used most, a real one before a placeholder, the newest on a tie."""
    real = Counter({name: n for name, n in names.items() if _plain(name) not in _PLACEHOLDERS})
    # most_common keeps insertion order among equal counts: the newest name wins a tie.
    return (real or names).most_common(1)[0][0]


def _keys(author: Author) -> list[str]:
    """What links this author to others: the name and the email, unless placeholders."""
    name, email = author
    plain = _plain(name)
    address = email.strip().casefold()
    keys = []
    if plain and plain not in _PLACEHOLDERS:
        keys.append("name\0" + plain)
    if _personal(address):
        keys.append("email\0" + address)
    return keys or ["as shown\0" + (name or email)]


def _plain(name: str) -> str:
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def _personal(address: str) -> bool:
    local, at, domain = address.rpartition("@")
    return bool(at and local) and "." in domain and local not in _PLACEHOLDER_LOCAL_PARTS


def _root(parent: dict[str, str], key: str) -> str:
    """The representative of `key`'s person (union-find, halving the path as it goes)."""
    while parent[key] != key:
        parent[key] = parent[parent[key]]
        key = parent[key]
    return key
