"""JSON Lines (``text/jsonl``) as a wire format: codecs, client, simulator, ``doc2sdk serve``, the testing fake, verify.

The definition is hand-written (tests/fixtures/codecs/jsonl): ServiceStack operations
documented in jsonl, one answering a single DTO, one a ``list<T>``, one nothing.
"""

from __future__ import annotations

import datetime
import decimal
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import codegen
from generator.definitions import load_definition
from generator.rendering.environment import render
from generator.rendering.filters import speaks_format
from generator.rendering.runtime_copy import runtime_source
from generator.simulation.sdk import Sdk, build_files, forget, import_sdk
from generator.simulation.simulator import Simulator
from generator.verification.verify import check_definition, jsonl_difference, wire_format
from sim_fixtures import imported_fixture

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "codecs" / "jsonl"


@pytest.fixture(scope="module")
def lines(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sdk]:
    """The fixture's package, rendered, formatted and imported."""
    yield from imported_fixture("tests/fixtures/codecs/jsonl", tmp_path_factory)


def _book(m: Any, n: int = 1) -> Any:
    added = datetime.datetime(2017, 7, 14, 2, 40, tzinfo=datetime.timezone.utc)
    return m.Book(id_=n, title=f"T{n}", price=decimal.Decimal("9.50"), added=added, tags=["a", "b"])


# ---------------------------------------------------------------- which packages get it


def test_only_packages_whose_pages_document_jsonl_get_the_codec() -> None:
    ours = load_definition(FIXTURE, "tests/fixtures/codecs/jsonl")
    seed = load_definition(ROOT / "definitions" / "paysecure", "definitions/paysecure")
    assert speaks_format(ours, "jsonl") and not speaks_format(seed, "jsonl")
    files, seed_files = render(ours), render(seed)
    assert files["lines/_jsonl.py"].partition("\n\n")[2] == runtime_source("_jsonl.py")
    assert "paysecure/_jsonl.py" not in seed_files and "jsonl" not in seed_files["paysecure/codecs.py"]
    assert '"jsonl": "text/jsonl"' in files["lines/client.py"]


# ---------------------------------------------------------------- codecs


def test_a_dto_is_one_line_of_its_json(lines: Sdk) -> None:
    m, c = lines.models, lines.codecs
    book = _book(m)
    data = c.to_jsonl(book)
    assert data == c.to_json(book) + b"\n" and data.count(b"\n") == 1
    assert c.from_jsonl(m.Book, data) == book
    assert c.from_jsonl(m.Book, data.decode("utf-8")) == book  # str in, as from_json takes


def test_a_list_is_one_item_per_line(lines: Sdk) -> None:
    m, c = lines.models, lines.codecs
    books = [_book(m, 1), _book(m, 2), m.Book(title="only a title")]
    data = c.to_jsonl(books)
    assert data.split(b"\n") == [c.to_json(b) for b in books] + [b""]
    assert c.from_jsonl_list(m.Book, data) == books
    assert c.to_jsonl([]) == b"" and c.from_jsonl_list(m.Book, b"") == []


def test_reading_tolerates_crlf_blank_lines_and_no_final_newline(lines: Sdk) -> None:
    m, c = lines.models, lines.codecs
    one, two = (c.to_json(_book(m, n)) for n in (1, 2))
    assert c.from_jsonl_list(m.Book, b"\r\n" + one + b"\r\n\r\n  \n" + two) == [_book(m, 1), _book(m, 2)]
    assert c.from_jsonl(m.Book, b"\n\n" + one + b"\r\n\n") == _book(m, 1)
    assert c.from_jsonl(m.Book, one) == _book(m, 1)


def test_two_documents_where_one_object_is_expected_are_refused_naming_the_line(lines: Sdk) -> None:
    m, c = lines.models, lines.codecs
    data = c.to_jsonl([_book(m, 1), _book(m, 2)])
    with pytest.raises(lines.errors.DecodeError, match=r"^line 2: a second JSON document") as caught:
        c.from_jsonl(m.Book, data)
    assert caught.value.raw == data
    with pytest.raises(lines.errors.DecodeError, match=r"^line 4: a second JSON document"):
        c.from_jsonl(m.Book, b"\r\n" + data.replace(b"\n", b"\n\n", 1))
    with pytest.raises(lines.errors.DecodeError, match="no JSON document"):
        c.from_jsonl(m.Book, b"\r\n\r\n")


@pytest.mark.parametrize(
    ("data", "message", "path"),
    [
        (b'{"Id":1}\n\n{"Id":\n', r"line 3: not valid JSON: Expecting value: column 7", ""),
        (b'{"Id":1}\r\n{"Id":"x"}\r\n', r"line 2: .*int", "Id"),
        (b'{"Id":1}\n[1,2]\n', r"line 2: ", ""),
        (b'{"Id":1}\n\xff\xfe\n', r"line 2: not valid JSON", ""),
    ],
)
def test_a_malformed_line_is_a_decode_error_with_its_number_and_no_traceback(
    lines: Sdk, data: bytes, message: str, path: str
) -> None:
    m, c = lines.models, lines.codecs
    with pytest.raises(lines.errors.DecodeError, match=message) as caught:
        c.from_jsonl_list(m.Book, data)
    error = caught.value
    assert type(error) is lines.errors.DecodeError and error.path == path and error.raw == data
    # Raised ``from None``: no chained codec exception (a traceback of the JSON parser) comes along.
    assert error.__cause__ is None and error.__suppress_context__


def test_strict_decoding_passes_through(lines: Sdk) -> None:
    m, c = lines.models, lines.codecs
    assert c.from_jsonl(m.Book, b'{"Id":1,"Extra":2}\n').extra_fields == {"Extra": 2}
    with pytest.raises(lines.errors.DecodeError, match="line 1: "):
        c.from_jsonl(m.Book, b'{"Id":1,"Extra":2}\n', strict=True)


# ---------------------------------------------------------------- client over loopback


@pytest.fixture
def sim(lines: Sdk) -> Iterator[Simulator]:
    with Simulator(lines, max_seconds=60) as running:
        yield running


def test_client_calls_in_jsonl_against_the_simulator(lines: Sdk, sim: Simulator) -> None:
    m = lines.models
    with lines.client.Client(base_url=sim.url, format="jsonl") as client:
        book = client.add_book(title="Dune", price=decimal.Decimal("9.5"))
        found = client.find_books(title="Dune")
        assert client.ping(text="hi") is None
    assert isinstance(book, m.Book) and book.title == "sim-Title"
    assert isinstance(found, list) and [type(b) for b in found] == [m.Book]
    operation, headers, body = [r for r in sim.received if r[0] == "AddBook"][-1]
    assert headers["Content-Type"] == "text/jsonl" and headers["Accept"] == "text/jsonl"
    assert body.endswith(b"\n") and body.count(b"\n") == 1


def test_no_route_the_request_fills_falls_back_to_the_jsonl_reply_route(lines: Sdk, sim: Simulator) -> None:
    import requests

    urls: list[str] = []
    session = requests.Session()
    session.hooks["response"].append(lambda r, *a, **k: urls.append(r.request.url))
    with lines.client.Client(base_url=sim.url, format="jsonl", session=session) as client:
        assert isinstance(client.get_book(id_=7), lines.models.Book)
        assert isinstance(client.get_book(), lines.models.Book)  # no Id for /books/{Id}
    assert [url.removeprefix(sim.url) for url in urls] == ["/books/7", "/jsonl/reply/GetBook"]


def test_garbage_in_jsonl_is_a_decode_error(lines: Sdk, sim: Simulator) -> None:
    sim.fault = "garbage"
    with lines.client.Client(base_url=sim.url, format="jsonl") as client:
        with pytest.raises(lines.errors.DecodeError, match="FindBooks response: line 1"):
            client.find_books()
        with pytest.raises(lines.errors.DecodeError, match="AddBook response"):
            client.add_book(title="x")


def test_a_missing_required_member_in_jsonl_is_an_api_status_error(lines: Sdk, sim: Simulator) -> None:
    with lines.client.Client(base_url=sim.url, format="jsonl") as client:
        with pytest.raises(lines.errors.ApiStatusError) as caught:
            client.add_book(price=decimal.Decimal(1))
    assert caught.value.status == 400 and [e.field_name for e in caught.value.errors] == ["Title"]


def test_client_over_doc2sdk_serve_in_jsonl(lines: Sdk, tmp_path: Path) -> None:
    # The real verb, as a user runs it: a root holding the fixture's definitions.
    shutil.copytree(FIXTURE, tmp_path / "definitions" / "lines")
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(tmp_path), "serve", "lines", "--port", "0", "--max-seconds", "60"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert " on http://127.0.0.1:" in line, line + (proc.stderr.read() if proc.stderr else "")
        url = line.split(" on ", 1)[1].split()[0]
        with lines.client.Client(base_url=url, format="jsonl", timeout=(2.0, 5.0)) as client:
            assert isinstance(client.add_book(title="Dune"), lines.models.Book)
            assert [type(b) for b in client.find_books()] == [lines.models.Book]
            assert client.ping() is None
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_a_package_without_jsonl_refuses_it(tmp_path: Path) -> None:
    seed = load_definition(ROOT / "definitions" / "paysecure", "definitions/paysecure")
    sdk = import_sdk(seed, build_files(seed), tmp_path)
    try:
        with pytest.raises(ValueError, match="format must be one of"):
            sdk.client.Client(base_url="http://127.0.0.1:1", format="jsonl")
        with Simulator(sdk, max_seconds=30) as running:
            import requests

            answer = requests.post(running.url + "/jsonl/reply/CreateSessionRequest", data=b"{}\n", timeout=5)
        assert answer.status_code == 415
    finally:
        forget(sdk)


# ---------------------------------------------------------------- the testing fake


def test_the_fake_answers_jsonl(lines: Sdk, tmp_path: Path) -> None:
    # The testing module imports the client: load the whole package as a user would.
    defn = load_definition(FIXTURE, "tests/fixtures/codecs/jsonl")
    package = codegen.import_package(codegen.generate(defn, tmp_path))
    testing = __import__(package.__name__ + ".testing", fromlist=["FakeApi"])
    models = sys.modules[package.__name__ + ".models"]
    errors = sys.modules[package.__name__ + ".errors"]
    with testing.FakeApi() as fake:
        client = fake.client(format="jsonl")
        assert isinstance(client.add_book(title="x"), models.Book)
        received = fake.received[-1]  # a POST: its body is in jsonl (a GET has none)
        assert received.format == "jsonl" and received.headers["Accept"] == "text/jsonl"
        fake.answer("FindBooks", [models.Book(id_=1), models.Book(id_=2)])
        assert [b.id_ for b in client.find_books()] == [1, 2]
        fake.fail("AddBook", "Denied", "not today", http_status=403)
        with pytest.raises(errors.ApiStatusError) as caught:
            client.add_book(title="x")
        assert caught.value.code == "Denied" and caught.value.status == 403
    assert [r.request.title for r in fake.received if r.operation == "AddBook"] == ["x", "x"]


# ---------------------------------------------------------------- verify


def test_verify_reads_jsonl_examples_with_the_jsonl_codec() -> None:
    defn = load_definition(FIXTURE, "tests/fixtures/codecs/jsonl")
    outcomes = check_definition(defn, build_files(defn))
    assert {o.example.name: o.status for o in outcomes} == {
        "AddBook.request.jsonl": "ok",
        "AddBook.response.jsonl": "ok",
        "FindBooks.response.jsonl": "ok",  # a list<T> response: two lines, two items
        "FindBooks.request.jsonl": "cut",
    }
    assert {wire_format(o.example) for o in outcomes} == {"jsonl"}


def test_jsonl_difference_compares_line_by_line() -> None:
    assert jsonl_difference('{"A":1}\n{"A":2}', '{"A":1}\r\n\n{"A":2}\n') is None
    assert jsonl_difference('{"A":1}\n{"A":2}', '{"A":1}\n') == "2 JSON lines expected, got 1"
    assert jsonl_difference('{"A":1}\n{"A":2}', '{"A":1}\n{"A":3}\n') == "document 2: at $.A: 2 expected, got 3"
    assert jsonl_difference('{"a":1}', '{"A":1}\n', fold_case=True) is None


def test_callbacks_travel_in_jsonl_too(tmp_path: Path) -> None:
    # The fixture plus a callback: the fake builds it in jsonl, ``webhooks`` decodes it by Content-Type.
    folder = tmp_path / "defn"
    shutil.copytree(FIXTURE, folder)
    with (folder / "overrides.yaml").open("a", encoding="utf-8") as out:
        out.write("callbacks:\n  book_added: {message: Book, reply: Ping, reason: a test}\n")
    defn = load_definition(folder, "tests/fixtures/codecs/jsonl")
    package = codegen.import_package(codegen.generate(defn, tmp_path / "out"))
    testing = __import__(package.__name__ + ".testing", fromlist=["FakeApi"])
    webhooks = __import__(package.__name__ + ".webhooks", fromlist=["Webhooks"])
    models = sys.modules[package.__name__ + ".models"]
    with testing.FakeApi() as fake:
        body, headers = fake.callback("book_added", models.Book(id_=3), fmt="jsonl")
        assert headers == {"Content-Type": "text/jsonl"} and body == b'{"Id":3}\n'
        assert webhooks.Webhooks().receive_book_added(body, headers) == models.Book(id_=3)
        reply = webhooks.Webhooks().reply_book_added(models.Ping(text="ok"), fmt="jsonl")
        assert reply.headers == {"Content-Type": "text/jsonl"}
        assert fake.check_reply("book_added", reply) == models.Ping(text="ok")
