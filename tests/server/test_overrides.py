"""The control endpoint's test hooks: fail, stall, resume and reset a batch while the mock runs."""

import json
import time
import unittest

from tests.server.harness import NOW, NOW_EPOCH, FakeClock, RunningServer, make_site
from batchserver.api import BatchTaskApi
from batchserver.dataset import Batch, Dataset, batch_state
from batchserver.overrides import FAILED_SUBTASK_MESSAGE, Override
from batchserver.web import HttpRequest

ENDED = ("COMPLETED", "FAILED")
UNFINISHED_SUBTASKS = {"WAITING", "RUNNING", "PAUSE", "HUMAN_PROCESSING", "BLOCKING"}


def list_time(epoch: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch))


def detail_time(epoch: float) -> str:
    return time.strftime("%Y/%m/%dT%H:%M:%SZ", time.gmtime(epoch))


def without_request_id(answer: dict) -> dict:
    return {key: value for key, value in answer.items() if key != "RequestId"}


class OverridesTestCase(unittest.TestCase):
    """A live mock (not --frozen) whose clock the test moves."""

    ARGS = ["--batches", "400"]

    @classmethod
    def setUpClass(cls):
        cls.site = make_site()
        cls.clock = FakeClock()
        cls.server = RunningServer(["--root", cls.site.name, "--now", NOW, *cls.ARGS], elapsed=cls.clock)
        cls.dataset = cls.server.server.mock.api.dataset

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.site.cleanup()

    def setUp(self):
        self.clock.elapsed = 0
        self.assertEqual(self.server.control({"reset": True, "faults": ""})[0], 200)

    def control(self, payload: dict, expect: int = 200) -> dict:
        status, body = self.server.control(payload)
        self.assertEqual(status, expect, body)
        return body

    def rows(self, **params) -> list[dict]:
        status, body, _ = self.server.api({"Action": "DescribeBatchTasks", "PageSize": "100", **params})
        self.assertEqual(status, 200, body)
        rows = body["TaskList"]
        page = 1
        while len(rows) < body["TotalCount"]:
            page += 1
            rows += self.server.api({"Action": "DescribeBatchTasks", "PageSize": "100", "PageNumber": str(page),
                                     **params})[1]["TaskList"]
        self.assertEqual(len(rows), body["TotalCount"])
        return rows

    def row(self, batch_id: str, **params) -> dict:
        return next(row for row in self.rows(**params) if row["BatchId"] == batch_id)

    def total(self, **params) -> int:
        return self.server.api({"Action": "DescribeBatchTasks", **params})[1]["TotalCount"]

    def detail(self, batch_id: str, **params) -> dict:
        status, body, _ = self.server.api({"Action": "DescribeBatchTask", "BatchId": batch_id, **params})
        self.assertEqual(status, 200, body)
        return body

    def batches(self, status: str):
        """Batches of this data set in `status` at the start, those with the most subtasks first."""
        found = sorted((b for b in self.dataset.batches if batch_state(b, NOW_EPOCH).status == status),
                       key=lambda b: -b.total)
        self.assertTrue(found, status)
        return found

    def assert_message(self, expected: str, message: str):
        self.assertIn(expected.lower(), message.lower())

    def assert_consistent(self, detail: dict):
        """The checks test_api makes of every detail, plus what a failed or finished batch implies."""
        subtasks = detail["SubTasks"]
        self.assertEqual(len(subtasks), detail["TotalCount"])
        self.assertEqual(sum(s["Status"] == "COMPLETED" for s in subtasks), detail["SuccessCount"])
        for subtask in subtasks:
            if subtask["Status"] == "FAILED":
                self.assertTrue(subtask["ErrorMsg"])
            if subtask["TaskBegin"] and subtask["TaskEnd"]:
                self.assertLessEqual(subtask["TaskBegin"], subtask["TaskEnd"])
            if detail["TaskEnd"] and subtask["TaskEnd"]:
                self.assertLessEqual(subtask["TaskEnd"], detail["TaskEnd"])
        if detail["Status"] in ENDED:
            self.assertFalse({s["Status"] for s in subtasks} & UNFINISHED_SUBTASKS)
            self.assertNotEqual(detail["TaskEnd"], "")
        else:
            self.assertEqual(detail["TaskEnd"], "")


class FailTest(OverridesTestCase):
    def test_a_running_batch_fails_now_and_keeps_its_success_count(self):
        batch = self.batches("RUNNING")[0]
        self.clock.elapsed = 30
        before = self.detail(batch.batch_id)
        self.assertEqual(before["Status"], "RUNNING")
        running, failed = self.total(Status="RUNNING"), self.total(Status="FAILED")

        body = self.control({"fail": [batch.batch_id]})
        self.assertEqual([(o["BatchId"], o["override"], o["since"]) for o in body["overrides"]],
                         [(batch.batch_id, "failed", "2026-04-06T20:52:14Z")])

        for elapsed in (30, 31, 40 * 86400):  # it stays failed, whatever its timeline said
            self.clock.elapsed = elapsed
            row = self.row(batch.batch_id)
            self.assertEqual((row["Status"], row["SuccessCount"], row["TaskEnd"]),
                             ("FAILED", before["SuccessCount"], list_time(NOW_EPOCH + 30)), elapsed)
            detail = self.detail(batch.batch_id)
            self.assertEqual((detail["Status"], detail["SuccessCount"], detail["TaskEnd"]),
                             ("FAILED", before["SuccessCount"], detail_time(NOW_EPOCH + 30)))
            self.assert_consistent(detail)
            for old, new in zip(before["SubTasks"], detail["SubTasks"]):
                if old["Status"] in UNFINISHED_SUBTASKS:
                    self.assertEqual((new["Status"], new["ErrorMsg"], new["TaskEnd"], new["TaskBegin"]),
                                     ("FAILED", FAILED_SUBTASK_MESSAGE, detail["TaskEnd"], old["TaskBegin"]))
                else:
                    self.assertEqual(new, old, "finished subtasks are left as they were")

        self.clock.elapsed = 30
        self.assertEqual(self.total(Status="RUNNING"), running - 1)
        self.assertEqual(self.total(Status="FAILED"), failed + 1)
        self.assertIn(batch.batch_id, [r["BatchId"] for r in self.rows(Status="FAILED")])
        self.assertNotIn(batch.batch_id, [r["BatchId"] for r in self.rows(Status='["RUNNING","COMPLETED"]')])
        self.assertEqual(self.total(), 400)

    def test_a_dispatching_batch_fails_with_every_subtask_failed(self):
        batch = self.batches("DISPATCHING")[0]
        self.control({"fail": [batch.batch_id]})
        detail = self.detail(batch.batch_id)
        self.assertEqual((detail["Status"], detail["SuccessCount"], detail["TaskEnd"]),
                         ("FAILED", 0, detail_time(NOW_EPOCH)))
        self.assertEqual({(s["Status"], s["ErrorMsg"], s["TaskBegin"]) for s in detail["SubTasks"]},
                         {("FAILED", FAILED_SUBTASK_MESSAGE, "")})
        self.assert_consistent(detail)
        self.assertEqual(self.row(batch.batch_id, Status="FAILED")["SuccessCount"], 0)

    def test_an_ended_batch_cannot_fail_and_nothing_changes(self):
        ended = self.batches("COMPLETED")[0]
        running = self.batches("RUNNING")[0]
        before = self.detail(ended.batch_id)
        body = self.control({"fail": [running.batch_id, ended.batch_id]}, expect=400)
        self.assertEqual(body["Code"], "MockControl.InvalidState")
        self.assert_message(f"cannot fail {ended.batch_id}: it has already ended (COMPLETED)", body["Message"])
        self.assertIn("nothing was changed", body["Message"])
        self.assertNotIn(running.batch_id, body["Message"])
        self.assertEqual(self.row(running.batch_id)["Status"], "RUNNING", "all or nothing")
        self.assertEqual(without_request_id(self.detail(ended.batch_id)), without_request_id(before))
        self.assertEqual(self.control({})["overrides"], [])

        # A batch that ended while the test waited, or that was failed already, has ended too.
        self.clock.elapsed = running.run_end - NOW_EPOCH
        body = self.control({"fail": [running.batch_id]}, expect=400)
        self.assertIn("already ended", body["Message"])
        self.clock.elapsed = 0
        self.control({"fail": [running.batch_id]})
        body = self.control({"fail": [running.batch_id]}, expect=400)
        self.assert_message(f"cannot fail {running.batch_id}: it has already ended (FAILED)", body["Message"])


class StallTest(OverridesTestCase):
    def test_a_stalled_batch_stays_exactly_as_it_was(self):
        running = self.batches("RUNNING")[0]
        dispatching = self.batches("DISPATCHING")[0]
        self.clock.elapsed = 5
        before = {b.batch_id: (self.row(b.batch_id), without_request_id(self.detail(b.batch_id)))
                  for b in (running, dispatching)}
        body = self.control({"stall": [running.batch_id, dispatching.batch_id]})
        self.assertEqual(sorted((o["BatchId"], o["override"]) for o in body["overrides"]),
                         sorted([(running.batch_id, "stalled"), (dispatching.batch_id, "stalled")]))
        other = next(b for b in self.batches("RUNNING") if b is not running)

        self.clock.elapsed = 40 * 86400  # every other batch in progress has ended by now
        for batch in (running, dispatching):
            row, detail = before[batch.batch_id]
            self.assertEqual(self.row(batch.batch_id), row)
            self.assertEqual(without_request_id(self.detail(batch.batch_id)), detail)
        self.assertIn(self.row(other.batch_id)["Status"], ENDED, "other batches go on")
        self.assertEqual(self.total(Status="RUNNING"), 1)
        self.assertEqual(self.total(Status="DISPATCHING"), 1)
        self.assertEqual([r["BatchId"] for r in self.rows(Status='["RUNNING","DISPATCHING"]')],
                         [b.batch_id for b in self.dataset.batches if b in (running, dispatching)])

    def test_resume_goes_on_from_where_it_stood(self):
        batch = self.batches("RUNNING")[0]
        self.clock.elapsed = 10
        stalled = self.detail(batch.batch_id)
        self.control({"stall": [batch.batch_id]})
        self.clock.elapsed = 1000
        self.assertEqual(self.detail(batch.batch_id)["SuccessCount"], stalled["SuccessCount"])
        body = self.control({"resume": [batch.batch_id]})
        self.assertEqual([(o["override"], o["delaySeconds"]) for o in body["overrides"]], [("resumed", 990)])

        resumed = self.detail(batch.batch_id)
        self.assertEqual(without_request_id(resumed), without_request_id(stalled), "no jump on resume")
        remaining = batch.run_end - (NOW_EPOCH + 10)
        self.clock.elapsed = 1000 + remaining - 1
        self.assertEqual(self.detail(batch.batch_id)["Status"], "RUNNING", "its timeline came 990 s later")
        self.clock.elapsed = 1000 + remaining
        done = self.detail(batch.batch_id)
        self.assertIn(done["Status"], ENDED)
        self.assertEqual(done["TaskEnd"], detail_time(batch.run_end + 990))
        self.assertEqual(self.row(batch.batch_id)["TaskEnd"], list_time(batch.run_end + 990))
        self.assert_consistent(done)
        for old, new in zip(stalled["SubTasks"], done["SubTasks"]):
            if old["TaskEnd"]:
                self.assertEqual(new, old, "what had finished keeps its times")
            elif old["TaskBegin"]:
                self.assertEqual(new["TaskBegin"], old["TaskBegin"])
            if new["TaskEnd"] and not old["TaskEnd"]:
                self.assertGreaterEqual(new["TaskEnd"], detail_time(NOW_EPOCH + 1000))

    def test_progress_never_goes_back_through_stalls_and_resumes(self):
        batch = self.batches("RUNNING")[0]
        seen, elapsed, step_seconds = [], 0, (batch.run_end - NOW_EPOCH) // 30
        for step in range(40):
            elapsed += step_seconds
            self.clock.elapsed = elapsed
            if step % 4 == 1:
                self.control({"stall": [batch.batch_id]})
            elif step % 4 == 3:
                self.control({"resume": [batch.batch_id]})
            detail = self.detail(batch.batch_id)
            self.assert_consistent(detail)
            seen.append((detail["SuccessCount"], detail["Status"]))
        counts = [count for count, _ in seen]
        self.assertEqual(counts, sorted(counts))
        self.assertGreater(counts[-1], counts[0])
        for stalled in range(1, 40, 4):  # stalled at this step, still at the next, resumed at the one after
            self.assertEqual(seen[stalled], seen[stalled + 1])
            self.assertEqual(seen[stalled], seen[stalled + 2])
        overrides = self.control({})["overrides"]
        self.assertEqual([o["delaySeconds"] for o in overrides], [step_seconds * 2 * 10])

    def test_a_failed_stall_is_failed_at_its_stalled_progress(self):
        batch = self.batches("RUNNING")[0]
        stalled = self.detail(batch.batch_id)
        self.control({"stall": [batch.batch_id]})
        self.clock.elapsed = 600
        self.control({"fail": [batch.batch_id]})
        row = self.row(batch.batch_id)
        self.assertEqual((row["Status"], row["SuccessCount"], row["TaskEnd"]),
                         ("FAILED", stalled["SuccessCount"], list_time(NOW_EPOCH + 600)))
        body = self.control({"resume": [batch.batch_id]}, expect=400)
        self.assert_message(f"cannot resume {batch.batch_id}: it is not stalled (FAILED)", body["Message"])

    def test_wrong_states(self):
        completed, failed = self.batches("COMPLETED")[0], self.batches("FAILED")[0]
        running = self.batches("RUNNING")[0]
        body = self.control({"stall": [completed.batch_id, failed.batch_id, running.batch_id]}, expect=400)
        self.assertEqual(body["Code"], "MockControl.InvalidState")
        self.assert_message(f"cannot stall {completed.batch_id}: it has already ended (COMPLETED)", body["Message"])
        self.assert_message(f"cannot stall {failed.batch_id}: it has already ended (FAILED)", body["Message"])
        body = self.control({"resume": [running.batch_id]}, expect=400)
        self.assert_message(f"cannot resume {running.batch_id}: it is not stalled (RUNNING)", body["Message"])
        self.assertEqual(self.control({})["overrides"], [], "nothing was changed")
        self.control({"stall": [running.batch_id]})
        body = self.control({"stall": [running.batch_id]}, expect=400)
        self.assertIn("already stalled", body["Message"])


class ResetAndControlTest(OverridesTestCase):
    def test_reset_restores_every_timeline(self):
        pristine = [without_request_id(self.detail(b.batch_id)) for b in self.dataset.batches[:40]]
        pristine_list = self.rows()
        running, dispatching = self.batches("RUNNING"), self.batches("DISPATCHING")
        self.control({"fail": [running[0].batch_id, dispatching[0].batch_id], "stall": [running[1].batch_id]})
        self.assertNotEqual(self.rows(), pristine_list)
        body = self.control({"reset": True})
        self.assertEqual(body["overrides"], [])
        self.assertEqual(self.rows(), pristine_list)
        self.assertEqual([without_request_id(self.detail(b.batch_id)) for b in self.dataset.batches[:40]], pristine)

    def test_reset_comes_first_in_a_request(self):
        batch = self.batches("RUNNING")[0]
        self.control({"fail": [batch.batch_id]})
        body = self.control({"reset": True, "stall": [batch.batch_id]})
        self.assertEqual([(o["BatchId"], o["override"]) for o in body["overrides"]], [(batch.batch_id, "stalled")])
        self.assertEqual(self.row(batch.batch_id)["Status"], "RUNNING")

    def test_get_lists_the_active_overrides_with_faults_and_stats(self):
        running = self.batches("RUNNING")
        self.clock.elapsed = 12
        self.control({"fail": [running[0].batch_id], "stall": [running[1].batch_id], "faults": "latency=1"})
        status, _, raw = self.server.request("GET", "/api/__control")
        body = json.loads(raw)
        self.assertEqual(status, 200)
        self.assertEqual(set(body), {"faults", "stats", "overrides"})
        self.assertEqual(body["faults"], "latency=1")
        self.assertEqual(sorted(body["overrides"], key=lambda o: o["override"]), [
            {"BatchId": running[0].batch_id, "RegionId": "cn-hangzhou", "override": "failed",
             "since": "2026-04-06T20:51:56Z"},
            {"BatchId": running[1].batch_id, "RegionId": "cn-hangzhou", "override": "stalled",
             "since": "2026-04-06T20:51:56Z"},
        ])

    def test_unknown_batch_ids_change_nothing(self):
        running = self.batches("RUNNING")[0]
        body = self.control({"fail": [running.batch_id, "pcb-doesnotexist0000"], "faults": "drop",
                             "stall": ["pcb-nope"]}, expect=400)
        self.assertEqual(body["Code"], "MockControl.UnknownBatchId")
        self.assertIn("pcb-doesnotexist0000", body["Message"])
        self.assertIn("pcb-nope", body["Message"])
        self.assertNotIn(running.batch_id, body["Message"])
        state = self.control({})
        self.assertEqual((state["faults"], state["overrides"]), ("", []))
        self.assertEqual(self.row(running.batch_id)["Status"], "RUNNING")
        body = self.control({"resume": ["pcb-nope"]}, expect=400)
        self.assertEqual(body["Code"], "MockControl.UnknownBatchId")

    def test_a_bad_fault_spec_changes_no_batch(self):
        running = self.batches("RUNNING")[0]
        body = self.control({"fail": [running.batch_id], "faults": "explode"}, expect=400)
        self.assertEqual(body["Code"], "MockFault.InvalidSpec")
        self.assertEqual(self.row(running.batch_id)["Status"], "RUNNING")

    def test_bodies_of_the_wrong_shape(self):
        running = self.batches("RUNNING")[0]
        for payload in ({"fail": running.batch_id}, {"stall": [running.batch_id, 3]}, {"fail": [""]},
                        {"resume": ["  "]}, {"fail": {"id": running.batch_id}}, {"reset": "yes"}, {"reset": 1},
                        {"fails": [running.batch_id]}, {"fail": [running.batch_id], "stall": [running.batch_id]},
                        [running.batch_id]):
            status, _, raw = self.server.request("POST", "/api/__control", json.dumps(payload),
                                                 {"Content-Type": "application/json"})
            body = json.loads(raw)
            self.assertEqual((status, body["Code"]), (400, "BadRequest"), payload)
            self.assertTrue(body["Message"].startswith("Bad control request: "), body["Message"])
        self.assertIn("unknown field 'fails'", self.control({"fails": []}, expect=400)["Message"])
        self.assertEqual(self.control({})["overrides"], [])
        self.assertEqual(self.row(running.batch_id)["Status"], "RUNNING")

    def test_batch_ids_are_trimmed_and_repeats_are_one(self):
        running = self.batches("RUNNING")[0]
        body = self.control({"stall": [f" {running.batch_id} ", running.batch_id], "fail": []})
        self.assertEqual([o["BatchId"] for o in body["overrides"]], [running.batch_id])

    def test_loopback_only(self):
        running = self.batches("RUNNING")[0]
        service = self.server.server.mock
        for client_ip, headers in (("192.0.2.10", {}), ("10.0.0.7", {}),
                                   ("127.0.0.1", {"origin": "http://evil.example", "host": "127.0.0.1:1"})):
            for payload in ({"fail": [running.batch_id]}, {"stall": [running.batch_id]}, {"reset": True}):
                request = HttpRequest("POST", "/api/__control", "", {"content-type": "application/json", **headers},
                                      json.dumps(payload).encode(), client_ip=client_ip)
                response = service.handle_control(request)
                self.assertEqual(response.status, 403, (client_ip, payload))
                self.assertEqual(json.loads(response.body)["Code"], "Forbidden.CrossOrigin")
            get = HttpRequest("GET", "/api/__control", "", headers, b"", client_ip=client_ip)
            self.assertEqual(service.handle_control(get).status, 403)
        self.assertEqual(self.control({})["overrides"], [])
        self.assertEqual(self.row(running.batch_id)["Status"], "RUNNING")
        status, _, _ = self.server.request("POST", "/api/__control", json.dumps({"fail": [running.batch_id]}),
                                           {"Content-Type": "application/json",
                                            "Origin": "http://evil.example"})
        self.assertEqual(status, 403)
        self.assertEqual(self.row(running.batch_id)["Status"], "RUNNING")

    def test_faults_still_apply_to_an_overridden_batch(self):
        running = self.batches("RUNNING")[0]
        self.control({"fail": [running.batch_id]})
        status, _, raw = self.server.request("GET", f"/api?Action=DescribeBatchTask&BatchId={running.batch_id}",
                                             headers={"X-Mock-Fault": "numstrings"})
        self.assertEqual((status, json.loads(raw)["Status"]), (200, "FAILED"))


class RegionsOverridesTest(OverridesTestCase):
    ARGS = ["--batches", "60", "--region", "cn-hangzhou", "--region", "ap-southeast-3"]

    def test_a_batch_id_finds_its_region(self):
        regions = self.server.server.mock.regions.apis
        singapore = regions["ap-southeast-3"].dataset
        batch = next(b for b in singapore.batches if batch_state(b, NOW_EPOCH).status == "RUNNING")
        hangzhou_batch = self.batches("RUNNING")[0]
        hangzhou_before = self.rows(RegionId="cn-hangzhou")
        failed = self.total(RegionId="ap-southeast-3", Status="FAILED")

        body = self.control({"fail": [batch.batch_id], "stall": [hangzhou_batch.batch_id]})
        self.assertEqual(sorted((o["RegionId"], o["BatchId"], o["override"]) for o in body["overrides"]), [
            ("ap-southeast-3", batch.batch_id, "failed"), ("cn-hangzhou", hangzhou_batch.batch_id, "stalled")])
        self.assertEqual(self.row(batch.batch_id, RegionId="ap-southeast-3")["Status"], "FAILED")
        self.assertEqual(self.total(RegionId="ap-southeast-3", Status="FAILED"), failed + 1)
        self.assertEqual(self.detail(batch.batch_id, RegionId="ap-southeast-3")["Status"], "FAILED")
        self.assertEqual(self.rows(RegionId="cn-hangzhou"), hangzhou_before)
        self.clock.elapsed = 40 * 86400
        self.assertEqual(self.total(RegionId="cn-hangzhou", Status="RUNNING"), 1)
        self.assertEqual(self.total(RegionId="ap-southeast-3", Status="RUNNING"), 0)

        self.control({"reset": True})
        self.clock.elapsed = 0
        self.assertEqual(self.row(batch.batch_id, RegionId="ap-southeast-3")["Status"], "RUNNING")


class OverrideUnitTest(unittest.TestCase):
    """An override that changes nothing answers what the batch's own timeline says, for every batch."""

    def test_an_empty_override_and_a_zero_pause_change_nothing(self):
        data = Dataset(seed=3, count=200, now=NOW_EPOCH)
        for batch in data.batches[:60]:
            paused = Override().stall(NOW_EPOCH).resume(NOW_EPOCH)
            for override in (Override(), paused):
                for at in (NOW_EPOCH + 77.5, batch.run_end + 1):
                    self.assertEqual(override.state(batch, at), batch_state(batch, at))
                    self.assertEqual(override.subtasks(data.seed, batch, at), data.subtasks(batch, at))

    def test_subtask_times_are_when_the_clock_first_showed_them_and_never_change(self):
        # Sub-second slots, and stalls on the very instants where rounding could
        # put a time on the wrong side of the stall: a subtask's rounded start,
        # and the second before a finish in the first half of a second.
        dispatch_end, run_end, total = NOW_EPOCH + 5, NOW_EPOCH + 105, 150
        batch = Batch("pcb-synthetic000000", "t", "polarclaw_install_skills", "polarclaw", NOW_EPOCH - 10,
                      dispatch_end, run_end, total, 20)
        slot = (run_end - dispatch_end) / total
        first_stall = round(dispatch_end + (40 + 1 - 10) * slot)  # subtask 40 begins then (10 run at once)
        finish = next(dispatch_end + (i + 1) * slot for i in range(100, total)
                      if 0 < (dispatch_end + (i + 1) * slot) % 1 < 0.5)
        second_stall = int(finish) + 37  # on the clock: the first stall lasts 37 s
        override = (Override().stall(first_stall).resume(first_stall + 37)
                    .stall(second_stall).resume(second_stall + 41))
        self.assertEqual([pause.at for pause in override.pauses], [first_stall, int(finish)])

        shown: dict[tuple[int, str], int] = {}   # (subtask, "begin"/"end") -> time shown
        unseen_until: dict[tuple[int, str], int] = {}
        at = NOW_EPOCH
        while at <= run_end + 78 + 2:
            state = override.state(batch, at)
            subtasks = override.subtasks(1, batch, at)
            self.assertEqual(sum(s.status == "COMPLETED" for s in subtasks), state.success)
            for index, subtask in enumerate(subtasks):
                for name, value in (("begin", subtask.begin), ("end", subtask.end)):
                    key = (index, name)
                    if value is None:
                        self.assertNotIn(key, shown, "a time once shown stays")
                        unseen_until[key] = at
                    elif key in shown:
                        self.assertEqual(value, shown[key], (key, at))
                    else:
                        shown[key] = value
                        # First seen now, not yet seen at the previous tick.
                        self.assertLessEqual(value, at + 0.5, (key, at))
                        self.assertGreaterEqual(value, unseen_until.get(key, at - 1) - 0.5, (key, at))
            at += 1
        self.assertEqual(state.status, "FAILED")
        self.assertEqual(state.ended, run_end + 78)
        self.assertEqual(len(shown), 2 * total)

    def test_the_api_reads_the_overrides(self):
        data = Dataset(seed=3, count=50, now=NOW_EPOCH)
        api = BatchTaskApi(data, lambda: 0.0)
        batch = next(b for b in data.batches if batch_state(b, NOW_EPOCH).status == "RUNNING")
        api.overrides.update({batch.batch_id: Override().fail(NOW_EPOCH)})
        answer = api.call("DescribeBatchTask", {"BatchId": [batch.batch_id]})
        self.assertEqual(answer["Status"], "FAILED")


if __name__ == "__main__":
    unittest.main()
