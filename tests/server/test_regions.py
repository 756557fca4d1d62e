"""The mock's regions, its API at / for SDKs, and requests shaped as the official SDKs send them."""

import json
import unittest

from tests.server.harness import NOW, FakeClock, RunningServer, make_site


class RegionsTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = make_site()
        cls.server = RunningServer(["--root", cls.site.name, "--now", NOW, "--batches", "40",
                                    "--region", "cn-hangzhou", "--region", "ap-southeast-3"], elapsed=FakeClock())

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.site.cleanup()

    def batch_ids(self, **params):
        status, body, _ = self.server.api({"Action": "DescribeBatchTasks", "PageSize": "100", **params})
        self.assertEqual(status, 200, body)
        return [row["BatchId"] for row in body["TaskList"]]

    def test_config_lists_the_regions(self):
        status, _, body = self.server.request("GET", "/api/config")
        self.assertEqual((status, json.loads(body)),
                         (200, {"regions": ["cn-hangzhou", "ap-southeast-3"], "defaultRegion": "cn-hangzhou"}))

    def test_each_region_has_its_own_data(self):
        hangzhou = self.batch_ids(RegionId="cn-hangzhou")
        singapore = self.batch_ids(RegionId="ap-southeast-3")
        self.assertEqual(len(hangzhou), 40)
        self.assertEqual(len(singapore), 40)
        self.assertNotEqual(hangzhou, singapore)
        self.assertEqual(self.batch_ids(), hangzhou, "no RegionId reads the first region")
        batch = singapore[0]
        status, body, _ = self.server.api({"Action": "DescribeBatchTask", "BatchId": batch, "RegionId": "ap-southeast-3"})
        self.assertEqual((status, body["BatchId"]), (200, batch))

    def test_an_unknown_region_is_refused(self):
        for region in ("cn-beijing", "xx"):
            status, body, _ = self.server.api({"Action": "DescribeBatchTasks", "RegionId": region})
            self.assertEqual((status, body["Code"]), (400, "InvalidRegionId"), region)
            self.assertEqual(set(body), {"RequestId", "HostId", "Code", "Message", "Recommend"})

    def test_without_region_flags_any_region_reads_the_one_data_set(self):
        server = RunningServer(["--root", self.site.name, "--now", NOW, "--batches", "10"], elapsed=FakeClock())
        try:
            status, _, body = server.request("GET", "/api/config")
            self.assertEqual(json.loads(body), {"regions": ["cn-hangzhou"], "defaultRegion": "cn-hangzhou"})
            first = server.api({"Action": "DescribeBatchTasks", "RegionId": "cn-beijing"})[1]["TaskList"]
            second = server.api({"Action": "DescribeBatchTasks"})[1]["TaskList"]
            self.assertEqual(first, second)
            self.assertEqual(len(first), 10)
        finally:
            server.close()


class SdkShapedRequestsTest(unittest.TestCase):
    """The official OpenAPI client POSTs the parameters in the query, an empty body and no content type."""

    @classmethod
    def setUpClass(cls):
        cls.server = RunningServer(["--api-only", "--now", NOW, "--batches", "12"], elapsed=FakeClock())

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_query_parameters_empty_body_action_from_header(self):
        status, _, body = self.server.request("POST", "/?PageSize=30&RegionId=cn-hangzhou", b"",
                                              {"x-acs-action": "DescribeBatchTasks", "x-acs-version": "2017-08-01",
                                               "Content-Length": "0"})
        self.assertEqual(status, 200, body)
        self.assertEqual(json.loads(body)["TotalCount"], 12)
        status, _, body = self.server.request("POST", "/?Action=DescribeBatchTasks&PageSize=30")
        self.assertEqual(status, 200, body)

    def test_a_body_must_still_be_a_form(self):
        status, _, body = self.server.request("POST", "/", b"Action=DescribeBatchTasks", {"Content-Type": "text/plain"})
        self.assertEqual((status, json.loads(body)["Code"]), (403, "Forbidden.ContentType"))

    def test_api_only_serves_the_api_and_its_helpers_at_the_root(self):
        status, body, _ = self.server.api({"Action": "DescribeBatchTasks"}, path="/")
        self.assertEqual((status, body["TotalCount"]), (200, 12))
        self.assertEqual(self.server.request("GET", "/config")[0], 200)
        self.assertEqual(self.server.request("GET", "/__stats")[0], 200)
        status, _, body = self.server.request("GET", "/index.html")
        self.assertEqual((status, json.loads(body)["Code"]), (404, "NotFound"))


if __name__ == "__main__":
    unittest.main()
