"""Praxis EXAMPLE sections: the curl request and JSON responses, kept verbatim with key lines."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from ..samples import OBJECT, SampleNode, parse_json
from .sink import Sink
from .tables import Line

_BOILERPLATE = re.compile(r"merchant\s+secret\s*=|^please refer to|^for example\b", re.I)
_DATA_FLAG = re.compile(r"(?:-d|--data(?:-raw|-binary)?)\s+(['\"])")
_METHOD = re.compile(r"(?:-X|--request)\s*([A-Za-z]+)")
_URL = re.compile(r"https?://[^\s'\"\\]+")
_AT_LINE = re.compile(r"at line (\d+)")
# Stand-ins for the scalars a damaged example shows (see ``_stand_in``).
_SCALARS: dict[str | None, Any] = {"bool": False, "int": 0, "long": 2**31, "double": 0.0}


class Obj(list):  # type: ignore[type-arg]
    """A JSON object as ``(key, page_line, value)`` triples in the order the page shows them."""


@dataclass(frozen=True)
class RawExample:
    """One example as shown: heading, role, exact body text, first body line, parsed value.

    A ``damaged`` example has no body (it cannot be kept as a doc example) and its
    value holds only what was read before the damage, with stand-in scalars.
    """

    name: str
    role: str  # request | response | error
    body: str
    line: int
    value: Any
    method: str | None = None
    url: str | None = None
    damaged: bool = False


def parse_examples(lines: list[Line], sink: Sink, quiet: bool = False) -> list[RawExample]:
    """Read an EXAMPLE section: headings, curl commands and JSON blocks; other text is warned about.

    ``quiet`` reads text outside any EXAMPLE heading: its prose is not warned about,
    and a JSON block with no heading is named ``Example`` (its role is settled later).
    """
    found: list[RawExample] = []
    heading: str | None = None
    index = 0
    while index < len(lines):
        number, text = lines[index]
        stripped = text.strip()
        if not stripped or stripped.startswith("```"):
            index += 1
        elif stripped.startswith("curl"):
            example, index = _curl(lines, index, heading or "Request", sink)
            found += [example] if example else []
            heading = None
        elif stripped[0] in "{[":
            example, index = _json_block(lines, index, heading or ("Example" if quiet else "Response"), sink)
            found += [example] if example else []
            heading = None
        else:
            if _starts_example(lines, index + 1):
                heading = stripped.strip("#* ")
            elif not quiet and not _BOILERPLATE.search(stripped):
                sink.warn(number, "text in the EXAMPLE section not understood; skipped", text)
            index += 1
    return found


def _starts_example(lines: list[Line], index: int) -> bool:
    for _, text in lines[index:]:
        stripped = text.strip()
        if stripped and not stripped.startswith("```"):
            return stripped.startswith(("curl", "{", "["))
    return False


def role_of(name: str, default: str) -> str:
    """``request``, ``error`` (headings saying ERR/error/fail) or ``response``."""
    low = name.lower()
    if re.search(r"\b(err|error|errors|fail\w*)\b", low):
        return "error"
    if low.startswith("request"):
        return "request"
    return default


def _curl(lines: list[Line], index: int, name: str, sink: Sink) -> tuple[RawExample | None, int]:
    """A curl command: method, URL and the ``-d '...'`` body (the request example)."""
    end = index
    while end < len(lines) - 1 and lines[end][1].rstrip().endswith("\\"):
        end += 1
    command = "\n".join(text for _, text in lines[index : end + 1])
    method = _METHOD.search(command)
    url = _URL.search(command)
    data = _DATA_FLAG.search(command)
    verb, address = (method.group(1).upper() if method else "POST"), (url.group(0) if url else None)
    if data is None:
        return RawExample(name, "request", "", lines[index][0], None, verb, address), end + 1
    line_of_data = index + command[: data.end()].count("\n")
    column = data.end() - (command.rfind("\n", 0, data.end()) + 1)  # the joined lines are the page's own
    example, after = _json_from(lines, line_of_data, column, name, role_of(name, "request"), sink)
    if example is None:
        return None, after
    return replace(example, role="request", method=verb, url=address), after


def _json_block(lines: list[Line], index: int, name: str, sink: Sink) -> tuple[RawExample | None, int]:
    column = len(lines[index][1]) - len(lines[index][1].lstrip())
    return _json_from(lines, index, column, name, role_of(name, "response"), sink)


def _json_from(lines: list[Line], index: int, column: int, name: str, role: str, sink: Sink) -> tuple[RawExample | None, int]:
    """The JSON value starting at ``lines[index]`` column ``column``; returns it and the next line."""
    text = "\n".join(t for _, t in lines[index:])
    end = scan_json(text, column)
    first = lines[index][0]
    if end is None:
        return _salvage(lines, index, text[column:], name, role, sink)
    body = text[column:end]
    last = index + text[:end].count("\n")
    tail = lines[last][1][len(text[:end].rsplit("\n", 1)[-1]) :].strip()
    if tail not in ("", "'", '"', "```"):
        sink.warn(lines[last][0], "text after the example's JSON; skipped", tail)
    try:
        value = json.loads(body, object_pairs_hook=Obj)
    except json.JSONDecodeError as exc:
        # The brackets close, so the example ends here whatever the damage inside it.
        damage = (first + body[: exc.pos].count("\n"), exc.msg)
        return _salvage(lines, index, body, name, role, sink, damage)[0], last + 1
    keys = iter(key_lines(body))
    return RawExample(name, role, body, first, _with_lines(value, keys, first)), last + 1


def _salvage(
    lines: list[Line], index: int, body: str, name: str, role: str, sink: Sink, known: tuple[int, str] | None = None
) -> tuple[RawExample | None, int]:
    """What a damaged example shows before its damage, and the line to read on from.

    The fields it alone shows would otherwise be lost with it.  It is not kept as a
    doc example (its text is not the vendor's); the damage is warned about.  When
    its brackets never close, the example is taken to end at the first blank line
    after the damage, so that the examples after it are still read.
    """
    first = lines[index][0]
    root, error = parse_json(body, first)
    found = _AT_LINE.search(error or "")
    damage, reason = known or (int(found.group(1)) if found else first, error or "not valid JSON")
    after = next((i for i, (n, t) in enumerate(lines) if i > index and n > damage and not t.strip()), len(lines))
    kept = "the fields shown before the damage kept" if root.children else "nothing in it kept"
    if known is None:
        kept += ", the lines after it up to a blank line skipped"
    shown = next((t for n, t in lines if n == damage), "")
    sink.warn(damage, f"example {name!r} is damaged or cut short ({reason}); {kept}", shown)
    if root.type != OBJECT or not root.children:
        return None, after
    return RawExample(name, role, "", first, _stand_in(root), damaged=True), after


def _stand_in(node: SampleNode, kind: str | None = OBJECT) -> Any:
    """An Obj tree shaped like a salvaged node: keys, lines and scalar kinds, not the shown text.

    Strings and nulls become None, which reads as a string field and is never taken
    for an enum value that the page did not really show.
    """
    if kind == OBJECT:
        return Obj((child.name, child.line, _stand_in(child, child.type)) for child in node.children)
    if kind is not None and kind.startswith("list<"):
        return [_stand_in(node, kind[len("list<") : -1])]
    return _SCALARS.get(kind)


def scan_json(text: str, start: int) -> int | None:
    """End offset (exclusive) of the bracketed JSON value at ``start``, or None if it never closes."""
    depth, index, in_string = 0, start, False
    while index < len(text):
        char = text[index]
        if in_string:
            if char == "\\":
                index += 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def key_lines(body: str) -> list[int]:
    """0-based line offsets of every object key in ``body``, in textual order."""
    found, index, line = [], 0, 0
    while index < len(body):
        char = body[index]
        if char == "\n":
            line += 1
        elif char == '"':
            start_line = line
            index += 1
            while index < len(body) and body[index] != '"':
                index += 2 if body[index] == "\\" else 1
            rest = body[index + 1 :].lstrip(" \t\r\n")
            if rest.startswith(":"):
                found.append(start_line)
        index += 1
    return found


def _with_lines(value: Any, keys: Any, first: int) -> Any:
    """Attach page lines to keys: textual key order is the pre-order walk of the parsed tree."""
    if isinstance(value, Obj):
        out = Obj()
        for key, item in value:
            line = first + next(keys, 0)
            out.append((key, line, _with_lines(item, keys, first)))
        return out
    if isinstance(value, list):
        return [_with_lines(item, keys, first) for item in value]
    return value
