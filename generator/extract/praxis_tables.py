"""Praxis parameter tables, flattened or Markdown, read into rows (one per documented field)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .praxis_notation import NOTATION, is_notation
from .praxis_sink import Sink

Line = tuple[int, str]  # (1-based page line, text)

MARKS = "✓✔?✕✗×✖"
_LEGEND = re.compile(rf"^\s*[{MARKS}]\s+-\s+\S")
_NAME_WORDS = ("variable", "name", "parameter", "field", "key")
_FLAT_HEADER = re.compile(
    r"^\s*(?:variable|name|parameter|field)\s+type\b(?P<mid>.*?)\s*\bdescription\b(?P<tail>.*)$", re.I
)
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NAME = r"[a-z_][A-Za-z0-9_.\[\]]*"
_FLAT_ROW = re.compile(rf"^\s*(?P<name>{_NAME})\s+(?P<type>(?i:{NOTATION}))(?=\s|$)\s*(?P<rest>.*)$")
# A row of an unknown notation that still looks like ``name kind(size) ...``.
_ODD_ROW = re.compile(rf"^\s*(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[A-Za-z]+\s*\([^)]*\))(?=\s|$)\s*(?P<rest>.*)$")
# A row whose name cell the site lost (e-mail obfuscation): it starts with the type.
_NAMELESS = re.compile(
    rf"^\s*(?:\[email[^\]]*\]\s*)?(?i:{NOTATION})\s+(?:Required|Optional|Recommended|[{MARKS}])|^\s*\[email[^\]]*\]"
)
_OBFUSCATED = re.compile(r"\[email[^\]]*\]|@")


@dataclass
class Row:
    """One documented field as written: name, notation, description lines, requirement marks."""

    name: str
    notation: str
    line: int
    lines: list[Line] = field(default_factory=list)  # description lines with their page lines
    marks: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A parameter table: its rows and the labels of its ✓/?/✕ columns (if any)."""

    rows: tuple[Row, ...]
    mark_columns: tuple[str, ...] = ()


def is_header(text: str) -> bool:
    """True for a table header line (``Variable Type Description`` or its Markdown form)."""
    return _FLAT_HEADER.match(text) is not None or _is_markdown_header(text)


def _is_markdown_header(text: str) -> bool:
    if "|" not in text:
        return False
    cells = [c.lower() for c in _cells(text)]
    return bool(cells) and cells[0] in _NAME_WORDS and "type" in cells


def _cells(text: str, leading: bool = True) -> list[str]:
    """Split a Markdown row into trimmed cells, dropping the outer pipes' empty cells.

    In a table written without leading pipes, a row that starts with one has an empty
    first cell (the lost name of an e-mail row), so ``leading`` says which style applies.
    """
    body = text.strip()
    if leading and body.startswith("|"):
        body = body[1:]
    if body.endswith("|"):
        body = body[:-1]
    return [c.strip().replace("<br>", "\n").replace("<br/>", "\n") for c in body.split("|")]


def parse_table(lines: list[Line], sink: Sink, context: str) -> Table:
    """Read a section's lines into rows; every line becomes a row, a continuation or a warning."""
    index = 0
    while index < len(lines) and (not lines[index][1].strip() or _LEGEND.match(lines[index][1])):
        index += 1
    if index < len(lines) and is_header(lines[index][1]):
        number, header = lines[index]
        if _is_markdown_header(header):
            return _markdown(header, lines[index + 1 :], sink)
        match = _FLAT_HEADER.match(header)
        assert match is not None  # is_header() said it is one of the two
        columns = tuple(match.group("mid").split())
        return Table(tuple(_flattened(lines[index + 1 :], len(columns), sink)), columns)
    if index < len(lines):
        sink.warn(lines[index][0], f"{context}: no 'Variable Type Description' header; reading rows anyway", lines[index][1])
    return Table(tuple(_flattened(lines[index:], 0, sink)))


def _split_marks(rest: str, count: int) -> tuple[tuple[str, ...], str]:
    """Peel ✓/?/✕ marks from the start (or end) of a flattened row's description."""
    tokens = rest.split()
    if count and len(tokens) >= count and all(t in MARKS for t in tokens[:count]):
        return tuple(tokens[:count]), " ".join(tokens[count:])
    if count and len(tokens) >= count and all(t in MARKS for t in tokens[-count:]):
        return tuple(tokens[-count:]), " ".join(tokens[:-count])
    return (), rest


def _flattened(lines: list[Line], mark_count: int, sink: Sink) -> list[Row]:
    rows: list[Row] = []
    current: Row | None = None
    skipping = False  # continuation lines of a skipped row are skipped with it
    for number, text in lines:
        if not text.strip() or _LEGEND.match(text):
            continue
        match = _FLAT_ROW.match(text) or _ODD_ROW.match(text)
        if _NAMELESS.match(text) and not match:
            sink.warn(number, "table row has lost its name cell (e-mail obfuscation?); row skipped", text)
            current, skipping = None, True
            continue
        if match:
            marks, rest = _split_marks(match.group("rest"), mark_count)
            current = Row(match.group("name"), match.group("type"), number, [(number, rest)] if rest else [], marks)
            rows.append(current)
            skipping = False
        elif current is not None:
            current.lines.append((number, text.strip()))
        elif skipping:
            sink.warn(number, "continuation of a skipped row; skipped", text)
        else:
            sink.warn(number, "text before the first table row; skipped", text)
    return rows


def _markdown(header: str, lines: list[Line], sink: Sink) -> Table:
    labels = [c.lower() for c in _cells(header)]
    style = (header.strip().startswith("|"), header.strip().endswith("|"))
    name_col = 0  # _is_markdown_header() checked that the first cell names the field
    type_col = labels.index("type")
    desc_col = labels.index("description") if "description" in labels else None
    mark_cols = [i for i in range(len(labels)) if i not in (name_col, type_col, desc_col)]
    rows: list[Row] = []
    pending: tuple[int, str] | None = None  # a row still waiting for its wrapped cells
    for number, text in lines:
        if not text.strip() or _SEPARATOR.match(text) or _LEGEND.match(text):
            continue
        if pending is not None and not _complete(pending[1], len(labels), style) and not _starts_row(text):
            pending = (pending[0], pending[1] + "\n" + text.strip())
            continue
        if "|" not in text and rows:
            rows[-1].lines.append((number, text.strip()))  # a wrapped description without pipes
            continue
        if pending is not None:
            _emit(pending, labels, (name_col, type_col, desc_col, mark_cols, style[0]), rows, sink)
        pending = (number, text)
    if pending is not None:
        _emit(pending, labels, (name_col, type_col, desc_col, mark_cols, style[0]), rows, sink)
    return Table(tuple(rows), tuple(labels[i] for i in mark_cols))


def _complete(text: str, count: int, style: tuple[bool, bool]) -> bool:
    """A row is complete with all its cells and, in a trailing-pipe table, its closing pipe."""
    return len(_cells(text, style[0])) >= count and (not style[1] or text.rstrip().endswith("|"))


def _starts_row(text: str) -> bool:
    cells = _cells(text)
    return len(cells) >= 2 and re.fullmatch(_NAME, cells[0].strip("`* ")) is not None and is_notation(cells[1])


# Column indexes (name, type, description or None, mark columns) and whether rows have a leading pipe.
_Columns = tuple[int, int, "int | None", list[int], bool]


def _emit(pending: tuple[int, str], labels: list[str], cols: _Columns, rows: list[Row], sink: Sink) -> None:
    number, text = pending
    name_col, type_col, desc_col, mark_cols, leading = cols
    cells = _cells(text, leading)
    if len(cells) < len(labels):
        sink.warn(number, f"table row has {len(cells)} of {len(labels)} cells", text)
        cells += [""] * (len(labels) - len(cells))
    name = cells[name_col].strip("`* ")
    if not name or _OBFUSCATED.search(name):
        sink.warn(number, "table row has lost its name cell (e-mail obfuscation?); row skipped", text)
        return
    if re.fullmatch(_NAME, name) is None and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\[\]-]*", name) is None:
        sink.warn(number, f"not a field name {name!r}; row skipped", text)
        return
    description = cells[desc_col] if desc_col is not None else ""
    extra = [c for c in cells[len(labels) :] if c]
    # Wrapped cells lose their own line numbers: their lines are credited to the row's first line.
    lines = [(number, part.strip()) for part in "\n".join([description, *extra]).split("\n") if part.strip()]
    rows.append(Row(name, cells[type_col], number, lines, tuple(cells[i] for i in mark_cols)))
