"""API 1.3 signing: per-operation signed-field lists, signature in the GT-Authentication header, over loopback.

The package is rendered in memory from the marks_columns fixture (a 1.3 page whose
signed request fields are listed out of declared order) and talks to the simulator.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from sim_fixtures import MERCHANT, ROOT, SECRET, SIM_LIFETIME
from test_client import FAST, _praxis, _request

from generator.definitions import parse_api
from generator.model import Definition, Overrides
from generator.output import write_tree
from generator.simulation.sdk import Sdk, build_files, forget, import_sdk
from generator.simulation.simulator import Simulator

FIXTURE = "tests/fixtures/praxis/marks_columns.yaml"
PACKAGE = "praxis13"
LISTED_REQUEST = ("merchant_id", "application_key", "timestamp", "order_id")  # the page's list
LISTED_RESPONSE = ("status", "card_token", "amount")
HEADER = "GT-Authentication"


def _definition(strip_lists: bool = False) -> Definition:
    """The marks_columns golden YAML as a definition; ``strip_lists`` drops the page's signed-field lists."""
    api = parse_api((ROOT / FIXTURE).read_text("utf-8"), FIXTURE)
    if strip_lists:
        ops = tuple(dataclasses.replace(op, signed_request=(), signed_response=()) for op in api.operations)
        api = dataclasses.replace(api, operations=ops)
    return Definition(api=api, overrides=Overrides(package=PACKAGE), origin="tests/fixtures/praxis")


def _hash(values: list[object]) -> str:
    """The 1.3 rule, independently of the generated code: values (nulls skipped) + secret, SHA-384."""
    return hashlib.sha384(("".join(str(v) for v in values if v is not None) + SECRET).encode()).hexdigest()


@pytest.fixture(scope="module")
def sdk13(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    defn = _definition()
    sdk = import_sdk(defn, build_files(defn), tmp_path_factory.mktemp(PACKAGE))
    yield sdk
    forget(sdk)


@pytest.fixture
def sim13(sdk13: Sdk) -> Iterator[Simulator]:
    with Simulator(sdk13, delay=1.0, secret=SECRET, merchant_id=MERCHANT, max_seconds=SIM_LIFETIME) as sim:
        yield sim


def _card(sdk: Sdk) -> Any:
    return sdk.definition.api.operations[0]


# ---------------------------------------------------------------- generated lists


def test_generated_lists_are_the_pages_lists(sdk13: Sdk) -> None:
    signing = sdk13.signing
    assert (signing.ORDER, signing.LOCATION, signing.KEY) == ("listed", "header", HEADER)
    assert signing.REQUEST_FIELDS == {"card": LISTED_REQUEST}
    assert signing.RESPONSE_FIELDS == {"card": LISTED_RESPONSE}
    assert "lists no signed" not in Path(signing.__file__).read_text("utf-8")
    fields = {"order_id": "o", "timestamp": 7, "application_key": "K", "merchant_id": "M", "version": "1.3"}
    # Listed order (timestamp before order_id), not the declared one; unlisted "version" is not signed.
    assert signing.sign_request("card", fields, SECRET) == _hash(["M", "K", 7, "o"])


def test_operation_without_lists_falls_back_to_declared_order_and_says_so() -> None:
    text = build_files(_definition(strip_lists=True))[f"{PACKAGE}/signing.py"]
    assert "# 'card': its page lists no signed request fields; the declared field order is assumed." in text
    assert "# 'card': its page lists no signed response fields; the declared field order is assumed." in text
    namespace: dict[str, Any] = {}
    exec(compile(text, "signing.py", "exec"), namespace)  # the module needs nothing but the stdlib
    assert namespace["REQUEST_FIELDS"]["card"] == ("merchant_id", "application_key", "order_id", "timestamp", "version")
    assert namespace["RESPONSE_FIELDS"]["card"][:3] == ("status", "card_token", "amount")


# ---------------------------------------------------------------- requests over loopback


def test_request_signed_in_header_in_listed_order_is_accepted(sdk13: Sdk, sim13: Simulator) -> None:
    op = _card(sdk13)
    with _praxis(sdk13, sim13) as client:
        assert client.card(_request(sdk13, op)).status == 0
        assert client.card(application_key="K").status == 0  # order_id left out: a null is skipped
    (_, full_headers, full_body), (_, short_headers, short_body) = list(sim13.received)[-2:]
    full, short = json.loads(full_body), json.loads(short_body)
    for headers, sent in ((full_headers, full), (short_headers, short)):
        assert HEADER not in sent and "signature" not in sent and sent["merchant_id"] == MERCHANT
        assert headers[HEADER] == _hash([sent.get(k) for k in LISTED_REQUEST])
    assert "order_id" not in short
    declared = ("merchant_id", "application_key", "order_id", "timestamp")  # the table's order
    assert full_headers[HEADER] != _hash([full[k] for k in declared])


class _Tamper:
    """Signs like the documented signer, then changes ``key`` of the body or drops the header."""

    def __init__(self, inner: Any, key: str | None) -> None:
        self.inner, self.key = inner, key

    def sign(self, message: Any) -> None:
        self.inner.sign(message)
        if self.key is None:
            message.fields[HEADER] = message.headers.pop(HEADER)  # the signature moved into the body
        else:
            message.fields[self.key] = "tampered"

    def verify(self, message: Any) -> None:
        self.inner.verify(message)


@pytest.mark.parametrize("key", ["order_id", "application_key", None])
def test_tampered_request_is_rejected_with_the_documented_error(sdk13: Sdk, sim13: Simulator, key: str | None) -> None:
    """Status 1 ("Invalid signature"), in a response that is itself authentic (so not a SignatureError)."""
    signer = _Tamper(sdk13.client.DocumentedSigner(SECRET), key)
    with _praxis(sdk13, sim13, signer=signer, merchant_secret=None) as client:
        with pytest.raises(sdk13.errors.ApiApplicationError) as info:
            client.card(_request(sdk13, _card(sdk13)))
    # The card response documents no description field: the reason is in the raw body.
    assert info.value.code == "1" and json.loads(info.value.body)["description"] == "Invalid signature"


def test_unlisted_field_is_not_signed(sdk13: Sdk, sim13: Simulator) -> None:
    signer = _Tamper(sdk13.client.DocumentedSigner(SECRET), "version")
    with _praxis(sdk13, sim13, signer=signer, merchant_secret=None) as client:
        assert client.card(_request(sdk13, _card(sdk13))).status == 0


# ---------------------------------------------------------------- responses


def _raw_call(sim: Simulator, order_id: str = "o-1") -> requests.Response:
    """A correctly signed card request sent without the generated client."""
    fields = {"merchant_id": MERCHANT, "application_key": "K", "order_id": order_id, "timestamp": int(sim.policy.clock())}
    headers = {"Content-Type": "application/json", HEADER.lower(): _hash([fields[k] for k in LISTED_REQUEST])}
    return requests.post(sim.url + "/direct/card", data=json.dumps(fields), headers=headers, timeout=FAST)


def test_response_is_signed_in_the_header_over_the_listed_fields(sim13: Simulator) -> None:
    response = _raw_call(sim13)  # a lower-case header name is accepted too
    body = response.json()
    assert body["status"] == 0 and HEADER not in body and "signature" not in body
    assert response.headers[HEADER] == _hash([body.get(k) for k in LISTED_RESPONSE])


def _incoming(sdk: Sdk, headers: dict[str, str], body: dict[str, Any]) -> Any:
    return sdk.client.Incoming("card", 200, headers, json.dumps(body).encode())


def test_response_signature_is_verified(sdk13: Sdk, sim13: Simulator) -> None:
    response = _raw_call(sim13)
    body, signature = response.json(), response.headers[HEADER]
    signer = sdk13.client.DocumentedSigner(SECRET)
    signer.verify(_incoming(sdk13, {HEADER.lower(): signature}, body))  # header names are case-insensitive
    bad = [
        ({HEADER: signature}, {**body, "amount": body["amount"] + 1}, "does not match"),  # a listed field changed
        ({HEADER: "0" * 96}, body, "does not match"),
        ({}, {**body, HEADER: signature}, f"no {HEADER} header"),  # a body key does not stand in for the header
    ]
    for headers, fields, message in bad:
        with pytest.raises(sdk13.errors.SignatureError, match=message):
            signer.verify(_incoming(sdk13, headers, fields))
    # An unlisted field is not covered by the signature.
    signer.verify(_incoming(sdk13, {HEADER: signature}, {**body, "description": "changed"}))


@pytest.mark.parametrize("fault", ["bad_signature", "stale_timestamp"])
def test_bad_response_from_the_simulator_raises_signature_error(sdk13: Sdk, sim13: Simulator, fault: str) -> None:
    sim13.fault = fault
    with _praxis(sdk13, sim13) as client, pytest.raises(sdk13.errors.SignatureError):
        client.card(_request(sdk13, _card(sdk13)))


# ---------------------------------------------------------------- typing


def test_listed_order_package_passes_mypy_strict(tmp_path: Path) -> None:
    write_tree(tmp_path, build_files(_definition()))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", PACKAGE],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
