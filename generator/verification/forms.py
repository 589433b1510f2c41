"""What ``verify`` must know about how doc pages print examples: cut-off bodies and JSV's display form.

A capture stopped at ~2000 characters leaves a body that is a *prefix* of a valid
document: that example is ``cut``, not failed.  A body malformed before its end is
still a failure.  ServiceStack's metadata pages print JSV through its display
formatter (one member per line, tab indents, ``Key: value``); the wire form has none
of that, so a JSV sample is compacted before it is decoded and compared.
"""

from __future__ import annotations

import json
from xml.parsers import expat


def is_cut(body: str, fmt: str) -> bool:
    """True when ``body`` stops inside a document of ``fmt`` that it began (a capture's cut)."""
    text = body.rstrip()
    if not text:
        return False
    if fmt in ("json", "jsonl"):
        return _json_cut(text.split("\n", 1)[0] if fmt == "jsonl" else text)
    if fmt == "xml":
        return _xml_cut(text)
    if fmt == "jsv":
        return _open_depth(text) > 0
    if fmt == "csv":
        return _csv_cut(text)
    return False


def _json_cut(text: str) -> bool:
    try:
        json.loads(text)
    except json.JSONDecodeError as exc:
        # An unterminated string, or a value or delimiter expected where the text ends.
        return exc.msg.startswith("Unterminated string") or exc.pos >= len(text)
    return False


def _xml_cut(text: str) -> bool:
    if "<!DOCTYPE" in text.upper():
        return False  # never parsed here: the codec refuses it, and that is the verdict
    parser = expat.ParserCreate()
    try:
        parser.Parse(text.encode("utf-8"), True)
    except expat.ExpatError as exc:
        ends_here = exc.lineno == text.count("\n") + 1 and exc.offset >= len(text.rsplit("\n", 1)[-1]) - 1
        unfinished = exc.code in (expat.errors.codes[expat.errors.XML_ERROR_NO_ELEMENTS],
                                  expat.errors.codes[expat.errors.XML_ERROR_UNCLOSED_TOKEN],
                                  expat.errors.codes[expat.errors.XML_ERROR_PARTIAL_CHAR])
        return unfinished or ends_here
    return False


def _open_depth(text: str) -> int:
    """Brackets still open at the end of JSV text (an open quoted string counts as one)."""
    depth, quoted, i = 0, False, 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"':
                if text[i + 1 : i + 2] == '"':
                    i += 1
                else:
                    quoted = False
        elif ch == '"':
            quoted = True
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
        i += 1
    return depth + (1 if quoted else 0)


def _csv_cut(text: str) -> bool:
    """A header and a row with fewer cells than the header, or a quoted cell left open."""
    lines = text.replace("\r\n", "\n").split("\n")
    if text.count('"') % 2:
        return True
    return len(lines) >= 2 and lines[-1].count(",") < lines[0].count(",")


def jsv_compact(text: str) -> str:
    """JSV as sent on the wire from the metadata pages' display form (newlines, tab indents, ``Key: value``)."""
    out: list[str] = []
    quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if quoted:
            out.append(ch)
            if ch == '"':
                if text[i + 1 : i + 2] == '"':
                    out.append('"')
                    i += 1
                else:
                    quoted = False
        elif ch == '"':
            quoted = True
            out.append(ch)
        elif ch in "\r\n\t":
            pass  # the formatter's line breaks and indents
        elif ch == " " and out and out[-1] in ":,{[":
            pass  # the space the formatter prints after a key's colon
        elif ch == " " and text[i + 1 : i + 2] in ("\r", "\n", ""):
            pass  # a trailing space before the formatter's line break
        else:
            out.append(ch)
        i += 1
    return "".join(out).strip()
