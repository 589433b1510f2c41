"""Parameter tables whose ``<Type> Parameters:`` titles were lost in the capture (flattened Markdown copies).

Such a copy still shows every table, each opening with its header row.  The page
prints the request first, then each type a field refers to, depth first in the
order the fields name them; so the first table is the request and each later one is
named after the next field type not yet seen.  A table no field refers to is the
response where none is named yet (``<Request>`` -> ``<Request>Response``, ServiceStack's
convention, with a warning); any other one keeps its fields in a type named after its
position (``<Request>Table3``), with a warning, so that no row is lost.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...typeexpr import TypeExprError, named_types, parse_type
from ..report import ExtractWarning
from .tables import Section, TableReader, split_untitled


def _refs(section: Section) -> list[str]:
    """The type names the section's fields refer to, in field order."""
    names: list[str] = []
    for fld in section.fields:
        try:
            found = named_types(parse_type(fld.type))
        except TypeExprError:
            continue
        names += [n for n in dict.fromkeys(found) if n not in names]
    return names


def read_untitled(
    lines: Sequence[tuple[int, str]], file: str, request: str
) -> tuple[list[Section], list[ExtractWarning]]:
    """Named sections (the first is ``request``) and the warnings for rows that could not be placed."""
    reader = TableReader(file, [])
    sections: list[Section] = []
    queue: list[str] = []
    seen: set[str] = set()
    used: set[str] = set()
    for index, (kind, line, rows) in enumerate(split_untitled(lines)):
        name = request if index == 0 and kind == "class" else (queue.pop(0) if queue else "")
        section = Section(name or "?", kind, line)
        for number, text in rows:
            if kind == "enum":
                reader.enum_row(section, number, text)
            else:
                reader.field_row(section, number, text)
        if not name:
            name = _unreferenced_name(request, index, used)
            what = f"{len(section.fields)} fields" if kind == "class" else f"{len(section.members)} members"
            reader.warn(line, f"untitled table ({what}) that no field on the page refers to: named {name}", "")
            section.name = name
        used.add(name)
        seen.add(name)
        queue[0:0] = [n for n in _refs(section) if n not in seen and n not in queue]
        sections.append(section)
    if sections:
        reader.warn(sections[0].line, "table titles are missing; tables named after the field types in page order", "")
    return sections, reader.warnings


def _unreferenced_name(request: str, index: int, used: set[str]) -> str:
    """The name of a table nothing names: the request's, the response's by convention, else by position."""
    if index == 0:
        return "UntitledRequest"
    stem = request.removesuffix("Request") if request else "Untitled"
    response = f"{stem}Response"
    if response not in used:
        return response
    return f"{stem}Table{index + 1}"
