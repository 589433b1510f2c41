"""``doc2sdk verify``: canonical comparisons, in-memory loading, and the bundled APIs' examples."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from generator import cli
from generator.project import Project
from generator.verification.verify import check_definition, json_difference, loaded_package, text_difference, xml_difference

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ("paysecure", "praxis")


def test_json_difference_sees_values_and_key_order() -> None:
    assert json_difference('{"a":1,"b":[1,{"c":null}]}', '{"a":1.0,"b":[1,{"c":null}]}') is None
    assert json_difference('{"a":1,"b":2}', '{"b":2,"a":1}') == "at $: keys [a,b] expected, got [b,a]"
    assert json_difference('{"a":1,"b":2}', '{"b":2,"a":1}', ordered=False) is None
    assert json_difference('{"a":{"b":true}}', '{"a":{"b":1}}') == "at $.a.b: true expected, got 1"
    assert json_difference('{"a":[1,2]}', '{"a":[1]}') == "at $.a: 2 items expected, got 1"


def test_xml_difference_ignores_whitespace_and_prefixes() -> None:
    left = '<R xmlns="urn:t" xmlns:i="urn:i">\n  <A>1</A>\n  <B i:nil="true"/>\n</R>'
    assert xml_difference(left, '<p:R xmlns:p="urn:t" xmlns:x="urn:i"><p:A>1</p:A><p:B x:nil="true" /></p:R>') is None
    assert xml_difference(left, '<R xmlns="urn:t"><B/><A>1</A></R>') is not None
    assert "'1' expected, got '2'" in (xml_difference(left, '<R xmlns="urn:t" xmlns:i="urn:i"><A>2</A><B i:nil="true"/></R>') or "")


def test_text_difference_normalises_newlines() -> None:
    assert text_difference("a,b\r\n1,2\r\n", "a,b\n1,2") is None
    assert text_difference("a\nb", "a\nc") == "line 2: 'b' expected, got 'c'"


def test_loaded_package_leaves_no_modules_behind() -> None:
    files = {"pkg/__init__.py": "from . import inner\n", "pkg/inner.py": "VALUE = 42\n"}
    before = set(sys.modules)
    with loaded_package(files, "pkg") as package:
        assert package.inner.VALUE == 42
        assert package.__name__.startswith("_doc2sdk_verify_pkg_")
    assert set(sys.modules) == before


def _require(api: str) -> None:
    # The bundled definitions are part of the repo: their absence is a failure, not a skip.
    assert (ROOT / "definitions" / api / "api.yaml").is_file(), f"run: doc2sdk extract {api}"


@pytest.mark.parametrize("api", BUNDLED)
def test_every_bundled_example_round_trips(api: str) -> None:
    _require(api)
    project = Project(ROOT)
    outcomes = check_definition(project.load(api), project.build(api))
    assert outcomes, f"{api} keeps no examples"
    failures = [o.line() for o in outcomes if o.status == "FAIL"]
    assert not failures, "\n".join(failures)


def test_verify_verb_reports_every_example(capsys: pytest.CaptureFixture[str]) -> None:
    for api in BUNDLED:
        _require(api)
    assert cli.main(["--root", str(ROOT), "verify", *BUNDLED]) == 0
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[-1].endswith("0 failed, 1 known"), lines[-1]
    assert any(line.startswith("known 004_4aca056f8a7ef4ae.txt:94 find-session") for line in lines)
    assert sum(line.startswith("ok ") for line in lines) == len(lines) - 2


def test_verify_fails_on_a_broken_example(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _require("paysecure")
    target = tmp_path / "definitions" / "paysecure"
    target.mkdir(parents=True)
    source = ROOT / "definitions" / "paysecure"
    text = (source / "api.yaml").read_text("utf-8")
    # An example whose key order the codec cannot reproduce: ServiceStack JSON order is a wire rule.
    broken = text.replace('{"Credentials":{"MerchantId":"String","UserName":"String"', '{"Credentials":{"UserName":"String","MerchantId":"String"', 1)
    assert broken != text
    (target / "api.yaml").write_text(broken, "utf-8")
    (target / "overrides.yaml").write_text((source / "overrides.yaml").read_text("utf-8"), "utf-8")
    assert cli.main(["--root", str(tmp_path), "verify", "paysecure"]) == 1
    out = capsys.readouterr().out
    assert "FAIL 001_64a4df05ebf15de5.txt:55 CreateKeySessionRequest" in out
    assert "keys [UserName,MerchantId" in out


# ---------------------------------------------------------------- cut captures and JSV's display form

from generator.verification.forms import is_cut, jsv_compact, jsv_difference  # noqa: E402


@pytest.mark.parametrize(
    ("fmt", "body", "cut"),
    [
        ("json", '{"A":1,"B":{"C":"x"}}', False),
        ("json", '{"A":1,"B":{"C":"x', True),
        ("json", '{"A":1,"B":', True),
        ("json", '{"A":1,,"B":2}', False),  # malformed before the end: a failure, not a cut
        ("jsonl", '{"A":1}\n{"A":', False),
        ("xml", "<A><B>1</B></A>", False),
        ("xml", "<A><B>1</B><C", True),
        ("xml", "<A><B>1</B>", True),
        ("xml", "<A><B>1</C></A>", False),
        ("jsv", "{A:1,B:{C:x}}", False),
        ("jsv", "{A:1,B:{C:x", True),
        ("jsv", '{A:"a,b', True),
        ("csv", "A,B,C\r\n1,2,3\r\n", False),
        ("csv", "A,B,C\r\n1,2", True),
        ("csv", 'A,B\r\n"1,', True),
    ],
)
def test_a_body_the_capture_stopped_inside_is_cut(fmt: str, body: str, cut: bool) -> None:
    assert is_cut(body, fmt) is cut


def test_jsv_display_form_compacts_to_the_wire_form() -> None:
    shown = '{\n\tCredentials: \n\t{\n\t\tMerchantId: String,\n\t\tNote: "a, b: c"\n\t},\n\tItems: \n\t[\n\t\t1,\n\t\t2\n\t]\n}'
    assert jsv_compact(shown) == '{Credentials:{MerchantId:String,Note:"a, b: c"},Items:[1,2]}'
    assert jsv_compact("{A:x}") == "{A:x}"


def test_jsv_copied_onto_one_line_compacts_too() -> None:
    # A capture that lost the display form's line breaks keeps a space for each, before closing brackets too.
    shown = "{ A: { B: String, C: [ { D: String, E: { String: String } } ], F: x y } }"
    assert jsv_compact(shown) == "{A:{B:String,C:[{D:String,E:{String:String}}],F:x y}}"


def test_json_keys_compare_without_case_when_asked() -> None:
    assert json_difference('{"credentials":{"merchantId":"1"}}', '{"Credentials":{"MerchantId":"1"}}', fold_case=True) is None
    assert json_difference('{"credentials":1}', '{"Credentials":1}') is not None


def test_jsv_values_compare_as_a_jsv_reader_reads_them() -> None:
    # A JSON-style null member is a member left out; booleans are read in any case.
    assert jsv_difference('{A:1,"B":null,C:false}', "{A:1,C:False}") is None
    assert jsv_difference('{A:1,B:"null"}', "{A:1}") is not None  # a quoted "null" is a string
    assert jsv_difference("{A:falsey}", "{A:Falsey}") is not None
