"""What extract writes, generate accepts: each corpus site in one ``extract`` call, then a typed SDK.

The real captures live in ``../shared/corpus`` (third-party text, never copied into
the repo); without it these tests skip, saying so.  Each site is extracted in one
batch (the way a maintainer drops a site's pages into ``sources/``), rendered and
formatted in memory, written to a temp folder, imported, and checked with
``mypy --strict``.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from generator.extract import extract_pages
from generator.extract.report import ExtractWarning
from generator.model import Definition, Overrides

from codegen import generate, import_package

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
SITES = ("paysecure", "praxis")

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir(), reason=f"the real corpus is not here ({CORPUS}); CI has it at ../shared/corpus"
)


def _pages(site: str) -> list[Path]:
    return sorted((CORPUS / site).glob("*.txt"))


@pytest.fixture(scope="module", params=SITES)
def corpus_sdk(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Definition, Path]:
    """(site, definition, package folder) of one site's corpus SDK, generated once per module."""
    site: str = request.param
    extraction = extract_pages(_pages(site), api_name=site)
    defn = Definition(api=extraction.api, overrides=Overrides(package=f"corpus_{site}"), origin=f"corpus/{site}")
    folder = generate(defn, tmp_path_factory.mktemp(site))
    return site, defn, folder


@pytest.mark.parametrize("site", SITES)
def test_one_extract_call_reads_every_page(site: str) -> None:
    extraction = extract_pages(_pages(site), api_name=site)
    assert len(extraction.api.pages) == len(_pages(site)), "every page is recorded in pages, content or not"
    assert extraction.api.operations, f"{site}: the corpus documents operations"
    for warning in extraction.warnings:
        assert isinstance(warning, ExtractWarning) and ":" in warning.where


def test_corpus_sdk_imports_and_its_codecs_load(corpus_sdk: tuple[str, Definition, Path]) -> None:
    site, defn, folder = corpus_sdk
    package = import_package(folder)
    models = importlib.import_module(package.__name__ + ".models")
    importlib.import_module(package.__name__ + ".codecs")
    importlib.import_module(package.__name__ + ".client")
    classes = {name for name in models.__all__ if name not in ("UNSET", "Unset")}
    assert len(classes) == len(defn.api.types), f"{site}: one class per type"


def test_corpus_sdk_passes_mypy_strict(corpus_sdk: tuple[str, Definition, Path]) -> None:
    site, defn, folder = corpus_sdk
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", folder.name],
        cwd=folder.parent,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, f"{site}: mypy --strict failed:\n{proc.stdout[-4000:]}{proc.stderr[-2000:]}"
