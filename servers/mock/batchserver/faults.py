"""Fault injection for the mock API; FAULT_REFERENCE below is the user documentation."""

from __future__ import annotations

import math
import random
import threading
from dataclasses import dataclass, field
from fractions import Fraction

from .errors import POLARDB_ERRORS

FAULT_REFERENCE = """\
A fault spec is a comma-separated list of items, each `name`, `name=value`,
optionally followed by `:RATE` (0 < RATE <= 1) to affect only that share of
requests, e.g. `latency=500,jitter=200` or `error=ServiceUnavailable:0.5`.
`none` (or an empty spec) means no faults.

    latency=MS        wait MS ms before answering
    jitter=MS         wait a further random 0..MS ms
    error=CODE        answer with the PolarDB error envelope for CODE
    html502           502 with an HTML body, as a gateway would send
    empty200          200 with an empty body
    malformed         200 whose body is not valid JSON
    malformed=shape   200 with valid JSON of the wrong shape
    numstrings        numbers in the answer sent as strings ("8")
    truncated         Content-Length promises the whole body, half is sent,
                      then the connection is closed
    drop              close the connection without any response
    trickle=MS        send the body in small pieces spread over MS ms
    reorder[=MS]      hold every other request (1st, 3rd, 5th...) for MS ms
                      (default 1500) and answer the others at once, so a
                      request sent while a held one is pending overtakes it
    age=S             mark the answer X-Batch-Tasks-Age: S, as the signing
                      service does for an answer PolarDB gave S seconds ago
    stale=REASON      mark the answer X-Batch-Tasks-Stale: REASON (throttled,
                      upstream-error or budget), as the signing service does
                      for an older answer served in place of a new one

Rates are applied deterministically, not randomly: with rate R the n-th
request counted by that item is affected when ceil(n*R) > ceil((n-1)*R), so
the first one is, and exactly R of them over time (0.5: 1st, 3rd, 5th...).
Counters start when a spec becomes active, and each distinct per-request
spec (header or `__fault` parameter) has its own.

When several answer-replacing faults fire at once, the first of drop, error,
html502, empty200 wins; malformed, numstrings, truncated and trickle then
shape whatever answer is left.
"""

MAX_DELAY_MS = 600_000
DEFAULT_TRICKLE_MS = 2000
DEFAULT_REORDER_MS = 1500

# name -> kind of value: "ms" (required), "ms?" (optional), "code", "malformed", None (no value)
FAULT_KINDS: dict[str, str | None] = {
    "latency": "ms",
    "jitter": "ms",
    "error": "code",
    "html502": None,
    "empty200": None,
    "malformed": "malformed",
    "numstrings": None,
    "truncated": None,
    "drop": None,
    "trickle": "ms?",
    "reorder": "ms?",
    "age": "seconds",
    "stale": "stale",
}

# The signing service's X-Batch-Tasks-Stale values.
STALE_REASONS = ("throttled", "upstream-error", "budget")


class FaultSpecError(ValueError):
    pass


@dataclass(frozen=True)
class FaultItem:
    name: str
    value: str | None = None
    rate: Fraction | None = None

    def __str__(self) -> str:
        text = self.name if self.value is None else f"{self.name}={self.value}"
        return text if self.rate is None else f"{text}:{self.rate_text}"

    @property
    def rate_text(self) -> str:
        return format(float(self.rate), "g") if self.rate is not None else ""

    def milliseconds(self, default: int = 0) -> int:
        return default if self.value is None else int(self.value)


@dataclass(frozen=True)
class FaultSpec:
    items: tuple[FaultItem, ...] = ()

    @property
    def text(self) -> str:
        return ",".join(str(item) for item in self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def _parse_rate(text: str, item: str) -> Fraction:
    try:
        rate = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise FaultSpecError(f"{item!r}: rate {text!r} is not a number") from None
    if not 0 < rate <= 1:
        raise FaultSpecError(f"{item!r}: rate must be in (0, 1]")
    return rate


def _parse_item(item: str) -> FaultItem:
    head, rate = item, None
    if ":" in item:
        head, _, rate_text = item.rpartition(":")
        rate = _parse_rate(rate_text, item)
    name, has_value, value = head.partition("=")
    name, value = name.strip().lower(), value.strip() if has_value else None
    if name not in FAULT_KINDS:
        raise FaultSpecError(f"unknown fault {name!r}; known: {', '.join(FAULT_KINDS)}")
    kind = FAULT_KINDS[name]
    if name == "reorder" and rate is not None:
        raise FaultSpecError("reorder takes no rate: it always alternates")
    if kind is None and value is not None:
        raise FaultSpecError(f"{name} takes no value")
    if kind == "ms" and value is None:
        raise FaultSpecError(f"{name} needs a value in milliseconds, e.g. {name}=500")
    if kind in ("ms", "ms?") and value is not None:
        if not value.isdigit() or int(value) > MAX_DELAY_MS:
            raise FaultSpecError(f"{name}: {value!r} is not a number of milliseconds (0..{MAX_DELAY_MS})")
        value = str(int(value))
    if kind == "code":
        if value not in POLARDB_ERRORS:
            raise FaultSpecError(f"error: unknown code {value!r}; known: {', '.join(POLARDB_ERRORS)}")
    if kind == "seconds" and (value is None or not value.isdigit()):
        raise FaultSpecError(f"{name} needs a whole number of seconds, e.g. {name}=40")
    if kind == "stale" and value not in STALE_REASONS:
        raise FaultSpecError(f"stale: {value!r} is not one of {', '.join(STALE_REASONS)}")
    if kind == "malformed" and value not in (None, "syntax", "shape"):
        raise FaultSpecError("malformed takes no value, 'syntax' or 'shape'")
    return FaultItem(name, value, rate)


def parse_fault_spec(text: str | None) -> FaultSpec:
    text = (text or "").strip()
    if text.lower() in ("", "none"):
        return FaultSpec()
    return FaultSpec(tuple(_parse_item(part.strip()) for part in text.split(",") if part.strip()))


def rate_fires(count: int, rate: Fraction | None) -> bool:
    """Whether the count-th request (1-based) is affected at this rate."""
    return rate is None or math.ceil(count * rate) > math.ceil((count - 1) * rate)


@dataclass
class FaultPlan:
    """What to do to one API request."""
    hold_seconds: float = 0.0
    drop: bool = False
    error_code: str | None = None
    html502: bool = False
    empty200: bool = False
    malformed: str | None = None  # "syntax" or "shape"
    numstrings: bool = False
    truncated: bool = False
    trickle_seconds: float = 0.0
    age_seconds: int | None = None  # X-Batch-Tasks-Age to send
    stale: str | None = None        # X-Batch-Tasks-Stale to send
    fired: list[str] = field(default_factory=list)


class FaultInjector:
    """Holds the server-wide spec and the counters that rates and reorder use."""

    def __init__(self, spec: FaultSpec | None = None, seed: int = 1):
        self._lock = threading.Lock()
        self._spec = spec or FaultSpec()
        self._counters: dict[tuple[str, int], int] = {}
        self._rng = random.Random(seed)

    @property
    def spec(self) -> FaultSpec:
        with self._lock:
            return self._spec

    def replace(self, spec: FaultSpec) -> None:
        with self._lock:
            self._spec = spec
            self._counters.clear()

    def plan(self, request_spec: FaultSpec | None = None) -> FaultPlan:
        """Decide the faults for one request; a per-request spec replaces the server-wide one."""
        with self._lock:
            spec, source = (self._spec, "server") if request_spec is None else (request_spec, request_spec.text)
            plan = FaultPlan()
            for index, item in enumerate(spec.items):
                key = (source, index)
                count = self._counters[key] = self._counters.get(key, 0) + 1
                if item.name == "reorder":
                    if count % 2 == 1:
                        plan.hold_seconds += item.milliseconds(DEFAULT_REORDER_MS) / 1000
                        plan.fired.append(str(item))
                    continue
                if not rate_fires(count, item.rate):
                    continue
                plan.fired.append(str(item))
                if item.name == "latency":
                    plan.hold_seconds += item.milliseconds() / 1000
                elif item.name == "jitter":
                    plan.hold_seconds += self._rng.uniform(0, item.milliseconds()) / 1000
                elif item.name == "error":
                    plan.error_code = plan.error_code or item.value
                elif item.name == "malformed":
                    plan.malformed = item.value or "syntax"
                elif item.name == "age":
                    plan.age_seconds = int(item.value)
                elif item.name == "stale":
                    plan.stale = item.value
                elif item.name == "trickle":
                    plan.trickle_seconds = item.milliseconds(DEFAULT_TRICKLE_MS) / 1000
                else:  # the flags: drop, html502, empty200, numstrings, truncated
                    setattr(plan, item.name, True)
            return plan
