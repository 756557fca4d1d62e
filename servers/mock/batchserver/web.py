"""HTTP plumbing of the mock service: requests, responses and their checks.

server.py turns each request into an HttpRequest, runs the checks here
(size, method, cross-origin) and gets back a Response.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

from .errors import DEFAULT_HOST_ID, ApiError

MAX_BODY_BYTES = 64 * 1024
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"
JSON_CONTENT_TYPE = "application/json;charset=utf-8"
MAX_FIELDS = 1000


@dataclass
class HttpRequest:
    method: str
    path: str
    query: str
    headers: dict[str, str]  # names lowercased
    body: bytes = b""
    client_ip: str = ""

    def header(self, name: str, default: str = "") -> str:
        return self.headers.get(name.lower(), default)


@dataclass
class Response:
    status: int
    headers: list[tuple[str, str]]
    body: bytes
    # How the http.server front end delivers it; faults set the others.
    delivery: str = "normal"  # normal | drop | truncate | trickle
    trickle_seconds: float = 0.0

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None


def json_bytes(payload) -> bytes:
    # ensure_ascii=False: PolarDB answers raw UTF-8, and the widget must cope.
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def json_response(status: int, payload) -> Response:
    return Response(status, [("Content-Type", JSON_CONTENT_TYPE), ("Cache-Control", "no-store")], json_bytes(payload))


def error_response(error: ApiError, host_id: str = DEFAULT_HOST_ID) -> Response:
    return json_response(error.status, error.envelope(host_id))


def body_size_error(content_length: str | None, transfer_encoding: str | None) -> ApiError | None:
    """Checked before the body is read, so an oversized body is never buffered."""
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        return ApiError("LengthRequired")
    if not content_length:
        return None
    try:
        length = int(content_length)
    except ValueError:
        return ApiError("BadRequest", "Content-Length is not a number.")
    if length < 0:
        return ApiError("BadRequest", "Content-Length is negative.")
    if length > MAX_BODY_BYTES:
        return ApiError("RequestEntityTooLarge", f"The request body is larger than {MAX_BODY_BYTES} bytes.")
    return None


def _split_host_port(netloc: str) -> tuple[str, int | None]:
    try:
        parts = urlsplit("//" + netloc)
        return (parts.hostname or "").lower(), parts.port
    except ValueError:
        return "", None


def origin_matches_host(origin: str, host: str) -> bool:
    """True when a browser Origin names the same site as the Host header.

    Host omits default ports, so `https://example.com` matches `example.com`
    and `http://127.0.0.1:8080` matches `127.0.0.1:8080`.
    """
    try:
        parts = urlsplit(origin)
        origin_port = parts.port
    except ValueError:
        return False
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    default_port = 443 if parts.scheme == "https" else 80
    host_name, host_port = _split_host_port(host)
    return parts.hostname.lower() == host_name and (origin_port or default_port) == (host_port or default_port)


def origin_allowed(request: HttpRequest, cors_origin: str | None) -> bool:
    origin = request.header("origin")
    if not origin:
        return True  # same-origin GETs and non-browser clients send none
    if cors_origin and origin == cors_origin:
        return True
    return origin_matches_host(origin, request.header("host"))


def check_api_request(request: HttpRequest, cors_origin: str | None) -> ApiError | None:
    """Method and CSRF rules for API calls (size is checked before reading)."""
    if request.method not in ("GET", "POST"):
        return ApiError("MethodNotAllowed")
    if not origin_allowed(request, cors_origin):
        return ApiError(
            "Forbidden.CrossOrigin",
            f"Origin {request.header('origin')!r} does not match this server; cross-origin API requests are refused.",
        )
    # SDKs POST an empty body with the parameters in the query and no content
    # type; a body, when there is one, must be a form.
    if request.method == "POST" and request.body:
        media_type = request.header("content-type").split(";")[0].strip().lower()
        if media_type != FORM_CONTENT_TYPE:
            return ApiError("Forbidden.ContentType")
    return None


def merged_params(request: HttpRequest) -> dict[str, list[str]]:
    """Query-string and form-body parameters together, query first."""
    params: dict[str, list[str]] = {}
    sources = [request.query]
    if request.method == "POST" and request.body:
        sources.append(request.body.decode("latin-1"))
    for source in sources:
        try:
            pairs = parse_qsl(source, keep_blank_values=True, encoding="utf-8", errors="replace",
                              max_num_fields=MAX_FIELDS)
        except ValueError as exc:
            raise ApiError("BadRequest", f"Too many parameters: {exc}") from None
        for name, value in pairs:
            params.setdefault(name, []).append(value)
    return params


def last_value(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[-1] if values else None


def action_of(request: HttpRequest, params: dict[str, list[str]]) -> str:
    return (last_value(params, "Action") or request.header("x-acs-action")).strip()


def cors_headers(request: HttpRequest, cors_origin: str | None) -> list[tuple[str, str]]:
    if cors_origin and request.header("origin") == cors_origin:
        return [("Access-Control-Allow-Origin", cors_origin), ("Vary", "Origin")]
    return []


def preflight_response(request: HttpRequest, cors_origin: str | None) -> Response:
    if not cors_origin or request.header("origin") != cors_origin:
        return error_response(ApiError("Forbidden.CrossOrigin", "CORS is not enabled for this origin."))
    return Response(204, [
        ("Access-Control-Allow-Origin", cors_origin),
        ("Access-Control-Allow-Methods", "GET, POST"),
        ("Access-Control-Allow-Headers", "Content-Type, X-Mock-Fault, x-acs-action"),
        ("Access-Control-Max-Age", "600"),
        ("Vary", "Origin"),
    ], b"")
