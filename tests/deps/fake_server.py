"""A local HTTP server for the audit's network tests: 127.0.0.1 only, routes set per test."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """What the server answers: status, body, and how it misbehaves."""

    status: int = 200
    body: bytes = b"{}"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds before answering."""
    trickle: float = 0.0
    """Seconds between each byte of the body (a slow, never idle, response)."""

    @classmethod
    def json(cls, document: Any, status: int = 200, **kwargs: Any) -> Reply:
        return cls(status, json.dumps(document).encode(), **kwargs)


Route = Callable[[str, bytes], Reply]
"""Called with the path and the request body."""


class FakeServer:
    """Routes by path prefix; records every request and the peak of concurrent ones."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str, bytes]] = []
        self.peak = 0
        self._active = 0
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def route(self, prefix: str, reply: Reply | Route) -> None:
        self.routes[prefix] = reply if callable(reply) else (lambda _p, _b: reply)

    def answer(self, method: str, path: str, body: bytes) -> Reply:
        with self._lock:
            self.requests.append((method, path, body))
            self._active += 1
            self.peak = max(self.peak, self._active)
        try:
            reply = Reply(404, b'{"message": "not found"}')
            for prefix in sorted(self.routes, key=len, reverse=True):
                if path.startswith(prefix):
                    reply = self.routes[prefix](path, body)
                    break
            time.sleep(reply.delay)
            return reply
        finally:
            with self._lock:
                self._active -= 1

    def __enter__(self) -> FakeServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler(server: FakeServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self._serve("GET", b"")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            self._serve("POST", self.rfile.read(length))

        def _serve(self, method: str, body: bytes) -> None:
            reply = server.answer(method, self.path, body)
            try:
                self.send_response(reply.status)
                for name, value in {"Content-Type": "application/json", **reply.headers}.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                for chunk in _chunks(reply):
                    self.wfile.write(chunk)
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up, as a client with a deadline should

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


def _chunks(reply: Reply) -> Iterator[bytes]:
    if not reply.trickle:
        yield reply.body
        return
    for index in range(len(reply.body)):
        time.sleep(reply.trickle)
        yield reply.body[index : index + 1]
