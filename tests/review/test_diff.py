"""Tests of ``doc2sdk diff``: golden reports over hand-written pairs of definitions, bumps, git sides, drift.

Golden cases live in tests/fixtures/diff/<case>/ as old/api.yaml and new/api.yaml
(plus overrides.yaml where the case is about them) and the expected reports
expected.txt (every case), expected.md and expected.json (some cases).  After a
deliberate change of the output, rewrite them with DOC2SDK_UPDATE_GOLDEN=1 and
review the diff of the expected files.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from generator.definitions import parse_api
from generator.errors import DefinitionError, Doc2SdkError
from generator.model import Api, Overrides, Page, Signing, SigningException
from generator.review import diff
from generator.review.drift import changed_pages, page_drift
from generator.review.rules import RULES, Change, bump_version, compare, suggest_bump

FIXTURES = Path(__file__).parents[1] / "fixtures" / "diff"
CASES = sorted(p.name for p in FIXTURES.iterdir() if (p / "old" / "api.yaml").is_file())
UPDATE = os.environ.get("DOC2SDK_UPDATE_GOLDEN") == "1"
SUFFIX = {"text": "txt", "markdown": "md", "json": "json"}


def _args(root: Path, *argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", default=".")
    diff.add_arguments(parser)
    return parser.parse_args(["--root", str(root), *argv])


def _run(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str]:
    code = diff.run(_args(root, *argv))
    return code, capsys.readouterr().out


def _load(case: str, side: str) -> Api:
    path = FIXTURES / case / side / "api.yaml"
    return parse_api(path.read_text("utf-8"), f"{case}/{side}/api.yaml")


def _rules(case: str) -> list[tuple[str, str, str]]:
    report = diff._spec_report(FIXTURES / case, "old/api.yaml", "new/api.yaml")
    return [(c.severity, c.rule, c.path) for c in report.changes]


# ---------------------------------------------------------------- golden reports


# Every case has a text golden; a few also keep Markdown and JSON ones.
GOLDENS = [(c, f) for c in CASES for f in SUFFIX if f == "text" or (FIXTURES / c / f"expected.{SUFFIX[f]}").exists()]


@pytest.mark.parametrize(("case", "fmt"), GOLDENS)
def test_golden_report(case: str, fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    expected = FIXTURES / case / f"expected.{SUFFIX[fmt]}"
    code, out = _run(capsys, FIXTURES / case, "old/api.yaml", "new/api.yaml", "--format", fmt)
    assert code == 0
    if UPDATE:
        expected.write_text(out, "utf-8")
    assert out == expected.read_text("utf-8")


def test_every_rule_has_a_golden_case() -> None:
    seen = {rule for case in CASES for _, rule, _ in _rules(case)}
    assert seen == set(RULES)


def test_noop_change_reports_nothing_both_ways() -> None:
    old, new = _load("noop", "old"), _load("noop", "new")
    assert old != new  # the sides do differ: sources, order, whitespace
    assert compare(old, new) == [] and compare(new, old) == []


def test_xml_order_only_case_is_invisible_to_json_rules() -> None:
    rules = _rules("xml_order_only")
    assert ("breaking", "xml-order-changed", "types.CreateSession.xml_order") in rules
    # Nothing about CreateSession's own fields: its JSON shape did not change.
    assert [r for r in rules if r[2].startswith("types.CreateSession.fields")] == []


def test_signed_field_cases() -> None:
    assert _rules("signing_exception_only") == [("breaking", "signed-fields-changed", "operations.FindSession.signed_request")]
    added = _rules("signed_field_added")
    assert ("breaking", "signed-fields-changed", "operations.FindSession.signed_request") in added
    # A field added inside an array of objects is not signed: info only.
    assert ("info", "field-added", "types.Transaction.fields.currency") in added
    assert ("breaking", "signed-fields-changed", "operations.FindSession.signed_response") not in added


def test_casing_change_is_not_removed_plus_added() -> None:
    rules = {rule for _, rule, _ in _rules("wire_name_casing")}
    assert "wire-name-casing-changed" in rules
    assert not rules & {"field-removed", "field-added", "field-renamed"}


def test_signing_scheme_change_is_reported_once() -> None:
    assert [rule for _, rule, _ in _rules("signing_scheme")] == ["signing-scheme-changed", "api-version-changed"]


def test_listed_signing_compares_the_operations_lists() -> None:
    base = _load("signing_scheme", "new")
    op = base.operations[0]
    old = replace(base, operations=(replace(op, signed_request=("merchant_id", "timestamp")),))
    new = replace(base, operations=(replace(op, signed_request=("timestamp", "merchant_id")),))
    assert [(c.rule, c.old, c.new) for c in compare(old, new)] == [
        ("signed-fields-changed", "merchant_id, timestamp", "timestamp, merchant_id")
    ]


def test_signing_exceptions_count_only_for_their_operation() -> None:
    api = _load("signing_exception_only", "old")
    other = Overrides(package="pay", signing=(SigningException("Elsewhere", "r", request_exclude=("auth_token",)),))
    assert compare(api, api, Overrides(package="pay"), other) == []


def test_result_does_not_depend_on_declaration_order() -> None:
    old, new = _load("enum_changes", "old"), _load("enum_changes", "new")
    shuffled = replace(new, types=tuple(reversed(new.types)), operations=tuple(reversed(new.operations)))
    assert compare(old, new) == compare(old, shuffled)


# ---------------------------------------------------------------- bumps and exit codes


def test_suggest_bump() -> None:
    assert suggest_bump([]) == "none"
    assert suggest_bump([Change("info", "description-changed", "p")]) == "patch"
    assert suggest_bump([Change("warning", "max-length-tightened", "p")]) == "patch"
    assert suggest_bump([Change("info", "field-added", "p"), Change("info", "description-changed", "q")]) == "minor"
    assert suggest_bump([Change("info", "field-added", "p"), Change("breaking", "field-removed", "q")]) == "major"


@pytest.mark.parametrize(
    ("case", "bump"),
    [("noop", "none"), ("descriptions", "patch"), ("max_length", "major"), ("max_length_response", "patch"), ("field_type_widened", "patch"), ("operation_added", "minor"), ("field_renamed", "major")],
)
def test_bump_per_case(case: str, bump: str) -> None:
    assert suggest_bump(compare(_load(case, "old"), _load(case, "new"))) == bump


def test_bump_version() -> None:
    assert bump_version("1.4.2", "major") == "2.0.0"
    assert bump_version("1.4.2", "minor") == "1.5.0"
    assert bump_version("1.4.2", "patch") == "1.4.3"
    assert bump_version("1.4.2", "none") == "1.4.2"
    with pytest.raises(DefinitionError, match="not MAJOR.MINOR.PATCH"):
        bump_version("1.4", "patch")
    with pytest.raises(DefinitionError, match="bump 'huge'"):
        bump_version("1.4.2", "huge")


@pytest.mark.parametrize(
    ("case", "fail_on", "code"),
    [
        ("max_length", None, 0),
        ("max_length", "breaking", 1),
        ("max_length_response", "breaking", 0),
        ("max_length_response", "warning", 1),
        ("descriptions", "warning", 0),
        ("route_and_verb", "breaking", 1),
        ("noop", "warning", 0),
    ],
)
def test_fail_on(case: str, fail_on: str | None, code: int, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["old/api.yaml", "new/api.yaml"] + (["--fail-on", fail_on] if fail_on else [])
    assert _run(capsys, FIXTURES / case, *argv)[0] == code


def test_cli_verb_is_registered(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    root = FIXTURES / "route_and_verb"
    assert main(["--root", str(root), "diff", "old/api.yaml", "new/api.yaml", "--fail-on", "breaking"]) == 1
    assert "route-changed" in capsys.readouterr().out


# ---------------------------------------------------------------- bad input: one line, no traceback


def test_wrong_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(Doc2SdkError, match="diff takes OLD NEW"):
        _run(capsys, FIXTURES, "only-one.yaml")


def test_missing_and_invalid_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DefinitionError, match="nope.yaml: file not found"):
        _run(capsys, tmp_path, "nope.yaml", "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("api: {name: x}\noperations: {}\ntypes: {}\n")
    with pytest.raises(DefinitionError) as err:
        _run(capsys, tmp_path, "bad.yaml", "bad.yaml")
    assert str(err.value).startswith("bad.yaml:1: ") and "\n" not in str(err.value)


# ---------------------------------------------------------------- git sides


def _git(root: Path, *argv: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}
    subprocess.run(["git", *argv], cwd=root, check=True, capture_output=True, env=env)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository whose HEAD holds the old side of the overrides case; the working tree holds the new side."""
    folder = tmp_path / "definitions" / "shop"
    folder.mkdir(parents=True)
    for name in ("api.yaml", "overrides.yaml"):
        shutil.copy(FIXTURES / "overrides" / "old" / name, folder / name)
    shutil.copy(FIXTURES / "field_removed" / "old" / "api.yaml", folder / "api.yaml")
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-q", "-m", "old")
    shutil.copy(FIXTURES / "field_removed" / "new" / "api.yaml", folder / "api.yaml")
    shutil.copy(FIXTURES / "overrides" / "new" / "overrides.yaml", folder / "overrides.yaml")
    return tmp_path


def test_base_mode_reads_api_and_overrides_at_rev(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, repo, "--base", "HEAD", "--format", "json", "--fail-on", "breaking")
    assert code == 1
    assert '"rule": "field-removed"' in out and '"rule": "package-renamed"' in out
    assert '"old": "HEAD:definitions/shop/api.yaml"' in out and '"next_version": "2.0.0"' in out
    assert str(repo) not in out  # no absolute paths


def test_rev_path_spec(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(capsys, repo, "HEAD:definitions/shop/api.yaml", "definitions/shop/api.yaml")
    assert code == 0
    assert "field-removed  types.StatusResponse.fields.Note" in out


def test_api_absent_at_rev_starts_empty(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = repo / "definitions" / "pay"
    folder.mkdir()
    shutil.copy(FIXTURES / "_base" / "pay.yaml", folder / "api.yaml")
    code, out = _run(capsys, repo, "--base", "HEAD", "pay")
    assert "HEAD:definitions/pay/api.yaml (absent)" in out
    assert "operation-added  operations.FindSession" in out and "suggested bump: minor" in out


def test_bad_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(Doc2SdkError, match="unknown revision 'no-such-rev'"):
        _run(capsys, repo, "--base", "no-such-rev")


# ---------------------------------------------------------------- drift


def test_changed_pages(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "000_session.txt").write_bytes(b"same")
    (sources / "001_status.txt").write_bytes(b"edited")
    (sources / "003_new.txt").write_bytes(b"new")
    api = replace(
        _load("noop", "old"),
        pages=(
            Page("000_session.txt", hashlib.sha256(b"same").hexdigest()),
            Page("001_status.txt", hashlib.sha256(b"before").hexdigest()),
            Page("002_gone.txt", hashlib.sha256(b"gone").hexdigest()),
        ),
    )
    # Only GetStatusRequest and the types it reaches cite 001_status.txt (AuditEntry does too,
    # but no operation reaches it); nothing cites 002 or 003.
    assert changed_pages(api, sources) == [("001_status.txt", ["GetStatusRequest"]), ("002_gone.txt", []), ("003_new.txt", [])]
    assert [d.status for d in page_drift(api, sources)] == ["changed", "removed", "added"]


def test_drift_follows_reachable_types(tmp_path: Path) -> None:
    api = _load("noop", "old")
    (tmp_path / "000_session.txt").write_bytes(b"x")
    api = replace(api, pages=(Page("000_session.txt", "0" * 64),))
    # StatusResponse.Times reaches InOutTimes, whose fields cite 000_session.txt.
    assert changed_pages(api, tmp_path) == [("000_session.txt", ["CreateSessionRequest", "GetStatusRequest"])]


def test_no_drift(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"a")
    api = Api(name="x", pages=(Page("a.txt", hashlib.sha256(b"a").hexdigest()),), signing=Signing())
    assert changed_pages(api, tmp_path) == []


# ---------------------------------------------------------------- the real definitions and the docs


@pytest.mark.parametrize("path", sorted((Path(__file__).parents[2] / "definitions").glob("*/api.yaml")), ids=lambda p: p.parent.name)
def test_real_definition_round_trip_is_a_noop(path: Path) -> None:
    from generator.definitions import dump_api

    api = parse_api(path.read_text("utf-8"), str(path.name))
    again = parse_api(dump_api(api), "dumped")
    assert compare(api, again) == []
    # Dropping every operation is seen, and is breaking.
    bare = replace(api, operations=())
    assert {c.rule for c in compare(api, bare)} == {"operation-removed"} and suggest_bump(compare(api, bare)) == "major"


def test_diff_texts_is_the_pure_core() -> None:
    old = (FIXTURES / "route_and_verb" / "old" / "api.yaml").read_text("utf-8")
    new = (FIXTURES / "route_and_verb" / "new" / "api.yaml").read_text("utf-8")
    report = diff.diff_texts(old, new)
    assert [c.rule for c in report.changes] == ["verb-changed", "route-changed"] and report.bump == "major"


def test_every_rule_is_documented() -> None:
    doc = (Path(__file__).parents[2] / "docs" / "maintainer-loop.md").read_text("utf-8")
    assert [rule for rule in RULES if f"`{rule}`" not in doc] == []


# ---------------------------------------------------------------- severity by what callers feel


def test_same_python_type_and_wire_form_is_info_widening_a_warning() -> None:
    assert _rules("field_type_widened") == [
        ("warning", "field-type-changed", "types.StatusResponse.fields.Note.type"),  # response int -> decimal
        ("info", "field-type-changed", "types.CreateSession.fields.SessionId.type"),  # list<int> -> list<long>
        ("info", "field-type-changed", "types.CreateSessionRequest.fields.SessionExpiryInMin.type"),  # request int -> long
    ]


def test_narrowing_stays_breaking_unless_the_python_type_is_the_same() -> None:
    assert _rules("field_type_narrowed") == [
        ("breaking", "field-type-changed", "types.CreateSessionRequest.fields.SessionExpiryInMin.type"),  # decimal -> int
        ("breaking", "field-type-changed", "types.StatusResponse.fields.Note.type"),  # double -> long
        ("info", "field-type-changed", "types.CreateSession.fields.SessionId.type"),  # long -> int, both Python int
    ]


def test_max_length_severity_follows_direction() -> None:
    # Requests: tightening refuses what callers send (breaking), loosening is felt by no one.
    assert [(sev, rule) for sev, rule, _ in _rules("max_length")] == [
        ("breaking", "max-length-tightened"), ("breaking", "max-length-tightened"), ("info", "max-length-loosened")
    ]
    # Responses: longer text may not fit the caller's storage (warning); shorter always fits.
    assert [(sev, rule) for sev, rule, _ in _rules("max_length_response")] == [
        ("warning", "max-length-loosened"), ("info", "max-length-tightened")
    ]
