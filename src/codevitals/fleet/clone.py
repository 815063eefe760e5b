"""Cloning a fleet's URL repositories into a work folder, and cleaning up after them.

Clones are bare (`--bare --single-branch --no-tags`): nothing is checked out, since the scan
reads the commit from git objects, and only the default branch's history is fetched. They
are full clones by default, not partial ones: measured on sqlalchemy over `file://`, a
blobless clone (`--filter=blob:none`) takes 1.1 s instead of 5.9 s, but then git fetches
every blob the scan and the history mining read one request at a time (28 s for the blobs
at HEAD, 17 s more for a year of `--numstat`), so it costs seven times what it saves.
`--shallow-clones` fetches only the history window (`--shallow-since`): 0.9 s instead of
5.9 s, at the price of knowledge and truck factor computed from the window alone (the
results say so: a shallow history is partial).

Each repository has a fixed place in the work folder, so the history mined from it stays in
the cache under the same key from one run to the next; with `--keep-clones` the clone itself
stays too, and the next run only fetches what is new.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from codevitals import git
from codevitals.cache import default_dir
from codevitals.errors import GitError
from codevitals.fleet.sources import Repository

CLONE_FOLDER = "fleet-clones"
"""The default work folder, inside the cache folder."""
TRANSPORTS = ("file", "git", "http", "https", "ssh")
"""git's own transports, the only ones a fleet clones over: no remote helper (`ext::` runs a
command, `fd::` waits forever on a file descriptor, `X::` starts `git-remote-X`)."""
NETWORK_CONFIG = (
    "-c", "protocol.allow=never",  # whatever the user's configuration allows
    *(arg for name in TRANSPORTS for arg in ("-c", f"protocol.{name}.allow=always")),
    "-c", "http.lowSpeedLimit=1000",  # a transfer stalled below 1 kB/s for a minute fails
    "-c", "http.lowSpeedTime=60",
)  # fmt: skip
PROBE_TIMEOUT = 60.0
"""Seconds for asking a remote for its HEAD: an answer takes a round trip or two."""
CLONE_TIMEOUT = 3600.0
"""Seconds for a clone or a fetch; a host that accepts a connection and never answers (as
git:// and ssh:// can, with no low-speed limit of their own) fails after this."""
_SCHEMES = {"file", "git", "http", "https", "ssh", "git+ssh", "ssh+git"}
_HELPER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9+.-]*::")
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class CloneOptions:
    """Where clones go and how much of each repository they fetch."""

    workdir: Path | None = None
    """None: `fleet-clones` in the cache folder of the machine that clones."""
    keep: bool = False
    """Leave clones in place after the run (the next run fetches into them)."""
    shallow_since: float | None = None
    """Fetch only commits since this Unix time; None: the whole history."""
    offline: bool = False
    """Clone only `file://` URLs (`--offline`: no network at all)."""
    timeout: float = CLONE_TIMEOUT
    """Seconds a clone or fetch may take before it is stopped and the repository failed."""

    def allows(self, url: str) -> bool:
        """Whether `url` may be cloned (or asked for its HEAD) under these options."""
        return transport_problem(url) is None and (not self.offline or url.startswith("file://"))


def transport_problem(url: str) -> str | None:
    """Why git may not be given `url`; None for an ordinary transport.

    Allowed: `https://`, `http://`, `ssh://` (and git's `git+ssh://` spellings), `git://`,
    `file://` and the scp-like `[user@]host:path`. A host starting with `-` would reach
    ssh as an option.
    """
    if _HELPER.match(url):
        return f"remote helper {url.partition('::')[0]!r}"
    scheme, found, rest = url.partition("://")
    if found and scheme.lower() not in _SCHEMES:
        return f"scheme {scheme!r}"
    host = rest if found else url
    if host.rpartition("@")[2].startswith("-"):
        return "a host starting with '-'"
    return None


def place(workdir: Path, repository: Repository) -> Path:
    """The clone's folder: the repository's name made safe, and a digest of its identity."""
    digest = hashlib.sha1(repository.identity.encode(), usedforsecurity=False).hexdigest()
    safe = _UNSAFE_NAME.sub("_", repository.name)[-60:]
    return workdir / f"{safe}-{digest[:12]}.git"


@contextmanager
def cloned(repository: Repository, options: CloneOptions) -> Iterator[Path]:
    """A bare clone of the repository, removed afterwards unless clones are kept."""
    assert repository.url is not None  # noqa: S101 - only URL repositories are cloned
    problem = transport_problem(repository.url)
    if problem is not None:
        allowed = ", ".join(TRANSPORTS)
        raise GitError(f"not cloned: {problem} is not allowed (only {allowed})", slug="transport")
    if not options.allows(repository.url):
        raise GitError("--offline: not cloned (only file:// URLs are)", slug="offline")
    workdir = options.workdir or default_dir() / CLONE_FOLDER
    target = place(workdir, repository)
    try:
        workdir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise GitError(f"cannot create the work folder {workdir}: {error.strerror}") from error
    try:
        obtain(repository.url, target, options)
        yield target
    finally:
        if not options.keep:
            shutil.rmtree(target, ignore_errors=True)


def obtain(url: str, target: Path, options: CloneOptions) -> None:
    """Update a kept clone, or clone afresh (over whatever half-made clone is there)."""
    if options.keep and _is_bare(target):
        try:
            _update(target, options.shallow_since, options.timeout)
        except GitError:
            pass  # the remote moved or the clone is damaged: clone again below
        else:
            return
    shutil.rmtree(target, ignore_errors=True)
    _clone(url, target, options)


def _clone(url: str, target: Path, options: CloneOptions) -> None:
    base = ["clone", "--quiet", "--bare", "--single-branch", "--no-tags"]
    since = options.shallow_since
    try:
        git.run(
            target.parent, *base, *_shallow(since), "--", url, str(target),
            config=NETWORK_CONFIG, timeout=options.timeout,
        )  # fmt: skip
    except GitError as error:
        if since is None or error.slug == "timeout":
            raise _clone_failed(error) from error
        # No commit in the window: the newest one is enough to scan.
        shutil.rmtree(target, ignore_errors=True)
        _clone_newest(url, target, base, options.timeout)


def _clone_newest(url: str, target: Path, base: list[str], timeout: float) -> None:
    try:
        git.run(
            target.parent, *base, "--depth=1", "--", url, str(target),
            config=NETWORK_CONFIG, timeout=timeout,
        )  # fmt: skip
    except GitError as error:
        raise _clone_failed(error) from error


def _clone_failed(error: GitError) -> GitError:
    """A failed clone's error: `timeout` when it took too long, else `clone-failed`."""
    slug = "timeout" if error.slug == "timeout" else "clone-failed"
    return GitError(f"cannot clone: {error}", slug=slug)


def _update(target: Path, since: float | None, timeout: float) -> None:
    """Fetch the remote's default branch into the clone's own."""
    branch = git.run(target, "symbolic-ref", "HEAD").decode().strip()
    refspec = f"+HEAD:{branch}"
    fetch = ["fetch", "--quiet", "--no-tags", "--update-head-ok", *_shallow(since)]
    git.run(target, *fetch, "origin", refspec, config=NETWORK_CONFIG, timeout=timeout)


def _shallow(since: float | None) -> list[str]:
    if since is None:
        return []
    day = dt.datetime.fromtimestamp(since, dt.UTC).strftime("%Y-%m-%d")
    return [f"--shallow-since={day}"]


def _is_bare(target: Path) -> bool:
    try:
        return git.run(target, "rev-parse", "--is-bare-repository").strip() == b"true"
    except GitError:
        return False
