"""Signing proxy: forwards DescribeBatchTasks / DescribeBatchTask to PolarDB.

The browser never sees the AccessKey: it calls this same-origin endpoint,
which checks the request, keeps only the known parameters of the two
read-only actions, signs with ACS3-HMAC-SHA256 and forwards to one fixed
upstream.  Nothing in the incoming request can choose the upstream.

As WSGI (production, behind one origin with the static site):

    ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=... \\
    gunicorn --chdir scripts batchserver.proxy:application

Environment: ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET,
optional ALIBABA_CLOUD_SECURITY_TOKEN (STS); POLARDB_UPSTREAM (default
https://polardb.aliyuncs.com/), BATCHSERVER_API_PATH (default /api),
BATCHSERVER_CORS_ORIGIN (default none).
"""

from __future__ import annotations

import http.client
import json
import os
import ssl
import sys
import time
from typing import Callable
from urllib.parse import urlsplit

from .api import API_VERSION
from .errors import ApiError, missing_parameter
from .signing import Credentials, canonical_query_string, sign_request
from .web import (JSON_CONTENT_TYPE, HttpRequest, Response, action_of, body_size_error, check_api_request, cors_headers,
                  error_response, last_value, merged_params, preflight_response)

DEFAULT_UPSTREAM = "https://polardb.aliyuncs.com/"
DEFAULT_TIMEOUT_SECONDS = 15.0
MAX_UPSTREAM_BYTES = 8 * 1024 * 1024

# The only actions forwarded, and the only parameters forwarded for each.
FORWARDED_PARAMETERS: dict[str, tuple[str, ...]] = {
    "DescribeBatchTasks": ("TaskType", "Status", "StartTime", "EndTime", "PageSize", "PageNumber", "RegionId"),
    "DescribeBatchTask": ("BatchId", "RegionId"),
}

ENV_ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID"
ENV_ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET"
ENV_SECURITY_TOKEN = "ALIBABA_CLOUD_SECURITY_TOKEN"


class ConfigurationError(Exception):
    """A start-up problem, worded for a one-line message."""


def credentials_from_env(environ=os.environ) -> Credentials:
    key_id = environ.get(ENV_ACCESS_KEY_ID, "").strip()
    secret = environ.get(ENV_ACCESS_KEY_SECRET, "").strip()
    if not key_id or not secret:
        raise ConfigurationError(f"proxy mode needs credentials: set {ENV_ACCESS_KEY_ID} and "
                                 f"{ENV_ACCESS_KEY_SECRET} (and {ENV_SECURITY_TOKEN} for STS)")
    return Credentials(key_id, secret, environ.get(ENV_SECURITY_TOKEN, "").strip() or None)


def status_as_json_array(params: dict[str, list[str]]) -> str | None:
    """Status in the form the SDKs send: one JSON-array string.

    Bare values and the flattened Status.N form are folded in.  Values are
    not validated here; PolarDB does that and its error is passed back.
    """
    values: list = []
    for text in params.get("Status", []):
        text = text.strip()
        if text.startswith("["):
            try:
                parsed = json.loads(text)
            except ValueError:
                parsed = None
            if isinstance(parsed, list):
                values.extend(parsed)
                continue
        if text:
            values.append(text)
    numbered = sorted((int(name[7:]), name) for name in params
                      if name.startswith("Status.") and name[7:].isdigit())
    values.extend(value for _, name in numbered for value in params[name] if value)
    return json.dumps(values, ensure_ascii=False, separators=(",", ":")) if values else None


def upstream_parameters(action: str, params: dict[str, list[str]]) -> list[tuple[str, str]]:
    forwarded = []
    for name in FORWARDED_PARAMETERS[action]:
        value = status_as_json_array(params) if name == "Status" else last_value(params, name)
        if value:  # empty means "no filter"; PolarDB may reject an empty value
            forwarded.append((name, value))
    return forwarded


class SigningProxy:
    def __init__(self, upstream: str, credentials: Credentials, *, timeout: float = DEFAULT_TIMEOUT_SECONDS,
                 cors_origin: str | None = None, log: Callable[[str], None] | None = None):
        parts = urlsplit(upstream)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigurationError(f"--upstream must be an http(s) URL, got {upstream!r}")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ConfigurationError("--upstream must not contain a query, fragment or user info")
        self.scheme = parts.scheme
        self.host = parts.netloc  # what the Host header and the signature carry
        self.hostname = parts.hostname
        self.port = parts.port
        self.path = parts.path or "/"
        self.credentials = credentials
        self.timeout = timeout
        self.cors_origin = cors_origin
        self.log = log or (lambda line: None)

    def handle(self, request: HttpRequest) -> Response:
        if request.method == "OPTIONS":
            return preflight_response(request, self.cors_origin)
        try:
            problem = check_api_request(request, self.cors_origin)
            if problem:
                raise problem
            params = merged_params(request)
            action = action_of(request, params)
            if not action:
                raise missing_parameter("Action")
            if action not in FORWARDED_PARAMETERS:
                raise ApiError("InvalidAction", f"Specified action {action!r} is not valid.")
            response = self.forward(action, upstream_parameters(action, params))
        except ApiError as error:
            response = error_response(error, host_id=self.host)
        response.headers.extend(cors_headers(request, self.cors_origin))
        return response

    def _connection(self) -> http.client.HTTPConnection:
        if self.scheme == "https":
            return http.client.HTTPSConnection(self.hostname, self.port, timeout=self.timeout,
                                               context=ssl.create_default_context())
        return http.client.HTTPConnection(self.hostname, self.port, timeout=self.timeout)

    def forward(self, action: str, params: list[tuple[str, str]]) -> Response:
        # RPC style: POST to the fixed path, parameters in the query, empty body.
        signed = sign_request(method="POST", host=self.host, action=action, version=API_VERSION,
                              params=params, credentials=self.credentials, uri=self.path)
        query = canonical_query_string(params)
        target = self.path + ("?" + query if query else "")
        headers = {**signed.headers, "Accept": "application/json", "User-Agent": "batchserver-proxy/1"}
        started = time.monotonic()
        connection = self._connection()
        try:
            connection.request("POST", target, body=b"", headers=headers)
            upstream = connection.getresponse()
            body = upstream.read(MAX_UPSTREAM_BYTES + 1)
            status = upstream.status
        except TimeoutError:
            self.log(f"upstream {action}: timed out after {self.timeout:g} s")
            raise ApiError("ProxyError.UpstreamTimeout") from None
        except (OSError, http.client.HTTPException) as exc:
            self.log(f"upstream {action}: {type(exc).__name__}: {exc}")
            raise ApiError("ProxyError.UpstreamUnreachable") from None
        finally:
            connection.close()
        self.log(f"upstream {action}: HTTP {status} in {1000 * (time.monotonic() - started):.0f} ms")
        if len(body) > MAX_UPSTREAM_BYTES:
            raise ApiError("ProxyError.BadUpstreamResponse", "The PolarDB response is too large.")
        try:
            json.loads(body)
        except ValueError:
            raise ApiError("ProxyError.BadUpstreamResponse",
                           f"The PolarDB endpoint answered HTTP {status} with a body that is not JSON.") from None
        return Response(status, [("Content-Type", JSON_CONTENT_TYPE), ("Cache-Control", "no-store")],
                        self._scrub(body))

    def _scrub(self, body: bytes) -> bytes:
        # Defence in depth: an upstream error that echoes the key never reaches the browser.
        for secret in self.credentials.secrets_to_hide():
            body = body.replace(secret.encode("utf-8"), b"***")
        return body


# -- WSGI -------------------------------------------------------------------

def _request_from_environ(environ, body: bytes) -> HttpRequest:
    headers = {key[5:].replace("_", "-").lower(): value for key, value in environ.items() if key.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    if environ.get("CONTENT_LENGTH"):
        headers["content-length"] = environ["CONTENT_LENGTH"]
    return HttpRequest(environ.get("REQUEST_METHOD", "GET").upper(), _full_path(environ),
                       environ.get("QUERY_STRING", ""), headers, body, environ.get("REMOTE_ADDR", ""))


def _full_path(environ) -> str:
    return (environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")) or "/"


def make_app(upstream: str = DEFAULT_UPSTREAM, credentials: Credentials | None = None, *, api_path: str = "/api",
             cors_origin: str | None = None, timeout: float = DEFAULT_TIMEOUT_SECONDS,
             log: Callable[[str], None] | None = None):
    """A WSGI application answering API calls at `api_path` (404 elsewhere); `log` defaults to stderr."""
    api_path = "/" + api_path.strip("/")
    accepted_paths = {api_path, api_path + "/"}
    proxy = SigningProxy(upstream, credentials or credentials_from_env(), timeout=timeout, cors_origin=cors_origin,
                         log=log or (lambda line: print(line, file=sys.stderr, flush=True)))

    def application(environ, start_response):
        if _full_path(environ) not in accepted_paths:
            response = error_response(ApiError("NotFound"), host_id=proxy.host)
        else:
            problem = body_size_error(environ.get("CONTENT_LENGTH"), environ.get("HTTP_TRANSFER_ENCODING"))
            if problem:
                response = error_response(problem, host_id=proxy.host)
            else:
                length = int(environ.get("CONTENT_LENGTH") or 0)
                body = environ["wsgi.input"].read(length) if length else b""
                response = proxy.handle(_request_from_environ(environ, body))
        headers = [*response.headers, ("Content-Length", str(len(response.body)))]
        start_response(f"{response.status} {http.client.responses.get(response.status, 'Unknown')}", headers)
        return [response.body]

    application.proxy = proxy  # for tests and introspection
    return application


_application = None


def __getattr__(name):
    # `application` is built on first access (PEP 562), so importing this
    # module never needs credentials, while a WSGI server loading
    # `batchserver.proxy:application` fails at start if they are missing.
    global _application
    if name != "application":
        raise AttributeError(name)
    if _application is None:
        _application = make_app(os.environ.get("POLARDB_UPSTREAM", DEFAULT_UPSTREAM),
                                api_path=os.environ.get("BATCHSERVER_API_PATH", "/api"),
                                cors_origin=os.environ.get("BATCHSERVER_CORS_ORIGIN") or None)
    return _application
