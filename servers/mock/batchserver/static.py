"""Static file serving, the way a production static host would do it."""

from __future__ import annotations

import email.utils
import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from .web import Response

# Fixed here rather than taken from the OS database, which varies (and may
# lack application/wasm, without which streaming compilation fails).
MIME_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".wasm": "application/wasm",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".map": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".txt": "text/plain; charset=utf-8",
    ".data": "application/octet-stream",
}

# Precompressed siblings, in order of preference.
ENCODINGS = (("br", ".br"), ("gzip", ".gz"))

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
CDN_HTML = "public, max-age=60"  # the README's header for index.html on a CDN


def content_type(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix in MIME_TYPES:
        return MIME_TYPES[suffix]
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


def accepted_encodings(header: str) -> set[str]:
    """Codings the client accepts (q > 0), from an Accept-Encoding header."""
    accepted, refused = set(), set()
    for part in header.split(","):
        coding, *params = (piece.strip() for piece in part.split(";"))
        if not coding:
            continue
        quality = 1.0
        for param in params:
            if param.lower().startswith("q="):
                try:
                    quality = float(param[2:])
                except ValueError:
                    quality = 0.0
        (accepted if quality > 0 else refused).add(coding.lower())
    if "*" in accepted:
        accepted |= {name for name, _ in ENCODINGS} - refused
    return accepted


@dataclass
class StaticFile:
    """A file to stream, with the headers for it."""
    status: int
    headers: list[tuple[str, str]]
    path: Path | None  # None for 304


def _text_response(status: int, text: str, headers: list[tuple[str, str]] | None = None) -> Response:
    return Response(status, [("Content-Type", "text/plain; charset=utf-8"), *(headers or [])],
                    text.encode("utf-8"))


class StaticSite:
    def __init__(self, root: Path, revalidate_all: bool = False, cdn_html: bool = False):
        self.root = Path(root).resolve()
        self.revalidate_all = revalidate_all
        self.cdn_html = cdn_html  # HTML cached for a minute, as on a CDN, instead of revalidated each time

    def lookup(self, url_path: str, accept_encoding: str = "", if_none_match: str = "") -> StaticFile | Response:
        decoded = unquote(url_path)
        segments = decoded.split("/")
        if ".." in segments or "\\" in decoded or "\x00" in decoded:
            return _text_response(403, "Forbidden\n")
        parts = [segment for segment in segments if segment]
        if any(part.startswith(".") for part in parts):
            return _text_response(404, "Not found\n")  # dotfiles (.git, .env) are never published
        target = self.root.joinpath(*parts)
        if target.is_dir():
            if not url_path.endswith("/"):
                return _text_response(301, "Moved\n", [("Location", url_path + "/")])
            target = target / "index.html"

        variants = [(None, target)] + [(coding, target.with_name(target.name + suffix))
                                      for coding, suffix in ENCODINGS]
        existing = [(coding, path) for coding, path in variants if self._inside_root(path) and path.is_file()]
        if not existing:
            return _text_response(404, "Not found\n")
        accepted = accepted_encodings(accept_encoding)
        chosen = next(((c, p) for c, p in existing if c is not None and c in accepted), None)
        if chosen is None:
            chosen = existing[0] if existing[0][0] is None else None
        if chosen is None:  # only compressed copies exist, and the client takes none of them
            return _text_response(406, "Not acceptable: only compressed copies of this file exist\n")
        coding, path = chosen

        stat = path.stat()
        etag = f'"{stat.st_size:x}-{stat.st_mtime_ns:x}{"-" + coding if coding else ""}"'
        if self.revalidate_all:
            cache = REVALIDATE
        elif target.suffix.lower() == ".html":
            cache = CDN_HTML if self.cdn_html else REVALIDATE
        else:
            cache = IMMUTABLE
        headers = [("Content-Type", content_type(target)), ("Cache-Control", cache), ("ETag", etag),
                   ("Last-Modified", email.utils.formatdate(stat.st_mtime, usegmt=True)),
                   ("X-Content-Type-Options", "nosniff")]
        if len(existing) > 1:
            headers.append(("Vary", "Accept-Encoding"))
        if if_none_match and etag in (tag.strip() for tag in if_none_match.split(",")):
            return StaticFile(304, headers, None)
        if coding:
            headers.append(("Content-Encoding", coding))
        headers.append(("Content-Length", str(stat.st_size)))
        return StaticFile(200, headers, path)

    def _inside_root(self, path: Path) -> bool:
        # Resolving follows symlinks, so a link pointing out of the root is refused too.
        try:
            resolved = path.resolve()
        except (OSError, RuntimeError):
            return False
        return resolved == self.root or self.root in resolved.parents

    def has_index(self) -> bool:
        return (self.root / "index.html").is_file()
