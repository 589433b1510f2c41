"""Per-type DataContract namespaces in XML, and [Flags] enums written as numbers in JSON and JSV."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from types import ModuleType
from typing import Any

import pytest

import codegen
from generator.model import Member, TypeDef
from generator.rendering.wire_plan import is_flags

NS_MODEL = "http://schemas.datacontract.org/2004/07/Acme.Model"
NS_IFACE = "http://schemas.datacontract.org/2004/07/Acme.Interface"


@pytest.fixture(scope="module")
def multins(tmp_path_factory: pytest.TempPathFactory) -> tuple[ModuleType, ModuleType]:
    """(models, codecs) of the fixture with two DTO namespaces and a flags enum."""
    return codegen.build(codegen.load_fixture("multins"), tmp_path_factory.mktemp("multins"))


def _order(m: Any) -> Any:
    return m.Order(line=m.Line(sku="a"), lines=[m.Line(sku="b")], options=m.Options.RUSH, by_option={m.Options.GIFT: m.Options.BOTH})


def test_root_in_its_own_namespace_members_in_their_types(multins: Any) -> None:
    m, c = multins
    root = ET.fromstring(c.to_xml(_order(m)))
    assert root.tag == f"{{{NS_IFACE}}}Order"
    # A member is in its declaring class's namespace; a nested DTO's members in the nested type's.
    line = root.find(f"{{{NS_IFACE}}}Line")
    assert line is not None and line.find(f"{{{NS_MODEL}}}Sku") is not None
    item = root.find(f"{{{NS_IFACE}}}Lines/{{{NS_MODEL}}}Line")
    assert item is not None and item.find(f"{{{NS_MODEL}}}Sku").text == "b"
    assert c.from_xml(m.Order, c.to_xml(_order(m))) == _order(m)


def test_inherited_members_first_as_listed_in_their_own_namespaces(multins: Any) -> None:
    m, c = multins
    order = m.Order(audit="a", skip=1, take=2, line=m.Line(sku="x"), options=m.Options.GIFT)
    root = ET.fromstring(c.to_xml(order))
    ss, base = "http://schemas.servicestack.net/types", "http://schemas.datacontract.org/2004/07/Acme.Base"
    # DataContract writes base members before the class's own; their order is the sample's, not sorted.
    assert [child.tag for child in root] == [f"{{{ss}}}Take", f"{{{ss}}}Skip", f"{{{base}}}Audit", f"{{{NS_IFACE}}}Line", f"{{{NS_IFACE}}}Options"]
    assert c.from_xml(m.Order, c.to_xml(order)) == order


def test_type_in_the_api_namespace_keeps_the_plain_document(multins: Any) -> None:
    m, c = multins
    root = ET.fromstring(c.to_xml(m.OrderResponse(total=3)))
    assert root.tag == f"{{{NS_MODEL}}}OrderResponse"
    assert root.find(f"{{{NS_MODEL}}}Total").text == "3"


def test_flags_enum_is_a_number_in_json_and_jsv(multins: Any) -> None:
    m, c = multins
    text = c.to_json(_order(m)).decode()
    assert ":2," in text and '{"1":3}' in text
    assert c.from_json(m.Order, c.to_json(_order(m))) == _order(m)
    jsv = c.to_jsv(_order(m)).decode()
    assert "Options:2" in jsv and "{1:3}" in jsv
    assert c.from_jsv(m.Order, c.to_jsv(_order(m))) == _order(m)
    # XML (DataContract) keeps member names.
    assert ET.fromstring(c.to_xml(_order(m))).find(f"{{{NS_IFACE}}}Options").text == "Rush"


@pytest.mark.parametrize(
    ("values", "flags"),
    [((0, 1, 2, 4, 7), True), ((1, 2, 3), True), ((0, 1, 2), False), ((1, 2, 5), False), ((0, 1, 3), False), ((None, 1), False)],
)
def test_flags_shape(values: tuple[int | None, ...], flags: bool) -> None:
    members = tuple(Member(f"M{i}", v) for i, v in enumerate(values))
    assert is_flags(TypeDef("E", "enum", members=members)) is flags
