"""Stage 1: doc pages -> model.  ``extract_pages`` reads page files and merges them into one Api.

Each doc site has its own subpackage (``servicestack``, ``praxis``) with ``extract_page(text, file) -> PageResult``;
``merge`` unions the per-page results (each fact keeps every source it came from)
and reports disagreements as warnings.  Nothing here raises on bad page content:
what cannot be read becomes an ``ExtractWarning`` naming file, line and text.

In: page files.  Out: one merged ``model.Api`` and the warnings.  Must never import: definitions,
rendering, formatting, output or any tool (review, simulation, verification).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ExtractError
from ..model import Api, Page
from .report import NO_STYLE, ExtractWarning, PageResult


@dataclass(frozen=True)
class Extraction:
    """The merged Api of a set of pages and every warning raised while reading them."""

    api: Api
    warnings: tuple[ExtractWarning, ...] = ()
    # Each page's own Api (in the order merged), for checks that need a page's evidence alone.
    page_apis: tuple[Api, ...] = ()


def detect_style(text: str) -> str | None:
    """``servicestack`` or ``praxis`` from the page's landmarks, or None."""
    from . import praxis, servicestack

    if servicestack.looks_like(text):
        return "servicestack"
    if praxis.looks_like(text):
        return "praxis"
    return None


def read_page(path: Path) -> str:
    """The page's text; undecodable bytes become U+FFFD rather than an error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"cannot read page: {exc.strerror or exc}", str(path)) from None
    return data.decode("utf-8", errors="replace")


def extract_text(text: str, file: str, sha256: str = "") -> PageResult:
    """Extract one page's text; ``file`` is the name used in every ``file:line``.

    Page content never raises: a page of neither site, or one that documents no
    operation and no type (an overview or guide page), gives one "no API content"
    warning and an empty Api that still records the page, so ``check`` notices
    when it changes.
    """
    from . import praxis, servicestack

    style = detect_style(text)
    if style == "servicestack":
        result = servicestack.extract_page(text, file)
    elif style == "praxis":
        result = praxis.extract_page(text, file)
    else:
        result = PageResult(api=Api(name="api", style=NO_STYLE))
    if not result.api.operations and not result.api.types:
        what = f"{style} page" if style else "page of neither ServiceStack metadata nor the Praxis wiki"
        note = ExtractWarning(f"{file}:1", f"no API content: a {what} that documents no operation and no type")
        result = replace(result, warnings=(note, *result.warnings))
    page = Page(file=file, sha256=sha256 or hashlib.sha256(text.encode("utf-8")).hexdigest(), style=style or NO_STYLE)
    return replace(result, api=replace(result.api, pages=(page,)))


def extract_pages(paths: Sequence[Path], api_name: str | None = None) -> Extraction:
    """Extract and merge ``paths`` (in sorted file-name order, so the result is stable)."""
    from .merge import merge
    from .opaque import declare_opaque

    results = []
    for path in sorted(paths, key=lambda p: p.name):
        raw = path.read_bytes() if path.exists() else None
        if raw is None:
            raise ExtractError("page file not found", str(path))
        results.append(extract_text(read_page(path), path.name, hashlib.sha256(raw).hexdigest()))
    if not results:
        raise ExtractError("no pages to extract", api_name or "")
    api, warnings = merge([r.api for r in results], [r.guessed_responses for r in results])
    api, opaque_warnings = declare_opaque(api)
    warnings.extend(opaque_warnings)
    if api_name:
        api = replace(api, name=api_name)
    all_warnings = [w for r in results for w in r.warnings] + list(warnings)
    return Extraction(api=api, warnings=tuple(all_warnings), page_apis=tuple(r.api for r in results))
