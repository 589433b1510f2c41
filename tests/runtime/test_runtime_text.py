"""generator/runtime/_text.py and _xml.py in place: JSV quoting and parsing, XML documents."""

from __future__ import annotations

from generator.runtime import _text as text
from generator.runtime import _xml as xml


def test_jsv_quotes_only_what_needs_it() -> None:
    assert text.jsv_quote("plain") == "plain"
    assert text.jsv_quote("a,b") == '"a,b"'


def test_jsv_parses_objects_and_lists_as_text() -> None:
    assert text.jsv_parse("{A:1,B:[x,y]}") == {"A": "1", "B": ["x", "y"]}
    assert text.jsv_parse(text.jsv_object({"A": "1", "B": text.jsv_quote("a,b")})) == {"A": "1", "B": "a,b"}


def test_xml_documents_escape_and_parse_back() -> None:
    assert xml.escape("<a&b>") == "&lt;a&amp;b&gt;"
    name, root = xml.parse(xml.document("Req", "<A>" + xml.escape("1 & 2") + "</A>").encode("utf-8"))
    assert name == "Req"
    assert [(text.local_name(child.tag), child.text) for child in root] == [("A", "1 & 2")]


def test_jsv_list_or_map_spelled_null_reads_as_null() -> None:
    # Some services print JSON-style members in their JSV samples (`"Types": null`).
    assert text.TextList(text.txt_str)("null", False) is None
    assert text.TextMap(text.txt_str, text.txt_str)("null", False) is None
    assert text.TextList(text.txt_str)("[null,x]", False) == ["null", "x"]  # a string item keeps its text
    assert text.TextMap(text.txt_str, text.txt_str)("{a:null}", False) == {"a": "null"}


def test_csv_rows_round_trip_under_one_header() -> None:
    rows = [{"Id": "1", "Title": "a, b"}, {"Id": "2", "Note": 'say "hi"'}]
    text_csv = text.csv_write_rows(rows)
    assert text_csv == 'Id,Title,Note\r\n1,"a, b",\r\n2,,"say ""hi"""\r\n'
    assert text.csv_records(text_csv) == [{"Id": "1", "Title": "a, b", "Note": None}, {"Id": "2", "Title": None, "Note": 'say "hi"'}]
    assert text.csv_records("") == [] and text.csv_records("Id,Title\r\n") == []
    assert text.csv_records("Id\n1\n\n2") == [{"Id": "1"}, {"Id": "2"}]  # LF, a blank line, no final newline
