"""What ``verify`` must know about how doc pages print examples: cut-off bodies and JSV's display form.

A capture stopped at ~2000 characters leaves a body that is a *prefix* of a valid
document: that example is ``cut``, not failed.  A body malformed before its end is
still a failure.  ServiceStack's metadata pages print JSV through its display
formatter (one member per line, tab indents, ``Key: value``); the wire form has none
of that, so a JSV sample is compacted before it is decoded and compared.
"""

from __future__ import annotations

import decimal
import json
from typing import Any
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
        elif ch == " " and text[i:].lstrip(" ")[:1] in ("}", "]"):
            pass  # a copy that lost the line breaks keeps one space where each was, before a closing bracket too
        else:
            out.append(ch)
        i += 1
    return "".join(out).strip()


def jsv_difference(expected: str, actual: str, fold_case: bool = True) -> str | None:
    """The first difference between two JSV texts read as values (keys without case when ``fold_case``), or None.

    A ServiceStack server reads JSV keys case-insensitively, and camelCase services print their
    samples so; the value, not the spelling of a key, is what must survive a round trip.
    """
    try:
        left, right = _jsv_value(expected, 0)[0], _jsv_value(actual, 0)[0]
    except (IndexError, ValueError) as exc:
        return f"not JSV: {exc}"
    return tree_difference(left, right, "$", fold_case)


def _jsv_value(text: str, pos: int) -> tuple[object, int]:
    if pos < len(text) and text[pos] == "{":
        members: list[tuple[str, object]] = []
        pos += 1
        while pos < len(text) and text[pos] != "}":
            key, pos = _jsv_value(text, pos)
            if pos >= len(text) or text[pos] != ":":
                raise ValueError(f"expected ':' at offset {pos}")
            bare = text[pos + 1 : pos + 2] != '"'
            value, pos = _jsv_value(text, pos + 1)
            if not (bare and value == "null"):
                # A JSON-style null member is the member left out: JSV writes no null members.
                members.append((str(key), value))
            pos += 1 if pos < len(text) and text[pos] == "," else 0
        return ("object", members), pos + 1
    if pos < len(text) and text[pos] == "[":
        items: list[object] = []
        pos += 1
        while pos < len(text) and text[pos] != "]":
            item, pos = _jsv_value(text, pos)
            items.append(item)
            pos += 1 if pos < len(text) and text[pos] == "," else 0
        return items, pos + 1
    if pos < len(text) and text[pos] == '"':
        end, out = pos + 1, []
        while True:
            quote = text.index('"', end)
            out.append(text[end:quote])
            if text[quote + 1 : quote + 2] != '"':
                return '"'.join(out), quote + 1
            end = quote + 2
    end = pos
    while end < len(text) and text[end] not in ",:}]":
        end += 1
    word = text[pos:end]
    # A JSV reader takes booleans in any case (`false` as printed JSON-style, `False` as written).
    return (word.capitalize() if word.lower() in ("true", "false") else word), end


def tree_difference(left: Any, right: Any, path: str, fold: bool = False) -> str | None:
    """The first difference of two parsed documents (``("object", [(key, value)])``, lists, scalars), or None."""
    if isinstance(left, tuple) and isinstance(right, tuple):
        lkeys, rkeys = [k for k, _ in left[1]], [k for k, _ in right[1]]
        if ([k.lower() for k in lkeys] != [k.lower() for k in rkeys]) if fold else lkeys != rkeys:
            return f"at {path}: keys {brief(lkeys)} expected, got {brief(rkeys)}"
        for (key, lval), (_, rval) in zip(left[1], right[1]):
            found = tree_difference(lval, rval, f"{path}.{key}", fold)
            if found:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list):
        if len(left) != len(right):
            return f"at {path}: {len(left)} items expected, got {len(right)}"
        for index, (lval, rval) in enumerate(zip(left, right)):
            found = tree_difference(lval, rval, f"{path}[{index}]", fold)
            if found:
                return found
        return None
    same_kind = isinstance(left, bool) == isinstance(right, bool) and type(left) in _SCALARS and type(right) in _SCALARS
    if not (same_kind and left == right and (left is None) == (right is None)):
        return f"at {path}: {json.dumps(_plain(left))[:80]} expected, got {json.dumps(_plain(right))[:80]}"
    return None


_SCALARS = (str, int, bool, decimal.Decimal, type(None))


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return {k: _plain(v) for k, v in value[1]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def brief(keys: list[str]) -> str:
    """Keys as ``[a,b,...]``, cut at 120 characters."""
    text = ",".join(keys)
    return f"[{text[:120]}{'...' if len(text) > 120 else ''}]"
