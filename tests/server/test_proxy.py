"""The signing proxy, end to end against a fake PolarDB that checks every signature it receives."""

import hashlib
import hmac
import io
import json
import os
import threading
import time
import unittest
import urllib.parse
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from wsgiref.util import setup_testing_defaults
from wsgiref.validate import validator

from tests.server.harness import RunningServer, make_site
import batchserver.proxy as proxy_module
from batchserver.proxy import ConfigurationError, make_app
from batchserver.server import StartupError
from batchserver.signing import Credentials

KEY_ID = "LTAI5tTestKeyIdValue001"
SECRET = "TestSecretValue-do-not-leak-9f8e7d"
TOKEN = "CAIS-sts-token-do-not-leak-123456"
ENVIRONMENT = {"ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID, "ALIBABA_CLOUD_ACCESS_KEY_SECRET": SECRET}
UPSTREAM_ANSWER = {"RequestId": "925B84D9-CA72-432C-95CF-738C22000000", "TaskList": [], "TotalCount": 6,
                   "PageSize": 30, "PageNumber": 1}
UNRESERVED = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~")


def rfc3986(text: str) -> str:
    """Written independently of batchserver.signing on purpose."""
    return "".join(chr(byte) if byte in UNRESERVED else f"%{byte:02X}" for byte in text.encode("utf-8"))


def check_signature(method, raw_path, headers, body, secret) -> list[str]:
    """Recompute an ACS3-HMAC-SHA256 signature from what arrived; return the problems found."""
    problems = []
    authorization = headers.get("Authorization", "")
    algorithm, _, fields = authorization.partition(" ")
    parts = dict(field.split("=", 1) for field in fields.split(",") if "=" in field)
    if algorithm != "ACS3-HMAC-SHA256" or set(parts) != {"Credential", "SignedHeaders", "Signature"}:
        return [f"bad Authorization header: {authorization!r}"]
    signed_names = parts["SignedHeaders"].split(";")
    required = {"host", "x-acs-action", "x-acs-version", "x-acs-date", "x-acs-signature-nonce",
                "x-acs-content-sha256"}
    if not required <= set(signed_names) or signed_names != sorted(signed_names):
        problems.append(f"signed headers {signed_names}")
    if headers.get("x-acs-content-sha256") != hashlib.sha256(body).hexdigest():
        problems.append("x-acs-content-sha256 does not match the body")
    sent = datetime.strptime(headers.get("x-acs-date", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    if abs((datetime.now(timezone.utc) - sent).total_seconds()) > 900:
        problems.append("x-acs-date is not within 15 minutes")
    path, _, query = raw_path.partition("?")
    pairs = sorted((rfc3986(urllib.parse.unquote(name)), rfc3986(urllib.parse.unquote(value)))
                   for name, _, value in (item.partition("=") for item in query.split("&") if item))
    canonical = "\n".join([
        method, path, "&".join(f"{n}={v}" for n, v in pairs),
        "".join(f"{name}:{headers.get(name, '').strip()}\n" for name in signed_names),
        parts["SignedHeaders"], hashlib.sha256(body).hexdigest()])
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    expected = hmac.new(secret.encode(), f"ACS3-HMAC-SHA256\n{digest}".encode(), hashlib.sha256).hexdigest()
    if expected != parts["Signature"]:
        problems.append("Specified signature does not match our calculation")
    return problems


class FakePolarDB:
    """An upstream on port 0 that records requests and answers as `mode` says."""

    def __init__(self):
        self.requests = []
        self.mode = "ok"
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                problems = check_signature(self.command, self.path, self.headers, body, SECRET)
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query, keep_blank_values=True)
                fake.requests.append({"path": self.path, "query": query, "headers": dict(self.headers),
                                      "problems": problems, "body": body})
                if problems:
                    self.answer(400, {"Code": "SignatureDoesNotMatch", "Message": "; ".join(problems)})
                elif fake.mode == "ok":
                    self.answer(200, UPSTREAM_ANSWER)
                elif fake.mode == "echo":  # a misbehaving upstream that reflects the request
                    self.answer(400, {"Code": "InvalidAccessKeyId.NotFound", "Headers": dict(self.headers)})
                elif fake.mode == "html":
                    self.answer(502, "<html>bad gateway</html>", "text/html")
                elif fake.mode == "slow":
                    time.sleep(1.0)
                    self.answer(200, UPSTREAM_ANSWER)

            do_GET = do_POST

            def answer(self, status, payload, content_type="application/json"):
                body = payload.encode() if isinstance(payload, str) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


class ProxyEndToEndTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = make_site()
        cls.upstream = FakePolarDB()
        with mock.patch.dict(os.environ, {**ENVIRONMENT, "ALIBABA_CLOUD_SECURITY_TOKEN": TOKEN}):
            cls.server = RunningServer(["--root", cls.site.name, "--upstream", cls.upstream.url,
                                        "--upstream-timeout", "0.4"])

    @classmethod
    def tearDownClass(cls):
        cls.server.close()
        cls.upstream.close()
        cls.site.cleanup()

    def setUp(self):
        self.upstream.mode = "ok"
        self.upstream.requests.clear()

    def assert_no_credentials(self, *texts):
        for text in texts:
            text = text if isinstance(text, str) else text.decode("utf-8", "replace")
            for secret in (KEY_ID, SECRET, TOKEN):
                self.assertNotIn(secret, text)

    def test_list_is_forwarded_signed_with_only_known_parameters(self):
        status, body, headers = self.server.api({
            "Action": "DescribeBatchTasks", "TaskType": "polarclaw_install_skills",
            "Status": '["RUNNING","FAILED"]', "StartTime": "2026-04-06T20:51:40Z", "EndTime": "",
            "PageSize": "30", "PageNumber": "2", "RegionId": "cn-hangzhou", "Foo": "bar",
            "AccessKeyId": "attacker", "Version": "1999-01-01", "__fault": "drop"}, method="POST")
        self.assertEqual((status, body), (200, UPSTREAM_ANSWER))
        self.assertEqual(headers["Cache-Control"], "no-store")
        [seen] = self.upstream.requests
        self.assertEqual(seen["problems"], [])
        self.assertTrue(seen["path"].startswith("/?"))
        self.assertEqual(seen["query"], {
            "TaskType": ["polarclaw_install_skills"], "Status": ['["RUNNING","FAILED"]'],
            "StartTime": ["2026-04-06T20:51:40Z"], "PageSize": ["30"], "PageNumber": ["2"],
            "RegionId": ["cn-hangzhou"]})
        sent = {name.lower(): value for name, value in seen["headers"].items()}
        self.assertEqual(sent["x-acs-action"], "DescribeBatchTasks")
        self.assertEqual(sent["x-acs-version"], "2017-08-01")
        self.assertEqual(sent["host"], urllib.parse.urlsplit(self.upstream.url).netloc)
        self.assertEqual(sent["x-acs-security-token"], TOKEN)
        self.assertIn("x-acs-security-token", sent["authorization"])
        self.assertRegex(sent["x-acs-signature-nonce"], r"^[0-9a-f]{32}$")
        self.assertEqual(seen["body"], b"")

    def test_status_forms_become_one_json_array(self):
        self.server.api({"Action": "DescribeBatchTasks", "Status": "RUNNING"})
        self.server.api({"Action": "DescribeBatchTasks", "Status.1": "RUNNING", "Status.2": "FAILED"})
        self.assertEqual([r["query"]["Status"] for r in self.upstream.requests],
                         [['["RUNNING"]'], ['["RUNNING","FAILED"]']])
        self.assertEqual([r["problems"] for r in self.upstream.requests], [[], []])

    def test_detail_forwards_batch_id_only(self):
        status, _, _ = self.server.api({"Action": "DescribeBatchTask", "BatchId": "pcb-abc 批", "PageSize": "30"},
                                       headers={})
        self.assertEqual(status, 200)
        [seen] = self.upstream.requests
        self.assertEqual(seen["query"], {"BatchId": ["pcb-abc 批"]})
        self.assertEqual(seen["problems"], [])
        self.assertEqual(seen["headers"]["x-acs-action"], "DescribeBatchTask")

    def test_action_from_header(self):
        status, _, _ = self.server.api({"PageSize": "50"}, method="POST",
                                       headers={"x-acs-action": "DescribeBatchTasks"})
        self.assertEqual(status, 200)
        self.assertEqual(self.upstream.requests[0]["query"], {"PageSize": ["50"]})

    def test_only_the_two_actions_are_forwarded(self):
        for action in ("CreateBatchTask", "DescribeDBClusters", "DeleteDBCluster", "describebatchtasks"):
            status, body, _ = self.server.api({"Action": action, "RegionId": "cn-hangzhou"}, method="POST")
            self.assertEqual((status, body["Code"]), (403, "InvalidAction"), action)
            self.assertEqual(set(body), {"RequestId", "HostId", "Code", "Message", "Recommend"})
        status, body, _ = self.server.api({"PageSize": "30"})
        self.assertEqual((status, body["Code"]), (400, "MissingParameter"))
        self.assertEqual(self.upstream.requests, [])

    def test_the_request_never_chooses_the_upstream(self):
        status, _, _ = self.server.request("GET", "http://evil.example/api?Action=DescribeBatchTasks",
                                           headers={"Host": "evil.example"})
        self.assertEqual(status, 200)
        [seen] = self.upstream.requests
        sent = {name.lower(): value for name, value in seen["headers"].items()}
        self.assertEqual(sent["host"], urllib.parse.urlsplit(self.upstream.url).netloc)

    def test_csrf_and_size_checks(self):
        status, _, body = self.server.request("POST", "/api", "Action=DescribeBatchTasks",
                                              {"Content-Type": "text/plain"})
        self.assertEqual((status, json.loads(body)["Code"]), (403, "Forbidden.ContentType"))
        status, body, _ = self.server.api({"Action": "DescribeBatchTasks"}, method="POST",
                                          headers={"Origin": "https://evil.example"})
        self.assertEqual((status, body["Code"]), (403, "Forbidden.CrossOrigin"))
        status, _, body = self.server.request("POST", "/api", "Action=DescribeBatchTasks&x=" + "y" * 70000,
                                              {"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(status, 413)
        self.assertEqual(self.upstream.requests, [])
        status, _, _ = self.server.api({"Action": "DescribeBatchTasks"}, method="POST",
                                       headers={"Origin": f"http://127.0.0.1:{self.server.port}"})
        self.assertEqual(status, 200)

    def test_mock_only_endpoints_do_not_exist_in_proxy_mode(self):
        self.assertEqual(self.server.request("GET", "/api/__stats")[0], 404)
        status, _, _ = self.server.request("POST", "/api/__control", "{}", {"Content-Type": "application/json"})
        self.assertEqual(status, 404)

    def test_upstream_errors_pass_through_and_never_leak_credentials(self):
        self.upstream.mode = "echo"
        status, _, body = self.server.request("GET", "/api?Action=DescribeBatchTasks")
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(body)["Code"], "InvalidAccessKeyId.NotFound")
        self.assertIn(b"***", body)
        self.assert_no_credentials(body)

    def test_bad_upstream_answers(self):
        self.upstream.mode = "html"
        status, _, body = self.server.request("GET", "/api?Action=DescribeBatchTasks")
        self.assertEqual((status, json.loads(body)["Code"]), (502, "ProxyError.BadUpstreamResponse"))
        self.upstream.mode = "slow"
        status, _, body = self.server.request("GET", "/api?Action=DescribeBatchTasks")
        self.assertEqual((status, json.loads(body)["Code"]), (504, "ProxyError.UpstreamTimeout"))

    def test_no_response_ever_contains_credentials(self):
        responses = []
        for path in ("/api?Action=DescribeBatchTasks", "/api?Action=Nope", "/api", "/", "/api/x", "/nope"):
            status, headers, body = self.server.request("GET", path)
            responses += [str(headers), body]
        self.assert_no_credentials(*responses)

    def test_static_site_is_served_too(self):
        status, headers, _ = self.server.request("GET", "/widget.wasm")
        self.assertEqual((status, headers["Content-Type"]), (200, "application/wasm"))


class UnreachableUpstreamTest(unittest.TestCase):
    def test_connection_refused_is_a_502(self):
        upstream = FakePolarDB()
        url = upstream.url
        upstream.close()  # nothing listens there any more
        site = make_site()
        with mock.patch.dict(os.environ, ENVIRONMENT):
            server = RunningServer(["--root", site.name, "--upstream", url])
        try:
            status, _, body = server.request("GET", "/api?Action=DescribeBatchTasks")
            self.assertEqual((status, json.loads(body)["Code"]), (502, "ProxyError.UpstreamUnreachable"))
        finally:
            server.close()
            site.cleanup()

    def test_missing_credentials_or_bad_upstream_stop_the_start(self):
        site = make_site()
        try:
            with mock.patch.dict(os.environ, {"ALIBABA_CLOUD_ACCESS_KEY_ID": KEY_ID}, clear=True):
                with self.assertRaises(StartupError) as caught:
                    RunningServer(["--root", site.name, "--upstream", "https://polardb.aliyuncs.com/"])
            self.assertIn("ALIBABA_CLOUD_ACCESS_KEY_SECRET", str(caught.exception))
            with mock.patch.dict(os.environ, ENVIRONMENT):
                for bad in ("ftp://polardb.aliyuncs.com/", "https://polardb.aliyuncs.com/?x=1", "polardb"):
                    with self.assertRaises(StartupError, msg=bad):
                        RunningServer(["--root", site.name, "--upstream", bad])
        finally:
            site.cleanup()


class WsgiTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.upstream = FakePolarDB()
        cls.log_lines = []
        cls.app = staticmethod(make_app(cls.upstream.url, Credentials(KEY_ID, SECRET, TOKEN),
                                        log=cls.log_lines.append))

    @classmethod
    def tearDownClass(cls):
        cls.upstream.close()

    def setUp(self):
        self.upstream.requests.clear()

    def call(self, method="GET", path="/api", query="", body=b"", headers=None, script_name=""):
        environ = {"REQUEST_METHOD": method, "SCRIPT_NAME": script_name, "PATH_INFO": path, "QUERY_STRING": query,
                   "wsgi.input": io.BytesIO(body)}
        if body:
            environ["CONTENT_LENGTH"] = str(len(body))
        for name, value in (headers or {}).items():
            key = name.upper().replace("-", "_")
            environ[key if key in ("CONTENT_TYPE", "CONTENT_LENGTH") else "HTTP_" + key] = value
        setup_testing_defaults(environ)
        captured = {}

        def start_response(status, response_headers, exc_info=None):
            captured["status"], captured["headers"] = status, dict(response_headers)
            return lambda data: None

        result = validator(self.app)(environ, start_response)  # also checks WSGI compliance
        try:
            body = b"".join(result)
        finally:
            result.close()
        return int(captured["status"].split()[0]), captured["headers"], body

    def test_forwards_a_signed_request(self):
        status, headers, body = self.call("POST", body=b"Action=DescribeBatchTasks&PageSize=50&Foo=1",
                                          headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((status, json.loads(body)), (200, UPSTREAM_ANSWER))
        self.assertEqual(headers["Content-Length"], str(len(body)))
        [seen] = self.upstream.requests
        self.assertEqual((seen["problems"], seen["query"]), ([], {"PageSize": ["50"]}))
        self.assertTrue(self.log_lines)
        for line in self.log_lines:
            for secret in (KEY_ID, SECRET, TOKEN):
                self.assertNotIn(secret, line)

    def test_mounted_under_a_script_name(self):
        status, _, _ = self.call(script_name="/api", path="", query="Action=DescribeBatchTasks")
        self.assertEqual(status, 200)
        status, _, _ = self.call(path="/api/", query="Action=DescribeBatchTasks")
        self.assertEqual(status, 200)
        self.assertEqual(len(self.upstream.requests), 2)

    def test_other_paths_actions_and_checks(self):
        self.assertEqual(self.call(path="/elsewhere", query="Action=DescribeBatchTasks")[0], 404)
        status, _, body = self.call(query="Action=ModifyDBClusterAccessWhitelist")
        self.assertEqual((status, json.loads(body)["Code"]), (403, "InvalidAction"))
        status, _, _ = self.call("POST", body=b"Action=DescribeBatchTasks", headers={"Content-Type": "text/plain"})
        self.assertEqual(status, 403)
        status, _, _ = self.call(query="Action=DescribeBatchTasks", headers={"Origin": "https://evil.example",
                                                                              "Host": "widget.example"})
        self.assertEqual(status, 403)
        status, _, _ = self.call(query="Action=DescribeBatchTasks", headers={"Origin": "https://widget.example",
                                                                              "Host": "widget.example"})
        self.assertEqual(status, 200)
        self.assertEqual(len(self.upstream.requests), 1)

    def test_body_size_limit(self):
        status, _, body = self.call("POST", body=b"Action=DescribeBatchTasks&x=" + b"y" * 70000,
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual((status, json.loads(body)["Code"]), (413, "RequestEntityTooLarge"))

    def test_module_level_application_reads_the_environment(self):
        proxy_module._application = None
        try:
            with mock.patch.dict(os.environ, {}, clear=True):
                with self.assertRaises(ConfigurationError):
                    proxy_module.application  # noqa: B018
            with mock.patch.dict(os.environ, {**ENVIRONMENT, "POLARDB_UPSTREAM": self.upstream.url}, clear=True):
                application = proxy_module.application
            self.assertEqual(application.proxy.host, urllib.parse.urlsplit(self.upstream.url).netloc)
            self.assertNotIn(SECRET, repr(application.proxy.credentials))
        finally:
            proxy_module._application = None


if __name__ == "__main__":
    unittest.main()
