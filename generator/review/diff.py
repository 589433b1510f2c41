"""``doc2sdk diff``: what changed in an API between two definitions, and whether it breaks callers.

``doc2sdk diff OLD NEW`` compares two api.yaml files, each a path, ``REV:path``
(read with ``git show``) or the name of an API of the tree (``doc2sdk --root
build/corpus diff praxis_v1_2 praxis_v1_3``: two API versions side by side); ``doc2sdk diff --base REV [API...]`` compares
``definitions/<api>/`` in the working tree with the same files at REV.  A
sibling ``overrides.yaml`` is compared too (Python names, package name).  The
rules live in ``rules``, the output formats in ``report``.
"""

from __future__ import annotations

import argparse
import posixpath
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from ..definitions import parse_api, parse_overrides
from ..errors import DefinitionError, Doc2SdkError
from ..model import Api, Overrides
from .report import FORMATS, Report, render
from .rules import BREAKING, SEVERITY_RANK, WARNING, Change, bump_version, compare, suggest_bump
from .wire import Side, operations_reaching

__all__ = ["Change", "add_arguments", "bump_version", "compare", "diff_texts", "exit_code", "run", "suggest_bump"]

# Git's wording when a path is absent at a revision (an API added since then).
_ABSENT = ("does not exist in", "exists on disk, but not in")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``doc2sdk diff``."""
    parser.add_argument("specs", nargs="*", metavar="SPEC", help="OLD NEW (api.yaml paths, REV:path, or API names of --root's definitions/), or API names with --base")
    parser.add_argument("--base", metavar="REV", help="compare definitions/<api>/ in the working tree with REV")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument("--fail-on", choices=("breaking", "warning"), help="exit 1 when a change this severe or worse exists")


def run(args: argparse.Namespace) -> int:
    """Print the report; the exit code follows ``--fail-on``."""
    root = Path(args.root)
    if args.base:
        reports = [_base_report(root, args.base, name) for name in _api_names(root, args.specs)]
    elif len(args.specs) == 2:
        reports = [_spec_report(root, *args.specs)]
    else:
        raise Doc2SdkError("diff takes OLD NEW (api.yaml paths or REV:path), or --base REV [API...]")
    sys.stdout.write(render(reports, args.format))
    return exit_code([c for r in reports for c in r.changes], args.fail_on)


def exit_code(changes: list[Change], fail_on: str | None) -> int:
    """1 when a change of severity ``fail_on`` or worse exists, else 0."""
    if fail_on is None:
        return 0
    limit = SEVERITY_RANK[BREAKING if fail_on == "breaking" else WARNING]
    return int(any(SEVERITY_RANK[c.severity] <= limit for c in changes))


def diff_texts(old_text: str, new_text: str, old_label: str = "old", new_label: str = "new") -> Report:
    """The report for two api.yaml texts, without overrides: the pure core of ``run``."""
    old, new = parse_api(old_text, old_label), parse_api(new_text, new_label)
    return _report(old, new, None, None, old_label, new_label)


def _report(old: Api, new: Api, old_ovr: Overrides | None, new_ovr: Overrides | None, old_label: str, new_label: str) -> Report:
    # With an overrides file on one side only, the other side had the defaults.
    if (old_ovr is None) != (new_ovr is None):
        old_ovr = old_ovr or Overrides(package=old.name)
        new_ovr = new_ovr or Overrides(package=new.name)
    changes = compare(old, new, old_ovr, new_ovr)
    users = operations_reaching([Side.of(old), Side.of(new)])
    return Report(new.name, old_label, new_label, tuple(changes), users, old_ovr.version if old_ovr else None)


# ---------------------------------------------------------------- reading the two sides


def _git_show(root: Path, rev: str, path: str, label: str) -> str | None:
    """The text of ``path`` at ``rev``, or None when the file does not exist there."""
    try:
        proc = subprocess.run(["git", "show", f"{rev}:{path}"], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise Doc2SdkError(f"cannot run git: {exc.strerror or exc}", label) from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines() or ["git show failed"]
        if any(marker in message[0] for marker in _ABSENT):
            return None
        raise Doc2SdkError(message[0].removeprefix("fatal: "), label)
    try:
        return proc.stdout.decode("utf-8")
    except UnicodeDecodeError:
        raise DefinitionError("not UTF-8 text", label) from None


def _read_file(path: Path, label: str) -> str | None:
    try:
        return path.read_text("utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise DefinitionError(f"cannot read: {exc}", label) from None


def _local(root: Path, spec: str, in_root: bool) -> Path:
    """A path as typed (relative to the current directory), else relative to the project root."""
    typed, rooted = Path(spec), root / spec
    if in_root:
        return rooted
    return typed if typed.exists() or not rooted.exists() else rooted


def _read_spec(root: Path, spec: str, sibling: str = "", in_root: bool = False) -> tuple[str | None, str]:
    """(text or None when absent, label) of a path or ``REV:path`` spec, or of a sibling file of it."""
    local = _local(root, spec, in_root)
    if ":" in spec and not local.exists():
        rev, path = spec.split(":", 1)
        if sibling:
            path = posixpath.join(posixpath.dirname(path), sibling)
        label = f"{rev}:{path.removeprefix('./')}"
        return _git_show(root, rev, path, label), label
    if sibling:
        local = local.parent / sibling
        spec = posixpath.join(posixpath.dirname(spec), sibling)
    return _read_file(local, spec), spec


def _load_side(root: Path, spec: str, in_root: bool = False, missing_ok: bool = False) -> tuple[Api | None, Overrides | None, str]:
    text, label = _read_spec(root, spec, in_root=in_root)
    if text is None:
        if missing_ok:
            return None, None, label
        raise DefinitionError("file not found", label)
    api = parse_api(text, label)
    ovr_text, ovr_label = _read_spec(root, spec, "overrides.yaml", in_root)
    overrides = parse_overrides(ovr_text, ovr_label) if ovr_text is not None else None
    return api, overrides, label


def _api_spec(root: Path, spec: str) -> tuple[str, bool]:
    """(spec, in_root): a bare API name of the tree (``praxis_v1_2``) means its ``definitions/<api>/api.yaml``."""
    named = f"definitions/{spec}/api.yaml"
    if spec and not any(c in spec for c in "/:\\") and not Path(spec).exists() and (root / named).is_file():
        return named, True
    return spec, False


def _spec_report(root: Path, old_spec: str, new_spec: str) -> Report:
    old, old_ovr, old_label = _load_side(root, *_api_spec(root, old_spec))
    new, new_ovr, new_label = _load_side(root, *_api_spec(root, new_spec))
    assert old is not None and new is not None  # missing_ok=False raised otherwise
    return _report(old, new, old_ovr, new_ovr, old_label, new_label)


def _api_names(root: Path, names: list[str]) -> list[str]:
    if names:
        return sorted(set(names))
    found = sorted(p.parent.name for p in (root / "definitions").glob("*/api.yaml"))
    if not found:
        raise Doc2SdkError("no definitions/<api>/api.yaml to compare", "definitions")
    return found


def _check_rev(root: Path, rev: str) -> None:
    try:
        proc = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], cwd=root, capture_output=True, check=False)
    except OSError as exc:
        raise Doc2SdkError(f"cannot run git: {exc.strerror or exc}") from None
    if proc.returncode != 0:
        raise Doc2SdkError(f"unknown revision {rev!r}", str(root))


def _base_report(root: Path, rev: str, name: str) -> Report:
    """definitions/<name>/ at ``rev`` against the working tree; an API absent at ``rev`` starts empty."""
    _check_rev(root, rev)
    path = f"definitions/{name}/api.yaml"
    new, new_ovr, new_label = _load_side(root, path, in_root=True)
    # "./" makes git read the path relative to root, which need not be the repository's top.
    old, old_ovr, old_label = _load_side(root, f"{rev}:./{path}", missing_ok=True)
    assert new is not None
    if old is None:
        # A new API: same api-level settings, so only its operations and types show as added.
        old, old_label = replace(new, operations=(), types=(), pages=()), f"{old_label} (absent)"
    return _report(old, new, old_ovr, new_ovr, old_label, path)
