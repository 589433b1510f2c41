"""The spine's verbs: ``extract``, ``generate`` and ``check``, each a thin shell over the stages."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from . import definitions as defs
from .errors import Doc2SdkError
from .output import diff_text, diff_tree, read_text, write_file, write_tree
from .project import SOURCES_LIST, Project, sources_listed

if TYPE_CHECKING:
    from .extract import Extraction

# Stages are imported where they are used: `extract` needs neither Jinja nor the formatter,
# and every verb runs in its own short process (`make generate`, `doc2sdk check`).

REFRESH = "make generate  (or: doc2sdk extract {api} && doc2sdk generate {api})"


def _report(extraction: Extraction) -> None:
    for warning in extraction.warnings:
        print(warning, file=sys.stderr)


# ---------------------------------------------------------------- extract


def add_extract_arguments(parser: argparse.ArgumentParser) -> None:
    """``extract <api>...`` or ``extract PAGE... [-o FILE]``."""
    parser.add_argument("targets", nargs="+", metavar="API|PAGE", help="APIs under definitions/, or page files")
    parser.add_argument("-o", "--output", help="with page files: write the YAML here instead of stdout")
    parser.add_argument("--strict", action="store_true", help="exit 1 when extraction warns")


def run_extract(args: argparse.Namespace) -> int:
    """Rewrite definitions/<api>/api.yaml for each API named, or print the YAML of the given pages."""
    project = Project(args.root)
    targets = list(args.targets)
    # Names that are not files but API folders; several at once save an interpreter each
    # (`make generate` extracts every bundled API in one process).
    is_api = all(not Path(t).is_file() and project.definition_dir(t).is_dir() for t in targets)
    if is_api:
        if args.output:
            raise Doc2SdkError("-o goes with page files, not with an API name", targets[0])
        warned = False
        for api in targets:
            extraction = project.extract(api)
            write_file(project.definition_dir(api) / "api.yaml", defs.dump_api(extraction.api))
            _report(extraction)
            warned = warned or bool(extraction.warnings)
        return 1 if args.strict and warned else 0
    from .extract import extract_pages

    not_files = [t for t in targets if not Path(t).is_file()]
    unknown = [t for t in not_files if not project.definition_dir(t).is_dir()]
    if unknown:
        raise Doc2SdkError("no such page file or API under definitions/", unknown[0])
    if not_files:
        raise Doc2SdkError("API names and page files do not mix in one call", not_files[0])
    extraction = extract_pages([Path(t) for t in targets])
    text = defs.dump_api(extraction.api)
    if args.output:
        write_file(Path(args.output), text)
    else:
        sys.stdout.write(text)
    _report(extraction)
    return 1 if args.strict and extraction.warnings else 0


# ---------------------------------------------------------------- generate


def add_generate_arguments(parser: argparse.ArgumentParser) -> None:
    """``generate [<api>...] [--no-bump]``."""
    parser.add_argument("apis", nargs="*", metavar="API", help="APIs to render (default: all)")
    parser.add_argument("--no-bump", action="store_true", help="keep overrides.yaml's version even if the API changed since HEAD")


def run_generate(args: argparse.Namespace) -> int:
    """Render generated/<api>/ from definitions/<api>/ for each API, bumping its version first if due."""
    project = Project(args.root)
    for api in args.apis or project.apis():
        if not args.no_bump:
            _bump_version(project, api)
        changed = write_tree(project.generated_dir(api), project.build_reporting(api))
        print(f"generated/{api}: {len(changed)} file(s) changed" + (f" ({', '.join(changed)})" if changed else ""))
    return 0


def _bump_version(project: Project, api: str) -> None:
    """Record the version the changes since HEAD call for in overrides.yaml (see ``versioning``)."""
    from .review.versioning import proposed_bump, with_version

    bump = proposed_bump(project.root, api, project.load(api).overrides.version)
    if bump is None:
        return
    path = project.definition_dir(api) / "overrides.yaml"
    write_file(path, with_version(read_text(path) or f"package: {api}\n", bump.new))
    print(f"definitions/{api}: {bump.changes} API change(s) since HEAD call for a {bump.kind} release: {bump.old} -> {bump.new} (overrides.yaml)")


# ---------------------------------------------------------------- check


def add_check_arguments(parser: argparse.ArgumentParser) -> None:
    """``check [<api>...] [--full]``."""
    parser.add_argument("apis", nargs="*", metavar="API", help="APIs to check (default: all)")
    parser.add_argument("--full", action="store_true",
                        help="format every file with black instead of trusting files that match the manifest")


def run_check(args: argparse.Namespace) -> int:
    """Re-extract and re-render in memory; exit 1 with a unified diff if anything on disk differs.

    Only renders that differ from the manifest, and files that differ from their entry, are
    formatted (so nothing is when nothing changed).  An API with no sources/ (api.yaml only)
    has nothing to re-extract: its generated code is still checked.
    """
    project = Project(args.root)
    stale = False
    for api in args.apis or project.apis():
        folder = project.definition_dir(api)
        api_diff = ""
        if (folder / "sources").is_dir() or not (folder / "api.yaml").is_file():
            _report_drift(project, api)
            extraction = project.extract(api)
            api_diff = diff_text(read_text(folder / "api.yaml"), defs.dump_api(extraction.api), f"definitions/{api}/api.yaml")
        code_diff = diff_tree(project.generated_dir(api), project.build_reporting(api, reuse=not args.full), f"generated/{api}")
        if api_diff or code_diff:
            stale = True
            print(f"doc2sdk check: {api} is stale; refresh with: {REFRESH.format(api=api)}")
            sys.stdout.write(api_diff + code_diff)
        else:
            print(f"doc2sdk check: {api} is up to date")
    return 1 if stale else 0


def _report_drift(project: Project, api: str) -> None:
    """Name the source pages that changed since api.yaml was extracted, before any code diff."""
    from .review.drift import page_drift

    path = project.definition_dir(api) / "api.yaml"
    text = read_text(path)
    if text is None:
        return
    folder = project.definition_dir(api)
    pages = folder / "sources" if not (folder / SOURCES_LIST).is_file() else sources_listed(folder / SOURCES_LIST)
    for drift in page_drift(defs.parse_api(text, f"definitions/{api}/api.yaml"), pages):
        feeds = ", ".join(drift.operations) or "no operation yet"
        print(f"doc2sdk check: {api}: page {drift.file} {drift.status} since extraction (feeds: {feeds})")
