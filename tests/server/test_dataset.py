"""The generated data set: determinism, variety, and live progress as a pure function of time."""

import re
import unittest
from collections import Counter

from tests.server.harness import NOW_EPOCH  # noqa: F401  (also puts servers/mock/ on sys.path)
from batchserver.dataset import (BATCH_STATUSES, DAY, MAX_SUBTASKS, SPECIAL_NAMES, SUBTASK_STATUSES, Dataset,
                                 batch_state, format_detail_time, format_list_time, generate_subtasks)


class DatasetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = Dataset(seed=1, count=2000, now=NOW_EPOCH)

    def test_same_seed_and_now_give_the_same_data(self):
        again = Dataset(seed=1, count=2000, now=NOW_EPOCH)
        self.assertEqual(self.data.batches, again.batches)
        batch = self.data.batches[5]
        self.assertEqual(self.data.subtasks(batch, NOW_EPOCH), again.subtasks(batch, NOW_EPOCH))

    def test_another_seed_gives_other_data(self):
        other = Dataset(seed=2, count=2000, now=NOW_EPOCH)
        self.assertNotEqual([b.batch_id for b in self.data.batches], [b.batch_id for b in other.batches])

    def test_shape_of_the_default_data_set(self):
        batches = self.data.batches
        self.assertEqual(len(batches), 2000)
        self.assertEqual(len({b.batch_id for b in batches}), 2000)
        for batch in batches:
            self.assertRegex(batch.batch_id, r"^pcb-[a-z0-9]{16}$")
            self.assertTrue(1 <= batch.total <= MAX_SUBTASKS)
            self.assertTrue(NOW_EPOCH - 30 * DAY <= batch.created <= NOW_EPOCH)
            self.assertLessEqual(batch.created, batch.dispatch_end)
            self.assertLess(batch.dispatch_end, batch.run_end)
            self.assertTrue(0 <= batch.failures <= batch.total)
        types = Counter(b.task_type for b in batches)
        self.assertGreater(types["polarclaw_install_skills"] + types["polarclaw_uninstall_skills"], 1600)
        self.assertGreaterEqual(len(types), 4)
        self.assertEqual(set(Counter(batch_state(b, NOW_EPOCH).status for b in batches)), set(BATCH_STATUSES))
        totals = [b.total for b in batches]
        self.assertIn(1, totals)
        self.assertGreater(max(totals), 300)

    def test_newest_first_with_batch_id_breaking_ties(self):
        keys = [(-b.created, b.batch_id) for b in self.data.batches]
        self.assertEqual(keys, sorted(keys))
        created = Counter(b.created for b in self.data.batches)
        self.assertTrue(any(count > 1 for count in created.values()), "the data should contain ties")

    def test_names_that_break_naive_rendering_are_present_early(self):
        names = [b.name for b in self.data.batches]
        first_page = names[:30]
        self.assertIn("<script>alert(1)</script>", first_page)
        self.assertTrue(any(name.startswith("=HYPERLINK(") for name in first_page))
        for special in SPECIAL_NAMES:
            self.assertIn(special, names)
        self.assertTrue(any(len(name) > 200 for name in names))
        self.assertTrue(any(re.search(r"[\u4e00-\u9fff]", name) for name in names))
        self.assertTrue(any(re.search("[\U0001F300-\U0001FAFF]", name) for name in names))
        self.assertTrue({"+1", "-2", "@SUM(A1:A9)"} <= set(names))

    def test_small_data_sets_still_have_every_status(self):
        for seed in range(1, 6):
            small = Dataset(seed=seed, count=8, now=NOW_EPOCH)
            statuses = {batch_state(b, NOW_EPOCH).status for b in small.batches}
            self.assertEqual(statuses, set(BATCH_STATUSES), seed)

    def test_empty_data_set(self):
        self.assertEqual(Dataset(seed=1, count=0, now=NOW_EPOCH).batches, [])


class ProgressTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = Dataset(seed=3, count=400, now=NOW_EPOCH)
        cls.live = [b for b in cls.data.batches if batch_state(b, NOW_EPOCH).status in ("RUNNING", "DISPATCHING")]

    def test_in_progress_batches_exist_and_finish_within_minutes_or_days(self):
        self.assertGreater(len(self.live), 3)
        for batch in self.live:
            self.assertIsNone(batch_state(batch, NOW_EPOCH).ended)

    def test_state_over_time_moves_forward_only(self):
        order = {"DISPATCHING": 0, "RUNNING": 1, "COMPLETED": 2, "FAILED": 2}
        for batch in self.live:
            previous = batch_state(batch, NOW_EPOCH)
            for step in range(1, 60):
                at = NOW_EPOCH + step * (batch.run_end - NOW_EPOCH) / 50
                state = batch_state(batch, at)
                self.assertGreaterEqual(order[state.status], order[previous.status])
                self.assertGreaterEqual(state.success, previous.success)
                self.assertGreaterEqual(state.finished, previous.finished)
                previous = state
            self.assertIn(previous.status, ("COMPLETED", "FAILED"))
            self.assertEqual(previous.ended, batch.run_end)
            self.assertEqual(previous.success, batch.total - batch.failures)

    def test_a_person_watching_for_a_minute_sees_change(self):
        changed = [b for b in self.live if batch_state(b, NOW_EPOCH) != batch_state(b, NOW_EPOCH + 60)]
        self.assertTrue(changed)

    def test_dispatching_becomes_running_then_finishes_completed_or_failed(self):
        dispatching = [b for b in self.live if batch_state(b, NOW_EPOCH).status == "DISPATCHING"]
        self.assertTrue(dispatching)
        batch = dispatching[0]
        self.assertEqual(batch_state(batch, batch.dispatch_end - 1).status, "DISPATCHING")
        self.assertEqual(batch_state(batch, batch.dispatch_end).status, "RUNNING")
        final = batch_state(batch, batch.run_end)
        self.assertEqual(final.status, "FAILED" if batch.failures else "COMPLETED")
        outcomes = {"FAILED" if b.failures else "COMPLETED" for b in self.live}
        self.assertEqual(outcomes, {"COMPLETED", "FAILED"})


class SubTaskTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = Dataset(seed=1, count=300, now=NOW_EPOCH)

    def check_consistent(self, batch, at):
        state = batch_state(batch, at)
        subtasks = generate_subtasks(1, batch, at)
        statuses = Counter(s.status for s in subtasks)
        self.assertEqual(len(subtasks), batch.total)
        self.assertEqual(statuses["COMPLETED"], state.success)
        self.assertLessEqual(set(statuses), set(SUBTASK_STATUSES))
        for subtask in subtasks:
            self.assertRegex(subtask.instance_id, r"^pc-[a-z0-9]+$")
            if subtask.status in ("FAILED", "TEMP_TERMINATED"):
                self.assertTrue(subtask.error, "failed subtasks explain why")
            if subtask.status == "COMPLETED":
                self.assertEqual(subtask.error, "")
            if subtask.end is not None:
                self.assertLessEqual(subtask.begin, subtask.end)
        if state.status == "DISPATCHING":
            self.assertEqual(set(statuses), {"WAITING"})
        if state.status in ("COMPLETED", "FAILED"):
            self.assertTrue(all(s.end is not None for s in subtasks))
        if state.status == "FAILED":
            self.assertGreater(statuses["FAILED"] + statuses["TEMP_TERMINATED"], 0)
        return statuses

    def test_every_batch_is_consistent_now_and_later(self):
        for batch in self.data.batches:
            for at in (NOW_EPOCH, NOW_EPOCH + 120, batch.run_end):
                self.check_consistent(batch, at)

    def test_running_batches_have_running_and_waiting_subtasks(self):
        data = Dataset(seed=1, count=2000, now=NOW_EPOCH)
        big_running = [b for b in data.batches
                       if batch_state(b, NOW_EPOCH).status == "RUNNING" and b.total > 30
                       and batch_state(b, NOW_EPOCH).finished < b.total - 10]
        self.assertTrue(big_running)
        statuses = self.check_consistent(big_running[0], NOW_EPOCH)
        self.assertTrue(statuses["RUNNING"] + statuses["PAUSE"] + statuses["BLOCKING"]
                        + statuses["HUMAN_PROCESSING"] > 0)
        self.assertGreater(statuses["WAITING"], 0)

    def test_error_messages_include_chinese_and_long_text(self):
        messages = {s.error for b in self.data.batches if b.failures
                    for s in generate_subtasks(1, b, b.run_end) if s.error}
        self.assertTrue(any(re.search(r"[\u4e00-\u9fff]", m) for m in messages))
        self.assertTrue(any(len(m) > 200 for m in messages))

    def test_subtask_attributes_do_not_change_as_the_batch_progresses(self):
        batch = next(b for b in self.data.batches if batch_state(b, NOW_EPOCH).status == "RUNNING")
        early = generate_subtasks(1, batch, NOW_EPOCH)
        late = generate_subtasks(1, batch, batch.run_end)
        self.assertEqual([(s.task_id, s.instance_id) for s in early], [(s.task_id, s.instance_id) for s in late])


class TimeFormatTest(unittest.TestCase):
    def test_formats(self):
        self.assertEqual(format_list_time(NOW_EPOCH), "2026-04-06 20:51:44")
        self.assertEqual(format_detail_time(NOW_EPOCH), "2026/04/06T20:51:44Z")
        self.assertEqual(format_list_time(None), "")
        self.assertEqual(format_detail_time(None), "")


if __name__ == "__main__":
    unittest.main()
