"""The public services the dependency audit asks unless told otherwise.

They are the defaults of command-line options, so they live apart from the clients: showing
`--help` or starting a scan that audits nothing loads no registry or advisory code.
"""

from __future__ import annotations

OSV = "https://api.osv.dev"
"""The OSV API, serving `/v1/querybatch` and `/v1/vulns/<id>`."""
PYPI = "https://pypi.org/pypi"
"""PyPI's JSON API."""
