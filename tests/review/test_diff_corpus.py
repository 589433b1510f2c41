"""``doc2sdk diff`` on the real corpus: the Praxis API versions side by side, and two copies of one page.

The corpus's migration pages name the methods of the pre-1.1 API and what replaced
them; the tests check that the definitions and the diff report agree with the facts
those pages state that definitions can show (names, fields, moves, signing).  The
captures are read where they are (``../shared/corpus``); without them the tests skip.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus_tree import CORPUS, corpus_tree, needs_corpus

from generator import cli
from generator.project import Project

pytestmark = needs_corpus
PRAXIS = CORPUS / "praxis"


def _diff(capsys: pytest.CaptureFixture[str], old: str, new: str, *argv: str, root: Path | None = None) -> dict[str, object]:
    code = cli.main(["--root", str(root or corpus_tree()), "diff", old, new, "--format", "json", *argv])
    out = capsys.readouterr().out
    assert code == 0, out
    report: dict[str, object] = json.loads(out)["reports"][0]
    return report


def _by_rule(report: dict[str, object], rule: str) -> dict[str, dict[str, str]]:
    changes = report["changes"]
    assert isinstance(changes, list)
    return {c["path"]: c for c in changes if c["rule"] == rule}


def test_api_names_of_the_tree_are_accepted_as_sides(capsys: pytest.CaptureFixture[str]) -> None:
    report = _diff(capsys, "praxis_v1_2", "praxis_v1_3")
    assert report["old"] == "definitions/praxis_v1_2/api.yaml" and report["new"] == "definitions/praxis_v1_3/api.yaml"
    tree = corpus_tree()
    by_path = _diff(capsys, str(tree / "definitions/praxis_v1_2/api.yaml"), str(tree / "definitions/praxis_v1_3/api.yaml"))
    assert by_path["changes"] == report["changes"]


def test_1_2_to_1_3_reports_the_signing_scheme_change_and_the_version(capsys: pytest.CaptureFixture[str]) -> None:
    report = _diff(capsys, "praxis_v1_2", "praxis_v1_3")
    signing = _by_rule(report, "signing-scheme-changed")["api.signing"]
    assert signing["severity"] == "breaking"
    assert "body 'signature'" in signing["old"] and "alphabetical" in signing["old"]
    assert "header 'GT-Authentication'" in signing["new"] and "listed" in signing["new"]
    assert _by_rule(report, "api-version-changed")["api.api_version"]["new"] == "1.3"
    assert report["bump"] == "major"


def test_renamed_and_rerouted_operations_are_moves_not_removals(capsys: pytest.CaptureFixture[str]) -> None:
    for old in ("praxis_v1_1", "praxis_v1_2"):
        report = _diff(capsys, old, "praxis_v1_3")
        moved = _by_rule(report, "operation-moved")
        refund = moved["operations.deposit-refund"]
        assert refund["old"] == "deposit-refund: POST /api/deposit-refund" and refund["new"] == "refund: POST /direct/refund"
        assert refund["severity"] == "breaking"
        # What the caller must change comes with the move: the new request's required fields.
        added = _by_rule(report, "required-request-field-added")
        assert {"operations.deposit-refund.request.fields.cid", "operations.deposit-refund.request.fields.transaction_type"} <= set(added)
        removed = set(_by_rule(report, "operation-removed"))
        assert "operations.deposit-refund" not in removed and "operations.refund" not in set(_by_rule(report, "operation-added"))
        # An endpoint with no counterpart stays a removal.
        assert "operations.payout-complete" in removed


def test_1_1_to_1_2_renames_frontend_to_application_key(capsys: pytest.CaptureFixture[str]) -> None:
    report = _diff(capsys, "praxis_v1_1", "praxis_v1_2")
    renamed = _by_rule(report, "field-renamed")
    for type_name in ("DepositCancelRequest", "DepositRefundRequest", "PayoutSplitRequest"):
        change = renamed[f"types.{type_name}.fields.frontend"]
        assert (change["old"], change["new"], change["severity"]) == ("frontend", "application_key", "breaking")
    # The same Python type and wire form is never breaking (int <-> long).
    changes = report["changes"]
    assert isinstance(changes, list)
    for change in changes:
        if change["rule"] == "field-type-changed" and {change["old"], change["new"]} == {"int", "long"}:
            assert change["severity"] == "info"


def _migration_pages() -> list[Path]:
    pages = sorted(PRAXIS.glob("*migrating*"))
    if not pages:
        pytest.skip("no migration page in the corpus")
    return pages


def test_migration_pages_agree_with_the_definitions(capsys: pytest.CaptureFixture[str]) -> None:
    """What the migration pages say replaced the pre-1.1 methods, as far as definitions show it.

    The pages (every copy) name AuthCust as no longer used, GetCustomer as replaced by the
    customer-sync call carrying the customer's details and balance, and PendingDeposit as
    replaced by the notification carrying a transaction type and status; they say API
    versions before 1.1 are discontinued.
    """
    for page in _migration_pages():
        text = page.read_text("utf-8")
        for name in ("AuthCust", "GetCustomer", "PendingDeposit", "1.1"):
            assert name in text, f"{page.name}: the migration page names {name}"
    project = Project(corpus_tree())
    defs = {api: project.load(api) for api in project.apis() if api.startswith("praxis_")}
    # Every SDK describes API 1.1 or later.
    assert sorted(d.api.api_version or "" for d in defs.values()) == ["1.1", "1.2", "1.3"]
    for defn in defs.values():
        words = {op.name.replace("-", "").lower() for op in defn.api.operations}
        assert "authcust" not in words and "getcustomer" not in words, defn.api.name
    latest = defs["praxis_v1_3"]
    callbacks = {c.name: c for c in latest.overrides.callbacks}
    sync_reply = latest.api.type_named(callbacks["customer-sync"].reply or "")
    assert sync_reply is not None and {"customer_data", "balance"} <= {f.name for f in sync_reply.fields}
    notification = latest.api.type_named(callbacks["notification"].message)
    assert notification is not None
    transaction = latest.api.type_named(next(f.type for f in notification.fields if f.name == "transaction"))
    assert transaction is not None and {"transaction_type", "transaction_status"} <= {f.name for f in transaction.fields}
    # The 1.1 tree still carries the legacy pending-deposit method; towards 1.3 it is gone, moved to no
    # operation (it became a callback), and the report lists the callbacks that took over.
    report = _diff(capsys, "praxis_v1_1", "praxis_v1_3")
    assert "operations.pending-deposit" in _by_rule(report, "operation-removed")
    assert {"overrides.callbacks.notification", "overrides.callbacks.customer-sync"} <= set(_by_rule(report, "callback-added"))


def test_markdown_report_opens_with_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["--root", str(corpus_tree()), "diff", "praxis_v1_2", "praxis_v1_3", "--format", "markdown"])
    out = capsys.readouterr().out
    assert code == 0
    head = out.split("#### ", 1)[0]
    assert "**Moved operations**" in head and "`refund: POST /direct/refund`" in head
    assert "**Removed operations**" in head and "**Added operations**" in head and "**Added callbacks**" in head
    assert "**Signing**" in head and "GT-Authentication" in head
    assert "#### deposit-refund → refund" in out
    assert "<details><summary>" in out  # info rows folded


# ---------------------------------------------------------------- two copies of one page


@pytest.mark.parametrize(
    ("page", "member"),
    [
        # Old and new wording of one member's description; nothing else differs.
        ("3.3__agent_api__manage_deposit_cancel", "types.DepositCancelResponse.fields.signature.description"),
        ("latest__agent_api__manage_payout_split", "types.PayoutSplitResponse.fields.transaction_status.description"),
    ],
)
def test_two_copies_of_one_page_differ_in_exactly_the_changed_member(
    page: str, member: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old_page, new_page = PRAXIS / f"{page}.txt", PRAXIS / f"{page}__v2.txt"
    if not (old_page.is_file() and new_page.is_file()):
        pytest.skip(f"{page}: both copies are needed")
    for side, source in (("old", old_page), ("new", new_page)):
        (tmp_path / side).mkdir()
        assert cli.main(["extract", str(source), "-o", str(tmp_path / side / "api.yaml")]) == 0
    capsys.readouterr()
    report = _diff(capsys, "old/api.yaml", "new/api.yaml", root=tmp_path)
    changes = report["changes"]
    assert isinstance(changes, list)
    assert [(c["rule"], c["path"], c["severity"]) for c in changes] == [("description-changed", member, "info")]
    assert changes[0]["old"] != changes[0]["new"] and report["bump"] == "patch"
