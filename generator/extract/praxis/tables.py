"""Praxis parameter tables, flattened or Markdown, read into rows (one per documented field)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .notation import NOTATION, is_notation
from .sink import Sink

Line = tuple[int, str]  # (1-based page line, text)

MARKS = "✓✔?✕✗×✖"
_LEGEND = re.compile(rf"^\s*[{MARKS}]\s+-\s+\S")
_NAME_WORDS = ("variable", "name", "parameter", "field", "key")
_FLAT_HEADER = re.compile(
    r"^\s*(?:variable|name|parameter|field)\s+type\b(?P<mid>.*?)\s*\bdescription\b(?P<tail>.*)$", re.I
)
_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_NAME = r"[a-z_][A-Za-z0-9_.\[\]]*"
# Old pages name fields in PascalCase (``FrontEndName``); a notation must follow the name either way.
_FLAT_ROW = re.compile(rf"^\s*(?P<name>[A-Za-z_][A-Za-z0-9_.\[\]]*)\s+(?P<type>(?i:{NOTATION}))(?=\s|$)\s*(?P<rest>.*)$")
# A row of an unknown notation that still looks like ``name kind(size) ...``.
_ODD_ROW = re.compile(rf"^\s*(?P<name>[a-z_][a-z0-9_]*)\s+(?P<type>[A-Za-z]+\s*\([^)]*\))(?=\s|$)\s*(?P<rest>.*)$")
# A row whose name cell the site lost (e-mail obfuscation): it starts with the type.
_NAMELESS = re.compile(
    rf"^\s*(?:\[email[^\]]*\]\s*)?(?i:{NOTATION})\s+(?:Required|Optional|Recommended|[{MARKS}])|^\s*\[email[^\]]*\]"
)
_OBFUSCATED = re.compile(r"\[email[^\]]*\]|@")
_LABEL = re.compile(r"[^\s()]+(?:\s*\([^)]*\))?")
_CONDITION = re.compile(r"^if\s+\S+(?:\s+(?:received|provided|present|sent|given|is\s+\S+))?")


def is_mark(text: str) -> bool:
    """True for a requirement cell: a mark alone or followed by a short condition (``✓ if x received``)."""
    body = text.strip()
    return bool(body) and body[0] in MARKS and (len(body) == 1 or (body[1] == " " and len(body) <= 48))


@dataclass
class Row:
    """One documented field as written: name, notation, description lines, requirement marks."""

    name: str
    notation: str
    line: int
    lines: list[Line] = field(default_factory=list)  # description lines with their page lines
    marks: tuple[str, ...] = ()
    # Labels of the columns the marks were read from ("" when unknown); a name of "" is a lost name cell.
    mark_labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Table:
    """A parameter table: its rows and the labels of its ✓/?/✕ columns (if any)."""

    rows: tuple[Row, ...]
    mark_columns: tuple[str, ...] = ()


def is_bare_row(text: str) -> bool:
    """True for a flattened row that needs no header to be read (``trace_id int(11) Required. ...``)."""
    match = _FLAT_ROW.match(text)
    if match is None or "_" not in match.group("name") and not match.group("name").islower():
        return False
    return "(" in match.group("type") and re.match(r"(?:Required|Optional|Recommended)\b", match.group("rest")) is not None


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
    """Read a section's lines into rows; every line becomes a row, a continuation or a warning.

    A table whose every row is ``owner.name`` documents the members of ``owner``: the
    prefix is taken off (the fields belong to the nested object, not to a dotted key).
    """
    table = _parse_table(lines, sink, context)
    prefixes = {row.name.split(".", 1)[0] for row in table.rows if "." in row.name}
    if len(prefixes) == 1 and all("." in row.name for row in table.rows):
        rows = tuple(Row(r.name.split(".", 1)[1], r.notation, r.line, r.lines, r.marks, r.mark_labels) for r in table.rows)
        return Table(rows, table.mark_columns)
    return table


def _parse_table(lines: list[Line], sink: Sink, context: str) -> Table:
    index = 0
    while index < len(lines) and (not lines[index][1].strip() or _LEGEND.match(lines[index][1])):
        index += 1
    if index < len(lines) and is_header(lines[index][1]):
        number, header = lines[index]
        if _is_markdown_header(header):
            return _markdown(header, lines[index + 1 :], sink)
        match = _FLAT_HEADER.match(header)
        assert match is not None  # is_header() said it is one of the two
        columns = tuple(c.strip() for c in _LABEL.findall(match.group("mid")))
        return Table(tuple(_flattened(lines[index + 1 :], columns, sink)), columns)
    if index < len(lines):
        sink.warn(lines[index][0], f"{context}: no 'Variable Type Description' header; reading rows anyway", lines[index][1])
    return Table(tuple(_flattened(lines[index:], (), sink)))


def _split_marks(rest: str, labels: tuple[str, ...]) -> tuple[tuple[str, ...], tuple[str, ...], str]:
    """Peel ✓/?/✕ marks (and a ``✓ if x received`` condition) from a flattened row's description.

    The marks lead the description; captures lose some of them (a ✓ drawn as an icon),
    so the labels are kept only when every column shows its mark.
    """
    tokens = rest.split()
    marks: list[str] = []
    while tokens and tokens[0] in MARKS and len(marks) < max(len(labels), 1):
        marks.append(tokens.pop(0))
        condition = _CONDITION.match(" ".join(tokens)) if tokens else None
        if condition and len(marks) == 1 and not labels:
            marks[0] += " " + condition.group(0)
            tokens = " ".join(tokens)[condition.end() :].split()
    if not marks and labels and len(tokens) >= len(labels) and all(t in MARKS for t in tokens[-len(labels) :]):
        marks, tokens = tokens[-len(labels) :], tokens[: -len(labels)]
    shown = labels if len(marks) == len(labels) else ("",) * len(marks)
    return tuple(marks), shown, " ".join(tokens)


def _flattened(lines: list[Line], labels: tuple[str, ...], sink: Sink) -> list[Row]:
    rows: list[Row] = []
    current: Row | None = None
    skipping = False  # continuation lines of a skipped row are skipped with it
    for number, text in lines:
        if not text.strip() or _LEGEND.match(text):
            continue
        match = _FLAT_ROW.match(text) or _ODD_ROW.match(text)
        if _NAMELESS.match(text) and not match:
            # The name cell was lost (e-mail obfuscation): kept nameless, to be restored from the page.
            lost = re.match(rf"^\s*(?:\[email[^\]]*\]\s*)?(?P<type>(?i:{NOTATION}))?\s*(?P<rest>.*)$", text)
            assert lost is not None  # every part of the pattern is optional
            marks, shown, rest = _split_marks(lost.group("rest"), labels)
            current = Row("", lost.group("type") or "", number, [(number, rest)] if rest else [], marks, shown)
            rows.append(current)
            continue
        if match:
            marks, shown, rest = _split_marks(match.group("rest"), labels)
            current = Row(match.group("name"), match.group("type"), number, [(number, rest)] if rest else [], marks, shown)
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
    name_col, type_col, _, _, leading = cols
    cells = _cells(text, leading)
    if len(cells) < len(labels):
        sink.warn(number, f"table row has {len(cells)} of {len(labels)} cells", text)
        cells += [""] * (len(labels) - len(cells))
    name = cells[name_col].strip("`* ")
    if is_notation(name) and not is_notation(cells[type_col]):
        # The name cell was lost (e-mail obfuscation) and the other cells moved left.
        cells, name = ["", *cells], ""
    elif not name or _OBFUSCATED.search(name):
        name = ""
    elif re.fullmatch(_NAME, name) is None and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.\[\]-]*", name) is None:
        sink.warn(number, f"not a field name {name!r}; row skipped", text)
        return
    # Marks sit in their own columns (sometimes under the "Description" label); the rest is prose.
    marks, shown, prose = [], [], []
    for index, cell in enumerate(cells):
        if index in (name_col, type_col) or not cell:
            continue
        if is_mark(cell):
            marks.append(cell)
            label = labels[index] if index < len(labels) else ""
            shown.append("" if label in ("description", "") else label)
        else:
            prose.append(cell)
    # Wrapped cells lose their own line numbers: their lines are credited to the row's first line.
    lines = [(number, part.strip()) for part in "\n".join(prose).split("\n") if part.strip()]
    rows.append(Row(name, cells[type_col], number, lines, tuple(marks), tuple(shown)))
