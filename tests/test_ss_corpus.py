"""ServiceStack pages of the real corpus (``../shared/corpus``): recognised, read in the right language, never raising.

The corpus is read at test time and never copied into the project; every test skips where it is absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.extract import extract_text
from generator.extract.servicestack import looks_like, page_language
from generator.extract.ss_languages import parse_dto_source

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SITES = ("paysecure", "servicestack-other")
_ERROR_PAGE = re.compile(r"Unknown language '")


def _index() -> dict[str, str | None]:
    """Corpus file (``site/name.txt``) -> the ``lang`` its URL asked for (None for table pages)."""
    index = CORPUS / "INDEX.tsv"
    if not index.exists():
        return {}
    langs: dict[str, str | None] = {}
    for line in index.read_text("utf-8").splitlines()[1:]:
        file, _, url = line.partition("\t")
        if file.split("/")[0] in SITES:
            match = re.search(r"[?&]lang=(\w+)", url)
            langs[file] = match.group(1) if match else None
    return langs


INDEX = _index()
PAGES = sorted(INDEX)


def _text(file: str) -> str:
    path = CORPUS / file
    if not path.exists():
        pytest.skip(f"corpus page {file} is absent")
    return path.read_bytes().decode("utf-8", errors="replace")


def _need_corpus() -> None:
    if not INDEX:
        pytest.skip(f"the shared corpus is absent ({CORPUS}/INDEX.tsv)")


def test_corpus_present_or_skipped() -> None:
    _need_corpus()
    assert len(PAGES) >= 100


@pytest.mark.parametrize("file", PAGES or ["-"])
def test_every_servicestack_page_is_recognised_and_extracts(file: str) -> None:
    _need_corpus()
    text = _text(file)
    assert looks_like(text), file
    extract_text(text, Path(file).name)  # never raises


@pytest.mark.parametrize("file", PAGES or ["-"])
def test_detected_language_is_the_language_asked_for(file: str) -> None:
    """Every code page is read in the language its URL named; pages showing the language error have no code."""
    _need_corpus()
    text = _text(file)
    expected = INDEX[file]
    if expected is not None and _ERROR_PAGE.search(text):
        expected = None
    assert page_language(text, file) == expected


def test_praxis_pages_are_not_servicestack() -> None:
    praxis = sorted((CORPUS / "praxis").glob("*.txt"))
    if not praxis:
        pytest.skip(f"the Praxis corpus is absent ({CORPUS}/praxis)")
    assert [p.name for p in praxis if looks_like(p.read_text("utf-8", errors="replace"))] == []


def test_mjs_jsdoc_properties_are_typed() -> None:
    """JavaScript DTOs type their properties in JSDoc; each property keeps its own line."""
    code = "\n".join([
        '"use strict";',
        "export class Pet {",
        "    /** @param {{Name?:string,Age?:number}} [init] */",
        "    constructor(init) { Object.assign(this, init) }",
        "    /** @type {string} */",
        "    Name;",
        "    /** @type {?number} */",
        "    Age;",
        "    /** @type {Pet[]} */",
        "    Children;",
        "}",
    ])  # fmt: skip
    types, warnings = parse_dto_source("mjs", code, "p.txt", 10)
    assert warnings == []
    ((pet),) = types
    assert [(f.name, f.type, f.source) for f in pet.fields] == [
        ("Name", "string", "p.txt:15"),
        ("Age", "double?", "p.txt:17"),
        ("Children", "list<Pet>", "p.txt:19"),
    ]
