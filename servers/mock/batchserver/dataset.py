"""Deterministic mock batch tasks, and how they progress over time.

Every batch has a fixed timeline: created (TaskBegin) -> DISPATCHING until
`dispatch_end` -> RUNNING until `run_end` -> COMPLETED or FAILED.  Its state
at any instant is a pure function of the batch and that instant
(`batch_state`), so the "live" progress a person sees in the browser is the
same thing the tests check with an injected clock.

The data depends only on (seed, count, now).
"""

from __future__ import annotations

import random
import string
import time
from dataclasses import dataclass
from typing import Callable

BATCH_STATUSES = ("COMPLETED", "DISPATCHING", "FAILED", "RUNNING")
SUBTASK_STATUSES = ("COMPLETED", "FAILED", "PAUSE", "RUNNING", "TEMP_TERMINATED",
                    "WAITING", "HUMAN_PROCESSING", "BLOCKING")

MINUTE = 60
HOUR = 3600
DAY = 86400
WINDOW_SECONDS = 30 * DAY
MAX_SUBTASKS = 500

# (TaskType, ApplicationType, weight).  The first two are the documented
# types; the others are invented so the widget meets types it does not know.
TASK_TYPES = (
    ("polarclaw_install_skills", "polarclaw", 55),
    ("polarclaw_uninstall_skills", "polarclaw", 33),
    ("polarclaw_upgrade_skills", "polarclaw", 6),
    ("polarclaw_restart_agents", "polarclaw", 4),
    ("supabase_upgrade_version", "supabase", 2),
)

# Names that break naive rendering, CSV export or layout.  Every fifth batch
# (newest first) gets one, so the first page already shows several.
SPECIAL_NAMES = (
    "<script>alert(1)</script>",
    '=HYPERLINK("https://example.com/?q="&A1,"Click me")',
    "批量安装技能-华东1（杭州）生产环境第3批",
    "🚀 Rollout wave 3 👩‍💻 🇨🇳",
    "+1",
    "Nightly skill rollout for every production PolarClaw cluster in cn-hangzhou, cn-shanghai, "
    "cn-beijing, cn-shenzhen and ap-southeast-1, including the read-only replicas that were added "
    "during the spring capacity review (owner: platform-team, ticket OPS-20931)",
    "-2",
    '<img src=x onerror="alert(document.domain)">',
    "@SUM(A1:A9)",
    "batch_task_test",
    "",
    "卸载旧版技能：" + "数据库智能运维助手、慢查询分析、参数调优建议、" * 12 + "完成后通知值班同学",
    "=1+1",
    'Quotes "double" & \'single\', commas, semicolons; tabs\tand a\nnewline',
    "  leading and trailing spaces  ",
    "very_long_identifier_without_any_spaces_" * 6,
    "تثبيت المهارات \u202etxt.exe",
    "修复 🐛 hotfix",
)

_SKILLS = ("sql-advisor", "slow-log-insight", "param-tuner", "backup-checker", "index-doctor",
           "ai-copilot", "schema-diff", "vector-search")
_ENVIRONMENTS = ("prod", "staging", "dev", "canary", "hz", "sh", "bj")
_CHINESE_VERBS = {"install": "批量安装技能", "uninstall": "批量卸载技能", "upgrade": "升级", "restart": "重启"}

# ErrorMsg texts for failed subtasks: English, Chinese, long, HTML-looking.
ERROR_MESSAGES = (
    "Instance status is not Running, current status: Stopped.",
    "实例状态异常，无法安装技能：当前状态为“维护中”。",
    "技能包下载超时，请检查网络连接后重试。",
    "Skill 'sql-advisor' is already installed on this instance.",
    "Timeout waiting for agent heartbeat after 300 seconds.",
    "Permission denied for skill <b>param-tuner</b>: <script>alert('x')</script>",
    "java.lang.IllegalStateException: Failed to apply skill manifest (checksum mismatch: expected "
    "9f2c1e0a7b3d4c5e6f708192a3b4c5d6, got 0000000000000000000000000000000)\n"
    "\tat com.aliyun.polarclaw.agent.SkillInstaller.apply(SkillInstaller.java:214)\n"
    "\tat com.aliyun.polarclaw.agent.TaskRunner.run(TaskRunner.java:88)\n"
    "\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)\n"
    "\tat java.base/java.lang.Thread.run(Thread.java:833)\n"
    "Caused by: java.io.IOException: Connection reset by peer while downloading "
    "https://polarclaw-skills.oss-cn-hangzhou.aliyuncs.com/releases/2026/param-tuner-1.4.2.tar.gz",
    "磁盘空间不足：/data 已使用 98%，安装技能至少需要 2 GB 可用空间。请清理磁盘或扩容后重试，"
    "如问题持续存在，请提交工单并附上任务 ID。",
    "InternalError: The request processing has failed due to some unknown error.",
)
_BLOCKED_MESSAGES = (
    "等待人工确认：目标实例处于业务高峰期。",
    "Blocked: another batch is modifying this instance.",
)


@dataclass(frozen=True)
class Batch:
    batch_id: str
    name: str
    task_type: str
    application_type: str
    created: int       # epoch seconds: TaskBegin, and what StartTime/EndTime filter on
    dispatch_end: int  # DISPATCHING before this instant
    run_end: int       # RUNNING before this instant, then finished
    total: int         # TotalCount, number of subtasks
    failures: int      # subtasks that will not succeed; 0 means it ends COMPLETED


@dataclass(frozen=True)
class BatchState:
    status: str
    finished: int          # subtasks done, successfully or not
    success: int           # SuccessCount
    ended: int | None      # TaskEnd, None while unfinished


@dataclass(frozen=True)
class SubTask:
    task_id: str
    instance_id: str
    status: str
    begin: int | None
    end: int | None
    error: str


def failures_among_first(batch: Batch, count: int) -> int:
    # Failures are spread evenly over the run (Bresenham-style), which keeps
    # SuccessCount a closed form instead of a walk over every subtask.
    return count * batch.failures // batch.total


def subtask_fails(batch: Batch, index: int) -> bool:
    return failures_among_first(batch, index + 1) > failures_among_first(batch, index)


def batch_state(batch: Batch, at: float) -> BatchState:
    """The batch as seen at epoch second `at`."""
    if at < batch.dispatch_end:
        return BatchState("DISPATCHING", 0, 0, None)
    if at < batch.run_end:
        span = batch.run_end - batch.dispatch_end
        finished = min(batch.total - 1, int((at - batch.dispatch_end) * batch.total // span))
        return BatchState("RUNNING", finished, finished - failures_among_first(batch, finished), None)
    final = "FAILED" if batch.failures else "COMPLETED"
    return BatchState(final, batch.total, batch.total - batch.failures, batch.run_end)


def format_list_time(epoch: int | None) -> str:
    """DescribeBatchTasks style: `2026-04-06 20:51:44` (UTC, no zone)."""
    return "" if epoch is None else time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch))


def format_detail_time(epoch: int | None) -> str:
    """DescribeBatchTask style: `2026/05/28T16:38:20Z`."""
    return "" if epoch is None else time.strftime("%Y/%m/%dT%H:%M:%SZ", time.gmtime(epoch))


def _random_token(rng: random.Random, length: int) -> str:
    return "".join(rng.choice(string.ascii_lowercase + string.digits) for _ in range(length))


def _subtask_count(rng: random.Random) -> int:
    bucket = rng.random()
    if bucket < 0.5:
        return rng.randint(1, 10)
    if bucket < 0.8:
        return rng.randint(11, 100)
    if bucket < 0.95:
        return rng.randint(101, 300)
    return rng.randint(301, MAX_SUBTASKS)


def _status_for_age(rng: random.Random, age: int) -> str:
    """Status at "now": young batches are mostly still in progress."""
    roll = rng.random()
    if age < 15 * MINUTE:
        table = (("DISPATCHING", 0.4), ("RUNNING", 0.9), ("COMPLETED", 0.97), ("FAILED", 1.0))
    elif age < 6 * HOUR:
        table = (("DISPATCHING", 0.05), ("RUNNING", 0.45), ("COMPLETED", 0.82), ("FAILED", 1.0))
    elif age < 3 * DAY:
        table = (("DISPATCHING", 0.005), ("RUNNING", 0.08), ("COMPLETED", 0.78), ("FAILED", 1.0))
    else:  # a few old ones are stuck, as in real life
        table = (("DISPATCHING", 0.003), ("RUNNING", 0.01), ("COMPLETED", 0.76), ("FAILED", 1.0))
    return next(status for status, limit in table if roll < limit)


def _ensure_every_status(statuses: list[str]) -> None:
    """Small data sets (tests) still get all four statuses, deterministically."""
    if len(statuses) < len(BATCH_STATUSES):
        return
    for wanted in BATCH_STATUSES:
        if wanted in statuses:
            continue
        commonest = max(BATCH_STATUSES, key=statuses.count)
        statuses[statuses.index(commonest)] = wanted


def _name(rng: random.Random, index: int, task_type: str) -> str:
    if index % 5 == 2:
        return SPECIAL_NAMES[(index // 5) % len(SPECIAL_NAMES)]
    style = rng.random()
    verb = task_type.split("_")[1]  # install, uninstall, upgrade, restart
    if style < 0.55:
        return f"{verb}-{rng.choice(_SKILLS)}-{rng.choice(_ENVIRONMENTS)}-{rng.randint(1, 9999):04d}"
    if style < 0.85:
        return f"{_CHINESE_VERBS[verb]}-{rng.choice(_SKILLS)}-第{rng.randint(1, 40)}批"
    return f"{rng.choice(('🚀', '🛠️', '✅', '🔥'))} {rng.choice(_SKILLS)} wave {rng.randint(1, 12)}"


def _timeline(rng: random.Random, status: str, created: int, now: int, total: int) -> tuple[int, int, int]:
    """(dispatch_end, run_end, failures) giving `status` at `now`."""
    age = now - created
    if status in ("COMPLETED", "FAILED"):
        # age >= 20 s is guaranteed by the generator, so both phases fit.
        planned = int(rng.uniform(2, 8) + total * rng.uniform(0.5, 6))
        duration = max(2, min(age, planned))
        dispatch = max(1, min(duration - 1, int(duration * rng.uniform(0.05, 0.3))))
        dispatch_end, run_end = created + dispatch, created + duration
        outcome = status
    else:
        if status == "DISPATCHING":
            dispatch_end = now + rng.randint(5, 120)
            run_end = dispatch_end + rng.randint(30, 900)
        else:
            dispatch_end = created + rng.randint(0, min(age, 60))
            remaining = rng.randint(20, 20 * MINUTE) if age < 3 * DAY else rng.randint(DAY, 10 * DAY)
            run_end = now + remaining
        outcome = "FAILED" if rng.random() < 0.25 else "COMPLETED"
    if outcome == "COMPLETED":
        failures = 0
    elif total == 1 or rng.random() < 0.15:
        failures = total  # nothing succeeded
    else:
        failures = rng.randint(1, max(1, total // 3))
    return dispatch_end, run_end, failures


def generate_batches(seed: int, count: int, now: int) -> list[Batch]:
    """`count` batches created over the 30 days before `now`, newest first."""
    rng = random.Random(f"polardb-batches/{seed}")
    ages: list[int] = []
    for offset in sorted(rng.uniform(20, WINDOW_SECONDS) for _ in range(count)):
        # Scripts create several batches in the same second now and then,
        # which is what makes the BatchId tie-break visible.
        ages.append(ages[-1] if ages and rng.random() < 0.05 else int(offset))
    statuses = [_status_for_age(rng, age) for age in ages]
    _ensure_every_status(statuses)

    seen_ids: set[str] = set()
    batches = []
    for index, (age, status) in enumerate(zip(ages, statuses)):
        batch_id = "pcb-" + _random_token(rng, 16)
        while batch_id in seen_ids:
            batch_id = "pcb-" + _random_token(rng, 16)
        seen_ids.add(batch_id)
        task_type, application_type = rng.choices(
            [(t, a) for t, a, _ in TASK_TYPES], weights=[w for _, _, w in TASK_TYPES])[0]
        total = _subtask_count(rng)
        created = now - age
        dispatch_end, run_end, failures = _timeline(rng, status, created, now, total)
        batches.append(Batch(batch_id, _name(rng, index, task_type), task_type, application_type,
                             created, dispatch_end, run_end, total, failures))
    batches.sort(key=lambda b: (-b.created, b.batch_id))
    return batches


def generate_subtasks(seed: int, batch: Batch, at: float,
                      to_real: Callable[[float], float] | None = None) -> list[SubTask]:
    """The batch's subtasks at `at`, consistent with `batch_state(batch, at)`.

    Subtasks run in index order, a few at a time; subtask i finishes at
    dispatch_end + (i + 1) * slot.  Per-subtask attributes are drawn in a fixed
    order so they do not change as the batch progresses.

    `at` is an instant of the batch's own timeline.  A batch that stood still
    for a while (overrides.py) passes `to_real`, which says when each instant
    of its timeline was reached on the clock; TaskBegin and TaskEnd are then
    those clock times.
    """
    state = batch_state(batch, at)
    rng = random.Random(f"polardb-subtasks/{seed}/{batch.batch_id}")
    region = rng.choice(("bp1", "2ze", "uf6", "wz9"))
    first_task_id = rng.randint(1_000_000, 9_000_000)
    slot = (batch.run_end - batch.dispatch_end) / batch.total
    concurrency = min(batch.total, 4 + batch.total // 25)
    subtasks = []
    for index in range(batch.total):
        instance_id = f"pc-{region}{_random_token(rng, 12)}"
        variant = rng.random()
        message = rng.choice(ERROR_MESSAGES)
        blocked_message = rng.choice(_BLOCKED_MESSAGES)
        start = round(batch.dispatch_end + max(0, index + 1 - concurrency) * slot)
        exact_finish = batch.dispatch_end + (index + 1) * slot
        finish = round(exact_finish)
        begin = end = None
        error = ""
        if state.status == "DISPATCHING":
            status = "WAITING"
        elif index < state.finished:
            begin, end = start, finish
            if subtask_fails(batch, index):
                status = "TEMP_TERMINATED" if variant < 0.12 else "FAILED"
                error = message
            else:
                status = "COMPLETED"
        elif at >= start:  # running batch, this subtask has started
            begin = start
            if variant < 0.04:
                status = "PAUSE"
            elif variant < 0.07:
                status, error = "HUMAN_PROCESSING", blocked_message
            elif variant < 0.09:
                status, error = "BLOCKING", blocked_message
            else:
                status = "RUNNING"
        else:
            status = "WAITING"
        if to_real is not None:
            # Each time is the instant the subtask was first seen so: a begin
            # shows from `start` (or from its finish, when that came sooner).
            begin = None if begin is None else round(to_real(min(start, exact_finish)))
            end = None if end is None else round(to_real(exact_finish))
        subtasks.append(SubTask(str(first_task_id + index), instance_id, status, begin, end, error))
    return subtasks


class Dataset:
    """The generated batches plus the instant they were generated for."""

    def __init__(self, seed: int = 1, count: int = 2000, now: int | None = None):
        self.seed = seed
        self.now = int(time.time()) if now is None else int(now)
        self.batches = generate_batches(seed, count, self.now)
        self.by_id = {batch.batch_id: batch for batch in self.batches}

    def subtasks(self, batch: Batch, at: float) -> list[SubTask]:
        return generate_subtasks(self.seed, batch, at)
