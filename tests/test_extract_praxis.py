"""Praxis wiki page extraction: golden pages (the seed and small fixtures) and targeted behaviour.

Refresh the golden files with ``UPDATE_GOLDEN=1 pytest tests/test_extract_praxis.py``.
"""

from __future__ import annotations

import difflib
import os
from dataclasses import replace
from pathlib import Path

import pytest

from generator.definitions import dump_api, parse_api
from generator.extract import praxis
from generator.extract.praxis_notation import parse_notation
from generator.model import Api, Signing

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "praxis"
SEED = next((ROOT / "definitions" / "praxis" / "sources").glob("004_*.txt"))
SERVICESTACK_SEEDS = sorted((ROOT / "definitions" / "paysecure" / "sources").glob("00[01]_*.txt"))
PAGES = {path.stem: path for path in sorted(FIXTURES.glob("*.txt"))} | {"seed_004": SEED}


def extract(path: Path) -> tuple[Api, list[str]]:
    """The page's Api (named ``praxis``) and its warnings as text."""
    result = praxis.extract_page(path.read_text("utf-8"), path.name)
    return replace(result.api, name="praxis"), [str(w) for w in result.warnings]


def golden_text(path: Path) -> str:
    """What the golden file holds: the api.yaml text, then the warnings as YAML comments."""
    api, warnings = extract(path)
    return dump_api(api) + "".join(f"# {w}\n" for w in warnings)


@pytest.mark.parametrize("stem", sorted(PAGES))
def test_golden(stem: str) -> None:
    path = PAGES[stem]
    golden = FIXTURES / f"{stem}.yaml"
    actual = golden_text(path)
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(actual, "utf-8")
    expected = golden.read_text("utf-8") if golden.exists() else ""
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(golden), "extracted"))
        pytest.fail(f"{path.name} extracts differently; refresh with UPDATE_GOLDEN=1 pytest {__file__}\n{diff}")
    # The golden text is itself a valid api.yaml (schema and references) that loads back to the same Api.
    assert parse_api(expected, str(golden)) == extract(path)[0]


def test_looks_like_tells_praxis_from_servicestack() -> None:
    assert praxis.looks_like(SEED.read_text("utf-8"))
    assert SERVICESTACK_SEEDS, "the ServiceStack seeds are missing"
    for path in SERVICESTACK_SEEDS:
        assert not praxis.looks_like(path.read_text("utf-8")), path.name
    for path in FIXTURES.glob("*.txt"):
        assert praxis.looks_like(path.read_text("utf-8")), path.name


def test_seed_reads_without_warnings_and_says_what_the_brief_says() -> None:
    api, warnings = extract(SEED)
    assert warnings == []
    assert (api.title, api.doc_version, api.api_version) == ("Praxis Wiki", "3.3", "1.1")
    assert api.hosts == {"sandbox": "https://pci-gw-test.praxispay.com", "live": "https://gw.praxisgate.com"}
    assert api.signing == Signing("sha384", "body", "signature", "alphabetical")
    (op,) = api.operations
    assert (op.name, op.method, op.path, op.request, op.response) == (
        "find-session", "POST", "/api/find-session", "FindSessionRequest", "FindSessionResponse")
    assert [(e.name, e.role, e.source) for e in op.examples] == [
        ("Request", "request", f"{SEED.name}:82"),
        ("Response (OK)", "response", f"{SEED.name}:94"),
        ("Response - Session not found (ERR)", "error", f"{SEED.name}:127"),
        ("Response - Session is still open (ERR)", "error", f"{SEED.name}:137"),
    ]
    assert op.examples[0].body.startswith('{\n    "frontend"') and op.examples[0].body.endswith("}")
    assert "IMPORTANT: Signature does not include" in op.description and "{danger" not in op.description


def test_seed_fields() -> None:
    api, _ = extract(SEED)
    request = api.type_named("FindSessionRequest")
    assert request is not None
    assert [(f.name, f.type, f.max_length, f.required) for f in request.fields] == [
        ("auth_token", "string", 75, True), ("frontend", "string", 256, True), ("merchant_id", "string", 50, True),
        ("version", "string", 3, True), ("timestamp", "int", None, True), ("signature", "string", 96, True),
        ("trace_id", "int", None, False),
    ]
    assert request.fields[-1].example_only and request.fields[-1].source == f"{SEED.name}:87"
    response = api.type_named("FindSessionResponse")
    assert response is not None
    status, transactions = response.fields[0], response.fields[-1]
    assert status.description.split("\n")[0] == "- 0 if the request was successful"
    assert transactions.type == "list<Transaction>"
    transaction = api.type_named("Transaction")
    assert transaction is not None
    by_name = {f.name: f for f in transaction.fields}
    assert by_name["transaction_type"].type == "TransactionType" and by_name["transaction_type"].max_length == 8
    assert by_name["order_id"].condition == (
        "sale - Optional. Transaction identifier in your system\npayout - Required. Transaction identifier in your system")
    assert not by_name["order_id"].required
    assert by_name["amount"].type == "long" and "JPY" in by_name["amount"].description
    assert by_name["trace_id"].description == "Transaction identifier in"
    assert [f.name for f in transaction.fields if f.example_only] == ["edited_by", "error_desc"]
    kinds = api.type_named("TransactionType")
    assert kinds is not None and [(m.name, m.description) for m in kinds.members] == [
        ("sale", "deposit"), ("payout", "withdrawal"), ("refund", "return deposit funds")]
    statuses = api.type_named("TransactionStatus")
    assert statuses is not None
    assert [(m.name, m.example_only) for m in statuses.members] == [
        ("pending", False), ("requested", False), ("approved", True)]


@pytest.mark.parametrize(
    "notation, expected",
    [
        ("varchar(50)", ("string", 50, None)), ("varchar", ("string", None, None)), ("char(3)", ("string", 3, None)),
        ("text", ("string", None, None)), ("string", ("string", None, None)), ("int(11)", ("int", None, None)),
        ("int(20)", ("long", None, None)), ("int", ("int", None, None)), ("tinyint(1)", ("bool", None, None)),
        ("decimal(16,6)", ("decimal", None, None)), ("date", ("date", None, None)), ("money or int", ("long", None, None)),
        ("varchar(4) or null", ("string", 4, None)), ("int(11) or null", ("int?", None, None)),
        ("array of varchar(32)", ("list<string>", None, None)), ("Array(Object)", ("", None, "list")),
        ("List<Object>", ("", None, "list")), ("<Object>", ("", None, "one")), ("varchar50)", ("string", 50, None)),
    ],
)
def test_notations(notation: str, expected: tuple[str, int | None, str | None]) -> None:
    parsed = parse_notation(notation)
    assert (parsed.type, parsed.max_length, parsed.nested) == expected
    assert bool(parsed.warning) == (notation == "varchar50)")


def test_markdown_page_skips_obfuscated_rows_by_line() -> None:
    api, warnings = extract(FIXTURES / "markdown_table.txt")
    assert [w.split(": warning")[0] for w in warnings] == ["markdown_table.txt:33", "markdown_table.txt:34"]
    request = api.type_named("FindTransactionRequest")
    assert request is not None
    assert request.fields[1].description == "Transaction identifier\nin your system"  # the wrapped row
    response = api.type_named("FindTransactionResponse")
    assert response is not None and "email" in {f.name for f in response.fields if f.example_only}


def test_api_13_page_lists_signed_fields_and_marks() -> None:
    api, warnings = extract(FIXTURES / "marks_columns.txt")
    assert warnings == []
    assert api.api_version == "1.3"
    assert api.signing == Signing(location="header", key="GT-Authentication", order="listed")
    (op,) = api.operations
    assert op.signed_request == ("merchant_id", "application_key", "timestamp", "order_id")
    assert op.signed_response == ("status", "card_token", "amount")
    response = api.type_named("CardResponse")
    assert response is not None
    card_token = response.fields[1]
    assert (card_token.required, card_token.condition) == (False, "sale: required; payout: optional; refund: always null")
    assert card_token.description == "Token of the card,\nsent for card transactions only"


def test_cut_short_page_keeps_what_it_can() -> None:
    api, warnings = extract(FIXTURES / "cut_short.txt")
    request = api.type_named("PayoutCompleteRequest")
    assert request is not None
    assert [f.name for f in request.fields] == ["merchant_id", "transaction_id", "timestamp"]
    assert api.operations[0].examples == ()
    assert any(w.startswith("cut_short.txt:13:") and "TEST CASES" in w for w in warnings)
    assert any(w.startswith("cut_short.txt:33:") and "cut short" in w for w in warnings)


@pytest.mark.parametrize("cut", range(0, 150))
def test_any_truncation_of_the_seed_never_raises_nor_loses_earlier_rows(cut: int) -> None:
    lines = SEED.read_text("utf-8").split("\n")
    text = "\n".join(lines[:cut])
    if len(lines) > cut:
        text += "\n" + lines[cut][: len(lines[cut]) // 2]  # and half of the next line
    result = praxis.extract_page(text, "t.txt")
    request = result.api.type_named("FindSessionRequest")
    documented = [name for number, name in [(21, "auth_token"), (22, "frontend"), (23, "merchant_id"),
                                           (24, "version"), (25, "timestamp"), (26, "signature")] if number <= cut]
    names = [f.name for f in request.fields] if request else []
    assert names[: len(documented)] == documented
