"""Fuzz extraction with mutated seed and corpus pages: only doc2sdk's own errors, and no untouched field lost.

A mutation (truncation, deleted / duplicated / inserted lines, swapped cells,
junk bytes) "touches" original lines.  A field survives the mutation when no
touched line lies between its type's line and its own line (inclusive): those
are the lines its meaning depends on.  Every surviving field's wire name must
still be extracted (as a multiset, so a name used by several types counts).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import Doc2SdkError
from generator.extract import extract_text
from generator.model import Api

ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((ROOT / "definitions").glob("*/sources/*.txt"))
# The real captures (third-party text, read where they are) are mutated too when present.
CORPUS = sorted((ROOT.parent / "shared" / "corpus").glob("*/*.txt"))
PAGES = {path.name: path.read_text("utf-8", errors="replace") for path in SEEDS + CORPUS}
BASELINE = {name: extract_text(text, name).api for name, text in PAGES.items()}

Line = tuple[int | None, str]  # (original 1-based line number or None for inserted, text)


def _line_of(source: str) -> int:
    return int(source.rsplit(":", 1)[1])


def field_spans(api: Api) -> list[tuple[str, int, int]]:
    """(wire name, first line, last line) of the page lines each field depends on."""
    spans = []
    for typedef in api.types:
        for field in typedef.fields:
            a, b = _line_of(typedef.source), _line_of(field.source)
            spans.append((field.name, min(a, b), max(a, b)))
    return spans


def norm(name: str) -> str:
    """Names compared without case or underscores: a page cut before its samples may
    only know ``db_insert`` from the Python DTO, not the ``DBInsert`` wire spelling."""
    return name.replace("_", "").lower()


def wire_names(api: Api) -> Counter[str]:
    return Counter(norm(field.name) for typedef in api.types for field in typedef.fields)


junk_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=30)


@st.composite
def mutated_page(draw: st.DrawFn) -> tuple[str, str, set[int]]:
    """A seed page name, its mutated text, and the original lines the mutation touched."""
    name = draw(st.sampled_from(sorted(PAGES)))
    lines: list[Line] = [(i + 1, text) for i, text in enumerate(PAGES[name].split("\n"))]
    touched: set[int] = set()
    for _ in range(draw(st.integers(1, 3))):
        if not lines:
            break
        kind = draw(st.sampled_from(["truncate", "delete", "duplicate", "insert", "swap", "junk"]))
        i = draw(st.integers(0, len(lines) - 1))
        orig, text = lines[i]
        if kind == "truncate":
            cut = draw(st.integers(0, len(text)))
            touched.update(n for n, _ in lines[i:] if n is not None)
            lines = lines[:i] + [(None, text[:cut])]
            continue
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, (None, text))
        elif kind == "insert":
            lines.insert(i, (None, draw(junk_text)))
            if i > 0 and lines[i - 1][0] is not None:
                touched.add(lines[i - 1][0])  # type: ignore[arg-type]
        elif kind == "swap":
            cells = text.split()
            if len(cells) >= 2:
                a, b = draw(st.integers(0, len(cells) - 1)), draw(st.integers(0, len(cells) - 1))
                cells[a], cells[b] = cells[b], cells[a]
            lines[i] = (None, " ".join(cells))
        else:
            pos = draw(st.integers(0, len(text)))
            lines[i] = (None, text[:pos] + draw(junk_text) + text[pos:])
        if orig is not None:
            touched.add(orig)
    return name, "\n".join(text for _, text in lines), touched


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_page())
def test_mutated_seed_pages_never_crash_nor_lose_untouched_fields(case: tuple[str, str, set[int]]) -> None:
    name, text, touched = case
    try:
        result = extract_text(text, name)
    except Doc2SdkError:
        return  # a one-line error naming the page is an allowed outcome
    expected = Counter(
        norm(wire) for wire, first, last in field_spans(BASELINE[name]) if not any(first <= n <= last for n in touched)
    )
    missing = expected - wire_names(result.api)
    assert not missing, f"{name}: lost untouched fields {sorted(missing)}"


def test_every_truncation_of_every_seed_is_handled() -> None:
    seeds = {path.name for path in SEEDS}
    for name, text in PAGES.items():
        # Every 7th cut of the seeds; corpus pages (already cut once by their capture) every 101st.
        for cut in range(0, len(text), 7 if name in seeds else 101):
            try:
                extract_text(text[:cut], name)
            except Doc2SdkError:
                pass
