"""What the Conan readers share: a package reference, `name/version[@user/channel][#rrev]`.

A version in brackets (`zlib/[>=1.2 <2]`) is a range and pins nothing; a reference with a
user and channel (`@user/stable`) names a package of another remote, not ConanCenter's.
The recipe revision (`#…`) and the lock's timestamp (`%…`) say nothing about the version.
"""

from __future__ import annotations

import re

from codevitals.model.deps import Declaration, Relation

ECOSYSTEM = "ConanCenter"
REFERENCE = re.compile(
    r"(?P<name>[a-z0-9_][a-z0-9_.+\-]*)/(?P<version>\[[^\]]*\]|[^\s@#%/\"']+)"
    r"(?:@(?P<user>[^\s#%/\"']+)/(?P<channel>[^\s#%\"']+))?(?:#[^\s%\"']*)?(?:%[\d.]+)?"
)


def declared(
    reference: str, where: tuple[str, int | None], group: str, relation: Relation
) -> Declaration | None:
    """A declaration of one reference; None when the text is no reference."""
    match = REFERENCE.fullmatch(reference.strip())
    if match is None:
        return None
    name, version = match.group("name", "version")
    other_remote = match.group("user") is not None
    return Declaration(
        name=name,
        path=where[0],
        line=where[1],
        requirement=reference.strip().partition("#")[0],
        version=None if version.startswith("[") else version,
        group=group,
        relation=relation,
        unresolvable="path" if other_remote else None,
        ecosystem=ECOSYSTEM,
    )
