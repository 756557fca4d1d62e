"""The mock PolarDB endpoint: request checks, faults, statistics, test hooks, the API.

The control endpoint ({api}/__control, loopback only) is how tests steer a
running mock.  GET answers {"faults", "stats", "overrides"}; POST takes a
JSON object (Content-Type application/json) with any of

    "faults": "SPEC"              replace the server-wide fault spec (faults.py)
    "resetStats": true            zero the per-Action counts
    "fail": ["<BatchId>", ...]    fail these DISPATCHING/RUNNING batches now
    "stall": ["<BatchId>", ...]   freeze these DISPATCHING/RUNNING batches as they are
    "resume": ["<BatchId>", ...]  let stalled batches go on from where they stood
    "reset": true                 drop every fail/stall override (applied first)

and answers as GET does once they are applied.  "overrides" lists
{"BatchId", "RegionId", "override": "failed"|"stalled"|"resumed", "since"
(UTC), "delaySeconds" (time stood still, once resumed)}.  Other fields are refused.

in any region's data set (overrides.py has the details).  A POST is all or
nothing: a bad spec, an unknown BatchId or a batch in the wrong state
(400 MockFault.InvalidSpec, MockControl.UnknownBatchId, MockControl.InvalidState;
BadRequest for a body of the wrong shape) changes nothing.
"""

from __future__ import annotations

import ipaddress
import json
import threading
import time
from collections import Counter
from typing import Callable

from .api import BatchTaskApi
from .regions import DEFAULT_REGION, RegionalApis
from .errors import ApiError
from .faults import FaultInjector, FaultPlan, FaultSpecError, parse_fault_spec
from .overrides import CONTROL_KEYS, OverrideError, batch_ids_of, describe, plan_changes
from .web import (HttpRequest, Response, action_of, check_api_request, cors_headers, error_response,
                  json_response, last_value, merged_params, origin_allowed, preflight_response)

FAULT_HEADER = "x-mock-fault"
FAULT_PARAMETER = "__fault"
CONTROL_FIELDS = ("faults", "resetStats", *CONTROL_KEYS, "reset")

_HTML_502 = (b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
             b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>Tengine</center>\r\n"
             b"</body>\r\n</html>\r\n")


def is_loopback(ip: str) -> bool:
    try:
        address = ipaddress.ip_address(ip.split("%")[0])
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)
    return (mapped or address).is_loopback


def _numbers_as_strings(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return [_numbers_as_strings(v) for v in value]
    if isinstance(value, dict):
        return {k: _numbers_as_strings(v) for k, v in value.items()}
    return value


def _wrong_shape(value):
    """Valid JSON that breaks a reader expecting the documented types."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return None
    if isinstance(value, list):
        return {str(i): _wrong_shape(v) for i, v in enumerate(value)}
    if isinstance(value, dict):
        return {k: _wrong_shape(v) for k, v in value.items()}
    return value


class MockService:
    def __init__(self, api: BatchTaskApi, faults: FaultInjector, cors_origin: str | None = None,
                 sleep: Callable[[float], None] = time.sleep, regions: RegionalApis | None = None):
        self.regions = regions or RegionalApis({DEFAULT_REGION: api}, strict=False)
        self.api = self.regions.default
        self.faults = faults
        self.cors_origin = cors_origin
        self.sleep = sleep
        self._stats_lock = threading.Lock()
        self._action_counts: Counter[str] = Counter()
        self._control_lock = threading.Lock()

    # -- statistics -------------------------------------------------------

    def stats(self) -> dict:
        with self._stats_lock:
            return {"Actions": dict(self._action_counts), "Total": sum(self._action_counts.values())}

    def reset_stats(self) -> None:
        with self._stats_lock:
            self._action_counts.clear()

    def _count(self, action: str) -> None:
        with self._stats_lock:
            self._action_counts[action or "(none)"] += 1

    # -- API --------------------------------------------------------------

    def handle_api(self, request: HttpRequest) -> Response:
        if request.method == "OPTIONS":
            return preflight_response(request, self.cors_origin)
        cors = cors_headers(request, self.cors_origin)
        try:
            problem = check_api_request(request, self.cors_origin)
            if problem:
                raise problem
            params = merged_params(request)
        except ApiError as error:
            return self._with_headers(error_response(error), cors)
        action = action_of(request, params)
        self._count(action)

        request_spec_text = request.headers.get(FAULT_HEADER)
        if request_spec_text is None:
            request_spec_text = last_value(params, FAULT_PARAMETER)
        params.pop(FAULT_PARAMETER, None)
        try:
            request_spec = None if request_spec_text is None else parse_fault_spec(request_spec_text)
        except FaultSpecError as exc:
            return self._with_headers(error_response(ApiError("MockFault.InvalidSpec", str(exc))), cors)
        plan = self.faults.plan(request_spec)

        if plan.hold_seconds:
            self.sleep(plan.hold_seconds)
        if "Version" not in params and request.header("x-acs-version"):
            params["Version"] = [request.header("x-acs-version")]
        response = self._answer(action, params, plan)
        return self._with_headers(response, cors)

    def _answer(self, action: str, params: dict[str, list[str]], plan: FaultPlan) -> Response:
        if plan.drop:
            return Response(0, [], b"", delivery="drop")
        if plan.error_code:
            response = error_response(ApiError(plan.error_code))
        elif plan.html502:
            response = Response(502, [("Content-Type", "text/html"), ("Cache-Control", "no-store")], _HTML_502)
        elif plan.empty200:
            response = json_response(200, None)
            response.body = b""
        else:
            try:
                payload = self.regions.for_params(params).call(action, params)
                status = 200
            except ApiError as error:
                payload, status = error.envelope(), error.status
            if plan.numstrings:
                payload = _numbers_as_strings(payload)
            if plan.malformed == "shape":
                payload = _wrong_shape(payload)
            response = json_response(status, payload)
            if plan.malformed == "syntax":
                # A trailing comma: rejected by every strict JSON parser.
                response.body = response.body[:-1] + b',}'
        if plan.truncated and len(response.body) > 1:
            response.delivery = "truncate"
        elif plan.trickle_seconds:
            response.delivery, response.trickle_seconds = "trickle", plan.trickle_seconds
        if plan.age_seconds is not None:
            response.headers.append(("X-Batch-Tasks-Age", str(plan.age_seconds)))
        if plan.stale:
            response.headers.append(("X-Batch-Tasks-Stale", plan.stale))
        if plan.fired:
            response.headers.append(("X-Mock-Fault-Applied", ",".join(plan.fired)))
        return response

    @staticmethod
    def _with_headers(response: Response, extra: list[tuple[str, str]]) -> Response:
        response.headers.extend(extra)
        return response

    # -- test hooks: __control and __stats ----------------------------------

    def handle_control(self, request: HttpRequest) -> Response:
        """GET shows the active faults and overrides; POST changes them (see the module docstring)."""
        if not is_loopback(request.client_ip) or not origin_allowed(request, None):
            return error_response(ApiError("Forbidden.CrossOrigin", "The control endpoint is for local tests only."))
        if request.method == "POST":
            if request.header("content-type").split(";")[0].strip().lower() != "application/json":
                return error_response(ApiError("Forbidden.ContentType",
                                               "The control endpoint takes Content-Type application/json."))
            try:
                body = json.loads(request.body or b"{}")
                if not isinstance(body, dict):
                    raise ValueError("the body must be a JSON object")
                unknown = [key for key in body if key not in CONTROL_FIELDS]
                if unknown:
                    raise ValueError(f"unknown field {unknown[0]!r}; known: {', '.join(CONTROL_FIELDS)}")
                spec = None
                if "faults" in body:
                    if not isinstance(body["faults"], str):
                        raise ValueError('"faults" must be a string')
                    spec = parse_fault_spec(body["faults"])
                reset = body.get("reset", False)
                if not isinstance(reset, bool):
                    raise ValueError('"reset" must be true or false')
                requested = {key: batch_ids_of(body, key) for key in CONTROL_KEYS}
                with self._control_lock:  # checked and applied as one step
                    changes = plan_changes(self.regions.apis, reset, requested)
                    if spec is not None:
                        self.faults.replace(spec)
                    for region, api in self.regions.apis.items():
                        api.overrides.update(changes[region], clear=reset)
            except FaultSpecError as exc:
                return error_response(ApiError("MockFault.InvalidSpec", str(exc)))
            except OverrideError as exc:
                return error_response(ApiError(exc.code, str(exc)))
            except ValueError as exc:
                return error_response(ApiError("BadRequest", f"Bad control request: {exc}"))
            if body.get("resetStats"):
                self.reset_stats()
        elif request.method != "GET":
            return error_response(ApiError("MethodNotAllowed"))
        return json_response(200, {"faults": self.faults.spec.text, "stats": self.stats(),
                                   "overrides": describe(self.regions.apis)})

    def handle_config(self, request: HttpRequest) -> Response:
        """The regions served, in the shape the signing service answers."""
        if request.method not in ("GET", "HEAD"):
            return error_response(ApiError("MethodNotAllowed"))
        return self._with_headers(json_response(200, self.regions.config()),
                                  cors_headers(request, self.cors_origin))

    def handle_stats(self, request: HttpRequest) -> Response:
        if request.method != "GET":
            return error_response(ApiError("MethodNotAllowed"))
        return json_response(200, self.stats())
