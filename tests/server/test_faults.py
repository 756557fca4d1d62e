"""Fault injection: the spec language, each fault over real HTTP, the control and stats endpoints."""

import http.client
import json
import threading
import time
import unittest
from fractions import Fraction

from tests.server.harness import NOW, RunningServer, make_site
from batchserver.faults import FaultInjector, FaultSpecError, parse_fault_spec, rate_fires
from batchserver.mock import is_loopback
from batchserver.web import HttpRequest

LIST = "/api?Action=DescribeBatchTasks"


class FaultSpecTest(unittest.TestCase):
    def test_parse_and_normalise(self):
        spec = parse_fault_spec(" latency=500, jitter=200 ,error=ServiceUnavailable:0.5,malformed=shape,drop:0.25 ")
        self.assertEqual(spec.text, "latency=500,jitter=200,error=ServiceUnavailable:0.5,malformed=shape,drop:0.25")
        self.assertEqual(spec.items[2].rate, Fraction(1, 2))
        self.assertEqual(parse_fault_spec("error=Throttling.User").items[0].value, "Throttling.User")
        self.assertFalse(parse_fault_spec("none"))
        self.assertFalse(parse_fault_spec(""))
        self.assertEqual(parse_fault_spec("reorder").text, "reorder")

    def test_rejects_bad_specs(self):
        for bad in ("latency", "latency=fast", "latency=-1", "latency=9999999", "error=Teapot", "error",
                    "drop=1", "malformed=json", "explode", "error=Throttling:0", "error=Throttling:1.5",
                    "error=Throttling:half", "reorder=100:0.5", "html502=yes", "age", "age=-1", "age=soon",
                    "stale", "stale=old", "stale=Throttled"):
            with self.assertRaises(FaultSpecError, msg=bad):
                parse_fault_spec(bad)

    def test_rates_are_deterministic_and_exact(self):
        self.assertEqual([rate_fires(n, Fraction(1, 2)) for n in range(1, 7)], [True, False] * 3)
        fired = [rate_fires(n, Fraction(3, 10)) for n in range(1, 101)]
        self.assertTrue(fired[0])
        self.assertEqual(sum(fired), 30)
        self.assertTrue(all(rate_fires(n, None) for n in range(1, 5)))

    def test_injector_counts_per_spec_and_resets_on_replace(self):
        injector = FaultInjector(parse_fault_spec("error=Throttling:0.5"))
        self.assertEqual([injector.plan().error_code for _ in range(4)], ["Throttling", None, "Throttling", None])
        injector.plan()  # 5th: fires
        injector.replace(parse_fault_spec("error=InternalError:0.5"))
        self.assertEqual(injector.plan().error_code, "InternalError", "a new spec starts counting again")
        request_spec = parse_fault_spec("reorder=100")
        holds = [injector.plan(request_spec).hold_seconds for _ in range(4)]
        self.assertEqual(holds, [0.1, 0, 0.1, 0])
        self.assertIsNone(injector.plan(parse_fault_spec("none")).error_code,
                          "a per-request spec replaces the server's")


class FaultsOverHttpTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = make_site()
        cls.server = RunningServer(["--root", cls.site.name, "--batches", "60", "--now", NOW, "--frozen"])

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.site.cleanup()

    def setUp(self):
        self.assertEqual(self.server.control({"faults": "", "resetStats": True})[0], 200)

    def get(self, fault=None, path=LIST, timeout=10):
        headers = {"X-Mock-Fault": fault} if fault is not None else {}
        return self.server.request("GET", path, headers=headers, timeout=timeout)

    def test_no_fault(self):
        status, headers, body = self.get()
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["TotalCount"], 60)
        self.assertIsNone(headers["X-Mock-Fault-Applied"])

    def test_latency_and_jitter(self):
        started = time.monotonic()
        status, headers, _ = self.get("latency=300")
        self.assertGreaterEqual(time.monotonic() - started, 0.3)
        self.assertEqual((status, headers["X-Mock-Fault-Applied"]), (200, "latency=300"))
        started = time.monotonic()
        self.get("latency=100,jitter=150")
        elapsed = time.monotonic() - started
        self.assertGreaterEqual(elapsed, 0.1)
        self.assertLess(elapsed, 1.0)

    def test_every_error_code_with_its_status(self):
        expected = {"Throttling": 400, "Throttling.User": 400, "ServiceUnavailable": 503, "InternalError": 500,
                    "InvalidParameter": 400, "MissingParameter": 400, "IncompleteSignature": 400,
                    "UnsupportedParameter": 400, "Forbidden.RAM": 403, "Forbidden.RiskControl": 403,
                    "InvalidAccessKeyId.NotFound": 404, "InvalidAction": 403}
        for code, http_status in expected.items():
            status, headers, body = self.get(f"error={code}")
            envelope = json.loads(body)
            self.assertEqual((status, envelope["Code"]), (http_status, code))
            self.assertEqual(set(envelope), {"RequestId", "HostId", "Code", "Message", "Recommend"})
            self.assertEqual(headers["Content-Type"], "application/json;charset=utf-8")

    def test_age_and_stale_mark_the_answer_as_the_signing_service_does(self):
        status, headers, body = self.get("age=40,stale=throttled")
        self.assertEqual(status, 200)
        self.assertEqual(json.loads(body)["TotalCount"], 60)
        self.assertEqual((headers["X-Batch-Tasks-Age"], headers["X-Batch-Tasks-Stale"]), ("40", "throttled"))
        _, headers, _ = self.get("age=0")
        self.assertEqual(headers["X-Batch-Tasks-Age"], "0")
        self.assertIsNone(headers["X-Batch-Tasks-Stale"])
        _, headers, _ = self.get()
        self.assertIsNone(headers["X-Batch-Tasks-Age"])

    def test_error_rate_alternates(self):
        statuses = [self.get("error=ServiceUnavailable:0.5")[0] for _ in range(4)]
        self.assertEqual(statuses, [503, 200, 503, 200])

    def test_html502(self):
        status, headers, body = self.get("html502")
        self.assertEqual(status, 502)
        self.assertTrue(headers["Content-Type"].startswith("text/html"))
        self.assertIn(b"502 Bad Gateway", body)
        with self.assertRaises(ValueError):
            json.loads(body)

    def test_empty200(self):
        status, headers, body = self.get("empty200")
        self.assertEqual((status, body, headers["Content-Length"]), (200, b"", "0"))

    def test_malformed(self):
        status, _, body = self.get("malformed")
        self.assertEqual(status, 200)
        self.assertTrue(body.startswith(b'{"RequestId"'))
        with self.assertRaises(ValueError):
            json.loads(body)

    def test_malformed_shape_and_numstrings(self):
        status, _, body = self.get("malformed=shape")
        payload = json.loads(body)
        self.assertIsInstance(payload["TaskList"], dict)
        self.assertIsNone(payload["TotalCount"])
        payload = json.loads(self.get("numstrings")[2])
        self.assertEqual((payload["TotalCount"], payload["PageSize"]), ("60", "30"))
        self.assertIsInstance(payload["TaskList"][0]["SuccessCount"], str)

    def test_truncated(self):
        connection = self.server.connection()
        try:
            connection.request("GET", LIST, headers={"X-Mock-Fault": "truncated"})
            response = connection.getresponse()
            self.assertEqual(response.status, 200)
            declared = int(response.headers["Content-Length"])
            with self.assertRaises(http.client.IncompleteRead) as caught:
                response.read()
            self.assertEqual(len(caught.exception.partial), declared // 2)
        finally:
            connection.close()

    def test_drop(self):
        with self.assertRaises((http.client.RemoteDisconnected, ConnectionResetError)):
            self.get("drop")
        self.assertEqual(self.server.stats()["Actions"], {"DescribeBatchTasks": 1}, "dropped requests are counted")

    def test_trickle(self):
        connection = self.server.connection()
        try:
            started = time.monotonic()
            connection.request("GET", LIST, headers={"X-Mock-Fault": "trickle=400"})
            response = connection.getresponse()
            headers_after = time.monotonic() - started
            body = response.read()
            body_after = time.monotonic() - started
        finally:
            connection.close()
        self.assertLess(headers_after, 0.3, "headers come at once")
        self.assertGreaterEqual(body_after, 0.38, "the body takes the trickle time")
        self.assertEqual(json.loads(body)["TotalCount"], 60)

    def test_fault_as_parameter_for_clients_that_cannot_set_headers(self):
        status, _, body = self.get(path=LIST + "&__fault=error%3DThrottling")
        self.assertEqual((status, json.loads(body)["Code"]), (400, "Throttling"))
        status, _, body = self.server.request("POST", "/api", "Action=DescribeBatchTasks&__fault=empty200",
                                              {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((status, body), (200, b""))

    def test_invalid_per_request_spec_is_reported(self):
        status, _, body = self.get("error=Teapot")
        self.assertEqual((status, json.loads(body)["Code"]), (400, "MockFault.InvalidSpec"))

    def test_reorder_lets_a_later_request_overtake(self):
        spec = "reorder=600"
        finished = []

        def call(name):
            status, _, _ = self.get(spec)
            finished.append((name, status, time.monotonic()))

        first = threading.Thread(target=call, args=("first",))
        started = time.monotonic()
        first.start()
        time.sleep(0.1)  # make sure the first request arrives first
        call("second")
        first.join()
        self.assertEqual([name for name, _, _ in finished], ["second", "first"])
        self.assertEqual({status for _, status, _ in finished}, {200})
        self.assertLess(finished[0][2] - started, 0.5)
        self.assertGreaterEqual(finished[1][2] - started, 0.6)

    def test_control_switches_server_wide_faults_and_header_overrides(self):
        status, body = self.server.control({"faults": "error=InternalError"})
        self.assertEqual((status, body["faults"]), (200, "error=InternalError"))
        self.assertEqual(self.get()[0], 500)
        self.assertEqual(self.get("none")[0], 200, "a per-request spec replaces the server-wide one")
        status, _, body = self.server.request("GET", "/api/__control")
        self.assertEqual(json.loads(body)["faults"], "error=InternalError")
        self.server.control({"faults": ""})
        self.assertEqual(self.get()[0], 200)

    def test_control_rejects_bad_input(self):
        self.assertEqual(self.server.control({"faults": "explode"})[0], 400)
        self.assertEqual(self.server.control({"faults": 5})[0], 400)
        status, _, _ = self.server.request("POST", "/api/__control", '{"faults":""}', {"Content-Type": "text/plain"})
        self.assertEqual(status, 403)
        status, _, _ = self.server.request("POST", "/api/__control", '{"faults":""}',
                                           {"Content-Type": "application/json", "Origin": "http://evil.example"})
        self.assertEqual(status, 403)

    def test_control_is_for_loopback_only(self):
        service = self.server.server.mock
        request = HttpRequest("POST", "/api/__control", "", {"content-type": "application/json"},
                              b'{"faults":"drop"}', client_ip="192.0.2.10")
        self.assertEqual(service.handle_control(request).status, 403)
        self.assertEqual(service.faults.spec.text, "")
        self.assertTrue(is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("::ffff:127.0.0.1"))
        self.assertFalse(is_loopback("10.0.0.1") or is_loopback(""))

    def test_stats_count_requests_per_action(self):
        self.get()
        self.get("error=Throttling")
        self.server.request("GET", "/api?Action=DescribeBatchTask&BatchId=x")
        self.server.request("GET", "/api?Action=Nope")
        self.server.request("GET", "/api")
        stats = self.server.stats()
        self.assertEqual(stats["Actions"], {"DescribeBatchTasks": 2, "DescribeBatchTask": 1, "Nope": 1, "(none)": 1})
        self.assertEqual(stats["Total"], 5)
        self.server.control({"resetStats": True})
        self.assertEqual(self.server.stats(), {"Actions": {}, "Total": 0})


class ServerWideFaultFlagsTest(unittest.TestCase):
    def test_cli_fault_flags_apply_to_api_requests_only(self):
        site = make_site()
        server = RunningServer(["--root", site.name, "--batches", "10", "--now", NOW,
                                "--latency", "150", "--error", "Throttling.User:0.5"])
        try:
            started = time.monotonic()
            status, headers, body = server.request("GET", LIST)
            self.assertGreaterEqual(time.monotonic() - started, 0.15)
            self.assertEqual((status, json.loads(body)["Code"]), (400, "Throttling.User"))
            self.assertEqual(server.request("GET", LIST)[0], 200)
            started = time.monotonic()
            self.assertEqual(server.request("GET", "/")[0], 200)
            self.assertLess(time.monotonic() - started, 0.15, "static files are not delayed")
            self.assertEqual(server.stats()["Total"], 2)
        finally:
            server.close()
            site.cleanup()

    def test_sleep_is_injectable(self):
        slept = []
        site = make_site()
        server = RunningServer(["--root", site.name, "--batches", "10", "--faults", "latency=5000"],
                               sleep=slept.append)
        try:
            self.assertEqual(server.request("GET", LIST)[0], 200)
            self.assertEqual(slept, [5.0])
        finally:
            server.close()
            site.cleanup()


if __name__ == "__main__":
    unittest.main()
