"""Integration: both generated clients against the simulator over loopback, every operation, format and fault."""

from __future__ import annotations

import json
import logging
import socket
import time
from typing import Any

import pytest
import requests
from sim_fixtures import MERCHANT, SECRET, sdk_paysecure, sdk_praxis, sim_paysecure, sim_praxis  # noqa: F401

from generator.rendering.filters import attr_names, class_names, method_name
from generator.simulation.answers import instance
from generator.simulation.sdk import Sdk
from generator.simulation.simulator import GARBAGE, Simulator

FAST = (1.0, 0.5)  # (connect, read) seconds: a fault must never make a test hang
PRAXIS_AUTO = {"merchant_id", "version", "timestamp", "signature"}


def _request(sdk: Sdk, op: Any) -> Any:
    """A request DTO with every field set except those the client fills in."""
    auto = PRAXIS_AUTO if sdk.definition.api.style == "praxis" else {"Credentials"}
    return instance(sdk, sdk.definition.api.type_named(op.request), skip=lambda wire: wire in auto)


def _credentials(sdk: Sdk) -> Any:
    return sdk.models.RequestorCredentials(merchant_id="m-1", user_name="u-1", password="hunter2-pw", version="1")


def _paysecure(sdk: Sdk, sim: Simulator, **kw: Any) -> Any:
    kw.setdefault("timeout", FAST)
    return sdk.client.Client(base_url=sim.url, credentials=_credentials(sdk), **kw)


def _praxis(sdk: Sdk, sim: Simulator, **kw: Any) -> Any:
    kw.setdefault("timeout", FAST)
    kw.setdefault("merchant_secret", SECRET)
    return sdk.client.Client(base_url=sim.url, merchant_id=MERCHANT, **kw)


def _call(sdk: Sdk, client: Any, op: Any) -> Any:
    return getattr(client, method_name(op))(_request(sdk, op))


# ---------------------------------------------------------------- every operation, every format


@pytest.mark.parametrize("fmt", ["json", "xml", "jsv", "csv"])
def test_paysecure_every_operation_in_every_format(sdk_paysecure: Sdk, sim_paysecure: Simulator, fmt: str) -> None:
    defn = sdk_paysecure.definition
    with _paysecure(sdk_paysecure, sim_paysecure, format=fmt) as client:
        for op in defn.api.operations:
            result = _call(sdk_paysecure, client, op)
            assert type(result).__name__ == class_names(defn)[op.response]
            assert result.error_code is sdk_paysecure.models.UNSET
            name, headers, body = sim_paysecure.received[-1]
            assert name == op.name
            assert headers["Content-Type"] == headers["Accept"] == sdk_paysecure.client.FORMATS[fmt]
            assert b"hunter2-pw" in body  # credentials were filled in from the constructor
    assert sim_paysecure.requests == len(defn.api.operations)


def test_praxis_every_operation_signed_both_ways(sdk_praxis: Sdk, sim_praxis: Simulator) -> None:
    defn = sdk_praxis.definition
    clock = time.time
    with _praxis(sdk_praxis, sim_praxis, clock=clock) as client:
        for op in defn.api.operations:
            result = _call(sdk_praxis, client, op)
            assert type(result).__name__ == class_names(defn)[op.response]
            assert result.status == 0
            sent = json.loads(sim_praxis.received[-1][2])
            assert sent["merchant_id"] == MERCHANT and sent["version"] == defn.api.api_version
            assert abs(sent["timestamp"] - time.time()) < 5
            assert sdk_praxis.signing.verify_response(op.name, sent, SECRET) or op.name in sdk_praxis.signing.REQUEST_EXCLUDE
            assert sdk_praxis.signing.sign_request(op.name, sent, SECRET) == sent["signature"]


def test_keyword_arguments_build_the_dto(sdk_praxis: Sdk, sim_praxis: Simulator) -> None:
    op = sdk_praxis.definition.api.operations[0]
    req_type = sdk_praxis.definition.api.type_named(op.request)
    names = attr_names(sdk_praxis.definition, req_type)
    dto = _request(sdk_praxis, op)
    kwargs = {names[f.name]: getattr(dto, names[f.name]) for f in req_type.fields if f.name not in PRAXIS_AUTO}
    with _praxis(sdk_praxis, sim_praxis) as client:
        method = getattr(client, method_name(op))
        assert method(**kwargs).status == 0
        with pytest.raises(TypeError, match="not both"):
            method(dto, **kwargs)


def test_whole_dto_credentials_are_not_overwritten(sdk_paysecure: Sdk, sim_paysecure: Simulator) -> None:
    op = next(iter(sdk_paysecure.definition.api.operations))
    dto = _request(sdk_paysecure, op)
    own = sdk_paysecure.models.RequestorCredentials(merchant_id="mine", user_name="u", password="p-own", version="1")
    dto = type(dto)(**{**{k: getattr(dto, k) for k in vars(dto) if k != "extra_fields"}, "credentials": own})
    with _paysecure(sdk_paysecure, sim_paysecure) as client:
        getattr(client, method_name(op))(dto)
    assert b"p-own" in sim_paysecure.received[-1][2] and b"hunter2-pw" not in sim_paysecure.received[-1][2]


# ---------------------------------------------------------------- documented errors


def test_paysecure_missing_required_is_an_api_error(sdk_paysecure: Sdk, sim_paysecure: Simulator) -> None:
    errors = sdk_paysecure.errors
    op = next(iter(sdk_paysecure.definition.api.operations))
    client = sdk_paysecure.client.Client(
        base_url=sim_paysecure.url, credentials=sdk_paysecure.models.RequestorCredentials(merchant_id="m"), timeout=FAST
    )
    with client, pytest.raises(errors.ApiError) as info:
        _call(sdk_paysecure, client, op)
    assert info.value.code == "ValidationException"
    assert "Credentials.Password" in info.value.message
    assert info.value.body and info.value.response.error_code == "ValidationException"


def test_paysecure_undecodable_request_is_http_400(sdk_paysecure: Sdk, sim_paysecure: Simulator) -> None:
    op = next(iter(sdk_paysecure.definition.api.operations))
    reply = requests.post(sim_paysecure.url + op.path, data=b"{not json", headers={"Content-Type": "application/json"}, timeout=2)
    assert reply.status_code == 400 and b"SerializationException" in reply.content


@pytest.mark.parametrize(
    "tweak,expected",
    [
        ({"clock": lambda: time.time() - 3600}, "Request expired"),
        ({"merchant_secret": "wrong"}, None),  # the simulator refuses it; its answer then fails our check
    ],
)
def test_praxis_rejections(sdk_praxis: Sdk, sim_praxis: Simulator, tweak: dict[str, Any], expected: str | None) -> None:
    errors = sdk_praxis.errors
    op = sdk_praxis.definition.api.operations[0]
    with _praxis(sdk_praxis, sim_praxis, timestamp_window=1e9, **tweak) as client:
        if expected is None:
            with pytest.raises(errors.SignatureError):
                _call(sdk_praxis, client, op)
        else:
            with pytest.raises(errors.ApiApplicationError) as info:
                _call(sdk_praxis, client, op)
            assert info.value.code == "1" and expected in str(info.value)


def test_praxis_unknown_merchant_and_missing_field(sdk_praxis: Sdk, sim_praxis: Simulator) -> None:
    errors = sdk_praxis.errors
    op = sdk_praxis.definition.api.operations[0]
    client = sdk_praxis.client.Client(base_url=sim_praxis.url, merchant_id="other", merchant_secret=SECRET, timeout=FAST)
    with client, pytest.raises(errors.ApiApplicationError, match="Unknown merchant"):
        _call(sdk_praxis, client, op)
    required = [f.name for f in sdk_praxis.definition.api.type_named(op.request).fields if f.required and f.name not in PRAXIS_AUTO]
    with _praxis(sdk_praxis, sim_praxis) as client, pytest.raises(errors.ApiApplicationError, match=required[0]):
        getattr(client, method_name(op))()


def test_praxis_negative_status_is_server_side(sdk_praxis: Sdk, sim_praxis: Simulator) -> None:
    from generator.simulation.answers import praxis_response

    op = sdk_praxis.definition.api.operations[0]
    body = praxis_response(sdk_praxis, op, sim_praxis.policy, -3, "Gateway down")
    incoming = sdk_praxis.client.Incoming(op.name, 200, {}, body)
    client = _praxis(sdk_praxis, sim_praxis)
    with client, pytest.raises(sdk_praxis.errors.ApiServerError) as info:
        client._raise_for_api_error(op.name, client._decode(op.name, _response_cls(sdk_praxis, op), incoming.body), body)
    assert info.value.code == "-3" and info.value.body == body


def _response_cls(sdk: Sdk, op: Any) -> Any:
    return getattr(sdk.models, class_names(sdk.definition)[op.response])


# ---------------------------------------------------------------- faults


def _fault_cases(style: str) -> list[str]:
    return ["slow", "drop", "5xx", "garbage"] + (["bad_signature", "stale_timestamp"] if style == "praxis" else [])


def _check_fault(sdk: Sdk, sim: Simulator, client: Any, fault: str) -> None:
    errors = sdk.errors
    sim.fault = fault
    op = sdk.definition.api.operations[0]
    started = time.monotonic()
    with pytest.raises(errors.SdkError) as info:
        _call(sdk, client, op)
    assert time.monotonic() - started < 3.0
    exc = info.value
    if fault in ("slow", "drop"):
        assert isinstance(exc, errors.TransportError) and exc.may_have_reached_server
    elif fault == "5xx":
        assert isinstance(exc, errors.HttpStatusError) and exc.status == 503 and exc.body == b"simulated outage"
        assert "Content-Type" in exc.headers or "content-type" in {k.lower() for k in exc.headers}
    elif fault == "garbage":
        assert isinstance(exc, errors.DecodeError) and exc.raw == GARBAGE
    else:
        assert isinstance(exc, errors.SignatureError) and exc.body
    # Nothing that may have reached the server is sent twice.
    assert sim.requests == 1


@pytest.mark.parametrize("fault", _fault_cases("servicestack"))
def test_paysecure_faults(sdk_paysecure: Sdk, sim_paysecure: Simulator, fault: str) -> None:
    with _paysecure(sdk_paysecure, sim_paysecure) as client:
        _check_fault(sdk_paysecure, sim_paysecure, client, fault)


@pytest.mark.parametrize("fault", _fault_cases("praxis"))
def test_praxis_faults(sdk_praxis: Sdk, sim_praxis: Simulator, fault: str) -> None:
    with _praxis(sdk_praxis, sim_praxis) as client:
        _check_fault(sdk_praxis, sim_praxis, client, fault)


def test_client_recovers_after_a_fault(sdk_paysecure: Sdk, sim_paysecure: Simulator) -> None:
    op = sdk_paysecure.definition.api.operations[0]
    with _paysecure(sdk_paysecure, sim_paysecure) as client:
        sim_paysecure.fault = "drop"
        with pytest.raises(sdk_paysecure.errors.TransportError):
            _call(sdk_paysecure, client, op)
        sim_paysecure.fault = None
        assert _call(sdk_paysecure, client, op).error_code is sdk_paysecure.models.UNSET


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_refused_connection_is_retried_boundedly_and_not_reached(sdk_paysecure: Sdk) -> None:
    errors = sdk_paysecure.errors
    op = sdk_paysecure.definition.api.operations[0]
    url = f"http://127.0.0.1:{_free_port()}"
    for retries in (0, 2):
        client = sdk_paysecure.client.Client(base_url=url, credentials=_credentials(sdk_paysecure), timeout=FAST, connect_retries=retries)
        started = time.monotonic()
        with client, pytest.raises(errors.TransportError) as info:
            _call(sdk_paysecure, client, op)
        elapsed = time.monotonic() - started
        assert info.value.may_have_reached_server is False
        # backoff 0.2 s * 2**n, capped: two retries wait about 0.2 + 0.4 s; none waits nothing.
        assert (elapsed < 0.15) if retries == 0 else (0.15 < elapsed < 3.0)


def _chunked_server(body_size: int) -> tuple[str, Any]:
    """A one-shot HTTP server answering 200 with a chunked body of ``body_size`` bytes and no Content-Length."""
    import threading

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(5)

    def serve() -> None:
        try:
            conn, _ = listener.accept()
        except OSError:
            return
        with conn:
            conn.settimeout(5)
            data = b""
            while b"\r\n\r\n" not in data:
                data += conn.recv(65536)
            head, _, rest = data.partition(b"\r\n\r\n")
            length = int(next((line.split(b":")[1] for line in head.split(b"\r\n") if line.lower().startswith(b"content-length")), b"0"))
            while len(rest) < length:
                rest += conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunk = b"x" * 65536
            try:
                for start in range(0, body_size, len(chunk)):
                    piece = chunk[: min(len(chunk), body_size - start)]
                    conn.sendall(b"%x\r\n%s\r\n" % (len(piece), piece))
                conn.sendall(b"0\r\n\r\n")
            except OSError:
                pass  # the client hung up once it had enough: that is the point
        listener.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{listener.getsockname()[1]}", thread


def test_response_body_is_capped_while_reading(sdk_paysecure: Sdk, sim_paysecure: Simulator) -> None:
    errors = sdk_paysecure.errors
    op = sdk_paysecure.definition.api.operations[0]
    # Declared by Content-Length (the simulator's answers are a few hundred bytes): refused before reading.
    with _paysecure(sdk_paysecure, sim_paysecure, max_response_bytes=50) as client, pytest.raises(errors.TransportError) as info:
        _call(sdk_paysecure, client, op)
    assert info.value.may_have_reached_server is True and "over 50" in str(info.value)
    with _paysecure(sdk_paysecure, sim_paysecure) as client:
        _call(sdk_paysecure, client, op)  # the default cap lets a normal answer through
    # Chunked, no length: refused once the count passes the cap, long before the 64 MiB are sent.
    url, thread = _chunked_server(64 * 1024 * 1024)
    client = sdk_paysecure.client.Client(base_url=url, credentials=_credentials(sdk_paysecure), timeout=(1.0, 5.0), max_response_bytes=100_000)
    with client, pytest.raises(errors.TransportError) as info:
        _call(sdk_paysecure, client, op)
    assert info.value.may_have_reached_server is True and "over 100000 bytes" in str(info.value)
    thread.join(10)


# ---------------------------------------------------------------- configuration


def test_configuration_is_checked(sdk_paysecure: Sdk, sdk_praxis: Sdk) -> None:
    Client = sdk_paysecure.client.Client
    with pytest.raises(ValueError, match="exactly one"):
        Client()
    with pytest.raises(ValueError, match="unknown environment"):
        Client("staging")
    with pytest.raises(ValueError, match="format"):
        Client(base_url="http://127.0.0.1:1", format="yaml")
    for bad in (0, -1, (1.0, 0), (None, 1.0)):
        with pytest.raises(ValueError, match="timeout"):
            Client(base_url="http://127.0.0.1:1", timeout=bad)
    with pytest.raises(ValueError, match="connect_retries"):
        Client(base_url="http://127.0.0.1:1", connect_retries=50)
    for bad in (0, -5, 1.5, True):
        with pytest.raises(ValueError, match="max_response_bytes"):
            Client(base_url="http://127.0.0.1:1", max_response_bytes=bad)
    with pytest.raises(ValueError, match="merchant_secret"):
        sdk_praxis.client.Client(base_url="http://127.0.0.1:1", merchant_id="m")
    hosts = sdk_paysecure.definition.hosts
    env = sorted(hosts)[0]
    assert Client(env)._base_url == hosts[env].rstrip("/")
    assert dict(sdk_praxis.client.ENVIRONMENTS) == {k: v.rstrip("/") for k, v in sdk_praxis.definition.hosts.items()}


def test_session_is_pooled_owned_and_closed(sdk_paysecure: Sdk, sim_paysecure: Simulator, monkeypatch: pytest.MonkeyPatch) -> None:
    op = sdk_paysecure.definition.api.operations[0]
    client = _paysecure(sdk_paysecure, sim_paysecure)
    closed = []
    monkeypatch.setattr(client._session, "close", lambda: closed.append(True))
    with client:
        _call(sdk_paysecure, client, op)
        _call(sdk_paysecure, client, op)
    assert closed == [True]
    mine = requests.Session()
    with _paysecure(sdk_paysecure, sim_paysecure, session=mine) as client:
        _call(sdk_paysecure, client, op)
    assert mine.adapters  # still usable: a caller's session is not closed for them
    mine.close()


def test_signer_hook(sdk_paysecure: Sdk, sim_paysecure: Simulator) -> None:
    seen: list[str] = []

    class HeaderSigner:
        def sign(self, message: Any) -> None:
            message.headers["X-Sig"] = str(len(message.body))

        def verify(self, message: Any) -> None:
            seen.append(message.operation)
            if message.status != 200:
                raise sdk_paysecure.errors.SignatureError("bad")

    op = sdk_paysecure.definition.api.operations[0]
    with _paysecure(sdk_paysecure, sim_paysecure, signer=HeaderSigner()) as client:
        _call(sdk_paysecure, client, op)
    headers, body = sim_paysecure.received[-1][1], sim_paysecure.received[-1][2]
    assert headers["X-Sig"] == str(len(body)) and seen == [op.name]


def test_logs_name_operation_and_status_only(sdk_praxis: Sdk, sim_praxis: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    op = sdk_praxis.definition.api.operations[0]
    with caplog.at_level(logging.DEBUG), _praxis(sdk_praxis, sim_praxis) as client:
        _call(sdk_praxis, client, op)
    records = [r.getMessage() for r in caplog.records if r.name.endswith(".client")]
    assert any(op.name in m and "HTTP 200" in m for m in records)


# ---------------------------------------------------------------- simulator edges


def test_simulator_404_413_and_cli(sdk_praxis: Sdk, sim_praxis: Simulator) -> None:
    assert requests.post(sim_praxis.url + "/nope", data=b"{}", timeout=2).status_code == 404
    op = sdk_praxis.definition.api.operations[0]
    big = requests.post(sim_praxis.url + op.path, data=b" " * ((1 << 20) + 1), timeout=5)
    assert big.status_code == 413
    assert sim_praxis.requests == 0


def test_simulator_stops_by_itself(sdk_praxis: Sdk) -> None:
    sim = Simulator(sdk_praxis, max_seconds=0.2).start()
    time.sleep(0.6)
    with pytest.raises(requests.ConnectionError):
        requests.post(sim.url + "/api/x", data=b"{}", timeout=1)
    sim.stop()


def test_serve_cli_runs_and_stops(root: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    code = main(["--root", str(root), "serve", "praxis", "--port", "0", "--max-seconds", "0.3"])
    assert code == 0
    assert "127.0.0.1:" in capsys.readouterr().out
    assert main(["--root", str(root), "serve", "praxis", "--port", "70000"]) == 2


@pytest.mark.parametrize("which", ["paysecure", "praxis"])
def test_readme_example_runs_against_the_simulator(
    which: str, sdk_paysecure: Sdk, sdk_praxis: Sdk, sim_paysecure: Simulator, sim_praxis: Simulator, capsys: pytest.CaptureFixture[str]
) -> None:
    import re
    import sys

    from generator.rendering.environment import render

    sdk, sim = (sdk_paysecure, sim_paysecure) if which == "paysecure" else (sdk_praxis, sim_praxis)
    readme = render(sdk.definition)["README.md"]
    # The first block is the simulator example; "Testing your code" (test_testing_double.py runs it) follows.
    code = re.findall(r"```python\n(.*?)```", readme, re.S)[0]
    package = sdk.definition.overrides.package
    code = code.replace("http://127.0.0.1:8080", sim.url)
    saved = {k: v for k, v in sys.modules.items() if k == package or k.startswith(package + ".")}
    sys.modules.update({f"{package}.{name}": mod for name, mod in sdk.modules.items()})
    sys.modules[package] = sdk.package
    try:
        exec(compile(code, "README.md", "exec"), {})
    finally:
        for name in [k for k in sys.modules if k == package or k.startswith(package + ".")]:
            del sys.modules[name]
        sys.modules.update(saved)
    out = capsys.readouterr().out
    assert sim.requests == 1 and "failed" not in out and "refused" not in out and "(" in out


# ---------------------------------------------------------------- lazy imports (fresh interpreters)

# Third-party modules a generated client loads only when it first opens its session or sends.
_LAZY = ("requests", "urllib3", "charset_normalizer", "idna", "certifi")


def _fresh_python(root: Any, package: str, code: str) -> str:
    """Run ``code`` in a new interpreter that imports ``package`` from generated/; its stdout."""
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-c", code], cwd=root / "generated" / package, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


_LOADED = f"sorted({{m for m in sys.modules if m.split('.')[0] in {_LAZY!r}}})"


@pytest.mark.parametrize("package", ["paysecure", "praxis"])
def test_importing_the_client_does_not_import_requests(root: Any, package: str) -> None:
    code = f"""import sys
import {package}.client, {package}.codecs, {package}.models, {package}.errors
print({_LOADED})
client = {package}.client.Client(
    base_url="http://127.0.0.1:1", {'merchant_id="m", merchant_secret="s"' if package == "praxis" else ""}
)
print({_LOADED})
client.close()
print({_LOADED})
"""
    # Importing, configuring and closing an unused client never needs the HTTP stack.
    assert _fresh_python(root, package, code).splitlines() == ["[]", "[]", "[]"]


def _readme_in_fresh_python(root: Any, package: str, sim: Simulator) -> None:
    """Run the README example of generated/<package> in a fresh interpreter against ``sim``."""
    import re

    readme = (root / "generated" / package / "README.md").read_text("utf-8")
    example = re.findall(r"```python\n(.*?)```", readme, re.S)[0]  # the simulator example comes first
    example = example.replace("http://127.0.0.1:8080", sim.url)
    code = f"import sys\nimport {package}.client\nassert not {_LOADED}\n{example}\nprint({_LOADED})\n"
    out = _fresh_python(root, package, code)
    # The lazily imported requests opened the session and sent; the typed result was printed.
    assert sim.requests == 1
    assert "failed" not in out and "refused" not in out and "not completed" not in out and "(" in out
    assert "'requests'" in out.splitlines()[-1] and "'urllib3'" in out.splitlines()[-1]


# generated/ is rendered from the bundled definitions: its simulator must be too.
@pytest.mark.parametrize("sdk_paysecure", ["bundled"], indirect=True)
def test_paysecure_client_imported_without_requests_works_end_to_end(root: Any, sim_paysecure: Simulator) -> None:
    _readme_in_fresh_python(root, "paysecure", sim_paysecure)


@pytest.mark.parametrize("sdk_praxis", ["bundled"], indirect=True)
def test_praxis_client_imported_without_requests_works_end_to_end(root: Any, sim_praxis: Simulator) -> None:
    _readme_in_fresh_python(root, "praxis", sim_praxis)
