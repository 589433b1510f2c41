"""Render diff results as text (terminal), Markdown (a review comment) or JSON (tools).

Every format is deterministic: changes in ``Change.sort_key`` order, groups in
name order, JSON with sorted keys.  Labels name the compared files as the user
gave them, never as absolute paths.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from .rules import BREAKING, INFO, WARNING, Change, bump_version, suggest_bump

FORMATS = ("text", "markdown", "json")
API_GROUP, SHARED_GROUP = "API", "Shared types"


@dataclass(frozen=True)
class Report:
    """The changes of one API between two definitions, ready to render."""

    api: str
    old: str
    new: str
    changes: tuple[Change, ...]
    # Type name -> operations whose request or response reaches it (either side).
    users: dict[str, list[str]] = field(default_factory=dict)
    # The package version the old side was generated as, when overrides give it.
    version: str | None = None

    @property
    def bump(self) -> str:
        """The suggested version bump."""
        return suggest_bump(self.changes)

    @property
    def next_version(self) -> str | None:
        """``version`` after the suggested bump, when a version is known."""
        return bump_version(self.version, self.bump) if self.version else None

    def counts(self) -> dict[str, int]:
        """Number of changes per severity."""
        return {s: sum(1 for c in self.changes if c.severity == s) for s in (BREAKING, WARNING, INFO)}

    def operations_of(self, change: Change) -> list[str]:
        """The operations a change concerns; empty for API-level and unreached types."""
        parts = change.path.split(".")
        if parts[0] == "operations":
            return [parts[1]]
        if parts[0] == "types":
            return list(self.users.get(parts[1], []))
        if parts[:2] == ["overrides", "renames"]:
            return list(self.users.get(parts[2], []))
        return []


def render(reports: list[Report], fmt: str) -> str:
    """All reports in one format; the text ends with a newline."""
    if fmt == "json":
        return json.dumps({"reports": [_json_report(r) for r in reports]}, indent=2, sort_keys=True) + "\n"
    if fmt == "markdown":
        return "\n".join(_markdown_report(r) for r in reports)
    return "\n".join(_text_report(r) for r in reports)


def _summary(report: Report) -> str:
    counts = report.counts()
    bump = report.bump
    if report.next_version and bump != "none":
        bump += f" ({report.version} -> {report.next_version})"
    if not report.changes:
        return f"no API changes; suggested bump: {bump}"
    return f"{counts[BREAKING]} breaking, {counts[WARNING]} warning, {counts[INFO]} info; suggested bump: {bump}"


def _value(value: str | None) -> str:
    """Absent is ``-``; an empty text is shown as ``""`` so it does not read as missing."""
    return "-" if value is None else (value or '""')


# ---------------------------------------------------------------- text


def _text_report(report: Report) -> str:
    lines = [f"{report.api}: {report.old} -> {report.new}"]
    for change in report.changes:
        lines.append(f"  {change.label:<5} {change.rule}  {change.path}")
        for side, value, source in (("old", change.old, change.old_source), ("new", change.new, change.new_source)):
            lines.append(f"        {side}: {_value(value)}" + (f"  ({source})" if source else ""))
    lines.append(f"  {_summary(report)}")
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- markdown


def _moves(report: Report) -> dict[str, str]:
    """New operation name -> old name, for the operations the report shows as moved."""
    return {(c.new or "").split(":", 1)[0]: c.path.split(".")[1] for c in report.changes if c.rule == "operation-moved"}


def _groups(report: Report) -> dict[str, list[Change]]:
    """Group name -> changes: API first, then operations by (old) name, then shared types."""
    moved_from = _moves(report)
    groups: dict[str, list[Change]] = {}
    for change in report.changes:
        ops = sorted({moved_from.get(op, op) for op in report.operations_of(change)})
        if ops:
            names = ops
        elif change.path.startswith("types.") or change.path.startswith("overrides.renames."):
            names = [SHARED_GROUP]
        else:
            names = [API_GROUP]
        for name in names:
            groups.setdefault(name, []).append(change)
    ordered = sorted(n for n in groups if n not in (API_GROUP, SHARED_GROUP))
    return {n: groups[n] for n in [API_GROUP, *ordered, SHARED_GROUP] if n in groups}


def _cell(value: str | None) -> str:
    if value is None:
        return "—"
    if value == "":
        return '`""`'
    return "`" + value.replace("|", "\\|").replace("`", "'") + "`"


def _overview(report: Report) -> list[str]:
    """What a migrating caller does first: which calls to rename, drop or may start using."""
    lines = []
    for rule, title in (("operation-moved", "Moved"), ("operation-removed", "Removed"), ("operation-added", "Added")):
        ops = [c for c in report.changes if c.rule == rule]
        if ops:
            items = ", ".join(f"{_cell(c.old)} → {_cell(c.new)}" if rule == "operation-moved" else _cell(c.path.split(".")[1]) for c in ops)
            lines.append(f"- **{title} operations** ({len(ops)}): {items}")
    for rule, title in (("callback-removed", "Removed callbacks"), ("callback-added", "Added callbacks")):
        names = [c.path.split(".", 2)[2] for c in report.changes if c.rule == rule]
        if names:
            lines.append(f"- **{title}** ({len(names)}): {', '.join(_cell(n) for n in names)}")
    for c in report.changes:
        if c.rule == "signing-scheme-changed":
            lines.append(f"- **Signing**: {_cell(c.old)} → {_cell(c.new)}")
    return lines + [""] if lines else []


def _table(changes: list[Change]) -> list[str]:
    lines = ["| | Rule | Where | Old | New | Source |", "|---|---|---|---|---|---|"]
    for c in changes:
        source = f"{_cell(c.old_source or None)} → {_cell(c.new_source or None)}"
        lines.append(f"| {c.label} | `{c.rule}` | {_cell(c.path)} | {_cell(c.old)} | {_cell(c.new)} | {source} |")
    return lines


def _markdown_report(report: Report) -> str:
    lines = [f"### API changes: {report.api}", "", f"{_cell(report.old)} → {_cell(report.new)}: {_summary(report)}", ""]
    lines += _overview(report)
    moved_to = {old: new for new, old in _moves(report).items()}
    for name, changes in _groups(report).items():
        title = f"{name} → {moved_to[name]}" if name in moved_to else name
        acted = [c for c in changes if c.severity != INFO]
        info = [c for c in changes if c.severity == INFO]
        lines += [f"#### {title}", ""]
        if acted:
            lines += _table(acted) + [""]
        if info:
            # Info rows need no action: folded, so the breaking ones are what a reviewer reads first.
            lines += [f"<details><summary>{len(info)} info</summary>", "", *_table(info), "", "</details>", ""]
    return "\n".join(lines)


# ---------------------------------------------------------------- json


def _json_report(report: Report) -> dict[str, object]:
    changes = [
        {
            "severity": c.severity,
            "rule": c.rule,
            "path": c.path,
            "old": c.old,
            "new": c.new,
            "old_source": c.old_source or None,
            "new_source": c.new_source or None,
            "operations": report.operations_of(c),
        }
        for c in report.changes
    ]
    return {
        "api": report.api,
        "old": report.old,
        "new": report.new,
        "counts": report.counts(),
        "bump": report.bump,
        "version": report.version,
        "next_version": report.next_version,
        "changes": changes,
    }
