"""Praxis page kinds: titles of every form, headless tables, mark columns, callbacks, objects, reference pages.

The synthetic pages here are written for the tests; the corpus tests read
``../shared/corpus/praxis`` and skip when it is absent.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from generator.extract import praxis
from generator.extract.praxis.title import operation_name, read_title

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus" / "praxis"


def _page(text: str, file: str = "page.txt"):
    result = praxis.extract_page(text, file)
    return result.api, [str(w) for w in result.warnings]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Agent API {deposit-cancel}", "deposit-cancel"),
        ("Agent API | {payout-complete}", "payout-complete"),
        ("Payment API {process} Sale", "process-sale"),
        ("{process} Sale (compatibility){danger.fa-exclamation} Note", "process-sale-compatibility"),
        ("{process} SaleThe card API does things.", "process-sale"),
        ("Cashier API init-pay-out", "init-pay-out"),
        ("init-pay-out", "init-pay-out"),
        ("API Notifications |UpdatePayoutRequiredPAYOUT", "update-payout"),
        ("Earlier Integrations PendingDeposit DeprecatedDEPOSIT", "pending-deposit"),
        ("Objects Transaction", "transaction"),
    ],
)
def test_titles_name_the_operation(line: str, expected: str) -> None:
    assert operation_name(read_title(1, line), None) == expected


def test_prose_first_line_is_no_title() -> None:
    assert read_title(1, "This call lets you fetch the thing you asked for, and more.") is None


HEADLESS = """{widget-fetch}
Fetches a widget.
Name | URL |
---|---|
Sandbox | https://sandbox.example.test/agent/widget-fetch |
Variable | Type | Description | |
---|---|---|---|
merchant_id | varchar(50) | ✓ | Account identifier |
widget_id | int(11) | ✓ if kind received | Widget identifier |
kind | varchar(8) | ? | Widget kind |
Variable | Type | Description | |
---|---|---|---|
status | int | ✓ | Result code |
widget | <Object> | ? | The widget |
Request signature parameters
merchant_id
widget_id
Response signature parameters
status
widget.widget_id
{
"merchant_id": "m",
"widget_id": 1,
"kind": "a"
}
"""


def test_headless_markdown_tables_with_marks_under_description() -> None:
    api, warnings = _page(HEADLESS)
    (op,) = api.operations
    assert (op.name, op.path, op.request, op.response) == ("widget-fetch", "/agent/widget-fetch", "WidgetFetchRequest", "WidgetFetchResponse")
    assert op.signed_request == ("merchant_id", "widget_id")
    assert op.signed_response == ("status", "widget.widget_id")
    request = api.type_named("WidgetFetchRequest")
    assert request is not None
    fields = {f.name: f for f in request.fields}
    assert fields["merchant_id"].required and fields["merchant_id"].description == "Account identifier"
    assert not fields["widget_id"].required and fields["widget_id"].condition == "required if kind received"
    assert not fields["kind"].required
    assert not any(f.example_only for f in request.fields)  # the headless JSON is the request example
    assert [e.role for e in op.examples] == ["request"]


CALLBACK = """Webhooks Widget Notification

The notification is sent to the merchant each time a widget changes.

Variable Type Description
merchant_id varchar(50) Account identifier
state varchar(16) ? Widget state


Variable Type Description
status int Result code
"""


def test_callback_pages_become_message_types_not_operations() -> None:
    api, _ = _page(CALLBACK)
    assert api.operations == ()
    request = api.type_named("WidgetNotificationRequest")
    response = api.type_named("WidgetNotificationResponse")
    assert request is not None and [f.name for f in request.fields] == ["merchant_id", "state"]
    assert response is not None and [f.name for f in response.fields] == ["status"]


OBJECT = """Objects Gadget

✓ - required value
? - optional, value or null

Variable Type alpha (x) beta (x) Description
gadget_id int(11) ✓ ✓ Gadget identifier
size int(11) ? ✓ Gadget size
colour varchar(8) ? Gadget colour
"""


def test_object_pages_become_types_with_per_column_conditions() -> None:
    api, _ = _page(OBJECT)
    assert api.operations == ()
    gadget = api.type_named("Gadget")
    assert gadget is not None
    fields = {f.name: f for f in gadget.fields}
    assert fields["gadget_id"].required and fields["gadget_id"].condition is None
    assert not fields["size"].required and fields["size"].condition == "alpha (x): optional; beta (x): required"
    assert not fields["colour"].required  # the other columns' marks were lost: no labels guessed


OVERVIEW = """Overview Getting Started

Read this first. Then read the rest.
"""


def test_overview_pages_invent_nothing() -> None:
    api, warnings = _page(OVERVIEW)
    assert api.operations == () and api.types == ()
    assert any("no operation and no type" in w for w in warnings)


REFERENCE = (
    "Make WidgetCopy Pagepost https://api.example.test/agent/make-widgetBody Params"
    "merchant_idstringrequiredlength ≤ 50Account identifier.sizeintegerRequested size.modestringrequiredlength ≤ 8"
    "Mode of it.Headersgt-authenticationstringrequiredSigned header. Below fields are used for the signature. "
    "merchant_id mode Responses 200OK"
)


def test_glued_reference_pages_are_read() -> None:
    api, _ = _page(REFERENCE)
    (op,) = api.operations
    assert (op.name, op.method, op.path) == ("make-widget", "POST", "/agent/make-widget")
    assert op.signed_request == ("merchant_id", "mode")
    request = api.type_named(op.request)
    assert request is not None
    assert [(f.name, f.type, f.required, f.max_length) for f in request.fields] == [
        ("merchant_id", "string", True, 50),
        ("size", "int", False, None),
        ("mode", "string", True, 8),
    ]


# ---------------------------------------------------------------- the real captures


def _corpus_pages() -> list[Path]:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus/praxis is not present: the real captures are not bundled")
    return sorted(CORPUS.glob("*.txt"))


def _corpus(name: str):
    pages = {p.name: p for p in _corpus_pages()}
    return _page(pages[name].read_text("utf-8", errors="replace"), name)


def test_corpus_pages_never_raise_and_are_fast() -> None:
    pages = _corpus_pages()
    start = time.perf_counter()
    for path in pages:
        praxis.extract_page(path.read_text("utf-8", errors="replace"), path.name)
    assert time.perf_counter() - start < 10


def test_corpus_recognised_unless_it_documents_nothing() -> None:
    for path in _corpus_pages():
        text = path.read_text("utf-8", errors="replace")
        if not praxis.looks_like(text):
            api = praxis.extract_page(text, path.name).api
            assert api.operations == () and api.types == (), path.name


def test_corpus_sale_variants_keep_their_own_names() -> None:
    api, _ = _corpus("3.4__payment_api__process_sale.txt")
    (op,) = api.operations
    assert (op.name, op.path, op.request) == ("process-sale-compatibility", "/api/process", "ProcessSaleCompatibilityRequest")
    api, _ = _corpus("3.3__payment_api__process_sale.txt")
    assert [o.name for o in api.operations] == ["process-sale"]


def test_corpus_signed_lists_with_dotted_names() -> None:
    api, _ = _corpus("latest__agent_api__manage_transaction__v2.txt")
    (op,) = api.operations
    assert op.signed_request == ("merchant_id", "application_key", "timestamp", "intent", "tid")
    assert "transaction.tid" in op.signed_response


def test_corpus_webhook_and_object_pages() -> None:
    api, _ = _corpus("latest__webhooks__notification__v2.txt")
    assert api.operations == () and api.type_named("NotificationRequest") is not None
    api, _ = _corpus("latest__objects__transaction.txt")
    transaction = api.type_named("Transaction")
    assert api.operations == () and transaction is not None
    assert {"tid", "transaction_id", "amount"} <= {f.name for f in transaction.fields}


def test_corpus_lost_name_cell_is_reported_by_line() -> None:
    _, warnings = _corpus("3.3__payment_api__process_sale__v2.txt")
    assert any(w.startswith("3.3__payment_api__process_sale__v2.txt:21:") and "lost its name" in w for w in warnings)
