"""``doc2sdk corpus``: build the SDKs of the real captured corpus into ``build/corpus/`` (never committed).

In: the recipes under ``corpus/<api>/`` (``sources.yaml``: page globs relative to the
project root; ``overrides.yaml``: the hand-kept part, committed, with the ``api_version``
its pages must agree with).  Out: a tree with the project's own layout, ``build/corpus/definitions/<api>/``
(``api.yaml``, ``overrides.yaml`` and a ``sources.list`` naming the pages where they are)
and ``build/corpus/generated/<api>/``, so every verb works on it with ``--root build/corpus``.
The pages stay in ``../shared/corpus``: third-party text is read, never copied.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import DefinitionError
from .extract.report import ExtractWarning
from .model import Api

RECIPES = "corpus"
DEFAULT_OUT = Path("build") / "corpus"
WARNINGS = "warnings.txt"
# API-version evidence a page can carry besides its doc-version footer and its examples'
# "version" (the Praxis extractor reads those): API 1.3 moved the methods under these path
# prefixes; the merchant's `application_key` appears from API 1.2 (doc 3.4) on.
_PATH_SINCE = {"/agent/": "1.3", "/cashier/": "1.3", "/direct/": "1.3"}
_FIELD_SINCE = {"application_key": "1.2"}


@dataclass(frozen=True)
class Recipe:
    """One corpus SDK: its name, its pages, the API version they must agree with, its overrides' text."""

    api: str
    pages: tuple[Path, ...]
    api_version: str | None
    overrides: str


def load_recipes(root: Path) -> list[Recipe]:
    """The SDKs the recipes ``corpus/<name>/`` describe, sorted by API name.

    ``sources.yaml`` holds ``sources:`` (page globs relative to ``root``) and, optionally,
    ``split: host``: one SDK per service, the host being the file-name part before the first
    ``__`` (how the captures of other ServiceStack services are named); each is called after
    its host and its overrides are the recipe's with that package name.
    """
    from .definitions import parse_overrides

    base = root / RECIPES
    if not base.is_dir():
        raise DefinitionError("no corpus/ folder of recipes", str(base))
    recipes = []
    for folder in sorted(p for p in base.iterdir() if (p / "sources.yaml").is_file()):
        where = f"{RECIPES}/{folder.name}/sources.yaml"
        data = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8")) or {}
        patterns = data.get("sources") if isinstance(data, dict) else None
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise DefinitionError("expected `sources:` as a list of glob patterns", f"{where}:1")
        split = data.get("split")
        if split not in (None, "host"):
            raise DefinitionError(f"expected `split: host` or no split, got {split!r}", f"{where}:1")
        text = (folder / "overrides.yaml").read_text(encoding="utf-8")
        version = parse_overrides(text, f"{RECIPES}/{folder.name}/overrides.yaml").api_version
        pages = _resolve(root, patterns)
        if split is None:
            recipes.append(Recipe(folder.name, pages, version, text))
            continue
        for host, group in _by_host(pages).items():
            api = _slug(host)
            recipes.append(Recipe(api, group, version, re.sub(r"(?m)^package:.*$", f"package: {api}", text, count=1)))
    return sorted(recipes, key=lambda r: r.api)


def _resolve(root: Path, patterns: list[str]) -> tuple[Path, ...]:
    """The page files the globs match, sorted by name, each once."""
    found = {path.resolve() for pattern in patterns for path in root.glob(pattern) if path.is_file()}
    return tuple(sorted(found, key=lambda p: (p.name, str(p))))


def _by_host(pages: tuple[Path, ...]) -> dict[str, tuple[Path, ...]]:
    groups: dict[str, list[Path]] = {}
    for page in pages:
        groups.setdefault(page.name.split("__", 1)[0], []).append(page)
    return {host: tuple(group) for host, group in sorted(groups.items())}


def _slug(host: str) -> str:
    """A package name for a host: ``test.servicestack.net`` -> ``test_servicestack_net``."""
    name = re.sub(r"[^a-z0-9]+", "_", host.lower()).strip("_")
    return name if re.match(r"^[a-z_]", name) else f"_{name}"


def version_warnings(page_apis: tuple[Api, ...], folder_version: str | None) -> list[ExtractWarning]:
    """A warning for each page whose own evidence says another API version than its folder's."""
    if folder_version is None:
        return []
    out = []
    for api in page_apis:
        where = f"{api.pages[0].file}:1" if api.pages else "(page):1"
        for version, exact, evidence in _evidence(api):
            if version != folder_version if exact else _order(folder_version) < _order(version):
                said = f"API {version}" if exact else f"API {version} or later"
                out.append(ExtractWarning(where, f"page says {said} ({evidence}) but its folder is API {folder_version}"))
                break
    return out


def _order(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else 0 for part in version.split("."))


def _evidence(api: Api) -> list[tuple[str, bool, str]]:
    """(API version, exact?, what shows it) for each piece of version evidence on one page."""
    found = []
    if api.api_version:
        found.append((api.api_version, True, f"doc version {api.doc_version}" if api.doc_version else "its examples"))
    for op in api.operations:
        for prefix, since in _PATH_SINCE.items():
            if op.path.startswith(prefix):
                found.append((since, False, f"path {op.path}"))
    names = {f.name for t in api.types for f in t.fields}
    for name, since in _FIELD_SINCE.items():
        if name in names:
            found.append((since, False, f"field {name}"))
    return found


def build(root: Path, out: Path) -> list[ExtractWarning]:
    """Extract every recipe into ``out/definitions`` and render ``out/generated``; returns the warnings."""
    from . import definitions as defs
    from .project import SOURCES_LIST, Project
    from .extract import extract_pages
    from .output import write_file, write_tree

    warnings: list[ExtractWarning] = []
    project = Project(out)
    recipes = load_recipes(root)
    if not any(recipe.pages for recipe in recipes):
        raise DefinitionError("no page matches the recipes (is ../shared/corpus here?)", f"{RECIPES}/")
    _drop_stale(out, {recipe.api for recipe in recipes})
    for recipe in recipes:
        pages = recipe.pages
        if not pages:
            raise DefinitionError("no page matches the recipe (is ../shared/corpus here?)", f"{RECIPES}/{recipe.api}/sources.yaml")
        extraction = extract_pages(pages, api_name=recipe.api)
        warnings.extend(extraction.warnings)
        warnings.extend(version_warnings(extraction.page_apis, recipe.api_version))
        folder = project.definition_dir(recipe.api)
        listing = "".join(os.path.relpath(page, folder.resolve()) + "\n" for page in pages)
        write_file(folder / SOURCES_LIST, f"# Pages of {recipe.api}, read where they are (doc2sdk corpus).\n{listing}")
        write_file(folder / "api.yaml", defs.dump_api(extraction.api))
        write_file(folder / "overrides.yaml", recipe.overrides)
        write_tree(project.generated_dir(recipe.api), project.build(recipe.api))
    return warnings


def _drop_stale(out: Path, apis: set[str]) -> None:
    """Remove the tree's APIs that no recipe names any more, so every verb sees only the current ones."""
    import shutil

    for part in ("definitions", "generated"):
        base = out / part
        for folder in sorted(base.iterdir()) if base.is_dir() else ():
            if folder.is_dir() and folder.name not in apis:
                shutil.rmtree(folder)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """``corpus [--out DIR]``."""
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="tree to build (default: build/corpus under --root)")
    parser.add_argument("-v", "--verbose", action="store_true", help="also print every extraction warning on stderr")


def run(args: argparse.Namespace) -> int:
    """Build the corpus tree; warnings go to stderr, one summary line per API to stdout."""
    from .project import Project

    root = Path(args.root)
    out = Path(args.out) if Path(args.out).is_absolute() else root / args.out
    warnings = build(root, out)
    if args.verbose:
        for warning in warnings:
            print(warning, file=sys.stderr)
    # Hundreds of warnings (cut pages, copies that disagree) are a file to read, not a screenful.
    (out / WARNINGS).write_text("".join(f"{w}\n" for w in warnings), encoding="utf-8")
    project = Project(out)
    for api in project.apis():
        model = project.load(api).api
        print(f"{api}: {len(model.operations)} operation(s), {len(model.types)} type(s), {len(model.pages)} page(s)")
    print(f"doc2sdk corpus: built {out}; {len(warnings)} extraction warning(s) in {out / WARNINGS}")
    print(f"doc2sdk corpus: every verb reads it: doc2sdk --root {out} check|verify|diff|serve")
    return 0
