"""The generated ``testing`` module, used the way a downstream test would: import the package, call, assert.

The committed packages under ``generated/`` are imported (under private names, so an
installed ``paysecure``/``praxis`` is never shadowed); the API 1.3 variant (signature
in a header, listed fields) is rendered in memory from the marks_columns fixture.
"""

from __future__ import annotations

import dataclasses
import json
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from codegen import import_package

from generator.definitions import parse_api
from generator.model import Definition, Overrides
from generator.simulation.sdk import build_files, forget, import_sdk

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("json", "xml", "jsv", "csv")


class Pkg:
    """A generated package and its submodules by short name."""

    def __init__(self, package: ModuleType) -> None:
        import importlib

        self.package = package
        for name in ("models", "errors", "client", "testing"):
            setattr(self, name, importlib.import_module(f"{package.__name__}.{name}"))

    def __getattr__(self, name: str) -> Any:  # submodules set in __init__
        raise AttributeError(name)


@pytest.fixture(scope="module")
def paysecure() -> Any:
    return Pkg(import_package(ROOT / "generated" / "paysecure" / "paysecure"))


@pytest.fixture(scope="module")
def praxis() -> Any:
    return Pkg(import_package(ROOT / "generated" / "praxis" / "praxis"))


@pytest.fixture(autouse=True)
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test here runs with connecting forbidden: the fake must answer in-process."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the fake opened a connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# ---------------------------------------------------------------- ServiceStack (paysecure)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_operation_answers_its_documented_shape_in_every_format(paysecure: Any, fmt: str) -> None:
    testing = paysecure.testing
    with testing.FakeApi() as fake:
        client = fake.client(format=fmt)
        for op in testing.OPERATIONS.values():
            result = getattr(client, op.method)()
            assert type(result) is op.response
            assert result == fake.sample(op.name)  # every field survived the wire in this format
            assert result.error_code is paysecure.models.UNSET
            got = fake.received[-1]
            assert (got.operation, got.format, got.verb) == (op.name, fmt, op.verb)
            assert isinstance(got.request, op.request)
            assert got.headers["Content-Type"] == paysecure.client.FORMATS[fmt]
        assert len(fake.received) == len(testing.OPERATIONS) == 2


@pytest.mark.parametrize("fmt", FORMATS)
def test_recorded_requests_are_decoded_request_objects(paysecure: Any, fmt: str) -> None:
    creds = paysecure.models.RequestorCredentials(merchant_id="m-7", user_name="u-7", password="pw-7", version="2")
    with paysecure.testing.FakeApi() as fake:
        client = fake.client(format=fmt, credentials=creds)
        client.create_session(session_expiry_in_min=2.5)
        client.create_session(session_expiry_in_min=4.0)
        sent = fake.requests("create_session")
        assert fake.requests("CreateSessionRequest") == sent  # the wire name works too
        assert [r.session_expiry_in_min for r in sent] == [2.5, 4.0]
        assert sent[0].credentials == creds  # filled in by the client, decoded by the fake
        assert fake.requests("create_key_session") == []


def test_answer_with_an_object_or_a_function_of_the_request(paysecure: Any) -> None:
    models = paysecure.models
    with paysecure.testing.FakeApi() as fake:
        client = fake.client(format="xml")
        fake.answer("create_session", models.CreateSession(session_id="s-42"))
        assert client.create_session().session_id == "s-42"
        fake.answer("CreateSessionRequest", lambda req: models.CreateSession(session_id=f"for-{req.session_expiry_in_min}"))
        assert client.create_session(session_expiry_in_min=3.0).session_id == "for-3.0"
        assert client.create_key_session().key_id == "fake-KeyId"  # other operations keep the sample
        with pytest.raises(TypeError):
            fake.answer("create_session", models.CreateKeySession())
        with pytest.raises(ValueError, match="unknown operation"):
            fake.answer("no_such_thing", models.CreateSession())
        fake.reset()
        assert client.create_session().session_id == "fake-SessionId" and len(fake.received) == 1


@pytest.mark.parametrize("fmt", FORMATS)
def test_failure_in_the_body_raises_api_error_for_that_operation_only(paysecure: Any, fmt: str) -> None:
    with paysecure.testing.FakeApi() as fake:
        client = fake.client(format=fmt)
        fake.fail("create_session", "Denied", "card, blocked")
        with pytest.raises(paysecure.errors.ApiError) as caught:
            client.create_session()
        assert caught.value.code == "Denied" and "card, blocked" in caught.value.message
        assert caught.value.response.error_message == "card, blocked"
        assert client.create_key_session().key_id == "fake-KeyId"


@pytest.mark.parametrize("fmt", FORMATS)
def test_failure_with_an_http_status_raises_http_status_error(paysecure: Any, fmt: str) -> None:
    with paysecure.testing.FakeApi() as fake:
        client = fake.client(format=fmt)
        fake.fail("create_key_session", "Unauthorized", "bad credentials", http_status=401)
        with pytest.raises(paysecure.errors.HttpStatusError) as caught:
            client.create_key_session()
        assert caught.value.status == 401
        assert b"Unauthorized" in caught.value.body and b"bad credentials" in caught.value.body
        assert caught.value.headers["Content-Type"] == paysecure.client.FORMATS[fmt]
    if fmt == "json":
        assert json.loads(caught.value.body) == {"ResponseStatus": {"ErrorCode": "Unauthorized", "Message": "bad credentials"}}


def test_undecodable_request_is_recorded_and_answered_400(paysecure: Any) -> None:
    with paysecure.testing.FakeApi() as fake:
        response = fake.session.post(fake.base_url + "/CreateSession", data=b"{not json", headers={"Content-Type": "application/json"})
        assert response.status_code == 400 and b"SerializationException" in response.content
        assert fake.received[0].request is None
        assert fake.session.post(fake.base_url + "/Nowhere", data=b"{}").status_code == 404


def test_no_secret_in_reprs(paysecure: Any) -> None:
    creds = paysecure.models.RequestorCredentials(merchant_id="m", user_name="u", password="hunter2-pw", version="1")
    with paysecure.testing.FakeApi() as fake:
        fake.client(credentials=creds).create_session()
        shown = repr(fake) + repr(fake.received) + str(fake.received)
    assert "hunter2-pw" not in shown and "CreateSessionRequest" in shown


# ---------------------------------------------------------------- Praxis


def test_praxis_answers_are_signed_and_verified_by_the_client(praxis: Any) -> None:
    testing = praxis.testing
    with testing.FakeApi(clock=lambda: 1_700_000_000.0) as fake:
        client = fake.client()
        for op in testing.OPERATIONS.values():
            result = getattr(client, op.method)(frontend="f-1", trace_id=9)
            assert type(result) is op.response and result.status == 0
            assert result.timestamp == 1_700_000_000 and result.version == praxis.client.API_VERSION
            got = fake.received[-1]
            assert got.signature_valid and got.request.trace_id == 9 and got.request.merchant_id == testing.DEFAULT_MERCHANT
        # The client checked the answer's signature: one signed with another secret is refused.
        other = fake.client(merchant_secret="another-secret")
        with pytest.raises(praxis.errors.SignatureError):
            other.find_session(frontend="f-1")
        assert fake.received[-1].signature_valid is False  # and the fake saw the request's bad signature


def test_praxis_stale_answer_is_refused_by_the_client(praxis: Any) -> None:
    with praxis.testing.FakeApi(clock=lambda: 1_000.0) as fake:
        client = fake.client(clock=time.time)  # the client's clock is an hour (and more) away
        with pytest.raises(praxis.errors.SignatureError, match="timestamp"):
            client.find_session(frontend="f")


def test_praxis_failures_raise_the_typed_errors(praxis: Any) -> None:
    errors = praxis.errors
    with praxis.testing.FakeApi() as fake:
        client = fake.client()
        fake.fail("find_session", 1, "Session not found")
        with pytest.raises(errors.ApiApplicationError) as app:
            client.find_session(frontend="f")
        assert app.value.code == "1" and "Session not found" in app.value.message
        fake.fail("find-session", -3, "maintenance")
        with pytest.raises(errors.ApiServerError):
            client.find_session(frontend="f")
        fake.fail("find_session", -1, "down", http_status=503)
        with pytest.raises(errors.HttpStatusError) as http:
            client.find_session(frontend="f")
        assert http.value.status == 503
        with pytest.raises(ValueError):
            fake.fail("find_session", 0, "zero is success")


def test_praxis_answer_supplied_by_the_test_is_signed_too(praxis: Any) -> None:
    models = praxis.models
    with praxis.testing.FakeApi() as fake:
        client = fake.client()
        sample = fake.sample("find_session")
        fake.answer("find_session", dataclasses.replace(sample, description="Sessions found - 1", status=0))
        result = client.find_session(frontend="f")
        assert result.description == "Sessions found - 1" and result.transactions == sample.transactions
        fake.answer("find_session", lambda req: models.FindSessionResponse(status=0, description=req.frontend))
        assert client.find_session(frontend="echo").description == "echo"


def test_praxis_reprs_hide_the_secret(praxis: Any) -> None:
    with praxis.testing.FakeApi(merchant_secret="s3cr3t-value") as fake:
        fake.client().find_session(frontend="f", auth_token="tok-secret-1")
        shown = repr(fake) + repr(fake.received)
    assert "s3cr3t-value" not in shown and "tok-secret-1" not in shown


# ---------------------------------------------------------------- API 1.3: header signature, listed fields


@pytest.fixture(scope="module")
def praxis13(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    fixture = "tests/fixtures/praxis/marks_columns.yaml"
    api = parse_api((ROOT / fixture).read_text("utf-8"), fixture)
    defn = Definition(api=api, overrides=Overrides(package="praxis13fake"), origin="tests/fixtures/praxis")
    sdk = import_sdk(defn, build_files(defn), tmp_path_factory.mktemp("praxis13fake"), ("signing", "testing", "errors", "client"))
    yield sdk
    forget(sdk)


def test_header_signed_listed_api_round_trips_through_the_fake(praxis13: Any) -> None:
    signing, testing = praxis13.signing, praxis13.testing
    assert (signing.LOCATION, signing.ORDER) == ("header", "listed")
    with testing.FakeApi() as fake:
        client = fake.client()
        for op in testing.OPERATIONS.values():
            result = getattr(client, op.method)()
            assert type(result) is op.response
            got = fake.received[-1]
            assert got.signature_valid and signing.KEY in got.headers
        # A client with another secret: the fake says "Invalid signature" (signed), the client refuses it first.
        with pytest.raises(praxis13.errors.SignatureError):
            getattr(fake.client(merchant_secret="nope"), next(iter(testing.OPERATIONS.values())).method)()
        assert fake.received[-1].signature_valid is False


# ---------------------------------------------------------------- the README's example


@pytest.mark.parametrize("api", ["paysecure", "praxis"])
def test_readme_testing_example_runs(api: str, paysecure: Any, praxis: Any) -> None:
    import re
    import sys

    pkg = paysecure if api == "paysecure" else praxis
    readme = (ROOT / "generated" / api / "README.md").read_text("utf-8")
    section = readme.split("## Testing your code", 1)[1]
    (code,) = re.findall(r"```python\n(.*?)```", section.split("\n## ", 1)[0], re.S)
    saved = {k: v for k, v in sys.modules.items() if k == api or k.startswith(api + ".")}
    sys.modules.update({api: pkg.package, **{f"{api}.{n}": getattr(pkg, n) for n in ("models", "errors", "client", "testing")}})
    try:
        scope: dict[str, Any] = {}
        exec(compile(code, "README.md", "exec"), scope)
        scope["test_my_code"]()
    finally:
        for name in [k for k in sys.modules if k == api or k.startswith(api + ".")]:
            del sys.modules[name]
        sys.modules.update(saved)


# ---------------------------------------------------------------- callbacks on demand (webhooks fixtures)

HOOKS = ROOT / "tests" / "fixtures" / "webhooks"
HOOK_SECRET = "handler-test-secret"
NOW = 1_700_000_000


@pytest.fixture(scope="module")
def hooked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    """The webhooks fixtures generated and imported, as a downstream user installs them."""
    from generator.definitions import load_definition

    built = {}
    for name in ("praxis_body", "praxis_header", "unsigned"):
        defn = load_definition(HOOKS / name, f"tests/fixtures/webhooks/{name}")
        built[name] = import_sdk(defn, build_files(defn), tmp_path_factory.mktemp(name), ("webhooks", "testing", "errors", "models", "signing"))
    yield built
    for sdk in built.values():
        forget(sdk)


@pytest.fixture(params=["praxis_body", "praxis_header"])
def signed_pkg(request: pytest.FixtureRequest, hooked: dict[str, Any]) -> Any:
    return hooked[request.param]


def _fake(sdk: Any) -> Any:
    return sdk.testing.FakeApi(merchant_secret=HOOK_SECRET, merchant_id="m-42", clock=lambda: float(NOW))


def _handler(sdk: Any) -> Any:
    """The user's receiver, its clock a few seconds after the fake's."""
    return sdk.webhooks.Webhooks(HOOK_SECRET, clock=lambda: NOW + 5)


def test_callback_is_accepted_by_the_users_webhook_handler(signed_pkg: Any) -> None:
    sdk = signed_pkg
    with _fake(sdk) as fake:
        body, headers = fake.callback("event")
        event = _handler(sdk).receive_event(body, headers)
    assert isinstance(event, sdk.models.Event)
    assert (event.timestamp, event.version, event.merchant_id) == (NOW, sdk.definition.api.api_version, "m-42")
    assert event.customer.customer_token  # the documented shape, nested object included
    key = sdk.signing.KEY
    assert (key in headers) == (sdk.signing.LOCATION == "header") and (key in json.loads(body)) == (sdk.signing.LOCATION == "body")


def test_callback_with_a_given_message_keeps_its_fields(signed_pkg: Any) -> None:
    sdk = signed_pkg
    models = sdk.models
    sent = models.Event(order_id="o-1", amount=990, customer=models.Customer(customer_token="tok-9"))
    with _fake(sdk) as fake:
        event = _handler(sdk).receive_event(*fake.callback("event", sent))
        with pytest.raises(TypeError):
            fake.callback("event", models.EventAck())
        with pytest.raises(ValueError, match="unknown callback"):
            fake.callback("nope")
    assert (event.order_id, event.amount, event.customer.customer_token) == ("o-1", 990, "tok-9")
    assert event.timestamp == NOW and event.merchant_id == "m-42"  # unset fields filled in, as the API does


@pytest.mark.parametrize("fault,refusal", [("bad_signature", "signature does not match"), ("stale_timestamp", "timestamp")])
def test_faulty_callbacks_are_refused_by_the_handler(signed_pkg: Any, fault: str, refusal: str) -> None:
    sdk = signed_pkg
    with _fake(sdk) as fake:
        body, headers = fake.callback("event", fault=fault)
        with pytest.raises(sdk.errors.SignatureError, match=refusal):
            _handler(sdk).receive_event(body, headers)
        with pytest.raises(ValueError, match="unknown fault"):
            fake.callback("event", fault="late")
    # Another secret is refused too: the fake signs with its own.
    with sdk.testing.FakeApi(merchant_secret="not-the-handlers", clock=lambda: float(NOW)) as other:
        with pytest.raises(sdk.errors.SignatureError):
            _handler(sdk).receive_event(*other.callback("event"))


def test_callback_without_a_timestamp_cannot_be_stale(hooked: dict[str, Any]) -> None:
    sdk = hooked["praxis_body"]
    with _fake(sdk) as fake:
        assert _handler(sdk).receive_lookup(*fake.callback("lookup")).merchant_id == "m-42"
        with pytest.raises(ValueError, match="no timestamp"):
            fake.callback("lookup", fault="stale_timestamp")
        with pytest.raises(ValueError, match="no reply"):
            fake.check_reply("lookup", (b"{}", {}))


def test_check_reply_verifies_the_handlers_signed_answer(signed_pkg: Any) -> None:
    sdk = signed_pkg
    with _fake(sdk) as fake:
        reply = _handler(sdk).reply_event(sdk.models.EventAck(status=0, description="ok"))
        ack = fake.check_reply("event", reply)
        assert isinstance(ack, sdk.models.EventAck) and (ack.status, ack.timestamp) == (0, NOW + 5)
        assert fake.check_reply("event", (reply.body, dict(reply.headers))) == ack
        forged = sdk.webhooks.Webhooks("another-secret", clock=lambda: NOW).reply_event(sdk.models.EventAck(status=0))
        with pytest.raises(sdk.errors.SignatureError, match="does not match"):
            fake.check_reply("event", forged)
        tampered = json.loads(reply.body)
        tampered["status"] = 1
        with pytest.raises(sdk.errors.SignatureError):
            fake.check_reply("event", (json.dumps(tampered).encode(), reply.headers))
        with pytest.raises(sdk.errors.SignatureError, match="carries no"):
            fake.check_reply("event", (json.dumps({"status": 0}).encode(), {}))
        with pytest.raises(sdk.errors.DecodeError):
            fake.check_reply("event", (b"[]", {}))
    assert HOOK_SECRET not in repr(fake)


@pytest.mark.parametrize("fmt", FORMATS)
def test_unsigned_callback_is_encoded_for_the_handler(hooked: dict[str, Any], fmt: str) -> None:
    sdk = hooked["unsigned"]
    with sdk.testing.FakeApi() as fake:
        body, headers = fake.callback("Notice", fmt=fmt)
        notice = sdk.webhooks.Webhooks().receive_notice(body, headers)
        assert isinstance(notice, sdk.models.Notice) and (notice.event_id, notice.amount) == ("fake-eventId", 1)
        given = sdk.models.Notice(event_id="e-5", amount=3)
        assert sdk.webhooks.Webhooks().receive_notice(*fake.callback("notice", given, fmt=fmt)) == given
        with pytest.raises(ValueError, match="no callback signature"):
            fake.callback("Notice", fault="bad_signature")
        reply = sdk.webhooks.Webhooks().reply_notice(sdk.models.NoticeAck(received=True), fmt)
        assert fake.check_reply("notice", reply) == sdk.models.NoticeAck(received=True)
    doc = " ".join(sdk.testing.__doc__.split())
    assert "define no callback signature" in doc and "no webhooks module" not in doc


def test_packages_without_callbacks_offer_none(paysecure: Any, praxis: Any) -> None:
    for pkg in (paysecure, praxis):
        assert not hasattr(pkg.testing.FakeApi, "callback") and not hasattr(pkg.testing, "CALLBACKS")
        assert "no webhooks module" in pkg.testing.__doc__


# ---------------------------------------------------------------- routes and list responses (routes fixture)


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from generator.definitions import load_definition

    defn = load_definition(ROOT / "tests" / "fixtures" / "routes" / "shop", "tests/fixtures/routes/shop")
    sdk = import_sdk(defn, build_files(defn), tmp_path_factory.mktemp("shop"), ("testing", "errors", "client", "models"))
    yield sdk
    forget(sdk)


@pytest.mark.parametrize("fmt", FORMATS)
def test_fake_follows_every_route_the_client_picks(shop: Any, fmt: str) -> None:
    with shop.testing.FakeApi() as fake:
        client = fake.client(format=fmt)
        seen = []
        for call in (
            lambda: client.get_book(id_=7, lang="en"),
            lambda: client.get_book(id_=7, shelf="s 1"),
            lambda: client.get_book(),
            lambda: client.update_book(id_=3, title="T, new"),
            lambda: client.delete_book(id_="9", reason="old"),
            lambda: client.authenticate(provider="cred", user_name="u"),
            lambda: client.authenticate(user_name="v"),
            lambda: client.ping(text="hi"),
        ):
            call()
            got = fake.received[-1]
            seen.append((got.operation, got.verb, got.url.removeprefix(fake.base_url).split("?")[0]))
        assert seen == [
            ("GetBook", "GET", "/books/7"),
            ("GetBook", "GET", "/shelves/s%201/books/7"),
            ("GetBook", "GET", "/books"),
            ("UpdateBook", "PUT", "/books/3"),
            ("DeleteBook", "DELETE", "/books/9"),
            ("Authenticate", "POST", "/auth/cred"),
            ("Authenticate", "POST", "/auth"),
            ("Ping", "POST", "/ping"),
        ]
        requests = [r.request for r in fake.received]
        # Path and query values are decoded into the request, as the server binds them.
        assert requests[0] == shop.models.GetBook(id_=7, lang="en")
        assert requests[1] == shop.models.GetBook(id_=7, shelf="s 1")
        assert requests[3] == shop.models.UpdateBook(id_=3, title="T, new")
        assert requests[4] == shop.models.DeleteBook(id_="9", reason="old")
        assert requests[5] == shop.models.Authenticate(provider="cred", user_name="u")


def test_literal_route_beats_a_placeholder_and_other_verbs_route_too(shop: Any) -> None:
    with shop.testing.FakeApi() as fake:
        assert fake.session.get(fake.base_url + "/books/search").status_code == 200
        assert fake.received[-1].operation == "FindBooks"
        assert fake.session.patch(fake.base_url + "/books/5", json={"Title": "x"}).status_code == 200
        assert fake.received[-1].operation == "UpdateBook" and fake.received[-1].request.id_ == 5
        assert fake.session.put(fake.base_url + "/ping", json={"Text": "any verb"}).status_code == 200
        assert fake.session.get(fake.base_url + "/json/reply/QueryBooks?Skip=2").status_code == 200
        assert fake.received[-1].request == shop.models.QueryBooks(skip=2)
        assert fake.session.post(fake.base_url + "/books/search").status_code == 404


@pytest.mark.parametrize("fmt", ["json", "xml", "jsv"])
def test_list_responses_are_answered_as_lists(shop: Any, fmt: str) -> None:
    import datetime

    models = shop.models
    with shop.testing.FakeApi() as fake:
        client = fake.client(format=fmt)
        assert shop.testing.OPERATIONS["FindBooks"].many
        since = datetime.datetime(2024, 1, 2, tzinfo=datetime.timezone.utc)
        assert client.find_books(title="a,b", ids=[1, 2], since=since) == fake.sample("find_books")
        assert fake.requests("find_books") == [models.FindBooks(title="a,b", ids=[1, 2], since=since)]
        books = [models.Book(id_=1, title="One"), models.Book(id_=2, tags=["x", "y"])]
        fake.answer("find_books", books)
        assert client.find_books() == books
        fake.answer("find_books", lambda req: [models.Book(title=req.title)])
        assert client.find_books(title="echo") == [models.Book(title="echo")]
        with pytest.raises(TypeError, match="a list of Book"):
            fake.answer("find_books", models.Book())
        with pytest.raises(ValueError, match="error fields"):
            fake.fail("find_books", "Nope")
        fake.fail("find_books", "Nope", "gone", http_status=404)
        with pytest.raises(shop.errors.HttpStatusError):
            client.find_books()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_autoquery_rows_and_csv_errors_in_the_fake(shop: Any, fmt: str) -> None:
    models = shop.models
    with shop.testing.FakeApi() as fake:
        client = fake.client(format=fmt)
        assert shop.testing.OPERATIONS["QueryBooks"].rows == "results"
        books = [models.Book(id_=1, title="a, b"), models.Book(id_=2, title="c")]  # CSV: unset and null look alike
        fake.answer("query_books", models.QueryResponseOfBook(total=2, results=books))
        # CSV and JSON Lines carry only the rows of Results (ServiceStack's FirstEnumerable).
        assert client.query_books(author="x") == models.QueryResponseOfBook(results=books)
        fake.fail("query_books", "Nope", "gone", http_status=404)
        with pytest.raises(shop.errors.ApiStatusError) as caught:
            client.query_books()
        assert (caught.value.status, caught.value.code, caught.value.message) == (404, "Nope", "gone")


def test_shop_testing_module_passes_mypy_strict(tmp_path: Path) -> None:
    import subprocess
    import sys

    from generator.definitions import load_definition
    from generator.output import write_tree

    defn = load_definition(ROOT / "tests" / "fixtures" / "routes" / "shop", "tests/fixtures/routes/shop")
    write_tree(tmp_path, build_files(defn))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir=/dev/null", "shop"],
        cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
