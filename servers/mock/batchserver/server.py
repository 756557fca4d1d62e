"""The dev server: static site + mock API on http.server (or, with --upstream, the signing service)."""

from __future__ import annotations

import argparse
import datetime
import errno
import os
import shutil
import socket
import socketserver
import sys
import textwrap
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

from .api import BatchTaskApi
from .dataset import Dataset
from .errors import ApiError, POLARDB_ERRORS
from .faults import FAULT_REFERENCE, FaultInjector, FaultSpec, FaultSpecError, parse_fault_spec
from .mock import MockService
from .regions import DEFAULT_REGION, RegionalApis, is_region_id
from .static import StaticFile, StaticSite
from .web import HttpRequest, Response, body_size_error, error_response

REPO_ROOT = Path(__file__).resolve().parents[3]
DEFAULT_ROOT = REPO_ROOT / "build" / "wasm" / "site"
SIGNING_SERVICE = REPO_ROOT / "servers" / "signing"


class StartupError(Exception):
    """A reason the server cannot start, worded as one line."""


def parse_now(text: str) -> int:
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r} (e.g. 2026-04-06T20:51:44Z)") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    return int(moment.timestamp())


def region_argument(text: str) -> str:
    if not is_region_id(text):
        raise argparse.ArgumentTypeError(f"not a region ID: {text!r} (e.g. cn-hangzhou)")
    return text


def fault_spec_argument(text: str) -> FaultSpec:
    try:
        return parse_fault_spec(text)
    except FaultSpecError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="devserver",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=textwrap.dedent("""\
            Serve the built widget and, at --api-path, either a mock PolarDB
            DescribeBatchTasks service (default) or the signing service to the
            real endpoint (--upstream).  Prints one line, "Serving
            http://HOST:PORT/ (API at PATH)", once it is listening."""),
        epilog="fault injection (mock mode only, API requests only):\n"
            + textwrap.indent(FAULT_REFERENCE, "  ") + "\n"
            + textwrap.fill("error codes: " + ", ".join(POLARDB_ERRORS), 78, initial_indent="  ",
                            subsequent_indent="    ") + "\n" + textwrap.dedent("""
              Example: --faults 'latency=500,jitter=200,error=ServiceUnavailable:0.5'
              Per request, the header `X-Mock-Fault: SPEC` or the query/form parameter
              `__fault=SPEC` replaces the server-wide spec (`none`: no faults at all).
              At run time, from loopback only:
                POST {api-path}/__control  {"faults": "SPEC", "resetStats": true}
                GET  {api-path}/__control  the active spec, the counts and the batch overrides
                GET  {api-path}/__stats    API requests seen per Action
                GET  {api-path}/config     the regions served (as the signing service answers)

            batch overrides (test hooks; POST {api-path}/__control, Content-Type
            application/json, loopback only; any region's BatchIds):
              {"fail": ["pcb-..."]}    these DISPATCHING/RUNNING batches FAIL now: TaskEnd
                                       now, SuccessCount kept, unfinished subtasks FAILED
              {"stall": ["pcb-..."]}   these DISPATCHING/RUNNING batches stand still as
                                       they are (status, SuccessCount, subtasks)
              {"resume": ["pcb-..."]}  stalled batches go on from where they stood, the
                                       rest of their timeline later by the time stalled
              {"reset": true}          every batch follows its own timeline again
              All or nothing: an unknown BatchId (MockControl.UnknownBatchId) or a batch
              in the wrong state, e.g. already ended (MockControl.InvalidState), changes
              nothing.  Example:
                curl -s -H 'Content-Type: application/json' -d '{"stall": ["pcb-..."]}' \\
                  http://127.0.0.1:8080/api/__control

            signing service:
              --upstream https://polardb.aliyuncs.com/ runs the Node signing service
              (servers/signing) instead of the mock, with every other argument passed
              on (--region, --user-header, ...: see its --help).  It forwards
              DescribeBatchTasks and DescribeBatchTask signed with ACS3-HMAC-SHA256,
              with credentials from Alibaba Cloud's default chain (e.g.
              ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and optionally
              ALIBABA_CLOUD_SECURITY_TOKEN).  The instance metadata service is skipped
              unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=false."""),
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port to listen on; 0 picks a free one (default 8080)")
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT,
                        help="static site folder with index.html (default build/wasm/site in the repository)")
    parser.add_argument("--api-path", default="/api", help="URL path of the API endpoint (default /api)")
    parser.add_argument("--quiet", action="store_true", help="do not log each request to stderr")
    parser.add_argument("--revalidate", action="store_true",
                        help="serve every static file with Cache-Control: no-cache instead of a year-long "
                             "immutable cache (useful while rebuilding files whose names carry no hash)")
    parser.add_argument("--cdn-cache", action="store_true",
                        help="serve HTML pages with Cache-Control: public, max-age=60, as the README's CDN headers "
                             "ask, instead of no-cache (scripts/bench's repeat visits)")
    parser.add_argument("--cors-origin", metavar="ORIGIN",
                        help="also allow API calls from this one origin, e.g. http://localhost:5173 (default: none)")

    mock = parser.add_argument_group("mock data")
    mock.add_argument("--seed", type=int, default=1, help="data set seed (default 1)")
    mock.add_argument("--batches", type=int, default=2000, help="number of batches to generate (default 2000)")
    mock.add_argument("--now", type=parse_now, metavar="ISO",
                      help="the instant the data is generated for, e.g. 2026-04-06T20:51:44Z (default: start time)")
    mock.add_argument("--frozen", action="store_true",
                      help="no live progress: RUNNING/DISPATCHING batches stay as they were at --now")
    mock.add_argument("--region", type=region_argument, action="append", metavar="ID",
                      help="serve this region with a data set of its own (repeatable; the first is the default, "
                           "other RegionIds are refused); without it any RegionId reads one data set")
    mock.add_argument("--api-only", action="store_true",
                      help="serve the API at / and no site, so SDKs and CLI tools pointed at this host work")

    fault = parser.add_argument_group("fault injection (see below)")
    fault.add_argument("--faults", type=fault_spec_argument, metavar="SPEC", default=FaultSpec(),
                       help="server-wide fault spec applied to API requests")
    fault.add_argument("--latency", type=int, metavar="MS", help="shorthand for --faults latency=MS")
    fault.add_argument("--jitter", type=int, metavar="MS", help="shorthand for --faults jitter=MS")
    fault.add_argument("--error", metavar="CODE[:RATE]", help="shorthand for --faults error=CODE[:RATE]")

    signing = parser.add_argument_group("signing service (see below)")
    signing.add_argument("--upstream", metavar="URL",
                         help="run the signing service to this PolarDB endpoint instead of the mock")
    return parser


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = build_parser()
    args = parser.parse_args(argv)
    shorthand = [f"latency={args.latency}" if args.latency is not None else "",
                 f"jitter={args.jitter}" if args.jitter is not None else "",
                 f"error={args.error}" if args.error else ""]
    extra = ",".join(item for item in shorthand if item)
    if extra:
        try:
            args.faults = FaultSpec(args.faults.items + parse_fault_spec(extra).items)
        except FaultSpecError as exc:
            parser.error(str(exc))
    if args.batches < 0:
        parser.error("--batches must not be negative")
    if args.region and len(set(args.region)) != len(args.region):
        parser.error("--region: a region is given twice")
    args.api_path = "/" + args.api_path.strip("/")
    if args.api_only:
        args.api_path = ""  # the API at /, its helpers at /__control, /__stats, /config
    elif args.api_path == "/":
        parser.error("--api-path cannot be / (the static site lives there; --api-only serves the API at /)")
    return args


class BatchRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "batchserver"
    timeout = 60  # idle keep-alive connections give their thread back

    def do_GET(self):
        path = urlsplit(self.path).path or "/"
        api = self.server.api_path
        try:
            if path in (api, api + "/"):
                self._serve_api(self.server.api_handler)
            elif self.server.mock and path == api + "/__control":
                self._serve_api(self.server.mock.handle_control)
            elif self.server.mock and path == api + "/__stats":
                self._serve_api(self.server.mock.handle_stats)
            elif self.server.mock and path == api + "/config":
                self._serve_api(self.server.mock.handle_config)
            elif path.startswith(api + "/") or self.server.site is None:
                self._serve_api(lambda request: error_response(ApiError("NotFound")))
            else:
                self._serve_static(path)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True  # the client went away

    do_HEAD = do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_GET

    def _serve_api(self, handler: Callable[[HttpRequest], Response]) -> None:
        problem = body_size_error(self.headers.get("Content-Length"), self.headers.get("Transfer-Encoding"))
        if problem:
            self.close_connection = True  # the body is left unread
            self._send(error_response(problem))
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        split = urlsplit(self.path)
        request = HttpRequest(self.command, split.path, split.query,
                              {name.lower(): value for name, value in self.headers.items()},
                              body, self.client_address[0])
        self._send(handler(request))

    def _serve_static(self, path: str) -> None:
        if self.headers.get("Content-Length", "0").strip() not in ("", "0") or self.headers.get("Transfer-Encoding"):
            self.close_connection = True  # an unread body would corrupt the next request
        if self.command not in ("GET", "HEAD"):
            self._send(Response(405, [("Allow", "GET, HEAD"), ("Content-Type", "text/plain; charset=utf-8")],
                                b"Method not allowed\n"))
            return
        result = self.server.site.lookup(path, self.headers.get("Accept-Encoding", ""),
                                         self.headers.get("If-None-Match", ""))
        if isinstance(result, Response):
            self._send(result)
            return
        self._send_file(result)

    def _send_file(self, result: StaticFile) -> None:
        self.send_response(result.status)
        for name, value in result.headers:
            self.send_header(name, value)
        # The widget fetches its wasm in CORS mode; an allowed origin (e.g. "null"
        # for a sandboxed iframe) must be able to read it, as it reads the API.
        cors_origin = getattr(self.server, "cors_origin", None)
        if cors_origin and self.headers.get("Origin") == cors_origin:
            self.send_header("Access-Control-Allow-Origin", cors_origin)
            self.send_header("Vary", "Origin")
        self.end_headers()
        if self.command == "GET" and result.path is not None:
            with open(result.path, "rb") as file:
                shutil.copyfileobj(file, self.wfile)

    def _send(self, response: Response) -> None:
        if response.delivery == "drop":
            self.log_message('"%s" dropped the connection (fault)', self.requestline)
            self._abort()
            return
        body = response.body
        self.send_response(response.status)
        for name, value in response.headers:
            self.send_header(name, value)
        if response.header("Content-Length") is None:
            self.send_header("Content-Length", str(len(body)))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if response.delivery == "truncate":
            # Headers and half the body, each given time to reach the client
            # on its own, so the client has surely seen the answer begin.
            self.wfile.flush()
            time.sleep(0.2)
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            time.sleep(0.2)
            self._abort()
        elif response.delivery == "trickle":
            self._trickle(body, response.trickle_seconds)
        else:
            self.wfile.write(body)

    def _trickle(self, body: bytes, seconds: float) -> None:
        pieces = max(1, min(len(body), 20))
        size = -(-len(body) // pieces)
        pause = seconds / pieces
        for start in range(0, len(body), size):
            time.sleep(pause)
            self.wfile.write(body[start:start + size])
            self.wfile.flush()

    def _abort(self) -> None:
        self.close_connection = True
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def version_string(self):
        return self.server_version

    def log_message(self, format, *args):
        if not self.server.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


class BatchServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, site: StaticSite | None, api_path: str, mock: MockService, quiet: bool):
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.site = site
        self.api_path = api_path
        self.mock = mock
        self.api_handler = mock.handle_api
        self.quiet = quiet
        self.description = ""  # one line for the start-up log
        super().__init__(address, BatchRequestHandler)

    def server_bind(self):
        # HTTPServer.server_bind would call socket.getfqdn(), which can stall on DNS.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    @property
    def url(self) -> str:
        host = self.server_address[0]
        host = f"[{host}]" if ":" in host else host
        return f"http://{host}:{self.server_address[1]}/"


def create_server(args: argparse.Namespace, elapsed: Callable[[], float] | None = None,
                  sleep: Callable[[float], None] = time.sleep) -> BatchServer:
    """Build and bind the server; raises StartupError with a one-line reason.

    `elapsed` (seconds since start) replaces the wall clock in tests.
    """
    site = None
    if not args.api_only:
        root = Path(args.root)
        site = StaticSite(root, revalidate_all=args.revalidate, cdn_html=args.cdn_cache)
        if not root.is_dir() or not site.has_index():
            raise StartupError(f"no site at {root} (no index.html): run scripts/run or cmake --build --preset wasm "
                               f"first, or pass --root")
    if elapsed is None:
        started = time.monotonic()
        elapsed = (lambda: 0.0) if args.frozen else (lambda: time.monotonic() - started)
    # One data set per region; the first keeps --seed, so one region is the data set of old.
    region_ids = args.region or [DEFAULT_REGION]
    apis = {region: BatchTaskApi(Dataset(args.seed + index, args.batches, args.now), elapsed)
            for index, region in enumerate(region_ids)}
    regions = RegionalApis(apis, strict=bool(args.region))
    mock = MockService(regions.default, FaultInjector(args.faults, args.seed), cors_origin=args.cors_origin,
                       sleep=sleep, regions=regions)
    try:
        server = BatchServer((args.host, args.port), site, args.api_path, mock, args.quiet)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise StartupError(f"port {args.port} on {args.host} is already in use "
                               f"(pick another with --port, or --port 0 for a free one)") from None
        raise StartupError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
    server.cors_origin = args.cors_origin
    server.description = (f"mock PolarDB: {args.batches} batches, seed {args.seed}, now "
                          f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(mock.api.dataset.now))}"
                          f"{', frozen' if args.frozen else ''}; regions: {', '.join(regions.apis)}; "
                          f"faults: {args.faults.text or 'none'}")
    return server


def exec_signing_service(argv: list[str]) -> int:
    """Replace this process by the Node signing service, passing every argument on.

    The arguments are the signing service's own (it takes --root and --upstream
    as this server does); the built site is served unless another is named.
    """
    main_js = SIGNING_SERVICE / "src" / "main.js"
    node = shutil.which("node")
    if node is None or not (SIGNING_SERVICE / "node_modules").is_dir():
        print("devserver: --upstream runs the signing service, which needs Node.js and its npm packages: "
              "run scripts/setup", file=sys.stderr)
        return 2
    if not any(arg in ("--root", "--site") or arg.startswith(("--root=", "--site=")) for arg in argv):
        argv = ["--site", str(DEFAULT_ROOT), *argv]
    # Scripts never reach for the instance metadata service unless asked to.
    os.environ.setdefault("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
    sys.stdout.flush()
    sys.stderr.flush()
    os.execv(node, [node, str(main_js), *argv])
    return 2  # not reached


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if any(arg == "--upstream" or arg.startswith("--upstream=") for arg in argv) and "--help" not in argv \
            and "-h" not in argv:
        return exec_signing_service(argv)
    args = parse_args(argv)
    try:
        server = create_server(args)
    except StartupError as exc:
        print(f"devserver: {exc}", file=sys.stderr)
        return 2
    print(f"Serving {server.url} (API at {args.api_path or '/'})", flush=True)
    if not args.quiet:
        print(server.description, file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
