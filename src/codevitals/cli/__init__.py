"""The command line: `codevitals scan`, `plan`, `hotspots`, `trend`, `validate`, and more.

Exit codes: 0 ok, 1 a threshold failed (`--fail-under`), the gate found new debt or a
dependency is vulnerable, 2 usage or input error. Errors a user can cause print one line;
only bugs print a traceback.

One module per command, listed in `app.COMMANDS` and imported when its command runs; a
command imports the stages it runs when it runs, so starting one command never loads
another's (the dependency audit, the gate, the HTML templates).
"""

from __future__ import annotations

from codevitals.cli.app import main

__all__ = ["main"]
