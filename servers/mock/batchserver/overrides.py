"""Test hooks that change a batch at run time: fail it, stall it, resume it.

Browser tests of a "watch" feature need a batch that fails or stops
progressing while they look, on demand.  The control endpoint (mock.py) takes

    {"fail":   ["<BatchId>", ...]}  the batch FAILS now: TaskEnd is now, SuccessCount
                                    stays what it was, and its unfinished subtasks are
                                    FAILED with FAILED_SUBTASK_MESSAGE
    {"stall":  ["<BatchId>", ...]}  the batch stands still: status, SuccessCount and
                                    subtasks stay exactly as they are now
    {"resume": ["<BatchId>", ...]}  a stalled batch goes on from where it stood; the rest
                                    of its timeline comes later by the time it stood still
    {"reset":  true}                every batch follows its own timeline again

Only a DISPATCHING or RUNNING batch can be failed or stalled.  A request is
all or nothing: an unknown BatchId or a batch in the wrong state is refused
and nothing changes.  Batches without an override answer exactly as before
(dataset.batch_state), so runs that never use these hooks are unchanged.

How it works: an override maps the clock to an instant of the batch's own
timeline (`timeline_instant`), which stands still while the batch is
stalled, and maps timeline instants back to the clock (`to_real`) for the
times the answers show.  The state is still the pure function of the batch
and that instant, so the answers stay consistent and deterministic.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .dataset import Batch, BatchState, SubTask, batch_state, generate_subtasks

if TYPE_CHECKING:
    from .api import BatchTaskApi

FAILED_SUBTASK_MESSAGE = "Aborted: the batch task failed before this subtask finished."
UNFINISHED_SUBTASK_STATUSES = ("WAITING", "RUNNING", "PAUSE", "HUMAN_PROCESSING", "BLOCKING")
ENDED_STATUSES = ("COMPLETED", "FAILED")
CONTROL_KEYS = ("fail", "stall", "resume")


class OverrideError(ValueError):
    """A control request that cannot be applied; `code` is the error code to answer with."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Pause:
    start: float          # the clock instant the batch stopped
    at: float             # the instant of its own timeline it stood at
    length: float | None  # seconds on the clock it stood still; None while it still stands


@dataclass(frozen=True)
class Override:
    pauses: tuple[Pause, ...] = ()
    failed_at: float | None = None  # the timeline instant whose progress a failed batch keeps
    ended: int | None = None        # a failed batch's TaskEnd (clock)
    since: float = 0.0              # the clock instant of the latest change

    @property
    def kind(self) -> str:
        if self.failed_at is not None:
            return "failed"
        return "stalled" if self.stalled else "resumed"

    @property
    def stalled(self) -> bool:
        return self.failed_at is None and bool(self.pauses) and self.pauses[-1].length is None

    @property
    def delay(self) -> float:
        """Seconds the batch stood still and has made up for since."""
        return sum(pause.length for pause in self.pauses if pause.length is not None)

    def timeline_instant(self, at: float) -> float:
        """The instant of the batch's own timeline that clock instant `at` shows."""
        if self.failed_at is not None:
            return self.failed_at
        shift = 0.0
        for pause in self.pauses:
            if pause.length is None:
                return pause.at  # stands still, whatever the clock says
            if at > pause.start:
                shift += min(at - pause.start, pause.length)
        return at - shift

    def to_real(self, instant: float) -> float:
        """The clock instant at which the batch reached `instant` of its timeline."""
        return instant + sum(pause.length for pause in self.pauses
                             if pause.length is not None and instant > pause.at)

    def state(self, batch: Batch, at: float) -> BatchState:
        own = batch_state(batch, self.timeline_instant(at))
        if self.failed_at is not None:
            return BatchState("FAILED", batch.total, own.success, self.ended)
        if own.ended is not None:
            return replace(own, ended=round(self.to_real(own.ended)))
        return own

    def subtasks(self, seed: int, batch: Batch, at: float) -> list[SubTask]:
        subtasks = generate_subtasks(seed, batch, self.timeline_instant(at),
                                     self.to_real if self.delay else None)
        if self.failed_at is None:
            return subtasks
        end = self.ended

        def failed(subtask: SubTask) -> SubTask:
            begin = None if subtask.begin is None else min(subtask.begin, end)
            if subtask.status in UNFINISHED_SUBTASK_STATUSES:
                return replace(subtask, status="FAILED", begin=begin, end=end, error=FAILED_SUBTASK_MESSAGE)
            return replace(subtask, begin=begin, end=None if subtask.end is None else min(subtask.end, end))

        return [failed(subtask) for subtask in subtasks]

    # -- the changes: each returns the new override ----------------------

    def fail(self, now: float) -> Override:
        return Override(tuple(pause for pause in self.pauses if pause.length is not None),
                        failed_at=self.timeline_instant(now), ended=math.floor(now), since=now)

    def stall(self, now: float) -> Override:
        return Override(self.pauses + (Pause(now, self.timeline_instant(now), None),), since=now)

    def resume(self, now: float) -> Override:
        last = self.pauses[-1]
        return Override(self.pauses[:-1] + (replace(last, length=max(0.0, now - last.start)),), since=now)


class Overrides:
    """The overrides of one data set, by BatchId; read by every API request."""

    def __init__(self):
        self._lock = threading.Lock()
        self._by_id: dict[str, Override] = {}

    def get(self, batch_id: str) -> Override | None:
        with self._lock:
            return self._by_id.get(batch_id)

    def snapshot(self) -> dict[str, Override]:
        with self._lock:
            return dict(self._by_id)

    def update(self, changes: dict[str, Override], clear: bool = False) -> None:
        with self._lock:
            if clear:
                self._by_id.clear()
            self._by_id.update(changes)



def batch_ids_of(body: dict, key: str) -> list[str]:
    """The BatchIds a control request names under `key`, checked for shape."""
    value = body.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise ValueError(f'"{key}" must be a list of BatchIds (non-empty strings)')
    return list(dict.fromkeys(item.strip() for item in value))


def plan_changes(apis: dict[str, BatchTaskApi], reset: bool, requested: dict[str, list[str]]
                 ) -> dict[str, dict[str, Override]]:
    """The overrides a control request sets, by region; raises OverrideError and changes nothing.

    `requested` maps "fail", "stall" and "resume" to BatchIds.  A BatchId is
    looked for in every region's data set; with `reset` the checks see the
    batches as they are once every override is cleared.
    """
    named: dict[str, str] = {}
    for key in CONTROL_KEYS:
        for batch_id in requested.get(key, []):
            if batch_id in named:
                raise ValueError(f"{batch_id!r} is named under both {named[batch_id]!r} and {key!r}")
            named[batch_id] = key
    unknown = [batch_id for batch_id in named if not any(batch_id in api.dataset.by_id for api in apis.values())]
    if unknown:
        raise OverrideError("MockControl.UnknownBatchId",
                            f"No batch {', '.join(unknown)} in the data set of any region served "
                            f"({', '.join(apis)}); nothing was changed.")
    changes: dict[str, dict[str, Override]] = {region: {} for region in apis}
    problems = []
    for batch_id, key in named.items():
        for region, api in apis.items():
            batch = api.dataset.by_id.get(batch_id)
            if batch is None:
                continue
            now = api.now()
            current = None if reset else api.overrides.get(batch_id)
            override = current or Override()
            status = override.state(batch, now).status
            if key in ("fail", "stall") and status in ENDED_STATUSES:
                problems.append(f"cannot {key} {batch_id}: it has already ended ({status})")
            elif key == "stall" and override.stalled:
                problems.append(f"cannot stall {batch_id}: it is already stalled")
            elif key == "resume" and not override.stalled:
                problems.append(f"cannot resume {batch_id}: it is not stalled ({status})")
            else:
                changes[region][batch_id] = getattr(override, key)(now)
    if problems:
        message = "; ".join(problems) + "; nothing was changed."
        raise OverrideError("MockControl.InvalidState", message[0].upper() + message[1:])
    return changes


def describe(apis: dict[str, BatchTaskApi]) -> list[dict]:
    """The active overrides, for GET of the control endpoint."""
    rows = []
    for region, api in apis.items():
        for batch_id, override in sorted(api.overrides.snapshot().items()):
            row = {"BatchId": batch_id, "RegionId": region, "override": override.kind,
                   "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(math.floor(override.since)))}
            if override.delay:
                row["delaySeconds"] = round(override.delay, 3)
            rows.append(row)
    return rows
