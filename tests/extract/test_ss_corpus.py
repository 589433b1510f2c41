"""ServiceStack pages of the real corpus (``../shared/corpus``): recognised, read in the right language, never raising.

The corpus is read at test time and never copied into the project; every test skips where it is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.extract import extract_text
from generator.extract.servicestack import looks_like, page_language
from generator.extract.servicestack.languages.dispatch import parse_dto_source

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
SITES = ("paysecure", "servicestack-other")
_ERROR_PAGE = re.compile(r"Unknown language '")


def _index() -> dict[str, str | None]:
    """Corpus file (``site/name.txt``) -> the ``lang`` its URL asked for (None for table pages)."""
    index = CORPUS / "INDEX.tsv"
    if not index.exists():
        return {}
    langs: dict[str, str | None] = {}
    for line in index.read_text("utf-8").splitlines()[1:]:
        file, _, url = line.partition("\t")
        if file.split("/")[0] in SITES:
            match = re.search(r"[?&]lang=(\w+)", url)
            langs[file] = match.group(1) if match else None
    return langs


INDEX = _index()
PAGES = sorted(INDEX)


def _text(file: str) -> str:
    path = CORPUS / file
    if not path.exists():
        pytest.skip(f"corpus page {file} is absent")
    return path.read_bytes().decode("utf-8", errors="replace")


def _need_corpus() -> None:
    if not INDEX:
        pytest.skip(f"the shared corpus is absent ({CORPUS}/INDEX.tsv)")


def test_corpus_present_or_skipped() -> None:
    _need_corpus()
    assert len(PAGES) >= 100


@pytest.mark.parametrize("file", PAGES or ["-"])
def test_every_servicestack_page_is_recognised_and_extracts(file: str) -> None:
    _need_corpus()
    text = _text(file)
    assert looks_like(text), file
    extract_text(text, Path(file).name)  # never raises


@pytest.mark.parametrize("file", PAGES or ["-"])
def test_detected_language_is_the_language_asked_for(file: str) -> None:
    """Every code page is read in the language its URL named; pages showing the language error have no code."""
    _need_corpus()
    text = _text(file)
    expected = INDEX[file]
    if expected is not None and _ERROR_PAGE.search(text):
        expected = None
    assert page_language(text, file) == expected


def test_praxis_pages_are_not_servicestack() -> None:
    praxis = sorted((CORPUS / "praxis").glob("*.txt"))
    if not praxis:
        pytest.skip(f"the Praxis corpus is absent ({CORPUS}/praxis)")
    assert [p.name for p in praxis if looks_like(p.read_text("utf-8", errors="replace"))] == []


def test_mjs_jsdoc_properties_are_typed() -> None:
    """JavaScript DTOs type their properties in JSDoc; each property keeps its own line."""
    code = "\n".join([
        '"use strict";',
        "export class Pet {",
        "    /** @param {{Name?:string,Age?:number}} [init] */",
        "    constructor(init) { Object.assign(this, init) }",
        "    /** @type {string} */",
        "    Name;",
        "    /** @type {?number} */",
        "    Age;",
        "    /** @type {Pet[]} */",
        "    Children;",
        "}",
    ])  # fmt: skip
    types, warnings = parse_dto_source("mjs", code, "p.txt", 10)
    assert warnings == []
    ((pet),) = types
    assert [(f.name, f.type, f.source) for f in pet.fields] == [
        ("Name", "string", "p.txt:15"),
        ("Age", "double?", "p.txt:17"),
        ("Children", "list<Pet>", "p.txt:19"),
    ]


# ---------------------------------------------------------------- the rules above, on made-up pages


def _page(*lines: str) -> str:
    return "\n".join(lines) + "\n"


def test_untitled_markdown_tables_are_named_by_field_types_in_order() -> None:
    text = _page(
        "| POST | /Order |",
        "|---|",
        "| Name | Parameter | Data Type | Required | Description |",
        "|---|---|---|---|---|",
        "| Buyer | body | Person | No | |",
        "| Kind | body | OrderKind | No | |",
        "| Lines | body | List<Line> | No |",
        "| Name | Parameter | Data Type | Required | Description |",
        "|---|---|---|---|---|",
        "| Name | form | string | Yes | |",
        "| form | string | No | ||",
        "| Age | form | int | No |",
        "| Retail | |",
        "| Trade |",
        "| Name | Parameter | Data Type | Required | Description |",
        "|---|---|---|---|---|",
        "| Sku | form | string | No |",
        "| Name | Parameter | Data Type | Required | Description |",
        "|---|---|---|---|---|",
        "| Total | form | decimal | No |",
    )
    result = extract_text(text, "p.txt")
    types = {t.name: t for t in result.api.types}
    assert sorted(types) == ["Line", "OrderKind", "OrderRequest", "OrderResponse", "Person"]
    assert [(f.name, f.type, f.required) for f in types["Person"].fields] == [("Name", "string", True), ("Age", "int", False)]
    assert [m.name for m in types["OrderKind"].members] == ["Retail", "Trade"]
    assert [f.name for f in types["Line"].fields] == ["Sku"]
    (op,) = result.api.operations
    assert (op.method, op.path, op.request, op.response) == ("POST", "/Order", "OrderRequest", "OrderResponse")
    assert [(f.name, f.type) for f in types["OrderResponse"].fields] == [("Total", "decimal")]
    messages = {w.where: w.message for w in result.warnings}
    assert "named OrderRequest after its route" in messages["p.txt:1"]
    assert "shows no field name" in messages["p.txt:11"]
    # The response: nothing on the page names it, so it takes ServiceStack's conventional name, said in a warning.
    assert "no field on the page refers to: named OrderResponse" in messages["p.txt:18"]


def test_glued_row_splits_where_the_type_is_plausible() -> None:
    from generator.extract.servicestack.tables import TableReader

    reader = TableReader("p.txt", [])
    assert reader.loose_split("ProfileformProfileNo") == ("Profile", "Profile", "No", "")
    assert reader.loose_split("PlatformformPlatformKindNoWhere it runs") == ("Platform", "PlatformKind", "No", "Where it runs")


def test_table_base_class_is_not_taken_for_the_response() -> None:
    text = _page(
        "Shop 1.0",
        "<back to all web services",
        "PayRequest",
        "The following routes are available for this service:",
        "POST/Pay",
        "PayRequest Parameters:",
        "NameParameterData TypeRequiredDescription",
        "MerchantbodyMerchantNo",
        "AddressbodyAddressNo",
        "Merchant Parameters:",
        "NameParameterData TypeRequiredDescription",
        "NameformstringNo",
        "MerchantBase Parameters:",
        "NameParameterData TypeRequiredDescription",
        "CodeformstringNo",
        "Address Parameters:",
        "NameParameterData TypeRequiredDescription",
        "StreetformstringNo",
        "PayResult Parameters:",
        "NameParameterData TypeRequiredDescription",
        "OkformboolNo",
    )
    result = extract_text(text, "p.txt")
    types = {t.name: t for t in result.api.types}
    assert types["Merchant"].base == "MerchantBase"
    (op,) = result.api.operations
    assert op.response == "PayResult"


def test_code_page_without_header_names_its_request_from_the_code() -> None:
    text = _page(
        "| POST | /things |",
        "|---|",
        "using System;",
        "using ServiceStack;",
        "namespace Shop",
        "{",
        "public partial class Thing",
        "{",
        "public virtual string Label { get; set; }",
        "}",
        "public partial class MakeThing : IReturn<Thing>",
        "{",
        "public virtual string Label { get; set; }",
        "}",
        "}",
    )
    result = extract_text(text, "p.txt")
    (op,) = result.api.operations
    assert (op.path, op.request, op.response) == ("/things", "MakeThing", "Thing")
    assert page_language(text) == "csharp"


def test_swift_camel_case_names_take_the_sample_wire_names() -> None:
    text = _page(
        "<back to all web services",
        "PingRequest",
        "The following routes are available for this service:",
        "POST/ping",
        "import Foundation",
        "import ServiceStack",
        "public class PingRequest : Codable",
        "{",
        "    public var hostName:String?",
        "    public var ipAddress:String?",
        "    required public init(){}",
        "}",
        "To override the Content-type in your clients, use the HTTP Accept Header, append the .json suffix or ?format=json",
        "HTTP + JSON",
        "POST /ping HTTP/1.1",
        "Content-Type: application/json",
        "",
        '{"HostName":"String"}',
    )
    result = extract_text(text, "p.txt")
    (ping,) = [t for t in result.api.types if t.name == "PingRequest"]
    assert [f.name for f in ping.fields] == ["HostName", "IPAddress"]  # a two-letter acronym in capitals
    assert any("derived as IPAddress" in w.message for w in result.warnings)


def test_sample_dictionaries_and_servicestack_error_types_are_typed() -> None:
    text = _page(
        "<back to all web services",
        "Lookup",
        "The following routes are available for this service:",
        "POST/lookup",
        "To override the Content-type in your clients, use the HTTP Accept Header, append the .json suffix or ?format=json",
        "HTTP + JSON",
        "The following are sample HTTP requests and responses.",
        "The placeholders shown need to be replaced with actual values.",
        "POST /lookup HTTP/1.1",
        "Content-Type: application/json",
        "",
        '{"Tags":{"String":"String"},"Counts":{"0":0}}',
        "HTTP/1.1 200 OK",
        "Content-Type: application/json",
        "",
        '{"ResponseStatus":{"ErrorCode":"String","Errors":[{"FieldName":"String"}]}}',
    )
    result = extract_text(text, "p.txt")
    types = {t.name: {f.name: f.type for f in t.fields} for t in result.api.types}
    assert types["Lookup"] == {"Tags": "map<string,string>", "Counts": "map<int,int>"}
    assert types["ResponseStatus"] == {"ErrorCode": "string", "Errors": "list<ResponseError>"}
    assert types["ResponseError"] == {"FieldName": "string"}
    assert not any("placeholders" in w.text for w in result.warnings)


@pytest.mark.parametrize(
    "fragment",
    [
        "| Name | Parameter | Data Type | Required | Description |\n|---|---|---|---|---|\n| Id | query | int | No |\n",
        "POST | /Pay |\n---|\nimport java.math.*\nimport net.servicestack.client.*\nopen class PayRequest\n{\nvar Id:Int? = null\n}\n",
        "RequiredDescription\nAmountbodyintNo\nNoteformstringNo\n",
        "export class Pet\n{\n    // @Required()\n    public Name: string;\n\n    public constructor(init?: Partial<Pet>) { (Object as any).assign(this, init); }\n}\n",
        'Content-Type: application/json\nContent-Length: length\n\n{"At":"\\/Date(-62135596800000-0000)\\/"}\n',
    ],
    ids=["md-table", "kotlin-after-route", "glued-rows", "ts-mid-code", "sample-only"],
)
def test_fragments_are_recognised_by_what_they_contain(fragment: str) -> None:
    assert looks_like(fragment)
    extract_text(fragment, "p.txt")
