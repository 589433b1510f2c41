"""Secrets never show in repr, str, logs or exception messages: every DTO, every error, the client."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

import pytest
from sim_fixtures import MERCHANT, SECRET, sdk_paysecure, sdk_praxis, sim_paysecure, sim_praxis  # noqa: F401

from generator.rendering.filters import attr_names, class_names, is_secret, method_name, type_chain
from generator.simulation.answers import instance
from generator.simulation.sdk import Sdk
from generator.simulation.simulator import Simulator

TOKEN = "S3CR3T-VALUE-4111111111111111"


def _secret_dtos(sdk: Sdk) -> list[Any]:
    """An instance of every class type with every secret field (own or inherited) set to TOKEN."""
    defn = sdk.definition
    out = []
    for typedef in defn.api.types:
        if typedef.kind != "class":
            continue
        obj = instance(sdk, typedef)
        names = attr_names(defn, typedef)
        secrets = {names[f.name]: TOKEN for t in type_chain(defn, typedef) for f in t.fields if is_secret(f)}
        out.append((typedef.name, dataclasses.replace(obj, **secrets), bool(secrets)))
    return out


@pytest.fixture(params=["paysecure", "praxis"])
def any_sdk(request: pytest.FixtureRequest, sdk_paysecure: Sdk, sdk_praxis: Sdk) -> Sdk:
    """Each of the two SDKs in turn."""
    return sdk_paysecure if request.param == "paysecure" else sdk_praxis


def test_no_dto_shows_a_secret(any_sdk: Sdk) -> None:
    sdk = any_sdk
    dtos = _secret_dtos(sdk)
    assert any(has for _, _, has in dtos), "the definitions hold secret fields to test"
    for name, obj, _ in dtos:
        assert TOKEN not in repr(obj), name
        assert TOKEN not in str(obj), name
        assert TOKEN not in f"{obj}" and TOKEN not in f"{obj!r}", name


def _errors(sdk: Sdk, dto: Any) -> list[BaseException]:
    e = sdk.errors
    body = TOKEN.encode()
    made: list[BaseException] = [
        e.DecodeError("bad value", "Credentials.Password", raw=body),
        e.EncodeError("bad value", "Credentials.Password"),
        e.TransportError("connection reset", may_have_reached_server=True),
        e.HttpStatusError(500, {"X-Echo": "x"}, body),
        e.ApiError("E1", "declined", dto, body),
        e.SignatureError("signature does not match", body),
    ]
    for name in ("ApiServerError", "ApiApplicationError"):
        made.append(getattr(e, name)("-1", "failed", dto, body))
    return made


def test_no_error_shows_a_secret(any_sdk: Sdk) -> None:
    sdk = any_sdk
    for _, dto, _ in _secret_dtos(sdk):
        for exc in _errors(sdk, dto):
            assert TOKEN not in str(exc) and TOKEN not in repr(exc), type(exc).__name__
            assert TOKEN not in repr(exc.args)


def test_clients_hide_credentials(sdk_paysecure: Sdk, sdk_praxis: Sdk) -> None:
    creds = sdk_paysecure.models.RequestorCredentials(merchant_id="m", user_name="u", password=TOKEN, version="1")
    client = sdk_paysecure.client.Client(base_url="http://127.0.0.1:9", credentials=creds)
    assert TOKEN not in repr(client) and TOKEN not in str(client)
    praxis = sdk_praxis.client.Client(base_url="http://127.0.0.1:9", merchant_id="m", merchant_secret=TOKEN)
    assert TOKEN not in repr(praxis) and TOKEN not in repr(praxis._signer)


def _card_op(sdk: Sdk) -> tuple[Any, str] | None:
    """An operation whose request type has a secret field, and that field's wire name."""
    for op in sdk.definition.api.operations:
        for fld in sdk.definition.api.type_named(op.request).fields:
            if is_secret(fld) and fld.name not in ("signature", "Password"):
                return op, fld.name
    return None


def test_calls_log_and_raise_without_secrets(
    sdk_praxis: Sdk, sim_praxis: Simulator, caplog: pytest.LogCaptureFixture
) -> None:
    found = _card_op(sdk_praxis)
    assert found is not None
    op, wire = found
    req_type = sdk_praxis.definition.api.type_named(op.request)
    names = attr_names(sdk_praxis.definition, req_type)
    auto = {"merchant_id", "version", "timestamp", "signature"}
    dto = instance(sdk_praxis, req_type, skip=lambda w: w in auto)
    dto = dataclasses.replace(dto, **{names[wire]: TOKEN})
    raised: list[BaseException] = []
    with caplog.at_level(logging.DEBUG):
        client = sdk_praxis.client.Client(base_url=sim_praxis.url, merchant_id=MERCHANT, merchant_secret=SECRET, timeout=(1, 0.5))
        with client:
            method = getattr(client, method_name(op))
            method(dto)
            for fault in ("garbage", "5xx", "bad_signature", "drop", "slow"):
                sim_praxis.fault = fault
                with pytest.raises(sdk_praxis.errors.SdkError) as info:
                    method(dto)
                raised.append(info.value)
    assert TOKEN.encode() in sim_praxis.received[0][2]  # it was sent...
    text = caplog.text + " ".join(str(e) + repr(e) for e in raised)
    assert TOKEN not in text and SECRET not in text  # ...and never shown
    assert class_names(sdk_praxis.definition)
