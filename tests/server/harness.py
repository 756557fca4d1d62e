"""Helpers for the server tests: a temporary site, servers in threads, HTTP calls."""

from __future__ import annotations

import http.client
import json
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
MOCK_SERVER = REPO_ROOT / "servers" / "mock"
if str(MOCK_SERVER) not in sys.path:
    sys.path.insert(0, str(MOCK_SERVER))

from batchserver.server import create_server, parse_args  # noqa: E402

NOW = "2026-04-06T20:51:44Z"
NOW_EPOCH = 1775508704  # NOW as epoch seconds


class FakeClock:
    """Seconds since server start, moved by the test."""

    def __init__(self, elapsed: float = 0.0):
        self.elapsed = elapsed

    def __call__(self) -> float:
        return self.elapsed


def make_site() -> tempfile.TemporaryDirectory:
    """A small static site like the wasm build produces."""
    folder = tempfile.TemporaryDirectory(prefix="batchserver-site-")
    root = Path(folder.name)
    (root / "index.html").write_text("<!doctype html><title>widget</title>", encoding="utf-8")
    (root / "widget.js").write_text("console.log('plain');", encoding="utf-8")
    (root / "widget.js.gz").write_bytes(b"GZIP-BYTES")
    (root / "widget.js.br").write_bytes(b"BROTLI-BYTES")
    (root / "widget.wasm").write_bytes(b"\0asm\1\0\0\0")
    (root / "widget.wasm.gz").write_bytes(b"GZIPPED-WASM")
    (root / "style.css").write_text("body{}", encoding="utf-8")
    (root / "data.json").write_text("{}", encoding="utf-8")
    (root / "icon.svg").write_text("<svg/>", encoding="utf-8")
    (root / "icon.png").write_bytes(b"\x89PNG")
    (root / "font.woff2").write_bytes(b"wOF2")
    (root / "font.ttf").write_bytes(b"\0\1\0\0")
    (root / "docs").mkdir()
    (root / "docs" / "index.html").write_text("<p>docs</p>", encoding="utf-8")
    (root / ".env").write_text("SECRET=1", encoding="utf-8")
    return folder


class RunningServer:
    """A devserver in a background thread, built from CLI arguments."""

    def __init__(self, argv: list[str], elapsed=None, sleep=None):
        args = parse_args(["--port", "0", "--quiet", *argv])
        kwargs = {"elapsed": elapsed}
        if sleep is not None:
            kwargs["sleep"] = sleep
        self.server = create_server(args, **kwargs)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def connection(self, timeout: float = 10) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method: str, path: str, body: bytes | str | None = None,
                headers: dict | None = None, timeout: float = 10):
        """(status, headers as a case-insensitive message, body bytes)."""
        connection = self.connection(timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read()
        finally:
            connection.close()

    def api(self, params: dict | list | None = None, method: str = "GET", headers: dict | None = None,
            path: str = "/api"):
        """Call the API; GET puts params in the query, POST in a form body. (status, parsed JSON, headers)."""
        encoded = urllib.parse.urlencode(params or {})
        if method == "GET":
            status, response_headers, body = self.request("GET", f"{path}?{encoded}", headers=headers)
        else:
            all_headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
            status, response_headers, body = self.request(method, path, encoded, all_headers)
        return status, json.loads(body), response_headers

    def control(self, payload: dict):
        status, _, body = self.request("POST", "/api/__control", json.dumps(payload),
                                       {"Content-Type": "application/json"})
        return status, json.loads(body)

    def stats(self) -> dict:
        status, _, body = self.request("GET", "/api/__stats")
        assert status == 200, status
        return json.loads(body)
