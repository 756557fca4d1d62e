"""scripts/devserver as a program: help, the start-up line, one-line start-up errors."""

import os
import re
import socket
import subprocess
import sys
import tempfile
import unittest
import urllib.request

from tests.server.harness import REPO_ROOT, make_site

DEVSERVER = str(REPO_ROOT / "scripts" / "devserver")
SERVING_LINE = re.compile(r"^Serving http://127\.0\.0\.1:(\d+)/ \(API at (/[^)]*)\)$")


def clean_environment(**extra):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("ALIBABA_CLOUD_")}
    environment.update(extra)
    return environment


def run(*args, env=None, timeout=20):
    return subprocess.run([sys.executable, DEVSERVER, *args], capture_output=True, text=True, timeout=timeout,
                          env=env or clean_environment())


class StartedServer:
    """The real program on port 0; reads the start-up line to learn the port."""

    def __init__(self, *args, env=None):
        self.process = subprocess.Popen([sys.executable, DEVSERVER, "--port", "0", *args], stdout=subprocess.PIPE,
                                        stderr=subprocess.PIPE, text=True, env=env or clean_environment())
        self.first_line = self.process.stdout.readline().rstrip("\n")
        match = SERVING_LINE.match(self.first_line)
        if not match:
            self.stop()
            raise AssertionError(f"unexpected start-up output {self.first_line!r}: {self.stderr}")
        self.port, self.api_path = int(match.group(1)), match.group(2)

    def get(self, path):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
            return response.status, response.read()

    def stop(self):
        self.process.terminate()
        self.rest_of_stdout, self.stderr = self.process.communicate(timeout=10)


class CliTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = make_site()

    @classmethod
    def tearDownClass(cls):
        cls.site.cleanup()

    def test_help_explains_every_flag(self):
        result = run("--help")
        self.assertEqual(result.returncode, 0)
        for flag in ("--host", "--port", "--root", "--api-path", "--seed", "--batches", "--now", "--frozen",
                     "--upstream", "--region", "--api-only", "--faults", "--latency", "--jitter", "--error", "--cors-origin", "--quiet",
                     "X-Mock-Fault", "__fault", "__control", "__stats", "config", "servers/signing", "reorder", "trickle",
                     '{"fail": ', '{"stall": ', '{"resume": ', '{"reset": true}', "MockControl.InvalidState",
                     "ALIBABA_CLOUD_ACCESS_KEY_SECRET"):
            self.assertIn(flag, result.stdout)

    def test_prints_exactly_one_line_and_serves(self):
        server = StartedServer("--root", self.site.name, "--batches", "20", "--api-path", "/polardb/")
        try:
            self.assertEqual(server.api_path, "/polardb")
            self.assertEqual(server.get("/")[0], 200)
            status, body = server.get("/polardb?Action=DescribeBatchTasks")
            self.assertEqual(status, 200)
            self.assertIn(b'"TotalCount":20', body)
        finally:
            server.stop()
        self.assertEqual(server.rest_of_stdout, "", "stdout carries only the start-up line")
        self.assertIn('"GET / HTTP/1.1" 200', server.stderr, "requests are logged to stderr")

    def test_api_only_needs_no_site_and_says_the_api_is_at_the_root(self):
        server = StartedServer("--api-only", "--batches", "3", "--quiet", "--root", "/nonexistent")
        try:
            self.assertEqual(server.api_path, "/")
            status, body = server.get("/?Action=DescribeBatchTasks")
            self.assertEqual(status, 200)
            self.assertIn(b'"TotalCount":3', body)
        finally:
            server.stop()

    def test_quiet_logs_nothing_per_request(self):
        server = StartedServer("--root", self.site.name, "--batches", "5", "--quiet")
        try:
            server.get("/")
        finally:
            server.stop()
        self.assertNotIn("GET /", server.stderr)

    def test_port_in_use(self):
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            result = run("--root", self.site.name, "--port", str(port), "--batches", "5")
        self.assertEqual(result.returncode, 2)
        self.assertEqual(result.stdout, "")
        self.assertEqual(len(result.stderr.strip().splitlines()), 1)
        self.assertIn(f"port {port}", result.stderr)
        self.assertIn("already in use", result.stderr)

    def test_missing_site(self):
        with tempfile.TemporaryDirectory() as empty:
            for root in (os.path.join(empty, "missing"), empty):
                result = run("--root", root, "--port", "0")
                self.assertEqual(result.returncode, 2)
                self.assertEqual(len(result.stderr.strip().splitlines()), 1)
                self.assertIn("run scripts/run or cmake --build --preset wasm first", result.stderr)

    def test_bad_arguments(self):
        for args in (["--faults", "explode"], ["--now", "yesterday"], ["--error", "Teapot"], ["--batches", "-1"],
                     ["--api-path", "/"]):
            result = run("--root", self.site.name, "--port", "0", *args)
            self.assertEqual(result.returncode, 2, args)
            self.assertIn("error", result.stderr)


class LoadtestArguments(unittest.TestCase):
    """scripts/loadtest refuses what it does not know before it starts anything."""

    def loadtest(self, *args):
        return subprocess.run(["node", str(REPO_ROOT / "scripts" / "loadtest"), *args], capture_output=True, text=True,
                              timeout=20, env=clean_environment(ALIBABA_CLOUD_ECS_METADATA_DISABLED="true"))

    def test_help_names_both_scenarios(self):
        result = self.loadtest("--help")
        self.assertEqual(result.returncode, 0)
        self.assertIn("--viewers", result.stdout)
        self.assertIn("--team", result.stdout)
        self.assertIn("--throttle-at", result.stdout)

    def test_unknown_flag_and_bad_values_say_so_briefly(self):
        result = self.loadtest("--viewrs", "3")
        self.assertEqual(result.returncode, 2)
        self.assertIn("Unknown option '--viewrs'", result.stderr)
        self.assertIn("usage: scripts/loadtest", result.stderr)
        self.assertNotIn("    at ", result.stderr)  # no stack trace
        for args in (["--viewers", "0"], ["--team", "--queries", "x"]):
            result = self.loadtest(*args)
            self.assertEqual(result.returncode, 2, args)
            self.assertEqual(len(result.stderr.strip().splitlines()), 1, args)


if __name__ == "__main__":
    unittest.main()
