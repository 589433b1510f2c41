"""The generated Praxis signer and money helpers: seed examples, both configurations, exceptions."""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sim_fixtures import ROOT, SECRET, build_sdk

from generator.definitions import load_definition
from generator.formatting.formatter import format_files
from generator.model import Signing
from generator.rendering.environment import render
from generator.simulation.sdk import Sdk, forget, import_sdk

SEED = ROOT / "definitions" / "praxis" / "sources" / "004_4aca056f8a7ef4ae.txt"


def _seed_bodies() -> dict[str, dict[str, Any]]:
    """The four JSON messages of seed 004, by their heading."""
    text = SEED.read_text("utf-8")
    out = {}
    for name, start in (("request", "-d '"), ("ok", "Response (OK)"), ("not_found", "not found (ERR)"), ("open", "still open (ERR)")):
        at = text.index("{", text.index(start))
        body, _ = json.JSONDecoder().raw_decode(text[at:])
        out[name] = body
    return out


@pytest.fixture(scope="module", params=["bundled", "fixture"])
def signing_sdk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    sdk = build_sdk("praxis", request.param, tmp_path_factory.mktemp("signing"), modules=("signing", "money"))
    yield sdk
    forget(sdk)


def test_seed_request_matches_only_without_auth_token(signing_sdk: Sdk) -> None:
    signing = signing_sdk.signing
    request = _seed_bodies()["request"]
    assert not signing.verify(request, SECRET)
    assert signing.verify(request, SECRET, exclude=["auth_token"])
    # The exception stated in overrides.yaml is what the generated signer applies.
    assert signing.REQUEST_EXCLUDE["find-session"] == ("auth_token",)
    assert "auth_token" in signing.EXCEPTIONS["find-session"]
    assert signing.sign_request("find-session", request, SECRET) == request["signature"]


@pytest.mark.parametrize("name", ["not_found", "open"])
def test_seed_error_responses_follow_the_rule(signing_sdk: Sdk, name: str) -> None:
    body = _seed_bodies()[name]
    assert signing_sdk.signing.verify_response("find-session", body, SECRET)
    assert len(body["signature"]) == 96


def test_seed_ok_response_matches_no_rule(signing_sdk: Sdk) -> None:
    """A known doc inconsistency: no exclusion of top-level keys reproduces the OK hash."""
    signing = signing_sdk.signing
    body = _seed_bodies()["ok"]
    keys = [k for k in body if k != "signature"]
    for drop in [[]] + [[k] for k in keys]:
        assert not signing.verify(body, SECRET, exclude=drop)


def test_rule_details(signing_sdk: Sdk) -> None:
    signing = signing_sdk.signing
    fields = {"b": 2, "a": "x", "n": None, "arr": [1], "obj": {"k": 1}, "t": True, "signature": "zz"}
    assert signing.signed_text(fields) == "x2true"
    expected = hashlib.sha384(b"x2trueS").hexdigest()
    assert signing.sign(fields, "S") == expected
    assert signing.verify({**fields, "signature": expected}, "S")
    assert signing.verify({**fields, "signature": expected.upper()}, "S")
    flipped = expected[:-1] + ("1" if expected[-1] == "0" else "0")
    assert not signing.verify({**fields, "signature": flipped}, "S")
    assert not signing.verify({**fields, "signature": 5}, "S")
    assert not signing.verify({k: v for k, v in fields.items() if k != "signature"}, "S")
    assert signing.signed_text({"a": "1", "b": "2"}, order=["b", "a"]) == "21"


def test_verify_compares_in_constant_time(signing_sdk: Sdk, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b)

    monkeypatch.setattr(signing_sdk.signing.hmac, "compare_digest", spy)
    body = _seed_bodies()["open"]
    assert signing_sdk.signing.verify(body, SECRET)
    assert len(calls) == 1


def _variant(tmp_path: Path, signing: Signing) -> Sdk:
    """The fixture praxis API with another signing configuration (API 1.3 style)."""
    folder = ROOT / "tests" / "fixtures" / "client" / "praxis"
    defn = load_definition(folder, "tests/fixtures/client/praxis")
    defn = dataclasses.replace(defn, api=dataclasses.replace(defn.api, signing=signing))
    return import_sdk(defn, format_files(render(defn)), tmp_path, ("signing",))


def test_listed_header_scheme_is_a_configuration(tmp_path: Path) -> None:
    sdk = _variant(tmp_path, Signing(algorithm="sha384", location="header", key="GT-Authentication", order="listed"))
    try:
        signing = sdk.signing
        assert (signing.LOCATION, signing.KEY, signing.ORDER) == ("header", "GT-Authentication", "listed")
        order = signing.REQUEST_FIELDS["find-transaction"]
        # The documented field order, not the alphabetical one (the body key "signature" of
        # this 1.1-shaped fixture is an ordinary field once the signature moves to a header).
        assert order[:5] == ("merchant_id", "frontend", "transaction_id", "version", "timestamp")
        fields = {"version": "1.3", "merchant_id": "m", "frontend": "f", "transaction_id": None, "timestamp": 7}
        sig = signing.sign_request("find-transaction", fields, "S")
        assert sig == hashlib.sha384(b"mf1.37S").hexdigest()  # listed order, null skipped
        assert signing.verify_response("find-transaction", {"status": 0}, "S", signature="0" * 96) is False
        with pytest.raises(ValueError, match="order="):
            signing.sign(fields, "S")
    finally:
        forget(sdk)


def test_algorithm_is_configurable(tmp_path: Path) -> None:
    sdk = _variant(tmp_path, Signing(algorithm="sha256"))
    try:
        assert sdk.signing.sign({"a": "1"}, "S") == hashlib.sha256(b"1S").hexdigest()
    finally:
        forget(sdk)


# ---------------------------------------------------------------- money


def test_minor_units_per_currency(signing_sdk: Sdk) -> None:
    money = signing_sdk.money
    assert money.to_minor_units(Decimal("103.00"), "USD") == 10300
    assert money.to_minor_units(Decimal("1000"), "jpy") == 1000
    assert money.from_minor_units(10300, "EUR") == Decimal("103.00")
    assert money.from_minor_units(5, "KRW") == Decimal(5)


def test_doc_and_iso_disagree_visibly(signing_sdk: Sdk) -> None:
    money = signing_sdk.money
    assert money.DOC_ISO_DISAGREE == {"BHD", "IQD", "JOD", "LYD", "OMR", "TND"}
    assert money.DOC_ISO_DISAGREE < money.AS_IS
    assert money.to_minor_units(Decimal("12"), "BHD") == 12
    assert money.to_minor_units(Decimal("1.234"), "BHD", rule="iso") == 1234
    with pytest.raises(ValueError, match="more decimals"):
        money.to_minor_units(Decimal("1.234"), "BHD")
    assert "ISO 4217" in money.__doc__ and "three" in money.__doc__


@pytest.mark.parametrize(
    "amount,currency",
    [(Decimal("1.005"), "USD"), (1.5, "USD"), (Decimal("NaN"), "USD"), (Decimal("1"), "US"), (Decimal("1"), "12$")],
)
def test_money_refuses_instead_of_rounding(signing_sdk: Sdk, amount: Any, currency: str) -> None:
    with pytest.raises(ValueError):
        signing_sdk.money.to_minor_units(amount, currency)


def test_signature_header_name_is_printable(signing_sdk: Sdk) -> None:
    assert re.fullmatch(r"[A-Za-z-]+", signing_sdk.signing.KEY)
