"""The PolarDB error envelope and the error codes this server can produce."""

from __future__ import annotations

import uuid

DEFAULT_HOST_ID = "polardb.aliyuncs.com"

# Codes PolarDB (or the Alibaba Cloud gateway in front of it) answers with,
# with their HTTP statuses and the gateway's usual wording.  These are also
# the codes the `error=` fault can inject.
POLARDB_ERRORS: dict[str, tuple[int, str]] = {
    "MissingParameter": (400, "The input parameter that is mandatory for processing this request is not supplied."),
    "InvalidParameter": (400, "The specified parameter is not valid."),
    "IncompleteSignature": (400, "The request signature does not conform to Aliyun standards."),
    "SignatureDoesNotMatch": (400, "Specified signature does not match our calculation."),
    "UnsupportedParameter": (400, "The parameter is not supported."),
    "InvalidVersion": (400, "Specified parameter Version is not valid."),
    "Throttling": (400, "Request was denied due to request throttling."),
    "Throttling.User": (400, "Request was denied due to user flow control."),
    "InvalidAction": (403, "Specified action is not valid."),
    "Forbidden.RAM": (403, "User not authorized to operate on the specified resource, or this API doesn't support RAM."),
    "Forbidden.NotSupportRAM": (403, "This API does not support RAM."),
    "Forbidden.RiskControl": (403, "This operation is forbidden by Aliyun RiskControl system."),
    "InvalidAccessKeyId.NotFound": (404, "Specified access key is not found."),
    "InvalidBatchId.NotFound": (404, "The specified batch task does not exist."),
    "InternalError": (500, "The request processing has failed due to some unknown error, exception or failure."),
    "ServiceUnavailable": (503, "The request has failed due to a temporary failure of the server."),
}

# Codes produced by this server itself (never by PolarDB), in the same
# envelope so the widget has one error shape to handle.
LOCAL_ERRORS: dict[str, tuple[int, str]] = {
    "BadRequest": (400, "The request could not be parsed."),
    "InvalidRegionId": (400, "The specified region is not served here."),
    "MockFault.InvalidSpec": (400, "The fault specification is not valid."),
    "MockControl.UnknownBatchId": (400, "The control request names a batch that does not exist."),
    "MockControl.InvalidState": (400, "The control request does not fit the state of a batch it names."),
    "Forbidden.CrossOrigin": (403, "Cross-origin API requests are not accepted."),
    "Forbidden.ContentType": (403, "API POST requests must use Content-Type application/x-www-form-urlencoded."),
    "NotFound": (404, "Not found."),
    "MethodNotAllowed": (405, "Only GET and POST are accepted here."),
    "LengthRequired": (411, "Chunked request bodies are not accepted; send Content-Length."),
    "RequestEntityTooLarge": (413, "The request body is too large."),
    "ProxyError.UpstreamUnreachable": (502, "The PolarDB endpoint could not be reached."),
    "ProxyError.BadUpstreamResponse": (502, "The PolarDB endpoint returned a response that is not JSON."),
    "ProxyError.UpstreamTimeout": (504, "The PolarDB endpoint did not answer in time."),
}

ALL_ERRORS = {**POLARDB_ERRORS, **LOCAL_ERRORS}


def new_request_id() -> str:
    """An uppercase UUID, the shape PolarDB's RequestId has."""
    return str(uuid.uuid4()).upper()


def recommend_url(code: str, request_id: str) -> str:
    return f"https://api.aliyun.com/troubleshoot?q={code}&product=polardb&requestId={request_id}"


class ApiError(Exception):
    """An error to be answered with the PolarDB envelope."""

    def __init__(self, code: str, message: str | None = None, status: int | None = None):
        known_status, known_message = ALL_ERRORS.get(code, (400, "The request failed."))
        self.code = code
        self.message = message or known_message
        self.status = status or known_status
        super().__init__(f"{self.code}: {self.message}")

    def envelope(self, host_id: str = DEFAULT_HOST_ID) -> dict:
        request_id = new_request_id()
        return {
            "RequestId": request_id,
            "HostId": host_id,
            "Code": self.code,
            "Message": self.message,
            "Recommend": recommend_url(self.code, request_id),
        }


def invalid_parameter(name: str, value: str, hint: str = "") -> ApiError:
    message = f'The specified parameter "{name}" is not valid: "{value}".'
    if hint:
        message += " " + hint
    return ApiError("InvalidParameter", message)


def missing_parameter(name: str) -> ApiError:
    return ApiError(
        "MissingParameter",
        f'The input parameter "{name}" that is mandatory for processing this request is not supplied.',
    )
