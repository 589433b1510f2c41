"""api.yaml / overrides.yaml: round-trip, schema errors with file:line:key path, references."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.definitions import dump_api, load_definition, parse_api, parse_overrides
from generator.errors import DefinitionError
from generator.model import Api, Example, Field, Member, Operation, Page, Signing, TypeDef

HOSTILE = Path(__file__).parents[1] / "fixtures" / "hostile"


def sample_api() -> Api:
    return Api(
        name="demo",
        title="Demo",
        doc_version="1.0",
        style="praxis",
        hosts={"sandbox": "https://sandbox.example", "live": "https://live.example"},
        api_version="1.1",
        signing=Signing(),
        pages=(Page(file="p.txt", sha256="0" * 64, style="praxis"),),
        operations=(
            Operation(
                name="find-session",
                method="POST",
                path="/api/find-session",
                request="Req",
                response=None,
                formats=("json",),
                source="p.txt:3",
                examples=(Example(name="Request", role="request", format="json", body='{\n  "a": 1\n}', source="p.txt:9"),),
            ),
        ),
        types=(
            TypeDef(name="Req", fields=(Field(name="a", type="list<Kind>?", required=True, source="p.txt:4", max_length=3),), source="p.txt:4"),
            TypeDef(name="Kind", kind="enum", members=(Member(name="x", value=2, source="p.txt:5"),), source="p.txt:5"),
        ),
    )


def test_dump_then_parse_round_trips() -> None:
    api = sample_api()
    text = dump_api(api)
    again = parse_api(text, "demo/api.yaml")
    # Types and operations come back sorted by name; everything else is equal.
    assert again == Api(**{**api.__dict__, "types": tuple(sorted(api.types, key=lambda t: t.name))})
    assert dump_api(again) == text


def test_dump_is_stable_and_keyed_by_name() -> None:
    text = dump_api(sample_api())
    assert text.startswith("# Written by `doc2sdk extract demo`")
    assert "\noperations:\n  find-session:\n    method: POST\n" in text
    # Types sorted by name, contract keys always present.
    assert text.index("  Kind:\n") < text.index("  Req:\n")
    assert "    kind: enum\n    base: null\n    fields: []\n" in text
    # A multi-line example body is a literal block, readable in review.
    assert "body: |-\n" in text


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda t: t.replace("method: POST", "method: FETCH"), "demo/api.yaml:23: at operations.find-session.method: expected one of GET, POST"),
        (lambda t: t.replace("type: list<Kind>?", "type: list<Nope>"), "demo/api.yaml:54: at types.Req.fields[0].type: type 'Nope' is not defined"),
        (lambda t: t.replace("type: list<Kind>?", "type: list<Kind"), "at types.Req.fields[0].type: expected '>'"),
        (lambda t: t.replace("      required: true\n", ""), "at types.Req.fields[0]: 'required' is required but missing"),
        (lambda t: t.replace("request: Req", "request: Missing"), "at operations.find-session.request: type 'Missing' is not defined"),
        (lambda t: t.replace("source: p.txt:4\n      max", "source: nowhere\n      max"), "expected file:line of the page"),
        (lambda t: t + "  bad: [\n", "demo/api.yaml:"),
    ],
)
def test_bad_file_gives_one_line_naming_file_line_and_key(mutate, expected) -> None:
    with pytest.raises(DefinitionError) as info:
        parse_api(mutate(dump_api(sample_api())), "demo/api.yaml")
    message = str(info.value)
    assert "\n" not in message
    assert expected in message


def test_overrides_merge_and_validation(tmp_path: Path) -> None:
    (tmp_path / "api.yaml").write_text(dump_api(sample_api()))
    (tmp_path / "overrides.yaml").write_text(
        "package: demo_sdk\nversion: 1.2.3\nhosts: {live: 'https://other.example'}\n"
        "signing:\n  find-session: {reason: doc example, request_exclude: [a]}\n"
        "known: {'p.txt:9': hash matches no rule}\n"
    )
    defn = load_definition(tmp_path, "defs/demo")
    assert defn.overrides.package == "demo_sdk"
    assert defn.hosts == {"sandbox": "https://sandbox.example", "live": "https://other.example"}
    assert defn.overrides.signing[0].request_exclude == ("a",)
    assert defn.overrides.known[0].example == "p.txt:9"
    (tmp_path / "overrides.yaml").write_text("package: demo\nsigning:\n  nope: {reason: x}\n")
    with pytest.raises(DefinitionError, match="overrides.yaml: at signing.nope: no such operation"):
        load_definition(tmp_path, "defs/demo")
    with pytest.raises(DefinitionError, match=r"overrides.yaml:1: at package: expected text matching"):
        parse_overrides("package: Not-A-Package\n", "x/overrides.yaml")


def test_missing_file_is_a_one_line_error(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="defs/none/api.yaml: file not found"):
        load_definition(tmp_path, "defs/none")


def test_hostile_fixture_loads() -> None:
    defn = load_definition(HOSTILE, "tests/fixtures/hostile")
    assert {t.name for t in defn.api.types} == {"class", "None", "from", "CreateThingRequest"}


def test_validated_texts_are_remembered_but_bad_ones_always_fail(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from generator import cache as content_cache
    from generator.definitions import yaml_io as definitions

    monkeypatch.setenv("DOC2SDK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("DOC2SDK_NO_CACHE", raising=False)
    monkeypatch.setattr(definitions, "_validated", set())
    text = dump_api(sample_api())
    first = parse_api(text, "demo/api.yaml")
    markers = [p for p in (tmp_path / "cache" / "validated").rglob("*") if p.is_file()]
    assert len(markers) == 1  # written once the text passed
    # A fresh process (empty memory) trusts the marker: the schema is not consulted again.
    monkeypatch.setattr(definitions, "_validated", set())
    monkeypatch.setattr(definitions, "_schema", lambda name: pytest.fail("validated again"))
    assert parse_api(text, "demo/api.yaml") == first
    monkeypatch.undo()
    monkeypatch.setenv("DOC2SDK_CACHE_DIR", str(tmp_path / "cache"))
    # A bad text is never marked: every load reports it with file, line and key path.
    bad = text.replace("method: POST", "method: FETCH")
    for _ in range(2):
        with pytest.raises(DefinitionError, match=r"demo/api.yaml:23: at operations.find-session.method"):
            parse_api(bad, "demo/api.yaml")
    assert len([p for p in (tmp_path / "cache" / "validated").rglob("*") if p.is_file()]) == 1
    # A damaged marker is a miss: the text is validated again and the marker rewritten.
    markers[0].write_bytes(b"junk")
    monkeypatch.setattr(definitions, "_validated", set())
    assert parse_api(text, "demo/api.yaml") == first
    assert content_cache.read_entry(tmp_path / "cache" / "validated", markers[0].name) == "api"
