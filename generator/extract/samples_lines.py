"""A line-by-line reader for pretty-printed JSV and JSON sample bodies, used where the strict reader breaks.

ServiceStack prints JSV samples one member a line, nested by indentation (``key: value,``, or
``key:`` then ``{``/``[`` on the next line).  A capture that lost or garbled one line breaks the
strict reader from there on; reading by indentation instead loses only what that line held:
a member's parent is the last container member indented less than it.
"""

from __future__ import annotations

import re

from .samples import OBJECT, SampleNode, _Build, _jsv_scalar, infer_string

_KEY_RE = re.compile(r'^(?:"(?P<quoted>[^"]+)"|(?P<bare>[^\s":,{}\[\]][^":,{}\[\]]*?))\s*:\s*(?P<value>.*?)\s*,?\s*$')
_OPEN = {"{": OBJECT, "[": "list"}


def read_by_indent(body: str, first_line: int) -> tuple[SampleNode, ...]:
    """The top-level members of a pretty-printed body, read by indentation (nothing is raised)."""
    root = _Build("", OBJECT, first_line)
    # (indent, node): containers open at that indentation; the root is below every line.
    stack: list[tuple[int, _Build]] = [(-1, root)]
    pending: _Build | None = None  # a member whose value opens on the next line
    for offset, indent, text in _levels(body):
        if text in _OPEN:
            if pending is not None:
                pending.type = _OPEN[text]
                stack.append((indent, pending))
                pending = None
            continue
        pending = None
        if text in ("}", "]"):
            continue
        while len(stack) > 1 and stack[-1][0] >= indent:
            stack.pop()
        match = _KEY_RE.match(text)
        # A member inside a list of scalars: the list's "]" line was lost, so the list has ended.
        # Likewise a named member inside a dictionary placeholder ({String: String}): its "}" was lost.
        while match and len(stack) > 1 and (_scalar_list(stack[-1][1]) or _ended_map(stack[-1][1], match)):
            stack.pop()
        parent = stack[-1][1]
        if match is None:
            # A bare item: a list of scalars, unless the list already holds objects (then a stray line).
            if parent.type == "list" or (parent.type or "").startswith("list<") and not parent.children:
                parent.type = f"list<{_scalar(text) or 'string'}>"
            continue
        name = match.group("quoted") or match.group("bare").strip()
        child = _Build(name, None, first_line + offset)
        parent.children.append(child)
        if parent.type == "list":
            parent.type = "list<object>"
        value = match.group("value")
        if value in ("", "{", "["):
            pending = child
            if value:
                child.type = _OPEN[value]
                stack.append((indent, child))
                pending = None
        else:
            child.type = _scalar(value)
    _close_lists(root)
    return root.freeze().children


def _levels(body: str) -> list[tuple[int, int, str]]:
    """(line offset, nesting level, text) of every non-blank line: by indentation, or by brackets where none is indented.

    A flattened capture lost the indentation; its brackets on lines of their own still nest.
    """
    lines = [(i, raw, raw.strip().rstrip(",").strip()) for i, raw in enumerate(body.split("\n"))]
    lines = [(i, raw, text) for i, raw, text in lines if text]
    if any(raw[:1] in (" ", "\t") for _, raw, _ in lines):
        return [(i, len(raw) - len(raw.lstrip()), text) for i, raw, text in lines]
    out, depth = [], 0
    for i, _, text in lines:
        if text in ("}", "]"):
            depth = max(depth - 1, 0)
        out.append((i, depth, text))
        if text in _OPEN:
            depth += 1
    return out


def _scalar_list(node: _Build) -> bool:
    return (node.type or "").startswith("list<") and node.type != "list<object>" and not node.children


def _placeholder_key(name: str) -> bool:
    return name == "String" or name.isdigit()


def _ended_map(node: _Build, match: re.Match[str]) -> bool:
    name = (match.group("quoted") or match.group("bare") or "").strip()
    kids = node.children
    return node.type == OBJECT and bool(kids) and _placeholder_key(kids[0].name) and not _placeholder_key(name)


def _scalar(text: str) -> str | None:
    if len(text) >= 2 and text[0] == text[-1] == '"':
        return infer_string(text[1:-1])
    return _jsv_scalar(text)


def _close_lists(node: _Build) -> None:
    """A list whose items were never seen is a list of strings, as the strict reader has it."""
    if node.type == "list":
        node.type = "list<string>"
    for child in node.children:
        _close_lists(child)


def count_nodes(nodes: tuple[SampleNode, ...]) -> int:
    """How many members a tree holds, at every depth."""
    return sum(1 + count_nodes(n.children) for n in nodes)
