"""The extractor against hand-read facts of the real corpus (``tests/corpus/expected``), per site.

Targets: no page refused; >= 95% of expected fields found and typed right; >= 95% of operations
right; every ServiceStack code page's language right; overview/guide pages give no operation or type.
``servicestack-other`` (other ServiceStack services, issue 14) must also have every operation right,
each page alone and one batch per service.
The corpus lives outside the project (``../shared/corpus``); without it these tests skip.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from generator.model import Api, Field, Operation, Route, TypeDef

from corpus import score  # tests/ is on sys.path, as for the other helper modules

ROOT = Path(__file__).resolve().parent.parent
CORPUS = (ROOT / ".." / "shared" / "corpus").resolve()
SITES = [p.stem for p in sorted((ROOT / "tests" / "corpus" / "expected").glob("*.yaml"))]


@pytest.fixture(scope="module", params=SITES)
def site_scores(request: pytest.FixtureRequest) -> tuple[str, dict[str, score.Score]]:
    """Each site's single-page and batch scores (computed once per module)."""
    site = request.param
    if not (CORPUS / site).is_dir():
        pytest.skip(f"corpus folder {CORPUS / site} is absent (the real pages are not in the project)")
    return site, score.score_site(site, CORPUS)


def _misses(scores: score.Score, limit: int = 40) -> str:
    return "\n".join(scores.misses[:limit])


def test_no_page_refused(site_scores: tuple[str, dict[str, score.Score]]) -> None:
    site, scores = site_scores
    for kind, result in scores.items():
        refused = [m for m in result.misses if "refused" in m]
        assert result.refused == 0, f"{site} [{kind}]: {result.refused} refused\n" + "\n".join(refused)


@pytest.mark.parametrize("kind", ["single", "batch"])
def test_fields_found_and_typed(site_scores: tuple[str, dict[str, score.Score]], kind: str) -> None:
    site, scores = site_scores
    ratios = scores[kind].ratios()
    assert ratios["fields_found"] >= 0.95, f"{site} [{kind}] fields found {ratios['fields_found']:.1%}\n{_misses(scores[kind])}"
    assert ratios["fields_typed"] >= 0.95, f"{site} [{kind}] fields typed {ratios['fields_typed']:.1%}\n{_misses(scores[kind])}"


@pytest.mark.parametrize("kind", ["single", "batch"])
def test_operations_right(site_scores: tuple[str, dict[str, score.Score]], kind: str) -> None:
    site, scores = site_scores
    ratio = scores[kind].ratios()["operations_right"]
    ops = [m for m in scores[kind].misses if ": operation " in m]
    assert ratio >= 0.95, f"{site} [{kind}] operations right {ratio:.1%}\n" + "\n".join(ops[:40])


def test_code_page_languages(site_scores: tuple[str, dict[str, score.Score]]) -> None:
    site, scores = site_scores
    single = scores["single"]
    wrong = [m for m in single.misses if ": language " in m]
    assert single.languages_right == single.languages, f"{site}: languages wrong\n" + "\n".join(wrong)


def test_content_free_pages_give_nothing(site_scores: tuple[str, dict[str, score.Score]]) -> None:
    site, scores = site_scores
    single = scores["single"]
    wrong = [m for m in single.misses if "api_content false" in m]
    assert single.no_content_right == single.no_content, f"{site}: pages without API content were refused or gave operations/types\n" + "\n".join(wrong)


def test_scorer_matches_types_as_documented() -> None:
    """The scorer's own rules: ``object`` stands for any class, ``a|b`` for a page's imprecise notation."""
    assert score.type_matches("object", "Transaction", {"Transaction": "class"})
    assert not score.type_matches("object", "string", {"Transaction": "class"})
    assert score.type_matches("string|enum", "Intent", {"Intent": "enum"})
    assert score.type_matches("list<object>", "list<Item>", {"Item": "class"})
    assert score.type_matches("int|double", "double")
    assert score.field_spec({"type": "int|double", "required": True}, batch=True) == ("int", True)
    assert score.field_spec("string|enum", batch=True) == ("string|enum", False)
    assert score.normalise_route("POST https://host.example/api/x/") == ("POST", "/api/x")


SS_OTHER = "servicestack-other"


@pytest.fixture(scope="module")
def ss_other_scores() -> dict[str, score.Score]:
    """Single-page and per-service batch scores of the other ServiceStack services."""
    if not (CORPUS / SS_OTHER).is_dir():
        pytest.skip(f"corpus folder {CORPUS / SS_OTHER} is absent (the real pages are not in the project)")
    return score.score_site(SS_OTHER, CORPUS)


@pytest.mark.parametrize("kind", ["single", "batch"])
def test_servicestack_other_targets(ss_other_scores: dict[str, score.Score], kind: str) -> None:
    """Issue 14's targets: 0 refused, >= 95% of the fields found and typed right, every operation with its route."""
    result = ss_other_scores[kind]
    ratios = result.ratios()
    figures = (
        f"{SS_OTHER} [{kind}] refused {result.refused}, fields found {ratios['fields_found']:.1%} typed "
        f"{ratios['fields_typed']:.1%}, operations {result.operations_right}/{result.operations}"
    )
    assert result.refused == 0, figures + "\n" + "\n".join(m for m in result.misses if "refused" in m)
    assert ratios["fields_found"] >= 0.95 and ratios["fields_typed"] >= 0.95, figures + "\n" + _misses(result)
    ops = [m for m in result.misses if ": operation " in m]
    assert result.operations_right == result.operations, figures + "\n" + "\n".join(ops[:40])


def test_servicestack_other_batches_are_per_service() -> None:
    """A multi-service site is merged per host (the file name's first part); other sites in one batch."""
    assert score.service_of(SS_OTHER, "test.servicestack.net__json__none__Ping.txt") == "test.servicestack.net"
    assert score.service_of("paysecure", "json__python__InitiateRequest__TRUNC.txt") == ""


def test_scorer_new_primitives_only_match_exactly() -> None:
    """The .NET primitives being added count only when given exactly; unknown type names never crash."""
    kinds = {"SubType": "class", "QueryResponse<Poco>": "class"}
    for new in ("char", "byte", "sbyte", "short", "ushort", "uint", "ulong", "float", "datetimeoffset", "bytes"):
        assert score.type_matches(new, new, kinds)
        assert not score.type_matches("object", new, kinds) and not score.type_matches("object", new)
    assert not score.type_matches("ushort", "int", kinds)
    assert not score.type_matches("datetimeoffset", "datetime", kinds)
    assert not score.type_matches("bytes", "list<int>", kinds)
    assert score.type_matches("byte|int", "int", kinds)
    assert score.field_spec("byte|int", batch=True) == ("byte", False)
    assert not score.type_matches("list<Poco>", "QueryResponse<Poco>", kinds)
    assert score.type_matches("object", "QueryResponse<Poco>", kinds)


def test_scorer_generic_types() -> None:
    """``map<K,V>`` and ``keyvalue<K,V>`` compare argument by argument, ``object`` matching any class inside."""
    kinds = {"SubType": "class", "Color": "enum"}
    assert score.type_matches("map<string,object>", "map<string,SubType>", kinds)
    assert score.type_matches("map<string,list<object>>", "map<string, list<SubType>>", kinds)
    assert score.type_matches("map<enum,enum>", "map<Color,Color>", kinds)
    assert score.type_matches("keyvalue<string,string>", "keyvalue<string,string>", kinds)
    assert not score.type_matches("map<int,string>", "map<long,string>", kinds)
    assert not score.type_matches("keyvalue<string,string>", "map<string,string>", kinds)
    assert not score.type_matches("map<EnumType?,EnumType?>", "map<EnumType,EnumType>", kinds)
    assert score.type_matches("map<int,string>|map<long,string>", "map<long,string>", kinds)
    assert score.field_spec("map<int,string>|map<long,string>", batch=True) == ("map<int,string>", False)


def test_scorer_folds_case_where_asked() -> None:
    """On a site whose services bind members case-insensitively, ``key`` is found as ``Key``."""
    api = Api(name="x", types=(TypeDef(name="Req", fields=(Field(name="key", type="string"),)),))
    folded, _ = score.score_group(api, "f", "Req", "Req", {"Key": "string"}, [], exact=True, fold=True)
    exact, _ = score.score_group(api, "f", "Req", "Req", {"Key": "string"}, [], exact=True)
    assert (folded.found, folded.typed) == (1, 1)
    assert exact.found == 0


def test_scorer_route_sets() -> None:
    """``routes`` are verb/path pairs; they count only where the extracted operation carries routes."""
    assert score.route_pairs(["OPTIONS,GET /auth", "All Verbs /hello/{Name}/"]) == {
        ("OPTIONS", "/auth"), ("GET", "/auth"), ("ANY", "/hello/{Name}"),
    }  # fmt: skip
    assert score.route_pairs([{"verbs": ["ANY"], "path": "/x"}, {"method": "GET", "path": "/y"}]) == {
        ("ANY", "/x"), ("GET", "/y"),
    }  # fmt: skip
    spec = {"route": "POST /hello", "routes": ["ANY /hello", "ANY /hello/{Name}"], "request": "Hello"}
    plain = Operation(name="hello", method="POST", path="/hello", request="Hello")
    # The model holds routes now: an operation that kept only its primary route misses the others.
    only_primary = score.score_routes(plain, "f", spec)
    assert (only_primary.routes, only_primary.routes_right) == (1, 0)
    assert score.score_routes(replace(plain, routes=(Route("/hello"), Route("/hello/{Name}"))), "f", spec).routes_right == 1

    class WithRoutes:
        routes = ({"verbs": ["ANY"], "path": "/hello"}, {"verbs": ["ANY"], "path": "/hello/{Name}"})

    assert score.score_routes(WithRoutes(), "f", spec).routes_right == 1
