"""ServiceStack metadata page extraction: golden pages, page variants, and the readers' units.

Refresh the golden files with ``UPDATE_GOLDEN=1 pytest tests/test_extract_servicestack.py tests/test_merge.py``.
"""

from __future__ import annotations

import difflib
import os
import sys
from pathlib import Path

import pytest

from generator.definitions import dump_api
from generator.extract import samples
from generator.extract.report import ExtractWarning
from generator.extract.servicestack import extract_page, looks_like
from generator.extract.servicestack.tables import TableReader, map_type
from generator.model import Api

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "servicestack"
SEEDS = sorted((ROOT / "definitions" / "paysecure" / "sources").glob("*.txt"))
PRAXIS_SEED = ROOT / "definitions" / "praxis" / "sources" / "004_4aca056f8a7ef4ae.txt"
PAGES = sorted(FIXTURES.glob("*.txt"))


def render(api: Api, warnings: tuple[ExtractWarning, ...] | list[ExtractWarning]) -> str:
    """The golden text: the api.yaml dump followed by the warnings as comments."""
    return dump_api(api) + "# warnings:\n" + "".join(f"# {w}\n" for w in warnings)


def check_golden(name: str, actual: str) -> None:
    """Compare with ``fixtures/servicestack/<name>.yaml``; ``UPDATE_GOLDEN=1`` rewrites it."""
    path = FIXTURES / f"{name}.yaml"
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.write_text(actual, "utf-8")
        return
    expected = path.read_text("utf-8") if path.exists() else ""
    if actual != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True), str(path), "actual"))
        pytest.fail(f"{path.name} is stale; refresh with UPDATE_GOLDEN=1 pytest {Path(__file__).name}\n{diff}")


def page(path: Path) -> tuple[Api, tuple[ExtractWarning, ...]]:
    result = extract_page(path.read_text("utf-8"), path.name)
    return result.api, result.warnings


# ---------------------------------------------------------------- golden pages


@pytest.mark.parametrize("path", SEEDS + PAGES, ids=lambda p: p.stem)
def test_page_matches_golden(path: Path) -> None:
    api, warnings = page(path)
    check_golden(f"page_{path.stem}", render(api, warnings))


@pytest.mark.parametrize("path", SEEDS + PAGES, ids=lambda p: p.stem)
def test_looks_like_every_servicestack_variant(path: Path) -> None:
    assert looks_like(path.read_text("utf-8"))


def test_praxis_page_is_not_servicestack() -> None:
    assert not looks_like(PRAXIS_SEED.read_text("utf-8"))


# ---------------------------------------------------------------- the seeds


def test_seed_000_python_dtos() -> None:
    api, warnings = page(SEEDS[0])
    assert warnings == ()
    assert (api.title, api.doc_version, api.hosts) == (
        "PaySecure Pinless Web Services",
        "2023:07:03:07",
        {"default": "https://api.paysecure.acculynk.net"},
    )
    (op,) = api.operations
    assert (op.name, op.method, op.path, op.response, op.formats) == (
        "CreateSessionRequest", "POST", "/CreateSession", "CreateSession", ("xml",),
    )  # fmt: skip
    assert [(e.role, e.format, e.type, e.source) for e in op.examples] == [
        ("request", "xml", "CreateSessionRequest", f"{SEEDS[0].name}:91"),
        ("response", "xml", "CreateSession", f"{SEEDS[0].name}:104"),
    ]
    creds = api.type_named("RequestorCredentials")
    assert creds is not None
    assert [(f.name, f.type, f.required) for f in creds.fields] == [
        (n, "string", True) for n in ("MerchantId", "UserName", "Password", "Version")
    ]
    request = api.type_named("CreateSessionRequest")
    assert request is not None
    assert [(f.name, f.type) for f in request.fields] == [("Credentials", "RequestorCredentials"), ("SessionExpiryInMin", "double")]
    stamps = api.type_named("RequestTimestamps")
    assert stamps is not None and len(stamps.fields) == 11 and stamps.fields[6].name == "DBInsert"
    times = api.type_named("InOutTimes")
    assert times is not None
    assert [(f.name, f.type, f.example_only) for f in times.fields] == [("InTime", "datetime", True), ("OutTime", "datetime", True)]
    session = api.type_named("CreateSession")
    assert session is not None and session.base == "PaysecureResponseInternal"


def test_seed_001_tables_infer_base_from_section_order() -> None:
    api, warnings = page(SEEDS[1])
    assert warnings == ()
    (op,) = api.operations
    assert (op.path, op.response, op.formats) == ("/CreateKey", "CreateKeySession", ("csv",))
    assert {e.format for e in op.examples} == {"json"}
    key = api.type_named("CreateKeySession")
    assert key is not None and key.base == "PaysecureResponseInternal"
    assert [f.name for f in key.fields] == ["KeyId", "Modulus", "Exponent", "ErrorMessage", "ErrorCode"]
    stamps = api.type_named("RequestTimestamps")
    assert stamps is not None and stamps.base is None


def test_flattened_seed_gives_the_same_types() -> None:
    text = SEEDS[0].read_text("utf-8")
    flat = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    original, _ = page(SEEDS[0])
    result = extract_page(flat, "flat.txt")
    assert result.warnings == ()
    shape = lambda api: [(t.name, t.base, [(f.name, f.type, f.required) for f in t.fields]) for t in api.types]  # noqa: E731
    assert shape(result.api) == shape(original)


def test_seed_cut_at_any_point_never_raises() -> None:
    for seed in SEEDS:
        text = seed.read_text("utf-8")
        # Every line end, and every 13th character in between (all characters would take minutes).
        cuts = {i for i, c in enumerate(text) if c == "\n"} | set(range(0, len(text), 13))
        for cut in sorted(cuts):
            result = extract_page(text[:cut], seed.name)
            assert isinstance(result.warnings, tuple)


def test_a_line_not_understood_is_reported_with_its_line() -> None:
    lines = SEEDS[1].read_text("utf-8").splitlines()
    lines.insert(16, "this is not a table row")
    result = extract_page("\n".join(lines), "junk.txt")
    assert [(w.where, w.text) for w in result.warnings] == [("junk.txt:17", "this is not a table row")]
    creds = result.api.type_named("RequestorCredentials")
    assert creds is not None and len(creds.fields) == 4


def test_lost_section_titles_still_type_the_response_sample_nested_objects() -> None:
    # Without the two titles the response section's rows run on into RequestorCredentials:
    # the response is unnamed, yet Timestamps' declared type still types the sample's nested objects.
    lines = SEEDS[1].read_text("utf-8").split("\n")
    assert lines[18] == "CreateKeySession Parameters:" and lines[25] == "PaysecureResponseInternal Parameters:"
    del lines[25], lines[18]
    result = extract_page("\n".join(lines), "lost.txt")
    (op,) = result.api.operations
    assert op.response == "CreateKeySessionResponse"  # unnamed: ServiceStack's conventional name, warned
    times = result.api.type_named("InOutTimes")
    assert times is not None and [(f.name, f.type) for f in times.fields] == [("InTime", "datetime"), ("OutTime", "datetime")]
    stamps = result.api.type_named("RequestTimestamps")
    assert stamps is not None and len(stamps.fields) == 11
    run_on = [w.where for w in result.warnings if w.message.startswith("second table header in RequestorCredentials")]
    assert run_on == ["lost.txt:19"]  # once per section, at the first header that shows the lost title


def test_unnamed_response_nested_object_is_typed_by_shape_when_no_field_names_it() -> None:
    text = (
        "<back to all web services\nPingRequest\nPOST/ping\n"
        "PingRequest Parameters:\nNameParameterData TypeRequiredDescription\nWhenbodyWindowNo\n"
        "Window Parameters:\nNameParameterData TypeRequiredDescription\nInTimeformDateTimeNo\nOutTimeformDateTimeNo\n"
        "POST /ping HTTP/1.1\nContent-Type: application/json\n\n{}\nHTTP/1.1 200 OK\nContent-Type: application/json\n\n"
        '{"Result":{"Clock":{"InTime":"0001-01-01T00:00:00","Late":false}}}'
    )
    result = extract_page(text, "shape.txt")
    assert result.api.operations[0].response == "PingResponse"  # unnamed: ServiceStack's conventional name
    window = result.api.type_named("Window")
    # "Clock" names no field, but its members match Window's; "Result" matches nothing: a type of its own.
    result_type = result.api.type_named("Result")
    assert result_type is not None and [(f.name, f.type) for f in result_type.fields] == [("Clock", "Window")]
    assert window is not None and [(f.name, f.example_only) for f in window.fields] == [
        ("InTime", False), ("OutTime", False), ("Late", True)
    ]


def test_every_route_is_kept() -> None:
    text = SEEDS[1].read_text("utf-8").replace("POST/CreateKey\n", "POST/CreateKey\nPUT,OPTIONS/CreateKey/{Id}\n")
    result = extract_page(text, "routes.txt")
    (op,) = result.api.operations
    assert (op.method, op.path) == ("POST", "/CreateKey")
    assert [(r.verbs, r.path) for r in op.routes] == [(("POST",), "/CreateKey"), (("PUT", "OPTIONS"), "/CreateKey/{Id}")]
    assert not any("route" in w.message for w in result.warnings)


def test_a_failing_language_reader_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    # The DTO-language readers are a plain import now; a bug inside one still only costs a warning.
    from generator.extract.servicestack import body

    def broken(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(body, "parse_dto_source", broken)
    text = (
        "<back to all web services\nPingRequest\nPOST/ping\n"
        "namespace Shop\n{\n    public class PingRequest\n    {\n        public string Message { get; set; }\n    }\n}\n"
        "C# PingRequest DTOs\n"
    )
    result = extract_page(text, "cs.txt")
    assert [(w.where, w.message) for w in result.warnings] == [("cs.txt:4", "csharp DTO code not read: RuntimeError: boom")]


# ---------------------------------------------------------------- tables


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("string", "string"), ("int", "int"), ("long", "long"), ("float", "float"), ("double", "double"),
        ("decimal", "decimal"), ("boolean", "bool"), ("DateTime", "datetime"), ("DateTime?", "datetime?"),
        ("TimeSpan", "timespan"), ("Guid", "guid"), ("int?", "int?"), ("string[]", "list<string>"),
        ("List<Item>", "list<Item>"), ("Dictionary<string, List<int>>", "map<string,list<int>>"),
        ("Nullable<int>", "int?"), ("PayMethod", "PayMethod"), ("object", None),
    ],
)  # fmt: skip
def test_map_type(cell: str, expected: str | None) -> None:
    assert map_type(cell) == expected


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("MerchantIdformstringYes", ("MerchantId", "string", True, "")),
        ("CredentialsbodyRequestorCredentialsNo", ("Credentials", "RequestorCredentials", False, "")),
        ("NobodyformstringNo", ("Nobody", "string", False, "")),
        ("BodyformstringNoNot needed", ("Body", "string", False, "Not needed")),
        ("StringNotebodystringNo", ("StringNote", "string", False, "")),
        ("FormIdbodyintYesThe form", ("FormId", "int", True, "The form")),
        ("NotesbodyNoteTypeNo", ("Notes", "NoteType", False, "")),
        ("ItemsbodyList<Item>No", ("Items", "list<Item>", False, "")),
        ("WhenqueryDateTime?No", ("When", "datetime?", False, "")),
    ],
)
def test_glued_rows_split_from_known_types(row: str, expected: tuple[str, str, bool, str]) -> None:
    reader = TableReader("t.txt", ["Item", "RequestorCredentials"])
    (section,) = reader.read([(1, "X Parameters:"), (2, row)])
    assert reader.warnings == []
    (fld,) = section.fields
    assert (fld.name, fld.type, fld.required, fld.description) == expected


# ---------------------------------------------------------------- samples


def test_json_sample_keys_keep_their_lines_and_types() -> None:
    body = '{"A": "String",\n "B": {"C": 0, "D": 0.5, "E": "\\/Date(-62135596800000-0000)\\/"},\n "F": [{"G": false}]}'
    nodes, error = samples.infer_json_fields(body, 10)
    assert error is None
    assert [(n.name, n.type, n.line) for n in nodes] == [("A", "string", 10), ("B", "object", 11), ("F", "list<object>", 12)]
    assert [(n.name, n.type) for n in nodes[1].children] == [("C", "int"), ("D", "double"), ("E", "datetime")]
    assert [(n.name, n.type) for n in nodes[2].children] == [("G", "bool")]


def test_cut_short_samples_keep_what_was_read() -> None:
    nodes, error = samples.infer_json_fields('{"A":"String","B":{"C":0', 1)
    assert [n.name for n in nodes] == ["A", "B"] and [c.name for c in nodes[1].children] == ["C"]
    assert error is not None
    root, xml_nodes, xml_error = samples.infer_xml_fields("<R>\n  <A>0</A>\n  <B i:nil='true' xmlns:i='x'/>\n  <C>Str", 5)
    assert root == "R" and [(n.name, n.type, n.line) for n in xml_nodes] == [("A", "int", 6), ("B", None, 7), ("C", "string", 8)]
    assert xml_error is not None


def test_xml_entities_are_refused() -> None:
    bomb = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><r><x>&b;</x></r>'
    root, nodes, error = samples.infer_xml_fields(bomb, 1)
    assert error is not None and nodes == ()


def test_jsv_and_csv_samples() -> None:
    nodes, error = samples.infer_jsv_fields('{Name:"a,b",When:0001-01-01,Items:[{Sku:String}],Ok:False}', 3)
    assert error is None
    assert [(n.name, n.type) for n in nodes] == [("Name", "string"), ("When", "datetime"), ("Items", "list<object>"), ("Ok", "bool")]
    csv_nodes, csv_error = samples.infer_csv_fields("Name,Count\r\nString,0\r\n", 4)
    assert csv_error is None and [(n.name, n.type) for n in csv_nodes] == [("Name", "string"), ("Count", "int")]
