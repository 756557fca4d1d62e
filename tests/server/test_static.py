"""Static serving: MIME types, index files, precompressed siblings, caching, traversal."""

import os
import socket
import tempfile
import unittest
from pathlib import Path

from tests.server.harness import RunningServer, make_site
from batchserver.static import accepted_encodings


class StaticTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = make_site()
        cls.outside = tempfile.TemporaryDirectory(prefix="batchserver-outside-")
        Path(cls.outside.name, "secret.txt").write_text("outside", encoding="utf-8")
        os.symlink(Path(cls.outside.name, "secret.txt"), Path(cls.site.name, "link.txt"))
        cls.server = RunningServer(["--root", cls.site.name, "--batches", "5"])

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.site.cleanup()
        cls.outside.cleanup()

    def get(self, path, **headers):
        return self.server.request("GET", path, headers=headers)

    def raw(self, request_line: bytes) -> bytes:
        """Send a request byte for byte (http.client would normalise the path)."""
        with socket.create_connection(("127.0.0.1", self.server.port), timeout=5) as sock:
            sock.sendall(request_line + b"\r\nHost: x\r\nConnection: close\r\n\r\n")
            chunks = []
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)

    def test_mime_types(self):
        expected = {"/widget.wasm": "application/wasm", "/widget.js": "text/javascript; charset=utf-8",
                    "/index.html": "text/html; charset=utf-8", "/style.css": "text/css; charset=utf-8",
                    "/data.json": "application/json", "/icon.svg": "image/svg+xml", "/icon.png": "image/png",
                    "/font.woff2": "font/woff2", "/font.ttf": "font/ttf"}
        for path, content_type in expected.items():
            status, headers, _ = self.get(path)
            self.assertEqual((status, headers["Content-Type"]), (200, content_type), path)
            self.assertEqual(headers["X-Content-Type-Options"], "nosniff")

    def test_index_for_root_and_directories(self):
        status, headers, body = self.get("/")
        self.assertEqual((status, body), (200, b"<!doctype html><title>widget</title>"))
        self.assertEqual(headers["Cache-Control"], "no-cache")
        status, headers, body = self.get("/docs/")
        self.assertEqual((status, body), (200, b"<p>docs</p>"))
        status, headers, _ = self.get("/docs")
        self.assertEqual((status, headers["Location"]), (301, "/docs/"))

    def test_long_immutable_cache_for_other_files(self):
        _, headers, _ = self.get("/widget.wasm")
        self.assertEqual(headers["Cache-Control"], "public, max-age=31536000, immutable")

    def test_precompressed_siblings(self):
        status, headers, body = self.get("/widget.js", **{"Accept-Encoding": "gzip, deflate, br"})
        self.assertEqual((status, body, headers["Content-Encoding"]), (200, b"BROTLI-BYTES", "br"))
        self.assertEqual(headers["Vary"], "Accept-Encoding")
        self.assertEqual(headers["Content-Type"], "text/javascript; charset=utf-8")
        self.assertEqual(headers["Content-Length"], str(len(b"BROTLI-BYTES")))
        _, headers, body = self.get("/widget.js", **{"Accept-Encoding": "gzip"})
        self.assertEqual((body, headers["Content-Encoding"]), (b"GZIP-BYTES", "gzip"))
        _, headers, body = self.get("/widget.js", **{"Accept-Encoding": "br;q=0, gzip;q=0.5"})
        self.assertEqual((body, headers["Content-Encoding"]), (b"GZIP-BYTES", "gzip"))
        _, headers, body = self.get("/widget.js")
        self.assertEqual(body, b"console.log('plain');")
        self.assertIsNone(headers["Content-Encoding"])
        self.assertEqual(headers["Vary"], "Accept-Encoding")
        _, headers, body = self.get("/widget.wasm", **{"Accept-Encoding": "*"})
        self.assertEqual((body, headers["Content-Type"]), (b"GZIPPED-WASM", "application/wasm"))
        _, headers, _ = self.get("/style.css", **{"Accept-Encoding": "gzip, br"})
        self.assertIsNone(headers["Content-Encoding"])
        self.assertIsNone(headers["Vary"], "no sibling, no variation")

    def test_accept_encoding_parsing(self):
        self.assertEqual(accepted_encodings("gzip, deflate, br"), {"gzip", "deflate", "br"})
        self.assertEqual(accepted_encodings("br;q=0, *"), {"*", "gzip"})
        self.assertEqual(accepted_encodings("identity"), {"identity"})
        self.assertEqual(accepted_encodings(""), set())

    def test_conditional_requests(self):
        _, headers, _ = self.get("/index.html")
        status, again, body = self.get("/index.html", **{"If-None-Match": headers["ETag"]})
        self.assertEqual((status, body), (304, b""))
        self.assertEqual(again["ETag"], headers["ETag"])
        _, gzip_headers, _ = self.get("/widget.js", **{"Accept-Encoding": "gzip"})
        _, plain_headers, _ = self.get("/widget.js")
        self.assertNotEqual(gzip_headers["ETag"], plain_headers["ETag"])

    def test_head_has_headers_and_no_body(self):
        status, headers, body = self.server.request("HEAD", "/widget.wasm")
        self.assertEqual((status, body, headers["Content-Length"]), (200, b"", "8"))

    def test_other_methods_and_missing_files(self):
        status, headers, _ = self.server.request("POST", "/index.html", "x")
        self.assertEqual((status, headers["Allow"]), (405, "GET, HEAD"))
        self.assertEqual(self.get("/nope.js")[0], 404)
        self.assertEqual(self.get("/.env")[0], 404, "dotfiles are not published")

    def test_path_traversal_is_refused(self):
        for target in (b"/../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd", b"/docs/..%2f..%2fetc/passwd",
                       b"/..\\..\\etc\\passwd", b"/docs/%2E%2E/%2E%2E/etc/hosts"):
            response = self.raw(b"GET " + target + b" HTTP/1.1")
            status = int(response.split(b" ", 2)[1])
            self.assertIn(status, (400, 403, 404), target)
            self.assertNotIn(b"root:", response)
        response = self.raw(b"GET /link.txt HTTP/1.1")
        self.assertTrue(response.startswith(b"HTTP/1.1 404"), "symlinks out of the root are refused")
        self.assertNotIn(b"outside", response.split(b"\r\n\r\n", 1)[1])

    def test_revalidate_flag(self):
        server = RunningServer(["--root", self.site.name, "--batches", "5", "--revalidate"])
        try:
            _, headers, _ = server.request("GET", "/widget.wasm")
            self.assertEqual(headers["Cache-Control"], "no-cache")
        finally:
            server.close()

    def test_cdn_cache_flag(self):
        server = RunningServer(["--root", self.site.name, "--batches", "5", "--cdn-cache"])
        try:
            _, headers, _ = server.request("GET", "/")
            self.assertEqual(headers["Cache-Control"], "public, max-age=60", "index.html as the README's CDN headers")
            _, headers, _ = server.request("GET", "/widget.wasm")
            self.assertEqual(headers["Cache-Control"], "public, max-age=31536000, immutable")
        finally:
            server.close()


if __name__ == "__main__":
    unittest.main()
