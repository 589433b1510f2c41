"""Merging per-page Apis: union with provenance, type precedence, disagreements as warnings.

Refresh the golden files with ``UPDATE_GOLDEN=1 pytest tests/test_merge.py``.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path

from generator.definitions import dump_api, parse_api
from generator.extract.merge import merge
from generator.extract.servicestack import extract_page
from generator.model import Api, Field, Member, Operation, Page, TypeDef
from test_extract_servicestack import FIXTURES, SEEDS, check_golden, render


def extract(paths: list[Path]) -> tuple[Api, list]:  # type: ignore[type-arg]
    """Extract each page (recording it as a Page) and merge them, page warnings first."""
    apis, warnings = [], []
    for path in paths:
        text = path.read_text("utf-8")
        result = extract_page(text, path.name)
        warnings += result.warnings
        page = Page(path.name, hashlib.sha256(text.encode()).hexdigest(), "servicestack")
        apis.append(replace(result.api, pages=(page,)))
    api, merge_warnings = merge(apis)
    return api, warnings + merge_warnings


def test_seeds_merge_into_the_paysecure_definition() -> None:
    api, warnings = extract(SEEDS)
    assert warnings == []
    text = render(api, warnings)
    check_golden("merged_paysecure", text)
    parse_api(dump_api(api), "merged")  # the result passes the published schema and its references
    assert [op.name for op in api.operations] == ["CreateKeySessionRequest", "CreateSessionRequest"]
    times = api.type_named("InOutTimes")
    assert times is not None
    assert [(f.name, f.type, f.source, f.also) for f in times.fields] == [
        ("InTime", "datetime", f"{SEEDS[0].name}:107", (f"{SEEDS[1].name}:60",)),
        ("OutTime", "datetime", f"{SEEDS[0].name}:108", (f"{SEEDS[1].name}:60",)),
    ]
    base = api.type_named("PaysecureResponseInternal")
    assert base is not None and base.source == f"{SEEDS[0].name}:66" and base.also == (f"{SEEDS[1].name}:26",)
    assert [p.file for p in api.pages] == [s.name for s in SEEDS]


def test_two_versions_of_one_operation_keep_the_union_and_warn() -> None:
    api, warnings = extract([FIXTURES / "merge_v1.txt", FIXTURES / "merge_v2.txt"])
    check_golden("merged_versions", render(api, warnings))
    request = api.type_named("PayRequest")
    assert request is not None and [f.name for f in request.fields] == ["Amount", "Method", "Tip"]
    method = api.type_named("PayMethod")
    assert method is not None and [m.name for m in method.members] == ["Cash", "Card", "Voucher"]
    (op,) = api.operations
    assert op.formats == ("json", "xml") and op.path == "/pay"
    messages = [w.message for w in warnings]
    assert any("route /pay differs from /v2/pay (merge_v1.txt:5 vs merge_v2.txt:5)" in m for m in messages)
    assert any("PayMethod.Voucher" in m for m in messages)
    assert any("PayRequest.Tip" in m for m in messages)
    assert any("type decimal differs from double" in m for m in messages)
    assert any(m.startswith("doc_version 2024:03:04:05 differs") for m in messages)


def _api(source: str, fields: tuple[Field, ...] = (), **op: str) -> Api:
    typedef = TypeDef("T", fields=fields, source=source)
    operation = Operation(name="Op", method="POST", path=op.get("path", "/op"), request="T", source=source)
    return Api(name="x", types=(typedef,), operations=(operation,), pages=(Page(source.split(":")[0], "0" * 64),))


def test_declared_type_beats_a_sample_placeholder() -> None:
    sample = _api("b.txt:1", (Field("Rate", "int", source="b.txt:9", example_only=True),))
    declared = _api("c.txt:1", (Field("Rate", "double", source="c.txt:4"),))
    api, warnings = merge([sample, declared])
    (fld,) = api.types[0].fields
    assert (fld.type, fld.source, fld.also, fld.example_only) == ("double", "b.txt:9", ("c.txt:4",), False)
    assert warnings == []
    assert [p.file for p in api.pages] == ["b.txt", "c.txt"]


def test_fields_keep_first_page_order_and_spelling_differences_are_reported() -> None:
    first = _api("a.txt:1", (Field("B", "int", source="a.txt:2"), Field("DBInsert", "int", source="a.txt:3")))
    second = _api("b.txt:1", (Field("A", "int", source="b.txt:2"), Field("DbInsert", "int", source="b.txt:3")))
    api, warnings = merge([first, second])
    assert [f.name for f in api.types[0].fields] == ["B", "DBInsert", "A"]
    assert any("wire name spelled DBInsert and DbInsert (a.txt:3 vs b.txt:3)" in w.message for w in warnings)


def test_reply_routes_of_different_formats_are_one_route() -> None:
    xml = _api("a.txt:1", path="/xml/reply/T")
    json = _api("b.txt:1", path="/json/reply/T")
    api, warnings = merge([xml, json])
    assert api.operations[0].path == "/json/reply/T" and warnings == []


def test_enum_values_disagreeing_are_reported() -> None:
    a = Api(name="x", types=(TypeDef("E", "enum", members=(Member("Cash", 1, source="a.txt:2"),), source="a.txt:1"),))
    b = Api(name="x", types=(TypeDef("E", "enum", members=(Member("Cash", 2, source="b.txt:2"),), source="b.txt:1"),))
    api, warnings = merge([a, b])
    assert api.types[0].members[0].value == 1
    assert [w.message for w in warnings] == ["E.Cash: value 1 differs from 2 (a.txt:2 vs b.txt:2)"]


def test_an_empty_class_gives_way_to_an_enum() -> None:
    a = Api(name="x", types=(TypeDef("E", source="a.txt:1"),))
    b = Api(name="x", types=(TypeDef("E", "enum", members=(Member("Cash", source="b.txt:2"),), source="b.txt:1"),))
    api, warnings = merge([a, b])
    assert api.types[0].kind == "enum" and warnings == []


def test_a_types_xml_namespace_is_kept_and_disagreement_reported() -> None:
    ns_a, ns_b = "http://schemas.datacontract.org/2004/07/A", "http://schemas.datacontract.org/2004/07/B"
    plain = Api(name="x", types=(TypeDef("T", source="a.txt:1"),))
    shown = Api(name="x", types=(TypeDef("T", source="b.txt:1", xml_namespace=ns_a),))
    other = Api(name="x", types=(TypeDef("T", source="c.txt:1", xml_namespace=ns_b),))
    api, warnings = merge([plain, shown])
    assert api.types[0].xml_namespace == ns_a and warnings == []
    api, warnings = merge([shown, other])
    assert api.types[0].xml_namespace == ns_a
    assert [w.message for w in warnings] == [f"T: XML namespace {ns_a} differs from {ns_b} (b.txt:1 vs c.txt:1)"]


def test_sample_root_namespaces_become_type_namespaces_and_survive_yaml() -> None:
    from generator.extract.servicestack.xml_namespaces import with_namespaces
    from generator.model import Example

    ns = "http://schemas.datacontract.org/2004/07/Shop.Interface"
    examples = (
        Example("Op.request.xml", "request", "xml", f'<T xmlns:i="x" xmlns="{ns}"><A>1</A></T>', "p.txt:9"),
        Example("Op.response.xml", "response", "xml", '<R xmlns="http://schemas.servicestack.net/types" />', "p.txt:12"),
    )
    operation = Operation(
        name="Op", method="POST", path="/op", request="T", response="R", examples=examples, source="p.txt:1"
    )
    types = with_namespaces([TypeDef("T", source="p.txt:2"), TypeDef("R", source="p.txt:3")], operation)
    assert [t.xml_namespace for t in types] == [ns, None]  # ServiceStack's own namespace is the default
    api = Api(name="x", operations=(operation,), types=tuple(types))
    assert parse_api(dump_api(api), "api.yaml").type_named("T").xml_namespace == ns


def test_members_a_sample_shows_in_another_namespace_are_inherited_and_survive_yaml() -> None:
    from generator.extract.servicestack.xml_namespaces import member_namespaces, with_namespaces
    from generator.model import Example, Field, datacontract_order

    own, base = "http://schemas.datacontract.org/2004/07/Shop.Interface", "http://schemas.servicestack.net/types"
    body = (
        f'<Q xmlns:i="x" xmlns="{own}">\n<Take xmlns="{base}">0</Take>\n<Skip xmlns="{base}">0</Skip>\n'
        f'<Meta xmlns:d2p1="arrays" xmlns="{base}">\n<d2p1:KeyValueOfstringstring><d2p1:Key>k</d2p1:Key>'
        f'</d2p1:KeyValueOfstringstring>\n</Meta>\n<Name>x</Name>\n<Inner xmlns="{own}"><Deep xmlns="{base}">1</Deep></Inner>\n<Cut xmlns="{base}'
    )
    # Only the root's children, only a default namespace other than the root's; a cut tag is not read.
    assert member_namespaces(body) == {"Take": base, "Skip": base, "Meta": base}
    example = Example("Op.request.xml", "request", "xml", body, "p.txt:9")
    operation = Operation(name="Op", method="POST", path="/q", request="Q", examples=(example,), source="p.txt:1")
    fields = tuple(Field(n, "string", source="p.txt:9", example_only=True) for n in ("Take", "Skip", "Meta", "Name", "Inner"))
    (typedef,) = with_namespaces([TypeDef("Q", fields=fields, source="p.txt:2")], operation)
    # DataContract order: the inherited members first, as the sample lists them, then the own ones sorted.
    assert [f.name for f in datacontract_order(typedef.fields)] == ["Take", "Skip", "Meta", "Inner", "Name"]
    api = Api(name="x", operations=(operation,), types=(typedef,))
    loaded = parse_api(dump_api(api), "api.yaml").type_named("Q")
    assert [f.xml_namespace for f in loaded.fields] == [base, base, base, None, None]
