"""generator/runtime/_jsonl.py in place: joining and splitting JSON Lines, and naming the line of a failure."""

from __future__ import annotations

import pytest

from generator.runtime import _jsonl as jsonl
from generator.runtime.errors import DecodeError, EncodeError


def test_join_terminates_every_document_with_a_newline() -> None:
    assert jsonl.join([b'{"A":1}', b'{"A":2}']) == b'{"A":1}\n{"A":2}\n'
    assert jsonl.join([]) == b""


@pytest.mark.parametrize("document", [b'{"A":"x\ny"}', b'{"A":1}\r'])
def test_join_refuses_a_document_that_spans_lines(document: bytes) -> None:
    with pytest.raises(EncodeError, match="more than one line"):
        jsonl.join([document])


@pytest.mark.parametrize(
    "data",
    [b'{"A":1}\n\n{"A":2}\n', b'{"A":1}\r\n{"A":2}', '\n  \r\n{"A":1}\n{"A":2}\r\n\n', b'{"A":1}\r\n \t\r\n{"A":2}'],
)
def test_lines_skip_blank_lines_and_carriage_returns_and_keep_numbers(data: bytes | str) -> None:
    found = jsonl.lines(data)
    assert [text for _, text in found] == [b'{"A":1}', b'{"A":2}']
    # Numbers count every line of the message, blank ones too.
    text = data.decode() if isinstance(data, bytes) else data
    assert [number for number, _ in found] == [i for i, line in enumerate(text.split("\n"), 1) if line.strip()]


def test_only_line_wants_exactly_one_document() -> None:
    assert jsonl.only_line(b'\n{"A":1}\r\n') == (2, b'{"A":1}')
    with pytest.raises(DecodeError, match=r"^line 3: a second JSON document"):
        jsonl.only_line(b'{"A":1}\n\n{"A":2}\n')
    with pytest.raises(DecodeError, match="no JSON document"):
        jsonl.only_line(" \r\n\n")


def test_decode_line_names_the_line_and_keeps_the_member_path_and_whole_message() -> None:
    data = b'{"A":1}\n{"A":"x"}\n'

    def bad(text: bytes) -> object:
        raise DecodeError("expected int, got str", "A", text)

    with pytest.raises(DecodeError) as caught:
        jsonl.decode_line(bad, (2, b'{"A":"x"}'), data)
    assert str(caught.value) == "A: line 2: expected int, got str"
    assert caught.value.path == "A" and caught.value.raw == data
    assert caught.value.__suppress_context__


def test_decode_line_reports_json_positions_within_the_line() -> None:
    def unparsable(text: bytes) -> object:
        raise DecodeError("not valid JSON: Expecting value: line 1 column 6 (char 5)", "", text)

    with pytest.raises(DecodeError, match=r"^line 4: not valid JSON: Expecting value: column 6 \(char 5\)$"):
        jsonl.decode_line(unparsable, (4, b'{"A":'), b"...")
