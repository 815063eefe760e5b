"""A small monorepo with several manifests, and a fake PyPI that knows its packages."""

from __future__ import annotations

from tests.conftest import Repo
from tests.deps import pypi_data
from tests.deps.fake_server import FakeServer, Reply

PYPROJECT = """\
[project]
name = "svc-a"
version = "1.0"
dependencies = [
  "requests>=2.19",
  "flask==2.3.3",
]
"""

UV_LOCK = """\
version = 1
requires-python = ">=3.11"

[[package]]
name = "flask"
version = "2.3.3"
source = { registry = "https://pypi.org/simple" }
dependencies = [{ name = "werkzeug" }]

[[package]]
name = "requests"
version = "2.19.1"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "svc-a"
version = "1.0"
source = { editable = "." }
dependencies = [{ name = "flask" }, { name = "requests" }]

[[package]]
name = "werkzeug"
version = "3.0.0"
source = { registry = "https://pypi.org/simple" }
"""

REQUIREMENTS = """\
# svc-b
requests==2.19.1
no-such-package==1.0
urllib3>=1.26
oldlib==1.0
-e .
"""

BROKEN_LOCK = '[[package]]\nname = "six"\nversion = "1.16.0"\n[[package\n'

WERKZEUG: pypi_data.Releases = {"2.3.7": "2023-08-14", "3.0.0": "2023-09-30", "3.0.1": "2023-10-24"}

URLLIB3: pypi_data.Releases = {"1.26.18": "2023-10-17", "2.2.1": "2024-02-18"}
INDEX: dict[str, pypi_data.Releases] = {
    "requests": pypi_data.REQUESTS,
    "flask": pypi_data.FLASK,
    "werkzeug": WERKZEUG,
    "oldlib": pypi_data.OLDLIB,
    "urllib3": URLLIB3,
}


def build(repo: Repo) -> Repo:
    """svc-a (pyproject + uv.lock), svc-b (requirements), svc-c (a broken poetry.lock)."""
    repo.write("svc-a/pyproject.toml", PYPROJECT)
    repo.write("svc-a/uv.lock", UV_LOCK)
    repo.write("svc-b/requirements.txt", REQUIREMENTS)
    repo.write("svc-c/poetry.lock", BROKEN_LOCK)
    repo.write("svc-c/app.py", '"""An app."""\n')
    return repo


def serve_pypi(server: FakeServer) -> None:
    """The fake index: every package of the monorepo but `no-such-package`."""
    for name, releases in INDEX.items():
        server.route(f"/pypi/{name}/json", Reply.json(pypi_data.document(name, releases)))
