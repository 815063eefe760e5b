"""What the XML manifest readers share (`pom.xml`, MSBuild files): a hardened load."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from codevitals.deps import safe_xml
from codevitals.deps.manifests.base import Files, Parsed, read_text


def load(files: Files, path: str, parsed: Parsed, root_tag: str) -> tuple[str, Element] | None:
    """The file's text (for lines) and its root element, or None with a notice.

    No entity or DTD is resolved (`deps.safe_xml`); a root other than `root_tag` (`project`,
    `Project`) is not the format.
    """
    text = read_text(files, path, parsed)
    if text is None:
        return None
    try:
        root = safe_xml.load(text.encode())
    except safe_xml.XmlError as error:
        parsed.note(path, "invalid-xml", str(error), error.line)
        return None
    if root.tag != root_tag:
        parsed.note(path, "invalid-manifest", f"the root element is not <{root_tag}>", 1)
        return None
    return text, root
