"""Alibaba Cloud API signature V3 (ACS3-HMAC-SHA256)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import Iterable, Mapping
from urllib.parse import quote

ALGORITHM = "ACS3-HMAC-SHA256"
EMPTY_BODY_SHA256 = hashlib.sha256(b"").hexdigest()


@dataclass(frozen=True)
class Credentials:
    access_key_id: str
    # repr=False: a stray print or traceback must not show the secret.
    access_key_secret: str = field(repr=False)
    security_token: str | None = field(default=None, repr=False)

    def secrets_to_hide(self) -> list[str]:
        return [value for value in (self.access_key_id, self.access_key_secret, self.security_token) if value]


@dataclass(frozen=True)
class SignedRequest:
    headers: dict[str, str]
    canonical_request: str
    string_to_sign: str
    signature: str


def percent_encode(text: str) -> str:
    """RFC 3986: everything but A-Z a-z 0-9 - _ . ~ encoded (space %20, * %2A)."""
    return quote(text, safe="~")


def canonical_query_string(params: Iterable[tuple[str, str]]) -> str:
    pairs = sorted((percent_encode(name), percent_encode(value)) for name, value in params)
    return "&".join(f"{name}={value}" for name, value in pairs)


def canonical_headers(headers: Mapping[str, str]) -> tuple[str, str]:
    """(CanonicalHeaders, SignedHeaders): host, content-type and every x-acs-* header."""
    selected = {}
    for name, value in headers.items():
        lowered = name.strip().lower()
        if lowered in ("host", "content-type") or lowered.startswith("x-acs-"):
            selected[lowered] = str(value).strip()
    names = sorted(selected)
    return "".join(f"{name}:{selected[name]}\n" for name in names), ";".join(names)


def canonical_request(method: str, uri: str, params: Iterable[tuple[str, str]],
                      headers: Mapping[str, str], payload_hash: str) -> tuple[str, str]:
    """(CanonicalRequest, SignedHeaders)."""
    header_block, signed_headers = canonical_headers(headers)
    text = "\n".join([method.upper(), uri, canonical_query_string(params), header_block, signed_headers,
                      payload_hash])
    return text, signed_headers


def string_to_sign(canonical: str) -> str:
    return f"{ALGORITHM}\n{hashlib.sha256(canonical.encode('utf-8')).hexdigest()}"


def sign_string(secret: str, text: str) -> str:
    return hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).hexdigest()


def utc_timestamp(epoch: float | None = None) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


def sign_request(*, method: str, host: str, action: str, version: str, params: Iterable[tuple[str, str]],
                 credentials: Credentials, body: bytes = b"", uri: str = "/", content_type: str | None = None,
                 date: str | None = None, nonce: str | None = None) -> SignedRequest:
    """The headers for one V3-signed request (date and nonce fixed only in tests)."""
    params = list(params)
    payload_hash = hashlib.sha256(body).hexdigest()
    headers = {
        "host": host,
        "x-acs-action": action,
        "x-acs-version": version,
        "x-acs-date": date or utc_timestamp(),
        "x-acs-signature-nonce": nonce or secrets.token_hex(16),
        "x-acs-content-sha256": payload_hash,
    }
    if content_type:
        headers["content-type"] = content_type
    if credentials.security_token:
        headers["x-acs-security-token"] = credentials.security_token
    canonical, signed_headers = canonical_request(method, uri, params, headers, payload_hash)
    to_sign = string_to_sign(canonical)
    signature = sign_string(credentials.access_key_secret, to_sign)
    headers["Authorization"] = (f"{ALGORITHM} Credential={credentials.access_key_id},"
                                f"SignedHeaders={signed_headers},Signature={signature}")
    return SignedRequest(headers, canonical, to_sign, signature)
