"""Praxis wiki page extraction: golden pages (the seed and small fixtures) and targeted behaviour.

Refresh the golden files with ``UPDATE_GOLDEN=1 pytest tests/test_extract_praxis.py``.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from generator.definitions import dump_api, parse_api
from generator.extract import praxis
from generator.extract.praxis.fields import example_order
from generator.extract.praxis.notation import parse_notation
from generator.model import Api, Signing

ROOT = Path(__file__).resolve().parents[2]
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
    # Declared in the order the request example shows them (the JSON codec writes declaration order).
    assert [(f.name, f.type, f.max_length, f.required) for f in request.fields] == [
        ("frontend", "string", 256, True), ("auth_token", "string", 75, True), ("merchant_id", "string", 50, True),
        ("timestamp", "int", None, True), ("trace_id", "int", None, False), ("version", "string", 3, True),
        ("signature", "string", 96, True),
    ]
    assert request.fields[4].example_only and request.fields[4].source == f"{SEED.name}:87"
    assert request.fields[0].source == f"{SEED.name}:22"  # each field keeps its table row
    response = api.type_named("FindSessionResponse")
    assert response is not None
    assert [f.name for f in response.fields] == ["description", "status", "timestamp", "transactions", "version", "signature"]
    status, transactions = response.fields[1], response.fields[3]
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
    # Alphabetical as in the example; fields the example leaves out follow their table predecessor.
    assert [f.name for f in transaction.fields] == [
        "transaction_type", "account_identifier", "amount", "card_exp", "card_number", "card_type", "cascade_level",
        "is_cascade", "created_by", "merchant_id", "currency", "edited_by", "error_code", "error_details", "error_desc",
        "order_id", "frontend", "payment_method", "payment_processor", "pin", "reference_id", "trace_id",
        "transaction_id", "transaction_status"]
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


def test_markdown_page_restores_or_reports_obfuscated_rows_by_line() -> None:
    api, warnings = extract(FIXTURES / "markdown_table.txt")
    assert [w.split(": warning")[0] for w in warnings] == ["markdown_table.txt:33", "markdown_table.txt:34"]
    assert "restored as 'email'" in warnings[0] and "row skipped" in warnings[1]
    request = api.type_named("FindTransactionRequest")
    assert request is not None
    assert request.fields[1].description == "Transaction identifier\nin your system"  # the wrapped row
    response = api.type_named("FindTransactionResponse")
    assert response is not None
    # The row lost its name; the response example shows the key, so the documented row is kept under it.
    email = next(f for f in response.fields if f.name == "email")
    assert (email.type, email.max_length, email.example_only, email.source) == ("string", 100, False, "markdown_table.txt:33")


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
    assert any(w.startswith("cut_short.txt:36:") and "cut short" in w for w in warnings)


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
    assert set(documented) <= set(names)  # reordered by the request example once it shows, never dropped


@pytest.mark.parametrize(
    "declared, shown, expected",
    [
        ("abcdef", "ecxa", "efcdab"),  # b follows a, d follows c, f follows e; x is not declared
        ("abc", "", "abc"),  # no example: table order
        ("abc", "cbaa", "cba"),  # a key shown twice counts once
        ("abc", "b", "abc"),  # a leads because nothing precedes it
    ],
)
def test_example_order_is_a_stable_merge(declared: str, shown: str, expected: str) -> None:
    assert example_order(list(declared), tuple(shown)) == list(expected)


def _damaged_seed(edit: Callable[[list[str]], None]) -> tuple[Api, list[str]]:
    lines = SEED.read_text("utf-8").split("\n")
    edit(lines)
    result = praxis.extract_page("\n".join(lines), SEED.name)
    return result.api, [str(w) for w in result.warnings]


def _transaction_names(api: Api) -> set[str]:
    transaction = api.type_named("Transaction")
    return {f.name for f in transaction.fields} if transaction else set()


def test_example_whose_brackets_never_close_keeps_what_it_showed_and_the_examples_after_it() -> None:
    api, warnings = _damaged_seed(lambda lines: lines.__delitem__(118))  # the "}" closing the transaction (line 119)
    assert {"edited_by", "error_desc"} <= _transaction_names(api)
    assert [w.split(": warning")[0] for w in warnings] == [f"{SEED.name}:119"]  # now the "]," there
    assert "'Response (OK)' is damaged or cut short" in warnings[0]
    # The damaged example is not kept as a doc example; the two after it are.
    assert [e.name for e in api.operations[0].examples] == [
        "Request", "Response - Session not found (ERR)", "Response - Session is still open (ERR)"]


def test_example_damaged_inside_its_brackets_keeps_what_it_showed_before_the_damage() -> None:
    def damage(lines: list[str]) -> None:
        lines[111] = '            "payment_method":nul!l,'  # line 112

    api, warnings = _damaged_seed(damage)
    assert {"edited_by", "error_desc"} <= _transaction_names(api)
    assert [w.split(": warning")[0] for w in warnings] == [f"{SEED.name}:112"]
    statuses = api.type_named("TransactionStatus")
    # Salvaged strings are not taken for enum values: "approved" came after the damage anyway.
    assert statuses is not None and [m.name for m in statuses.members] == ["pending", "requested"]
    assert len(api.operations[0].examples) == 3


def test_damaged_request_example_still_adds_its_example_only_field() -> None:
    def damage(lines: list[str]) -> None:
        lines[88] = lines[88][:40]  # the request's signature line (89), cut mid-string

    api, warnings = _damaged_seed(damage)
    request = api.type_named("FindSessionRequest")
    assert request is not None and "trace_id" in {f.name for f in request.fields}
    assert warnings and warnings[0].startswith(f"{SEED.name}:89:")
    assert [e.name for e in api.operations[0].examples][0] == "Response (OK)"
