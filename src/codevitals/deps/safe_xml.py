"""XML from untrusted sources (a scanned repository's `pom.xml`, a registry's answer).

defusedxml refuses what a plain parser would resolve: external entities (a `pom.xml` that
reads /etc/passwd or calls a URL), entity expansion (billion laughs) and any DTD, which no
`pom.xml`, `*.csproj` or `maven-metadata.xml` needs. Namespaces are dropped from tag names,
as Maven and MSBuild files differ only in whether they declare one.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring


class XmlError(Exception):
    """Why a document was not read, and the line where known."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def load(data: bytes | str) -> Element:
    """The root element with namespaces removed from tags; raises `XmlError`."""
    try:
        root: Element = fromstring(data, forbid_dtd=True)
    except ParseError as error:
        line = error.position[0] if error.position else None
        raise XmlError(re.sub(r": line \d+, column \d+$", "", str(error)), line) from None
    except DefusedXmlException as error:
        raise XmlError(
            f"refused: {type(error).__name__} (entities and DTDs are not read)", None
        ) from None
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = element.tag.partition("}")[2]
    return root


def text_of(element: Element | None, child: str) -> str | None:
    """The stripped text of `element`'s first `child` (a path such as `parent/version`)."""
    found = element.find(child) if element is not None else None
    text = found.text.strip() if found is not None and found.text else ""
    return text or None
