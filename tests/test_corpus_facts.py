"""The extractor against hand-read facts of the real corpus (``tests/corpus/expected``), per site.

Targets: no page refused; >= 95% of expected fields found and typed right; >= 95% of operations
right; every ServiceStack code page's language right; overview/guide pages give no operation or type.
The corpus lives outside the project (``../shared/corpus``); without it these tests skip.
"""

from __future__ import annotations

from pathlib import Path

import pytest

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
