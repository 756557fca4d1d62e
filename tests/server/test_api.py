"""DescribeBatchTasks / DescribeBatchTask semantics, validation and the HTTP rules of the API endpoint."""

import json
import re
import time
import unittest

from tests.server.harness import NOW, NOW_EPOCH, FakeClock, RunningServer, make_site
from batchserver.api import BatchTaskApi
from batchserver.dataset import Dataset, batch_state
from batchserver.errors import ApiError

def iso(epoch: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(epoch))


UUID_PATTERN = r"^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$"


def params(**values):
    """Keyword arguments as the parsed-parameter mapping the API takes."""
    return {name: value if isinstance(value, list) else [str(value)] for name, value in values.items()}


class DescribeBatchTasksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = Dataset(seed=7, count=400, now=NOW_EPOCH)
        cls.api = BatchTaskApi(cls.data, lambda: 0.0)

    def call(self, **values):
        return self.api.call("DescribeBatchTasks", params(**values))

    def error(self, action="DescribeBatchTasks", **values) -> ApiError:
        with self.assertRaises(ApiError) as caught:
            self.api.call(action, params(**values))
        return caught.exception

    def all_rows(self, **values):
        rows, page = [], 1
        while True:
            answer = self.call(PageSize=100, PageNumber=page, **values)
            rows.extend(answer["TaskList"])
            if not answer["TaskList"]:
                return rows, answer["TotalCount"]
            page += 1

    def test_default_page(self):
        answer = self.call()
        self.assertRegex(answer["RequestId"], UUID_PATTERN)
        self.assertEqual((answer["PageSize"], answer["PageNumber"], answer["TotalCount"]), (30, 1, 400))
        self.assertEqual(len(answer["TaskList"]), 30)
        row = answer["TaskList"][0]
        self.assertEqual(list(row), ["BatchId", "TaskName", "TaskType", "Status", "TotalCount", "SuccessCount",
                                     "TaskBegin", "TaskEnd"])
        self.assertEqual(row["BatchId"], self.data.batches[0].batch_id)

    def test_rows_use_the_list_time_format_and_empty_task_end_while_unfinished(self):
        rows, _ = self.all_rows()
        for row in rows:
            self.assertRegex(row["TaskBegin"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
            if row["Status"] in ("RUNNING", "DISPATCHING"):
                self.assertEqual(row["TaskEnd"], "")
            else:
                self.assertRegex(row["TaskEnd"], r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
                self.assertGreaterEqual(row["TaskEnd"], row["TaskBegin"])
            if row["Status"] == "COMPLETED":
                self.assertEqual(row["SuccessCount"], row["TotalCount"])
            self.assertLessEqual(row["SuccessCount"], row["TotalCount"])

    def test_pages_concatenate_to_the_whole_newest_first_list(self):
        rows, total = self.all_rows()
        self.assertEqual(total, 400)
        self.assertEqual([r["BatchId"] for r in rows], [b.batch_id for b in self.data.batches])
        keys = [(r["TaskBegin"], r["BatchId"]) for r in rows]
        # newest first; equal TaskBegin ordered by BatchId
        for earlier, later in zip(keys, keys[1:]):
            self.assertTrue(earlier[0] > later[0] or (earlier[0] == later[0] and earlier[1] < later[1]))
        for size in ("30", "50"):
            paged = []
            for page in range(1, 400 // int(size) + 2):
                paged += self.call(PageSize=size, PageNumber=page)["TaskList"]
            self.assertEqual([r["BatchId"] for r in paged], [r["BatchId"] for r in rows])

    def test_page_past_the_end_is_empty_with_the_true_total(self):
        answer = self.call(PageSize=50, PageNumber=9)
        self.assertEqual(answer["TaskList"], [])
        self.assertEqual((answer["TotalCount"], answer["PageNumber"], answer["PageSize"]), (400, 9, 50))
        last = self.call(PageSize=50, PageNumber=8)
        self.assertEqual(len(last["TaskList"]), 50)
        partial = self.call(PageSize=30, PageNumber=14)
        self.assertEqual(len(partial["TaskList"]), 400 - 13 * 30)

    def test_task_type_filter_is_exact(self):
        rows, total = self.all_rows(TaskType="polarclaw_uninstall_skills")
        expected = [b for b in self.data.batches if b.task_type == "polarclaw_uninstall_skills"]
        self.assertEqual(total, len(expected))
        self.assertEqual([r["BatchId"] for r in rows], [b.batch_id for b in expected])
        self.assertEqual(self.call(TaskType="polarclaw_install")["TotalCount"], 0)
        self.assertEqual(self.call(TaskType="POLARCLAW_UNINSTALL_SKILLS")["TotalCount"], 0)
        self.assertEqual(self.call(TaskType="")["TotalCount"], 400, "empty means no filter")

    def expected_with_status(self, *statuses):
        return [b.batch_id for b in self.data.batches if batch_state(b, NOW_EPOCH).status in statuses]

    def test_status_as_json_array(self):
        rows, total = self.all_rows(Status='["RUNNING","FAILED"]')
        expected = self.expected_with_status("RUNNING", "FAILED")
        self.assertEqual([r["BatchId"] for r in rows], expected)
        self.assertEqual(total, len(expected))
        self.assertEqual({r["Status"] for r in rows}, {"RUNNING", "FAILED"})

    def test_status_as_numbered_parameters_and_as_a_bare_value(self):
        rows, _ = self.all_rows(**{"Status.1": "DISPATCHING", "Status.2": "COMPLETED"})
        self.assertEqual([r["BatchId"] for r in rows], self.expected_with_status("DISPATCHING", "COMPLETED"))
        rows, _ = self.all_rows(Status="RUNNING")
        self.assertEqual([r["BatchId"] for r in rows], self.expected_with_status("RUNNING"))
        self.assertEqual(self.call(Status="[]")["TotalCount"], 400, "an empty array means all statuses")

    def test_invalid_status_values(self):
        for bad in ("running", "CANCELLED", "RUNNING,FAILED", '["RUNNING", 3]', '["RUNNING"', '{"a":1}'):
            error = self.error(Status=bad)
            self.assertEqual((error.status, error.code), (400, "InvalidParameter"), bad)
            self.assertIn("Status", error.message)
        self.assertEqual(self.error(**{"Status.1": "PAUSED"}).code, "InvalidParameter")

    def test_time_range_filters_on_creation_time_inclusively(self):
        start, end = self.data.batches[100].created, self.data.batches[20].created
        ids = lambda keep: [b.batch_id for b in self.data.batches if keep(b.created)]
        cases = [
            ({"StartTime": iso(start), "EndTime": iso(end)}, ids(lambda t: start <= t <= end)),
            ({"StartTime": iso(start)}, ids(lambda t: t >= start)),
            ({"EndTime": iso(end)}, ids(lambda t: t <= end)),
            ({"StartTime": iso(end), "EndTime": iso(end)}, ids(lambda t: t == end)),
            ({"StartTime": iso(end + 1)}, ids(lambda t: t > end)),
        ]
        self.assertGreaterEqual(len(cases[0][1]), 81)
        self.assertIn(self.data.batches[20].batch_id, cases[3][1])
        self.assertNotIn(self.data.batches[20].batch_id, cases[4][1])
        for query, expected in cases:
            rows, total = self.all_rows(**query)
            self.assertEqual([r["BatchId"] for r in rows], expected, query)
            self.assertEqual(total, len(expected))

    def test_minute_precision_times(self):
        with_seconds = self.call(StartTime="2026-04-01T00:00:00Z", EndTime="2026-04-03T12:30:00Z")
        minutes = self.call(StartTime="2026-04-01T00:00Z", EndTime="2026-04-03T12:30Z")
        self.assertEqual(with_seconds["TotalCount"], minutes["TotalCount"])
        self.assertGreater(minutes["TotalCount"], 0)

    def test_malformed_times(self):
        for bad in ("2026-04-06 20:51:44", "2026-04-06T20:51:44", "2026-04-06", "yesterday",
                    "2026-02-30T00:00:00Z", "2026-04-06T25:00:00Z", "2026-04-06T20:51:44+08:00", "1775508704"):
            for name in ("StartTime", "EndTime"):
                error = self.error(**{name: bad})
                self.assertEqual((error.status, error.code), (400, "InvalidParameter"), bad)
                self.assertIn(name, error.message)

    def test_end_before_start(self):
        error = self.error(StartTime="2026-04-06T20:00:00Z", EndTime="2026-04-06T19:59:59Z")
        self.assertEqual((error.status, error.code), (400, "InvalidParameter"))
        self.assertIn("EndTime", error.message)

    def test_page_size_values(self):
        for size in (30, 50, 100):
            self.assertEqual(len(self.call(PageSize=size)["TaskList"]), size)
        self.assertEqual(self.call(PageSize="")["PageSize"], 30)
        for bad in ("10", "20", "0", "-30", "abc", "30.0", " 30", "1000"):
            error = self.error(PageSize=bad)
            self.assertEqual((error.status, error.code), (400, "InvalidParameter"), bad)
            self.assertIn("PageSize", error.message)

    def test_page_number_values(self):
        self.assertEqual(self.call(PageNumber="2")["PageNumber"], 2)
        self.assertEqual(self.call(PageNumber="2147483647")["TaskList"], [])
        for bad in ("0", "-1", "abc", "1.5", "2147483648", "99999999999999999999"):
            error = self.error(PageNumber=bad)
            self.assertEqual((error.status, error.code), (400, "InvalidParameter"), bad)
            self.assertIn("PageNumber", error.message)

    def test_filters_combine(self):
        rows, total = self.all_rows(TaskType="polarclaw_install_skills", Status='["COMPLETED"]',
                                    StartTime="2026-03-20T00:00Z")
        expected = [b.batch_id for b in self.data.batches
                    if b.task_type == "polarclaw_install_skills"
                    and batch_state(b, NOW_EPOCH).status == "COMPLETED"
                    and b.created >= 1773964800]  # 2026-03-20T00:00:00Z
        self.assertEqual([r["BatchId"] for r in rows], expected)
        self.assertEqual(total, len(expected))
        self.assertTrue(expected)

    def test_actions(self):
        self.assertEqual(self.error(action="").code, "MissingParameter")
        error = self.error(action="DeleteBatchTask")
        self.assertEqual((error.status, error.code), (403, "InvalidAction"))
        error = self.error(action="DescribeBatchTasks", Version="2014-05-26")
        self.assertEqual((error.status, error.code), (400, "InvalidVersion"))
        self.assertEqual(self.call(Version="2017-08-01")["TotalCount"], 400)

    def test_unknown_parameters_are_ignored(self):
        self.assertEqual(self.call(RegionId="cn-hangzhou", Foo="bar")["TotalCount"], 400)


class DescribeBatchTaskTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = Dataset(seed=7, count=400, now=NOW_EPOCH)
        cls.clock = FakeClock()
        cls.api = BatchTaskApi(cls.data, cls.clock)

    def setUp(self):
        self.clock.elapsed = 0

    def detail(self, batch_id):
        return self.api.call("DescribeBatchTask", params(BatchId=batch_id))

    def test_detail_matches_the_list_row_for_every_status(self):
        rows = [row for page in range(1, 5)
                for row in self.api.call("DescribeBatchTasks", params(PageSize=100, PageNumber=page))["TaskList"]]
        self.assertEqual(len(rows), 400)
        seen = set()
        for row in rows:
            detail = self.detail(row["BatchId"])
            seen.add(detail["Status"])
            for field in ("BatchId", "TaskName", "TaskType", "Status", "TotalCount", "SuccessCount"):
                self.assertEqual(detail[field], row[field], field)
            self.assertEqual(detail["TaskBegin"], row["TaskBegin"].replace("-", "/").replace(" ", "T") + "Z")
            self.assertIn(detail["ApplicationType"], ("polarclaw", "supabase"))
            subtasks = detail["SubTasks"]
            self.assertEqual(len(subtasks), detail["TotalCount"])
            self.assertEqual(sum(s["Status"] == "COMPLETED" for s in subtasks), detail["SuccessCount"])
            for subtask in subtasks:
                self.assertEqual(list(subtask), ["TaskId", "InstanceId", "Status", "TaskBegin", "TaskEnd", "ErrorMsg"])
                for stamp in (subtask["TaskBegin"], subtask["TaskEnd"]):
                    self.assertRegex(stamp, r"^(\d{4}/\d\d/\d\dT\d\d:\d\d:\d\dZ)?$")
                if subtask["Status"] == "FAILED":
                    self.assertTrue(subtask["ErrorMsg"])
            if detail["Status"] == "FAILED":
                self.assertTrue(any(s["Status"] == "FAILED" or s["Status"] == "TEMP_TERMINATED" for s in subtasks))
        self.assertEqual(seen, {"COMPLETED", "FAILED", "RUNNING", "DISPATCHING"})

    def test_detail_follows_the_clock(self):
        batch = next(b for b in self.data.batches if batch_state(b, NOW_EPOCH).status == "RUNNING")
        before = self.detail(batch.batch_id)
        self.clock.elapsed = batch.run_end - NOW_EPOCH
        after = self.detail(batch.batch_id)
        self.assertEqual(before["Status"], "RUNNING")
        self.assertIn(after["Status"], ("COMPLETED", "FAILED"))
        self.assertNotEqual(after["TaskEnd"], "")
        self.assertEqual(sum(s["Status"] == "COMPLETED" for s in after["SubTasks"]), after["SuccessCount"])

    def test_missing_and_unknown_batch(self):
        for value in ([], [""]):
            with self.assertRaises(ApiError) as caught:
                self.api.call("DescribeBatchTask", {"BatchId": value} if value else {})
            self.assertEqual((caught.exception.status, caught.exception.code), (400, "MissingParameter"))
            self.assertIn("BatchId", caught.exception.message)
        with self.assertRaises(ApiError) as caught:
            self.detail("pcb-doesnotexist0000")
        self.assertEqual((caught.exception.status, caught.exception.code), (404, "InvalidBatchId.NotFound"))
        self.assertIn("pcb-doesnotexist0000", caught.exception.message)


class ApiOverHttpTest(unittest.TestCase):
    """Transport rules: parameters from query and form, headers, envelope, CSRF, size, CORS."""

    @classmethod
    def setUpClass(cls):
        cls.site = make_site()
        cls.clock = FakeClock()
        cls.server = RunningServer(["--root", cls.site.name, "--batches", "120", "--now", NOW,
                                    "--cors-origin", "http://localhost:5173"], elapsed=cls.clock)

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.site.cleanup()

    def setUp(self):
        self.clock.elapsed = 0

    def test_get_answers_json_without_caching(self):
        status, body, headers = self.server.api({"Action": "DescribeBatchTasks"})
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json;charset=utf-8")
        self.assertEqual(headers["Cache-Control"], "no-store")
        self.assertEqual(body["TotalCount"], 120)

    def test_body_is_raw_utf8(self):
        _, _, raw = self.server.request("GET", "/api?Action=DescribeBatchTasks&PageSize=100")
        self.assertIn("批量".encode("utf-8"), raw)

    def test_post_form_body_merges_with_query(self):
        status, body, _ = self.server.api({"PageSize": "50", "PageNumber": "2"}, method="POST",
                                          path="/api?Action=DescribeBatchTasks")
        self.assertEqual(status, 200)
        self.assertEqual((body["PageSize"], body["PageNumber"], len(body["TaskList"])), (50, 2, 50))

    def test_action_from_header(self):
        status, body, _ = self.server.api({"PageSize": "30"}, method="POST",
                                          headers={"x-acs-action": "DescribeBatchTasks"})
        self.assertEqual((status, body["PageSize"]), (200, 30))
        status, body, _ = self.server.api({}, headers={"x-acs-action": "DescribeBatchTasks",
                                                       "x-acs-version": "2000-01-01"})
        self.assertEqual((status, body["Code"]), (400, "InvalidVersion"))

    def test_error_envelope(self):
        status, body, headers = self.server.api({"Action": "DescribeBatchTasks", "PageSize": "7"})
        self.assertEqual(status, 400)
        self.assertEqual(list(body), ["RequestId", "HostId", "Code", "Message", "Recommend"])
        self.assertEqual(body["Code"], "InvalidParameter")
        self.assertEqual(body["HostId"], "polardb.aliyuncs.com")
        self.assertRegex(body["RequestId"], UUID_PATTERN)
        self.assertTrue(body["Recommend"].startswith("https://"))
        self.assertIn(body["RequestId"], body["Recommend"])
        self.assertEqual(headers["Cache-Control"], "no-store")

    def test_missing_and_unknown_action(self):
        status, body, _ = self.server.api({"PageSize": "30"})
        self.assertEqual((status, body["Code"]), (400, "MissingParameter"))
        status, body, _ = self.server.api({"Action": "CreateBatchTask"})
        self.assertEqual((status, body["Code"]), (403, "InvalidAction"))
        self.assertIn("not valid", body["Message"])

    def test_describe_batch_task_over_http(self):
        _, listing, _ = self.server.api({"Action": "DescribeBatchTasks"})
        batch_id = listing["TaskList"][0]["BatchId"]
        status, body, _ = self.server.api({"Action": "DescribeBatchTask", "BatchId": batch_id}, method="POST")
        self.assertEqual(status, 200)
        self.assertEqual(body["BatchId"], batch_id)
        status, body, _ = self.server.api({"Action": "DescribeBatchTask", "BatchId": "pcb-nope"})
        self.assertEqual((status, body["Code"]), (404, "InvalidBatchId.NotFound"))

    def test_live_progress_with_the_injected_clock(self):
        first = self.server.api({"Action": "DescribeBatchTasks", "PageSize": "100"})[1]["TaskList"]
        live = [row for row in first if row["Status"] in ("RUNNING", "DISPATCHING")]
        self.assertTrue(live)
        self.clock.elapsed = 40 * 86400  # long enough for every in-progress batch to finish
        answer = self.server.api({"Action": "DescribeBatchTasks", "PageSize": "100"})[1]
        later = {row["BatchId"]: row for row in answer["TaskList"]}
        for row in live:
            self.assertIn(later[row["BatchId"]]["Status"], ("COMPLETED", "FAILED"))
            self.assertNotEqual(later[row["BatchId"]]["TaskEnd"], "")
            self.assertGreaterEqual(later[row["BatchId"]]["SuccessCount"], row["SuccessCount"])

    def test_post_needs_the_form_content_type(self):
        for content_type in ("text/plain", "application/json", "multipart/form-data; boundary=x", None):
            headers = {"Content-Type": content_type} if content_type else {}
            status, _, body = self.server.request("POST", "/api", b"Action=DescribeBatchTasks", headers)
            self.assertEqual(status, 403, content_type)
            self.assertEqual(json.loads(body)["Code"], "Forbidden.ContentType")
        status, _, _ = self.server.request("POST", "/api", b"Action=DescribeBatchTasks",
                                           {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"})
        self.assertEqual(status, 200)

    def test_origin_must_match_the_host(self):
        port = self.server.port
        for origin in ("http://evil.example", f"http://127.0.0.1:{port + 1}", "null", f"https://localhost:{port}"):
            for method in ("GET", "POST"):
                status, body, _ = self.server.api({"Action": "DescribeBatchTasks"}, method=method,
                                                  headers={"Origin": origin})
                self.assertEqual((status, body["Code"]), (403, "Forbidden.CrossOrigin"), (origin, method))
        status, _, _ = self.server.api({"Action": "DescribeBatchTasks"}, method="POST",
                                       headers={"Origin": f"http://127.0.0.1:{port}"})
        self.assertEqual(status, 200)

    def test_cors_origin_flag_allows_exactly_that_origin(self):
        status, _, headers = self.server.api({"Action": "DescribeBatchTasks"}, method="POST",
                                             headers={"Origin": "http://localhost:5173"})
        self.assertEqual(status, 200)
        self.assertEqual(headers["Access-Control-Allow-Origin"], "http://localhost:5173")
        status, _, body = self.server.request("OPTIONS", "/api", headers={
            "Origin": "http://localhost:5173", "Access-Control-Request-Method": "POST"})
        self.assertEqual(status, 204)
        status, _, _ = self.server.request("OPTIONS", "/api", headers={"Origin": "http://localhost:5174"})
        self.assertEqual(status, 403)
        _, _, headers = self.server.api({"Action": "DescribeBatchTasks"})
        self.assertIsNone(headers["Access-Control-Allow-Origin"])

    def test_body_size_limit(self):
        big = "Action=DescribeBatchTasks&Pad=" + "x" * (64 * 1024)
        status, _, body = self.server.request("POST", "/api", big,
                                              {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((status, json.loads(body)["Code"]), (413, "RequestEntityTooLarge"))
        just_fits = "Action=DescribeBatchTasks&Pad=" + "x" * (64 * 1024 - 30)
        self.assertEqual(len(just_fits), 64 * 1024)
        status, _, _ = self.server.request("POST", "/api", just_fits,
                                           {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 200)

    def test_other_methods(self):
        for method in ("PUT", "DELETE", "PATCH"):
            status, _, body = self.server.request(method, "/api?Action=DescribeBatchTasks")
            self.assertEqual((status, json.loads(body)["Code"]), (405, "MethodNotAllowed"))

    def test_unknown_api_subpath(self):
        status, _, body = self.server.request("GET", "/api/DescribeBatchTasks")
        self.assertEqual((status, json.loads(body)["Code"]), (404, "NotFound"))

    def test_keep_alive_connection_serves_several_requests(self):
        connection = self.server.connection()
        try:
            for page in (1, 2, 3):
                connection.request("GET", f"/api?Action=DescribeBatchTasks&PageNumber={page}")
                response = connection.getresponse()
                self.assertEqual(json.loads(response.read())["PageNumber"], page)
        finally:
            connection.close()


class FrozenAndSeededServerTest(unittest.TestCase):
    def test_frozen_servers_with_the_same_seed_and_now_answer_identically(self):
        site = make_site()
        servers = [RunningServer(["--root", site.name, "--batches", "50", "--now", NOW, "--frozen", "--seed", "4"])
                   for _ in range(2)]
        try:
            answers = []
            for server in servers:
                body = server.api({"Action": "DescribeBatchTasks", "PageSize": "100"})[1]
                del body["RequestId"]
                answers.append(body)
            self.assertEqual(answers[0], answers[1])
            self.assertEqual(answers[0]["TotalCount"], 50)
            self.assertTrue(re.match(r"^2026-04-06 ", answers[0]["TaskList"][0]["TaskBegin"]))
        finally:
            for server in servers:
                server.close()
            site.cleanup()


if __name__ == "__main__":
    unittest.main()
