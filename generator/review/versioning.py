"""The generated package's version follows its definitions: ``generate`` bumps it from the semantic diff.

The baseline is the definitions at git ``HEAD``.  A bump is proposed only while
``overrides.yaml`` still carries HEAD's version, so rerunning ``generate`` is
idempotent and the version is recorded in a reviewed file, not computed anew.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import Doc2SdkError
from .diff import _base_report
from .rules import bump_version, suggest_bump


@dataclass(frozen=True)
class Bump:
    """A proposed version change of one API's package, and why."""

    api: str
    old: str
    new: str
    kind: str  # major | minor | patch
    changes: int


def proposed_bump(root: Path, api: str, current_version: str) -> Bump | None:
    """The bump the changes since HEAD call for, or None (no git, new API, no change, already bumped)."""
    if not (root / "definitions" / api / "api.yaml").is_file():
        return None
    try:
        report = _base_report(root, "HEAD", api)
    except Doc2SdkError:
        return None  # not a git checkout, or no HEAD yet: nothing to compare with
    if report.version is None or report.version != current_version:
        return None
    kind = suggest_bump(report.changes)
    if kind not in ("major", "minor", "patch"):
        return None
    return Bump(api, current_version, bump_version(current_version, kind), kind, len(report.changes))


def with_version(overrides_text: str, version: str) -> str:
    """overrides.yaml text with its ``version:`` line set, comments and layout kept."""
    line = f"version: {version}"
    if re.search(r"(?m)^version:.*$", overrides_text):
        return re.sub(r"(?m)^version:.*$", line, overrides_text, count=1)
    return re.sub(r"(?m)^(package:.*)$", lambda m: f"{m.group(1)}\n{line}", overrides_text, count=1)
