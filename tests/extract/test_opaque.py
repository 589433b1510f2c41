"""Types the pages reference but never show are declared opaque, and the SDK keeps them raw."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import codegen
from generator.extract.opaque import declare_opaque
from generator.model import Api, Definition, Field, Operation, Overrides, TypeDef


def _api() -> Api:
    request = TypeDef(name="RefundRequest", source="p.txt:3", fields=(Field(name="Amount", type="int", source="p.txt:4"),))
    response = TypeDef(
        name="RefundResponse",
        source="p.txt:9",
        fields=(
            Field(name="Provider", type="ProviderResponse", source="p.txt:10"),
            Field(name="History", type="list<ProviderResponse>", source="p.txt:11"),
        ),
    )
    op = Operation(name="RefundRequest", method="POST", path="/Refund", request="RefundRequest", response="RefundResponse", source="p.txt:1")
    return Api(name="shop", title="Shop", operations=(op,), types=(request, response))


def test_a_referenced_type_no_page_shows_is_declared_opaque_with_a_warning() -> None:
    api, warnings = declare_opaque(_api())
    opaque = api.type_named("ProviderResponse")
    assert opaque is not None and opaque.kind == "opaque" and opaque.source == "p.txt:10"
    assert [w.where for w in warnings] == ["p.txt:10"] and "ProviderResponse" in warnings[0].message
    assert [t.name for t in api.types] == sorted(t.name for t in api.types)
    assert declare_opaque(api) == (api, []), "nothing left to declare"


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, object]:
    api, _ = declare_opaque(_api())
    defn = Definition(api=api, overrides=Overrides(package="shop"), origin="tests/opaque")
    return codegen.build(defn, tmp_path_factory.mktemp("opaque"))


@pytest.mark.parametrize("strict", [False, True])
def test_an_opaque_member_decodes_and_re_encodes_unchanged(package: tuple[object, object], strict: bool) -> None:
    models, codecs = package
    body = b'{"Provider":{"Code":"7","Nested":{"A":[1,2.5,null]}},"History":[{"X":true},{}]}'
    obj = codecs.from_json(models.RefundResponse, body, strict=strict)  # type: ignore[attr-defined]
    assert obj.provider.extra_fields == {"Code": "7", "Nested": {"A": [1, 2.5, None]}}
    assert [h.extra_fields for h in obj.history] == [{"X": True}, {}]
    assert json.loads(codecs.to_json(obj)) == json.loads(body)  # type: ignore[attr-defined]


def test_an_opaque_member_survives_jsv_and_xml(package: tuple[object, object]) -> None:
    models, codecs = package
    jsv = b"{Provider:{Code:7,Nested:{A:x}}}"
    assert codecs.to_jsv(codecs.from_jsv(models.RefundResponse, jsv)) == jsv  # type: ignore[attr-defined]
    xml = codecs.to_xml(codecs.from_xml(models.RefundResponse, codecs.to_xml(codecs.from_jsv(models.RefundResponse, jsv))))  # type: ignore[attr-defined]
    again = codecs.from_xml(models.RefundResponse, xml)  # type: ignore[attr-defined]
    assert again.provider.extra_fields and codecs.to_xml(again) == xml  # type: ignore[attr-defined]
