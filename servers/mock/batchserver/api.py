"""DescribeBatchTasks / DescribeBatchTask semantics over the mock dataset.

Parameter validation follows PolarDB: 400 InvalidParameter for bad values,
400 MissingParameter for absent required ones, 403 InvalidAction for actions
this service does not have.
"""

from __future__ import annotations

import calendar
import json
import re
import time
from typing import Callable

from .dataset import BATCH_STATUSES, Dataset, batch_state, format_detail_time, format_list_time
from .errors import ApiError, invalid_parameter, missing_parameter, new_request_id
from .overrides import Overrides
from .web import last_value

API_VERSION = "2017-08-01"
PAGE_SIZES = (30, 50, 100)
DEFAULT_PAGE_SIZE = 30
MAX_JAVA_INT = 2**31 - 1
ACTIONS = ("DescribeBatchTasks", "DescribeBatchTask")

Params = dict[str, list[str]]

_TIME_PATTERN = re.compile(r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?Z$")
_STATUS_INDEX_PATTERN = re.compile(r"^Status\.(\d+)$")


def parse_utc_time(name: str, text: str) -> int:
    """`yyyy-MM-ddTHH:mm:ssZ` or `yyyy-MM-ddTHH:mmZ` to epoch seconds."""
    match = _TIME_PATTERN.match(text)
    if not match:
        raise invalid_parameter(name, text, "Use UTC yyyy-MM-ddTHH:mm:ssZ or yyyy-MM-ddTHH:mmZ.")
    year, month, day, hour, minute, second = (int(part or 0) for part in match.groups())
    try:
        parsed = time.strptime(f"{year:04d}-{month:02d}-{day:02d} {hour:02d}:{minute:02d}:{second:02d}",
                               "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise invalid_parameter(name, text, "The date or time does not exist.") from None
    return calendar.timegm(parsed)


def parse_positive_int(name: str, text: str) -> int:
    # Strict digits: the Java backend rejects " 1", "1.0" and values past int range.
    if not re.fullmatch(r"\d+", text) or not 1 <= int(text) <= MAX_JAVA_INT:
        raise invalid_parameter(name, text, "It must be a positive integer.")
    return int(text)


def parse_page_size(params: Params) -> int:
    text = last_value(params, "PageSize")
    if text is None or text == "":
        return DEFAULT_PAGE_SIZE
    if not re.fullmatch(r"\d+", text) or int(text) not in PAGE_SIZES:
        raise invalid_parameter("PageSize", text, "Valid values: 30, 50, 100.")
    return int(text)


def parse_status_filter(params: Params) -> set[str]:
    """Statuses asked for; empty means all.

    Accepts the SDK's JSON-array string (`["RUNNING","FAILED"]`), the
    flattened `Status.1`, `Status.2`… form, and a single bare value.
    """
    wanted: list[str] = []
    for text in params.get("Status", []):
        text = text.strip()
        if not text:
            continue
        if text.startswith("["):
            try:
                values = json.loads(text)
            except ValueError:
                raise invalid_parameter("Status", text, "It must be a JSON array of strings.") from None
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                raise invalid_parameter("Status", text, "It must be a JSON array of strings.")
            wanted.extend(values)
        else:
            wanted.append(text)
    indexed = sorted((int(m.group(1)), name) for name in params
                     if (m := _STATUS_INDEX_PATTERN.match(name)))
    for _, name in indexed:
        wanted.extend(value for value in params[name] if value != "")
    for status in wanted:
        if status not in BATCH_STATUSES:
            raise invalid_parameter("Status", status, "Valid values: " + ", ".join(BATCH_STATUSES) + ".")
    return set(wanted)


def _optional_text(params: Params, name: str) -> str | None:
    value = last_value(params, name)
    return value if value else None  # an empty parameter counts as absent


class BatchTaskApi:
    """The two read actions over a Dataset.

    `elapsed` returns seconds since the server started; the data set's clock
    is `dataset.now + elapsed()`, which tests replace to move time.
    `overrides` holds the batches the control endpoint failed or stalled.
    """

    def __init__(self, dataset: Dataset, elapsed: Callable[[], float]):
        self.dataset = dataset
        self.elapsed = elapsed
        self.overrides = Overrides()

    def now(self) -> float:
        return self.dataset.now + self.elapsed()

    def call(self, action: str, params: Params) -> dict:
        if not action:
            raise missing_parameter("Action")
        if action not in ACTIONS:
            raise ApiError("InvalidAction", f"Specified action {action!r} is not valid.")
        version = _optional_text(params, "Version")
        if version is not None and version != API_VERSION:
            raise ApiError("InvalidVersion", f"Specified parameter Version {version!r} is not valid.")
        if action == "DescribeBatchTasks":
            return self.describe_batch_tasks(params)
        return self.describe_batch_task(params)

    def describe_batch_tasks(self, params: Params) -> dict:
        task_type = _optional_text(params, "TaskType")
        statuses = parse_status_filter(params)
        start_text = _optional_text(params, "StartTime")
        end_text = _optional_text(params, "EndTime")
        start = parse_utc_time("StartTime", start_text) if start_text else None
        end = parse_utc_time("EndTime", end_text) if end_text else None
        if start is not None and end is not None and end < start:
            raise invalid_parameter("EndTime", end_text, "EndTime must not be earlier than StartTime.")
        page_size = parse_page_size(params)
        page_text = _optional_text(params, "PageNumber")
        page_number = parse_positive_int("PageNumber", page_text) if page_text else 1

        at = self.now()
        overrides = self.overrides.snapshot()
        matches = []
        for batch in self.dataset.batches:  # already newest first, ties by BatchId
            if task_type is not None and batch.task_type != task_type:
                continue
            if (start is not None and batch.created < start) or (end is not None and batch.created > end):
                continue
            override = overrides.get(batch.batch_id)
            state = batch_state(batch, at) if override is None else override.state(batch, at)
            if statuses and state.status not in statuses:
                continue
            matches.append((batch, state))

        first = (page_number - 1) * page_size
        return {
            "RequestId": new_request_id(),
            "TaskList": [
                {
                    "BatchId": batch.batch_id,
                    "TaskName": batch.name,
                    "TaskType": batch.task_type,
                    "Status": state.status,
                    "TotalCount": batch.total,
                    "SuccessCount": state.success,
                    "TaskBegin": format_list_time(batch.created),
                    "TaskEnd": format_list_time(state.ended),
                }
                for batch, state in matches[first:first + page_size]
            ],
            "TotalCount": len(matches),
            "PageSize": page_size,
            "PageNumber": page_number,
        }

    def describe_batch_task(self, params: Params) -> dict:
        batch_id = _optional_text(params, "BatchId")
        if batch_id is None:
            raise missing_parameter("BatchId")
        batch = self.dataset.by_id.get(batch_id.strip())
        if batch is None:
            raise ApiError("InvalidBatchId.NotFound", f"The specified batch task {batch_id!r} does not exist.")
        at = self.now()
        override = self.overrides.get(batch.batch_id)
        if override is None:
            state, subtasks = batch_state(batch, at), self.dataset.subtasks(batch, at)
        else:
            state, subtasks = override.state(batch, at), override.subtasks(self.dataset.seed, batch, at)
        return {
            "RequestId": new_request_id(),
            "BatchId": batch.batch_id,
            "TaskName": batch.name,
            "TaskType": batch.task_type,
            "ApplicationType": batch.application_type,
            "Status": state.status,
            "TotalCount": batch.total,
            "SuccessCount": state.success,
            # This call uses the slash form throughout, as the real API does
            # for its subtasks; the widget has to parse both forms anyway.
            "TaskBegin": format_detail_time(batch.created),
            "TaskEnd": format_detail_time(state.ended),
            "SubTasks": [
                {
                    "TaskId": subtask.task_id,
                    "InstanceId": subtask.instance_id,
                    "Status": subtask.status,
                    "TaskBegin": format_detail_time(subtask.begin),
                    "TaskEnd": format_detail_time(subtask.end),
                    "ErrorMsg": subtask.error,
                }
                for subtask in subtasks
            ],
        }
