"""ServiceStack operations held in full (issue 14): routes, roles, locations, the .NET type set, samples-only pages."""

from __future__ import annotations

import pytest

from generator import model, typeexpr
from generator.extract import extract_text
from generator.extract.dotnet import generic_instance, narrower, settle
from generator.extract.samples import parse_xml
from generator.extract.samples_lines import read_by_indent

_TABLE_PAGE = (
    "Shop API\n\n<back to all web services\n\nGetBook\n\nRequires Authentication\n{roles}\n"
    "The following routes are available for this service:\nGET,OPTIONS/books/{{Id}}\nAll Verbs/shelves/{{Shelf}}/books\n"
    "GetBook Parameters:\nNameParameterData TypeRequiredDescription\nIdpathintYes\nShelfqueryushortNo\n"
    "TagsbodyKeyValuePair<string, string>No\nPicturebodybyte[]No\nPagesbodyQueryResponse<Page>No\n"
)


def _page(roles: str = "") -> str:
    return _TABLE_PAGE.format(roles=roles)


def test_every_route_with_its_verbs_and_the_primary_callable_verb() -> None:
    (op,) = extract_text(_page(), "p.txt").api.operations
    assert (op.method, op.path) == ("GET", "/books/{Id}")
    assert [(r.verbs, r.path) for r in op.routes] == [(("GET", "OPTIONS"), "/books/{Id}"), (("ANY",), "/shelves/{Shelf}/books")]
    assert op.routes[1].source == "p.txt:11"


def test_a_route_of_options_alone_never_makes_options_the_method() -> None:
    text = _page().replace("GET,OPTIONS/books/{Id}", "OPTIONS/books/{Id}").replace("All Verbs/shelves", "DELETE/shelves")
    (op,) = extract_text(text, "p.txt").api.operations
    assert (op.method, op.path) == ("DELETE", "/shelves/{Shelf}/books")


@pytest.mark.parametrize(
    ("line", "roles", "any_roles"),
    [
        ("Required role:Admin", ("Admin",), ()),
        ("Requires the roles: Admin, Editor", ("Admin", "Editor"), ()),
        ("Requires any of the roles: Editor, Owner", (), ("Editor", "Owner")),
        ("| Required role: | Admin |", ("Admin",), ()),
        ("Required permission: ReadBooks", (), ()),
    ],
)
def test_role_lines(line: str, roles: tuple[str, ...], any_roles: tuple[str, ...]) -> None:
    result = extract_text(_page(line), "p.txt")
    (op,) = result.api.operations
    assert (op.roles, op.any_roles, op.requires_auth) == (roles, any_roles, True)
    assert not [w for w in result.warnings if "header" in w.message]


def test_tag_and_summary_lines_under_the_name_describe_the_operation() -> None:
    text = _page().replace("GetBook\n\nRequires Authentication", "GetBook\n\nbooks\n\nFind one book\n\nRequires Authentication")
    result = extract_text(text, "p.txt")
    (op,) = result.api.operations
    assert op.description == "books\nFind one book" and op.requires_auth
    assert not [w for w in result.warnings if "header" in w.message]


def test_parameter_locations_and_the_dotnet_type_set() -> None:
    book = extract_text(_page(), "p.txt").api.type_named("GetBook")
    assert book is not None
    got = {f.name: (f.type, f.location) for f in book.fields}
    assert got["Id"] == ("int", "path") and got["Shelf"][1] == "query"
    assert got["Shelf"][0] == settle("ushort") and got["Picture"][0] == settle("bytes")
    assert got["Tags"][0] == settle("keyvalue<string,string>")
    assert got["Pages"][0] == "QueryResponseOfPage"  # a generic instance, named as DataContract names it


def test_settle_switches_names_on_as_the_model_grows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "PRIMITIVES", tuple(p for p in model.PRIMITIVES if p not in ("ushort", "float", "bytes")))
    assert settle("list<ushort>?") == "list<int>?" and settle("float") == "double" and settle("bytes") == "string"
    monkeypatch.setattr(model, "PRIMITIVES", (*model.PRIMITIVES, "ushort", "float", "bytes"))
    assert settle("list<ushort>?") == "list<ushort>?" and settle("float") == "float" and settle("bytes") == "bytes"
    try:
        typeexpr.parse_type("keyvalue<string,int>")
        assert settle("keyvalue<string,int>") == "keyvalue<string,int>"
    except typeexpr.TypeExprError:
        assert settle("keyvalue<string,int>") == "map<string,int>"


def test_narrower_notation_wins_a_merge() -> None:
    assert narrower("int", "long") == "long" and narrower("double", "float") == "float"
    assert narrower("string", "guid") == "guid" and narrower("list<double>", "list<float>") == "list<float>"
    assert narrower("string", "int") is None
    assert generic_instance("QueryResponse", ["Customer"]) == "QueryResponseOfCustomer"
    assert generic_instance("QueryResponse", ["list<Customer>"]) is None


def test_xml_lists_by_item_element_and_a_lost_root() -> None:
    body = (
        '<R xmlns="urn:x"><Roles xmlns:d2p1="urn:arrays"><d2p1:string>String</d2p1:string></Roles>'
        '<Results xmlns:d2p1="urn:types"><d2p1:Customer><d2p1:Id>0</d2p1:Id></d2p1:Customer></Results>'
        "<Holder><Inner><X>0</X></Inner></Holder></R>"
    )
    root, error = parse_xml(body, 1)
    assert error is None and root is not None
    kids = {c.name: c for c in root.children}
    assert kids["Roles"].type == "list<string>"
    assert (kids["Results"].type, kids["Results"].item, [c.name for c in kids["Results"].children]) == (
        "list<object>", "Customer", ["Id"]
    )
    assert kids["Holder"].type == "object"  # one object inside another, no namespace of its own: a property
    root, error = parse_xml("<A>0</A>\n<B>x</B>", 1)
    assert root is not None and [c.name for c in root.children] == ["A", "B"] and error


def test_indented_body_read_line_by_line_survives_a_lost_key_line() -> None:
    body = "{\n\tName: String,\n\t[\n\t\tString\n\t],\n\tItems: \n\t[\n\t\t{\n\t\t\tId: 0\n\t\t}\n\t],\n\tWhen: 0001-01-01\n}"
    nodes = {n.name: n for n in read_by_indent(body, 1)}
    assert nodes["Name"].type == "string" and nodes["When"].type == "datetime"
    assert nodes["Items"].type == "list<object>" and [c.name for c in nodes["Items"].children] == ["Id"]


def test_samples_only_page_types_nested_objects_and_names_the_response_by_convention() -> None:
    text = (
        "POST /jsv/reply/StockRequest HTTP/1.1\nContent-Type: text/jsv\n\n"
        "{\n\tItems: \n\t[\n\t\t{\n\t\t\tSku: String,\n\t\t\tBatch: 00000000000000000000000000000000,\n"
        "\t\t\tBlob: AA==\n\t\t}\n\t]\n}\n"
        "HTTP/1.1 200 OK\nContent-Type: text/jsv\n\n{\n\tCount: 0,\n\tResponseStatus: \n\t{\n\t\tErrorCode: String\n\t}\n}\n"
    )
    result = extract_text(text, "s.txt")
    (op,) = result.api.operations
    assert (op.request, op.response, op.routes) == ("StockRequest", "StockResponse", ())
    item = result.api.type_named("Item")
    assert item is not None and {f.name: f.type for f in item.fields} == {
        "Sku": "string", "Batch": "guid", "Blob": settle("bytes")
    }  # fmt: skip
    status = result.api.type_named("ResponseStatus")
    assert status is not None and [f.name for f in status.fields] == ["ErrorCode"]
    assert any("named StockResponse by ServiceStack's convention" in w.message for w in result.warnings)


def test_soap_page_reads_the_envelopes_and_says_once_the_format_is_unsupported() -> None:
    envelope = (
        '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>'
        '<{0} xmlns="urn:shop">{1}</{0}></soap:Body></soap:Envelope>'
    )
    text = (
        "The following are sample SOAP 1.1 requests and responses.\n\n"
        "POST /soap11 HTTP/1.1\nContent-Type: text/xml; charset=utf-8\nSOAPAction: GetBook\n\n"
        + envelope.format("GetBook", "<Id>0</Id>")
        + "\n\nHTTP/1.1 200 OK\nContent-Type: text/xml; charset=utf-8\n\n"
        + envelope.format("Book", "<Title>String</Title>")
        + "\n"
    )
    result = extract_text(text, "soap.txt")
    (op,) = result.api.operations
    assert (op.request, op.response, op.path, op.routes, op.examples) == ("GetBook", "Book", "/xml/reply/GetBook", (), ())
    book = result.api.type_named("Book")
    assert book is not None and [f.name for f in book.fields] == ["Title"]
    assert [w.message for w in result.warnings if "SOAP" in w.message] == [
        "the SOAP format is not supported; the DTOs are read from the envelopes (XML)"
    ]


def test_glued_sample_message_is_split() -> None:
    text = (
        "POST /json/reply/Ping HTTP/1.1\nContent-Type: application/json\n\n{}\n"
        'HTTP/1.1 200 OK Content-Type: application/json Content-Length: length {"Pong":"String"}\n'
    )
    result = extract_text(text, "g.txt")
    (op,) = result.api.operations
    response = result.api.type_named(op.response or "")
    assert response is not None and [f.name for f in response.fields] == ["Pong"]


def test_merge_prefers_a_named_response_over_the_conventional_one_and_folds_its_type() -> None:
    from generator.extract.merge import merge

    named = (
        "<back to all web services\nPing\nPOST/ping\nPing Parameters:\nNameParameterData TypeRequiredDescription\n"
        "WhobodystringNo\nPong Parameters:\nNameParameterData TypeRequiredDescription\nAtformDateTimeNo\n"
    )
    unnamed = (
        "POST /ping HTTP/1.1\nContent-Type: application/json\n\n{\"Who\":\"String\"}\n"
        'HTTP/1.1 200 OK\nContent-Type: application/json\n\n{"At":"0001-01-01T00:00:00","Late":false}\n'
    )
    results = [extract_text(named, "n.txt"), extract_text(unnamed.replace("/ping", "/json/reply/Ping"), "u.txt")]
    assert results[1].api.operations[0].response == "PingResponse"
    assert results[1].guessed_responses == frozenset({"PingResponse"}) and not results[0].guessed_responses
    api, warnings = merge([r.api for r in results], [r.guessed_responses for r in results])
    (op,) = api.operations
    assert op.response == "Pong" and api.type_named("PingResponse") is None
    pong = api.type_named("Pong")
    assert pong is not None and [f.name for f in pong.fields] == ["At", "Late"]
    assert {e.type for e in op.examples if e.role == "response"} == {"Pong"}
    assert not [w for w in warnings if "response" in w.message]


def test_a_status_line_cut_short_ends_the_request_body() -> None:
    from generator.extract.servicestack.sample_sections import read_samples

    lines = ["POST /json/reply/Echo HTTP/1.1", "Content-Type: application/json", "", '{"a":1}', "HTTP/1.1 2"]
    samples = read_samples(list(enumerate(lines, 1)), "p.txt")
    assert [m.role for m in samples.messages] == ["request", "response"]
    assert [t for _, t in samples.messages[0].body if t.strip()] == ['{"a":1}']


def test_a_sample_only_member_keeps_its_sample_position() -> None:
    from generator.extract.samples import SampleNode
    from generator.extract.servicestack.assemble import PageTypes, TypeDraft
    from generator.model import Field

    types = PageTypes("p.txt")
    draft = types.drafts.setdefault("T", TypeDraft("T", "p.txt:1"))
    for name in ("A", "B", "D"):
        draft.add(Field(name, "string", source="p.txt:2"))
    draft.add(Field("E", "string", source="p.txt:3"), pending=True)
    types.fill("T", [SampleNode(n, "string", 9) for n in ("A", "B", "C", "D", "E")])
    assert [f.name for f in draft.fields] == ["A", "B", "C", "D", "E"]
    assert sorted(draft.index.values()) == [0, 1, 2, 3, 4] and draft.pending == set()


def test_a_sample_only_member_after_the_last_shown_field_is_appended() -> None:
    from generator.extract.samples import SampleNode
    from generator.extract.servicestack.assemble import PageTypes, TypeDraft
    from generator.model import Field

    types = PageTypes("p.txt")
    draft = types.drafts.setdefault("T", TypeDraft("T", "p.txt:1"))
    for name in ("A", "B"):
        draft.add(Field(name, "string", source="p.txt:2"))
    types.fill("T", [SampleNode(n, "string", 9) for n in ("A", "X")])  # the sample skips B: no gap to fill
    assert [f.name for f in draft.fields] == ["A", "B", "X"]


def test_servicestack_builtins_a_page_references_but_does_not_show_are_declared() -> None:
    from generator.extract.servicestack.builtins import add_builtins, type_references
    from generator.model import Field, TypeDef

    request = TypeDef("QueryBookings", base="QueryDb", fields=(Field("Id", "int?", source="p.txt:5"),), source="p.txt:4")
    shown = TypeDef("ResponseError", fields=(Field("Code", "string", source="p.txt:9"),), source="p.txt:8")
    refs = type_references([request, shown], [("QueryResponseOfBooking", "p.txt:3")])
    types, warnings = add_builtins([request, shown], refs)
    by_name = {t.name: t for t in types}
    assert sorted(by_name) == ["QueryBookings", "QueryDb", "QueryResponseOfBooking", "ResponseError", "ResponseStatus"]
    # QueryBase's members in their DataMember order, in ServiceStack's namespace (written first, as listed).
    assert [f.name for f in by_name["QueryDb"].fields] == ["Skip", "Take", "OrderBy", "OrderByDesc", "Include", "Fields", "Meta"]
    assert {f.xml_namespace for f in by_name["QueryDb"].fields} == {"http://schemas.servicestack.net/types"}
    results = {f.name: f.type for f in by_name["QueryResponseOfBooking"].fields}
    assert results == {"Offset": "int", "Total": "int", "Results": "list<Booking>", "Meta": "map<string,string>",
                       "ResponseStatus": "ResponseStatus"}
    assert by_name["ResponseError"] is shown  # a type the page shows is never replaced
    assert [w.where for w in warnings] == ["p.txt:3", "p.txt:4", "p.txt:3"]
    assert all("ServiceStack's own" in w.message for w in warnings)


def test_generic_section_titles_name_instances_and_an_autoquery_base_is_the_requests() -> None:
    page = (
        "Shop API\n\n<back to all web services\n\nQueryBookings\n\n"
        "The following routes are available for this service:\nGET/bookings\n"
        "QueryBookings Parameters:\nNameParameterData TypeRequiredDescription\nIdqueryintNo\n"
        "QueryDb<Booking> Parameters:\nNameParameterData TypeRequiredDescription\nSkipqueryintNo\n"
        "QueryResponse<Booking> Parameters:\nNameParameterData TypeRequiredDescription\n"
        "OffsetformintNo\nResultsformList<Booking>No\n"
        "Booking Parameters:\nNameParameterData TypeRequiredDescription\nIdformintNo\n"
    )
    result = extract_text(page, "p.txt")
    (op,) = result.api.operations
    assert op.response == "QueryResponseOfBooking"
    types = {t.name: t for t in result.api.types}
    assert types["QueryBookings"].base == "QueryDbOfBooking"
    assert [f.name for f in types["QueryBookings"].fields] == ["Id"]
    assert [f.name for f in types["QueryResponseOfBooking"].fields] == ["Offset", "Results"]
    assert not [w for w in result.warnings if "not understood" in w.message or "missing" in w.message]
