"""One registry names the reporter of every (document, format), each in its format's package."""

from __future__ import annotations

import subprocess
import sys

import pytest

from codevitals.report import GATE_REPORTERS, PLAN_REPORTERS, REPORTERS, WHERE, reporter

FORMATS = ("terminal", "json", "sarif", "markdown", "html")


@pytest.mark.parametrize(("document", "format_name"), sorted(WHERE))
def test_each_line_names_a_reporter_of_that_format_in_its_package(
    document: str, format_name: str
) -> None:
    found = reporter(document, format_name)  # type: ignore[arg-type]
    assert found.format_name == format_name
    assert found.__module__.startswith(f"codevitals.report.{format_name}.")
    assert callable(getattr(found, "report", None))


def test_every_format_package_renders_a_scan() -> None:
    assert {name for document, name in WHERE if document == "scan"} == set(FORMATS)


def test_a_documents_formats_are_its_lines_in_order() -> None:
    assert list(REPORTERS) == ["terminal", "json", "markdown", "sarif", "html"]
    assert list(GATE_REPORTERS) == ["terminal", "json", "markdown", "sarif"]
    assert PLAN_REPORTERS["html"] is REPORTERS["html"]
    with pytest.raises(KeyError):
        GATE_REPORTERS["html"]


def test_listing_formats_imports_no_reporter() -> None:
    # The --format choices are read at start-up; only the chosen format may be imported.
    probe = (
        "import sys; from codevitals.report import REPORTERS; choices = list(REPORTERS); "
        "print(sorted(m for m in sys.modules if m.startswith('codevitals.report.')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.strip() == "['codevitals.report.base']"
