"""``doc2sdk serve <api>``: a local simulator of an API, on loopback, built from its definitions.

The simulator routes the documented operations, speaks every wire format of the
doc style through the generated ``codecs`` (rendered in memory, see
``sdk``), checks requests and answers documented-shape responses (see
``answers``).  A fault mode, chosen per run (``--fault``) or switched
at run time (``Simulator.fault``), breaks answers on purpose:

* ``slow``: wait ``delay`` seconds before answering (a client read timeout fires);
* ``drop``: read the request, then close the connection without an answer;
* ``5xx``: answer 503;
* ``garbage``: answer 200 with bytes no codec can read;
* ``bad_signature`` (praxis): a correct answer whose signature is altered;
* ``stale_timestamp`` (praxis): a correctly signed answer one hour old.

``--post-callback NAME --callback-url URL`` (and ``Simulator.post_callback``) plays the
API's other side instead: it posts a callback declared in overrides.yaml, signed as
documented, to a loopback URL and checks the signed reply (``callbacks``).

Bounded: it binds 127.0.0.1 only, refuses bodies over ``MAX_BODY``, gives up on
silent clients after ``SOCKET_TIMEOUT``, caps ``delay``, and stops after
``max_seconds`` when given (tests always give it).
"""

from __future__ import annotations

import argparse
import collections
import logging
import re
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import Doc2SdkError
from ..model import Operation

FAULTS = ("slow", "drop", "5xx", "garbage", "bad_signature", "stale_timestamp")
PRAXIS_ONLY = frozenset({"bad_signature", "stale_timestamp"})
MAX_BODY = 1 << 20
SOCKET_TIMEOUT = 10.0
MAX_DELAY = 30.0
DEFAULT_SECRET = "MerchantSecretKey"  # the secret of the docs' worked example
GARBAGE = b"\x00\xff<<not {a [message\r\n"

_log = logging.getLogger(__name__)


class Simulator:
    """A running (or ready to run) simulator of one generated SDK's API."""

    def __init__(
        self,
        sdk: Any,
        *,
        port: int = 0,
        fault: str | None = None,
        delay: float = 2.0,
        secret: str = DEFAULT_SECRET,
        merchant_id: str | None = None,
        window: float = 60.0,
        clock: Callable[[], float] = time.time,
        max_seconds: float | None = None,
    ) -> None:
        from .answers import PraxisPolicy

        missing = {"models", "codecs"} - set(sdk.modules) | ({"signing"} - set(sdk.modules) if sdk.definition.api.style == "praxis" else set())
        if missing:
            raise Doc2SdkError(f"the generated package lacks {', '.join(sorted(missing))}", sdk.definition.origin)
        self.sdk = sdk
        self.style = sdk.definition.api.style
        self.fault = fault
        self.delay = min(max(delay, 0.0), MAX_DELAY)
        self.policy = PraxisPolicy(secret=secret, merchant_id=merchant_id, window=window, clock=clock)
        self.max_seconds = max_seconds
        self.requests = 0  # requests that reached an operation: tests count retries with it
        # The last requests (operation, headers, body), for tests; bounded.
        self.received: collections.deque[tuple[str, dict[str, str], bytes]] = collections.deque(maxlen=64)
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._stop_lock = threading.Lock()
        self._routes = _routes(sdk.definition.api.operations, self.style)
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.simulator = self
        self._thread: threading.Thread | None = None
        self._timer: threading.Timer | None = None

    @property
    def fault(self) -> str | None:
        """The current fault mode (None: answer correctly)."""
        return self._fault

    @fault.setter
    def fault(self, value: str | None) -> None:
        if value is not None and value not in FAULTS:
            raise Doc2SdkError(f"unknown fault {value!r}; one of: {', '.join(FAULTS)}")
        if value in PRAXIS_ONLY and self.style != "praxis":
            raise Doc2SdkError(f"fault {value!r} needs a signed (praxis) API")
        self._fault = value

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``."""
        port = self._server.server_address[1]
        return f"http://127.0.0.1:{port}"

    def start(self) -> Simulator:
        """Serve in a daemon thread; returns self."""
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        if self.max_seconds is not None:
            self._timer = threading.Timer(self.max_seconds, self.stop)
            self._timer.daemon = True
            self._timer.start()
        return self

    def stop(self) -> None:
        """Stop serving, wake slow answers, close the socket (idempotent)."""
        self._stopping.set()
        if self._timer is not None and self._timer is not threading.current_thread():
            self._timer.cancel()
        # The max-seconds timer and the caller may stop at once: take the thread exactly once.
        with self._stop_lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            self._server.shutdown()
            thread.join(timeout=5)
        self._server.server_close()

    def wait(self) -> None:
        """Block until the simulator stops (Ctrl-C stops it too)."""
        while self._thread is not None and self._thread.is_alive():
            self._thread.join(timeout=0.2)

    def __enter__(self) -> Simulator:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def route(self, method: str, path: str) -> tuple[Operation | None, str | None]:
        """The operation at ``method path`` and a format the path implies (``/xml/reply/Op``)."""
        op, fmt, _ = self.match(method, path)
        return op, fmt

    def match(self, method: str, path: str) -> tuple[Operation | None, str | None, dict[str, str]]:
        """Like ``route``, plus the path parameters the route's placeholders captured (URL-decoded)."""
        from urllib.parse import unquote

        for pattern, verbs, op, fmt in self._routes:
            found = pattern.fullmatch(path)
            if found and (method in verbs or "*" in verbs):
                return op, fmt, {bytes.fromhex(key[1:]).decode("utf-8"): unquote(value) for key, value in found.groupdict().items()}
        return None, None, {}

    def answer(
        self,
        op: Operation,
        fmt: str,
        reply_fmt: str,
        body: bytes,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, str] | None = None,
    ) -> Any:
        """The correct answer to ``body`` in ``fmt``, encoded in ``reply_fmt`` (faults are the handler's).

        ``params`` (ServiceStack GET/DELETE): the request's members from the query string and path.
        """
        from .answers import praxis_answer, servicestack_answer

        if self.style == "praxis":
            return praxis_answer(self.sdk, op, body, self.policy, headers)
        return servicestack_answer(self.sdk, op, fmt, reply_fmt, body, params)

    def record(self, op: Operation, headers: dict[str, str], body: bytes) -> None:
        """Count and keep a request that reached an operation (faulty answers included)."""
        with self._lock:
            self.requests += 1
            self.received.append((op.name, headers, body))

    def post_callback(self, name: str, url: str, *, fault: str | None = None, fmt: str = "json", timeout: float = 10.0) -> Any:
        """Post the API's callback ``name`` to a loopback ``url`` as the API would (see ``callbacks``)."""
        from .callbacks import build_message, post

        message = build_message(self.sdk, name, self.policy, fault=fault, fmt=fmt)
        return post(self.sdk, message, url, self.policy, timeout=timeout)

    def pause(self) -> None:
        """The ``slow`` fault's wait, cut short when the simulator stops."""
        self._stopping.wait(self.delay)


_Route = tuple[re.Pattern[str], frozenset[str], Operation, str | None]
_PLACEHOLDER = re.compile(r"\{([^{}*]+)(\*?)\}")


def _pattern(path: str) -> re.Pattern[str]:
    """A route template as a regex: ``{Name}`` one segment, ``{Name*}`` the rest of the path.

    Group names are ``p`` + the placeholder's hex bytes: always identifiers, and reversible.
    """
    out, pos = [], 0
    for found in _PLACEHOLDER.finditer(path):
        key = "p" + found.group(1).encode("utf-8").hex()
        out.append(re.escape(path[pos : found.start()]) + (f"(?P<{key}>.+)" if found.group(2) else f"(?P<{key}>[^/]+)"))
        pos = found.end()
    return re.compile("".join(out) + re.escape(path[pos:]))


def _routes(operations: tuple[Operation, ...], style: str) -> list[_Route]:
    """Path patterns: every documented route, plus ServiceStack's ``/<format>/reply/<Op>``.

    Literal routes are tried before templated ones (``/books/search`` before ``/books/{Id}``).
    """
    out: list[tuple[int, _Route]] = []
    for op in sorted(operations, key=lambda o: o.name):
        for route in op.all_routes:
            verbs = frozenset("*" if verb == "ANY" else verb for verb in route.verbs)
            out.append((route.path.count("{"), (_pattern(route.path), verbs, op, None)))
        if style == "servicestack":
            for fmt in ("json", "xml", "jsv", "csv", "jsonl"):
                out.append((0, (re.compile(re.escape(f"/{fmt}/reply/{op.name}")), frozenset("*"), op, fmt)))
    return [route for _, route in sorted(out, key=lambda pair: pair[0])]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    simulator: Simulator

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that hangs up mid-answer is routine here (faults, timeouts): log, do not print."""
        _log.debug("simulator: connection from %s ended abruptly", client_address, exc_info=True)


class _Handler(BaseHTTPRequestHandler):
    """One request: read (bounded), route, apply the fault mode, answer."""

    server: _Server
    protocol_version = "HTTP/1.1"
    timeout = SOCKET_TIMEOUT

    def do_POST(self) -> None:
        """Every documented operation is a POST or PUT."""
        self._serve()

    do_PUT = do_POST
    do_GET = do_POST
    do_DELETE = do_POST
    do_PATCH = do_POST

    def log_message(self, format: str, *args: Any) -> None:
        """Access log to the logging module (debug), not stderr."""
        _log.debug("simulator: " + format, *args)

    def _serve(self) -> None:
        from .answers import MEDIA, format_of

        sim = self.server.simulator
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            # The unread body would be parsed as the next request: end the connection.
            self.close_connection = True
            self._send(413, "text/plain", b"request body too large")
            return
        body = self.rfile.read(length)
        url = urlsplit(self.path)
        op, path_fmt, path_params = sim.match(self.command, url.path)
        if op is None:
            self._send(404, "text/plain", b"no such operation")
            return
        fmt = path_fmt or format_of(self.headers.get("Content-Type")) or "json"
        reply_fmt = format_of(self.headers.get("Accept")) or fmt
        sim.record(op, dict(self.headers.items()), body)
        fault = sim.fault
        if fault == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fault == "slow":
            sim.pause()
        if fault == "5xx":
            self._send(503, "text/plain", b"simulated outage")
            return
        if fault == "garbage":
            self._send(200, MEDIA.get(reply_fmt, "application/json"), GARBAGE)
            return
        params = None
        if self.command in ("GET", "DELETE") and sim.style == "servicestack":
            from urllib.parse import parse_qsl

            params = {**dict(parse_qsl(url.query, keep_blank_values=True)), **path_params}
        answer = _tamper(sim, op, fault, sim.answer(op, fmt, reply_fmt, body, dict(self.headers.items()), params))
        self._send(answer.status, answer.content_type, answer.body, answer.headers)

    def _send(self, status: int, content_type: str, body: bytes, headers: tuple[tuple[str, str], ...] = ()) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:  # the client gave up (timeout) while we waited: nothing to tell it
            self.close_connection = True


def _tamper(sim: Simulator, op: Operation, fault: str | None, answer: Any) -> Any:
    """Apply the praxis-only faults to a correct answer (the signature sits in its body or a header)."""
    if fault == "bad_signature":
        import dataclasses
        import json

        def flip(signature: str) -> str:
            return ("0" if signature[:1] != "0" else "1") + signature[1:]

        key = sim.sdk.signing.KEY
        if answer.headers:
            return dataclasses.replace(answer, headers=tuple((k, flip(v) if k == key else v) for k, v in answer.headers))
        fields = json.loads(answer.body)
        fields[key] = flip(fields[key])
        return dataclasses.replace(answer, body=json.dumps(fields, separators=(",", ":")).encode("utf-8"))
    if fault == "stale_timestamp":
        from .answers import praxis_reply

        return praxis_reply(sim.sdk, op, sim.policy, 0, "OK", stamp=int(sim.policy.clock()) - 3600)
    return answer


# ---------------------------------------------------------------- CLI


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``serve <api> [--port N] [--fault F] ...``."""
    parser.add_argument("api", help="an API under definitions/")
    parser.add_argument("--port", type=int, default=8080, help="port on 127.0.0.1 (0: any free port; default 8080)")
    parser.add_argument("--fault", choices=FAULTS, help="break every answer this way (default: answer correctly)")
    parser.add_argument("--delay", type=float, default=5.0, help=f"seconds the slow fault waits (at most {MAX_DELAY:g})")
    parser.add_argument("--merchant-secret", default=DEFAULT_SECRET, help="praxis: the shared secret (default: the docs' example)")
    parser.add_argument("--merchant-id", help="praxis: accept only this merchant_id")
    parser.add_argument("--max-seconds", type=float, help="stop by itself after this many seconds")
    parser.add_argument("--post-callback", metavar="NAME", help="instead of serving, post callback NAME (overrides.yaml) once and exit")
    parser.add_argument("--callback-url", metavar="URL", help="with --post-callback: the loopback URL to post to")
    parser.add_argument("--times", type=int, default=1, help="with --post-callback: post the same message this many times (2: a replay; at most 10)")


def run(args: argparse.Namespace) -> int:
    """Build the API's package in memory, serve it until Ctrl-C (or --max-seconds)."""
    from ..project import Project
    from .sdk import build_files, forget, import_sdk

    if not 0 <= args.port <= 65535:
        raise Doc2SdkError(f"--port must be 0-65535, got {args.port}")
    defn = Project(args.root).load(args.api)
    if args.post_callback is not None and not args.callback_url:
        raise Doc2SdkError("--post-callback needs --callback-url")
    with tempfile.TemporaryDirectory(prefix="doc2sdk-serve-") as work:
        sdk = import_sdk(defn, build_files(defn), Path(work))
        if args.post_callback is not None:
            try:
                return _post_callbacks(sdk, args)
            finally:
                forget(sdk)
        try:
            sim = Simulator(
                sdk,
                port=args.port,
                fault=args.fault,
                delay=args.delay,
                secret=args.merchant_secret,
                merchant_id=args.merchant_id,
                max_seconds=args.max_seconds,
            )
        except OSError as exc:
            raise Doc2SdkError(f"cannot listen on 127.0.0.1:{args.port}: {exc.strerror}") from None
        with sim:
            print(f"doc2sdk serve: {args.api} on {sim.url} (fault: {sim.fault or 'none'}); Ctrl-C stops", flush=True)
            try:
                sim.wait()
            except KeyboardInterrupt:
                pass
        forget(sdk)
    print("doc2sdk serve: stopped", file=sys.stderr)
    return 0


def _post_callbacks(sdk: Any, args: argparse.Namespace) -> int:
    """``--post-callback``: post one message ``--times`` times; exit 1 unless every answer was a verified 2xx."""
    from .answers import PraxisPolicy
    from .callbacks import build_message, post

    if not 1 <= args.times <= 10:
        raise Doc2SdkError(f"--times must be 1-10, got {args.times}")
    policy = PraxisPolicy(secret=args.merchant_secret, merchant_id=args.merchant_id, clock=time.time)
    message = build_message(sdk, args.post_callback, policy, fault=args.fault)
    failed = 0
    for _ in range(args.times):
        delivery = post(sdk, message, args.callback_url, policy)
        ok = 200 <= delivery.status < 300
        notes = {None: "no signed reply documented", True: "reply signature ok", False: "reply signature BAD"}
        reply = notes[delivery.reply_verified] if ok else "refused"
        print(f"doc2sdk serve: callback {args.post_callback} -> HTTP {delivery.status} ({reply})", flush=True)
        failed += not ok or delivery.reply_verified is False
    return 1 if failed else 0
