"""ServiceStack routes over real loopback HTTP: route choice, query strings, path encoding, errors, auth.

The definition is hand-written (tests/fixtures/routes/shop): several routes per operation,
GET/DELETE/PUT/ANY verbs, list and generic-instance responses, authenticated operations.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.definitions import dump_api, load_definition, parse_api
from generator.errors import DefinitionError
from generator.rendering.filters import client_routes
from generator.simulation.sdk import Sdk
from generator.simulation.simulator import Simulator
from sim_fixtures import imported_fixture

FIXTURE = Path(__file__).parent / "fixtures" / "routes" / "shop"
TOKEN = "tok-3f9a-very-secret"


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    """The shop package, rendered in memory and imported."""
    yield from imported_fixture("tests/fixtures/routes/shop", tmp_path_factory)


@pytest.fixture
def sim(shop: Sdk) -> Iterator[Simulator]:
    with Simulator(shop, max_seconds=60) as running:
        yield running


def _client(sdk: Sdk, url: str, **kwargs: Any) -> tuple[Any, list[tuple[str, str]]]:
    """A client whose session records every (verb, URL) it sends."""
    import requests

    calls: list[tuple[str, str]] = []
    session = requests.Session()
    session.hooks["response"].append(lambda r, *a, **k: calls.append((r.request.method, r.request.url)))
    return sdk.client.Client(base_url=url, session=session, **kwargs), calls


def _path(url: str) -> str:
    return urlsplit(url).path


# ---------------------------------------------------------------- the contract


def test_definition_round_trips_with_routes_roles_and_response_kinds() -> None:
    api = load_definition(FIXTURE).api
    again = parse_api(dump_api(api), "again")
    assert sorted(again.operations, key=lambda o: o.name) == sorted(api.operations, key=lambda o: o.name)
    ops = {op.name: op for op in api.operations}
    assert ops["UpdateBook"].roles == ("Admin",) and ops["UpdateBook"].any_roles == ("Editor", "Owner")
    assert ops["FindBooks"].response_many and ops["FindBooks"].response_type == "Book"
    assert ops["QueryBooks"].response_declared == "QueryResponse<Book>"
    assert {f.name: f.location for t in api.types if t.name == "GetBook" for f in t.fields} == {
        "Id": "path", "Shelf": "path", "Lang": "query"}


def test_unknown_verb_and_undefined_list_item_are_refused() -> None:
    text = (FIXTURE / "api.yaml").read_text("utf-8")
    with pytest.raises(DefinitionError, match="verbs"):
        parse_api(text.replace("verbs: [PUT, PATCH]", "verbs: [FETCH]"), "x.yaml")
    with pytest.raises(DefinitionError, match="Nope"):
        parse_api(text.replace("response: list<Book>", "response: list<Nope>"), "x.yaml")


def test_client_routes_most_specific_first_and_never_options() -> None:
    ops = {op.name: op for op in load_definition(FIXTURE).api.operations}
    assert client_routes(ops["GetBook"]) == [
        ("GET", "/shelves/{Shelf}/books/{Id}"), ("GET", "/books/{Id}"), ("GET", "/books")]
    assert client_routes(ops["Ping"]) == [("POST", "/ping")]  # ANY: the operation's verb
    assert client_routes(ops["Authenticate"])[0] == ("POST", "/auth/{provider}")  # POST, never a GET with a password


# ---------------------------------------------------------------- route choice over loopback


def test_route_choice_follows_the_placeholders_the_request_fills(shop: Sdk, sim: Simulator) -> None:
    client, calls = _client(shop, sim.url)
    with client:
        book = client.get_book(id_=5)
        client.get_book(id_=5, shelf="a b/c?")
        client.get_book(lang="de")
    assert isinstance(book, shop.models.Book)
    assert [(verb, _path(url)) for verb, url in calls] == [
        ("GET", "/books/5"), ("GET", "/shelves/a%20b%2Fc%3F/books/5"), ("GET", "/books")]
    assert parse_qs(urlsplit(calls[2][1]).query) == {"Lang": ["de"]}
    assert urlsplit(calls[0][1]).query == ""  # a member in the path is not repeated in the query


def test_get_sends_members_as_a_servicestack_query_string(shop: Sdk, sim: Simulator) -> None:
    m = shop.models
    client, calls = _client(shop, sim.url)
    with client:
        found = client.find_books(title="x,y", ids=[1, 2], near=m.Book(id_=7, title="a:b"))
    assert [type(item) for item in found] == [m.Book]  # list<Book>: a list of typed items
    verb, url = calls[0]
    query = parse_qs(urlsplit(url).query)
    assert verb == "GET" and query["Title"] == ["x,y"] and query["Ids"] == ["[1,2]"]
    assert query["Near"] == ['{Id:7,Title:"a:b"}']  # complex values as JSV
    assert sim.received[-1][2] == b""  # no body on a GET


def test_generic_instance_response_decodes(shop: Sdk, sim: Simulator) -> None:
    with shop.client.Client(base_url=sim.url) as client:
        page = client.query_books(skip=0, take=10)
    assert type(page).__name__ == "QueryResponseOfBook" and isinstance(page.results[0], shop.models.Book)


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_autoquery_csv_and_jsonl_answers_stream_the_results(shop: Sdk, sim: Simulator, fmt: str) -> None:
    # ServiceStack writes an AutoQuery answer in CSV / JSON Lines as the rows of its Results (FirstEnumerable).
    with shop.client.Client(base_url=sim.url, format=fmt) as client:
        page = client.query_books(author="x")
    assert type(page).__name__ == "QueryResponseOfBook" and page.total is shop.models.UNSET
    assert page.results and all(isinstance(book, shop.models.Book) for book in page.results)
    assert sim.received[-1][0] == "QueryBooks"


def test_autoquery_rows_from_a_real_shaped_server(shop: Sdk, canned: tuple[str, type[_Canned]]) -> None:
    url, handler = canned
    handler.content_type = "text/csv"
    handler.body = b'Id,Title\r\n1,"a, b"\r\n2,c\r\n\r\n'
    with shop.client.Client(base_url=url, format="csv") as client:
        page = client.query_books()
    assert [(b.id_, b.title) for b in page.results] == [(1, "a, b"), (2, "c")]
    handler.content_type, handler.body = "text/jsonl", b'{"Id":1,"Title":"a"}\r\n\r\n{"Id":2}\n'
    with shop.client.Client(base_url=url, format="jsonl") as client:
        assert [b.id_ for b in client.query_books().results] == [1, 2]
    handler.content_type, handler.body = "text/csv", b"Id,Title\r\nnope,c\r\n"
    with shop.client.Client(base_url=url, format="csv") as client, pytest.raises(shop.errors.DecodeError) as caught:
        client.query_books()
    assert "row 2" in str(caught.value) and caught.value.path == "Id"
    handler.content_type, handler.body = "text/csv", b""
    with shop.client.Client(base_url=url, format="csv") as client:
        assert client.query_books().results == []  # no rows: an empty result


def test_put_delete_any_and_the_reply_fallback(shop: Sdk, sim: Simulator) -> None:
    client, calls = _client(shop, sim.url, auth=shop.client.BearerToken(TOKEN))
    with client:
        assert client.update_book(id_=3, title="T").title is not None
        assert client.delete_book(id_="a/b", reason="old") is None
        client.ping(text="hi")
        with pytest.raises(shop.errors.ApiStatusError) as caught:
            client.update_book(title="no id")  # no route it fills: /json/reply/UpdateBook
    assert [(verb, _path(url)) for verb, url in calls] == [
        ("PUT", "/books/3"), ("DELETE", "/books/a%2Fb"), ("POST", "/ping"), ("PUT", "/json/reply/UpdateBook")]
    assert parse_qs(urlsplit(calls[1][1]).query) == {"Reason": ["old"]}
    error = caught.value
    assert isinstance(error, shop.errors.HttpStatusError) and isinstance(error, shop.errors.ApiError)
    assert (error.status, error.code) == (400, "ValidationException")
    assert [(e.error_code, e.field_name) for e in error.errors] == [("NotEmpty", "Id")]


# ---------------------------------------------------------------- auth


def test_auth_header_sent_never_logged_nor_shown(shop: Sdk, sim: Simulator, caplog: pytest.LogCaptureFixture) -> None:
    credential = shop.client.BearerToken(TOKEN)
    caplog.set_level(logging.DEBUG)
    with shop.client.Client(base_url=sim.url, auth=credential) as client:
        client.update_book(id_=3, title="T")
        with pytest.raises(shop.errors.ApiStatusError) as caught:
            client.update_book(title="missing id")
        shown = [repr(client), repr(credential), str(caught.value), repr(caught.value)]
    headers = sim.received[-2][1]
    assert headers["Authorization"] == "Bearer " + TOKEN
    assert all(TOKEN not in text for text in shown + [r.getMessage() for r in caplog.records])


def test_session_from_an_authenticate_response(shop: Sdk, sim: Simulator) -> None:
    m, c = shop.models, shop.client
    assert "abc" not in repr(c.SessionCookie.from_response(m.AuthenticateResponse(session_id="abc")))
    bearer = c.SessionCookie.from_response(m.AuthenticateResponse(session_id="abc", bearer_token="jwt"))
    headers: dict[str, str] = {}
    bearer.apply(headers)
    assert headers == {"Authorization": "Bearer jwt"}
    with c.Client(base_url=sim.url) as client:
        granted = client.authenticate(provider="credentials", user_name="u", password="p")
    with c.Client(base_url=sim.url, auth=c.SessionCookie.from_response(granted)) as client:
        client.delete_book(id_="1")
    assert sim.received[-1][1]["Authorization"] == "Bearer " + granted.bearer_token
    with c.Client(base_url=sim.url, auth=c.SessionCookie(granted.session_id)) as client:
        client.delete_book(id_="1")
    assert sim.received[-1][1]["Cookie"] == "ss-id=" + granted.session_id


# ---------------------------------------------------------------- ResponseStatus in a 200 and in XML


class _Canned(BaseHTTPRequestHandler):
    status = 200
    content_type = "application/json"
    body = b""

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(self.status)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def canned() -> Iterator[tuple[str, type[_Canned]]]:
    handler = type("Handler", (_Canned,), {})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", handler
    server.shutdown()
    server.server_close()


def test_a_200_carrying_a_response_status_is_an_api_error(shop: Sdk, canned: tuple[str, type[_Canned]]) -> None:
    url, handler = canned
    handler.body = json.dumps({"Text": "x", "ResponseStatus": {"ErrorCode": "Nope", "Message": "not now",
                               "Errors": [{"ErrorCode": "Length", "FieldName": "Text", "Message": "too long"}]}}).encode()
    with shop.client.Client(base_url=url) as client, pytest.raises(shop.errors.ApiError) as caught:
        client.ping(text="x")
    assert caught.value.code == "Nope" and "not now" in caught.value.message
    assert caught.value.errors == (shop.errors.FieldError("Length", "Text", "too long"),)


def test_xml_and_camel_case_error_bodies_map_too(shop: Sdk, canned: tuple[str, type[_Canned]]) -> None:
    url, handler = canned
    handler.status, handler.content_type = 403, "application/xml"
    handler.body = (b'<ErrorResponse xmlns="http://schemas.servicestack.net/types"><ResponseStatus><ErrorCode>Forbidden</ErrorCode>'
                    b"<Message>Invalid Role</Message><Errors><ResponseError><ErrorCode>Role</ErrorCode><FieldName>Admin</FieldName>"
                    b"<Message>missing</Message></ResponseError></Errors></ResponseStatus></ErrorResponse>")
    with shop.client.Client(base_url=url, format="xml") as client, pytest.raises(shop.errors.ApiStatusError) as caught:
        client.update_book(id_=1, title="t")
    assert (caught.value.status, caught.value.code, caught.value.message) == (403, "Forbidden", "Invalid Role")
    assert caught.value.errors == (shop.errors.FieldError("Role", "Admin", "missing"),)
    handler.status, handler.content_type = 401, "application/json"
    handler.body = b'{"responseStatus":{"errorCode":"Unauthorized","message":"who?"}}'
    with shop.client.Client(base_url=url) as client, pytest.raises(shop.errors.ApiStatusError) as caught:
        client.ping()
    assert caught.value.code == "Unauthorized"
    handler.status, handler.body = 502, b"<html>bad gateway</html>"
    with shop.client.Client(base_url=url) as client, pytest.raises(shop.errors.HttpStatusError) as plain:
        client.ping()
    assert not isinstance(plain.value, shop.errors.ApiError)


def test_jsv_and_csv_error_bodies_map_too(shop: Sdk, canned: tuple[str, type[_Canned]]) -> None:
    # A server answers an error in the format asked for; CSV holds the ResponseStatus as a JSV cell.
    url, handler = canned
    status = "{ErrorCode:NotFound,Message:no such book,Errors:[{ErrorCode:Exists,FieldName:Id,Message:unknown id}]}"
    handler.status, handler.content_type = 404, "text/jsv"
    handler.body = ("{ResponseStatus:" + status + "}").encode()
    with shop.client.Client(base_url=url, format="jsv") as client, pytest.raises(shop.errors.ApiStatusError) as caught:
        client.ping()
    assert (caught.value.status, caught.value.code, caught.value.message) == (404, "NotFound", "no such book")
    assert caught.value.errors == (shop.errors.FieldError("Exists", "Id", "unknown id"),)
    handler.content_type = "text/csv"
    handler.body = ('ResponseStatus\r\n"' + status.replace('"', '""') + '"\r\n').encode()
    with shop.client.Client(base_url=url, format="csv") as client, pytest.raises(shop.errors.ApiStatusError) as caught:
        client.ping()
    assert (caught.value.code, caught.value.message) == ("NotFound", "no such book")
    assert caught.value.errors == (shop.errors.FieldError("Exists", "Id", "unknown id"),)


def test_diff_reports_route_and_role_changes() -> None:
    import dataclasses

    from generator.review.rules import _operation_pair
    from generator.model import Route

    op = next(o for o in load_definition(FIXTURE).api.operations if o.name == "UpdateBook")
    fewer = dataclasses.replace(op, routes=(Route("/books/{Id}", ("PUT",)),), roles=("Admin", "Root"), any_roles=("Editor",))
    changes = {(c.rule, c.severity, c.old, c.new) for c in _operation_pair("operations.UpdateBook", op, fewer)}
    assert ("route-removed", "breaking", "PATCH /books/{Id}", None) in changes
    assert ("role-required", "breaking", None, "Root") in changes
    assert ("any-roles-changed", "breaking", "Editor, Owner", "Editor") in changes


def test_csv_rows_codec_refuses_hostile_bytes_with_a_decode_error(shop: Sdk) -> None:
    for data in (b"\xff\xfe", b'Id\r\n"open', b"Id\r\n1,2,3\r\n"):
        with pytest.raises(shop.errors.DecodeError):
            shop.codecs.from_csv_rows(shop.models.Book, data)
