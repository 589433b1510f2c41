"""The body of a ServiceStack metadata page: parameter tables, DTO source code, or an error block."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..report import ExtractWarning
from .assemble import PageTypes
from .detect import detect_language
from .languages.dispatch import parse_dto_source, response_type_of
from .languages.python import parse_python
from .tables import SECTION_RE, TableReader, has_untitled_tables, section_name
from .untitled import read_untitled

_ERROR_RE = re.compile(r"NotSupportedException|Unknown language '")
_STACK_RE = re.compile(r"^\s*(at\s|---\s*End of)|\.cs:line \d+")
_LANGUAGES = {
    "python": "python", "c#": "csharp", "csharp": "csharp", "typescript": "typescript", "dart": "dart",
    "java": "java", "kotlin": "kotlin", "swift": "swift", "vb.net": "vbnet", "vbnet": "vbnet", "f#": "fsharp",
    "fsharp": "fsharp", "javascript": "mjs", "mjs": "mjs",
}  # fmt: skip
# DTO languages whose generators camelCase every property name (the wire names stay as declared in C#).
CAMEL_CASED = frozenset({"swift"})
# VB.NET puts ``Inherits``/``Implements`` on the lines after ``Class X``.
_VERB_MARKED_RE = re.compile(
    r"\b(?:class|Class|type)\s+(\w+)\b(?:[^\n{]*|[^\n{]*\n(?:[ \t]*Inherits[^\n]*\n)?[ \t]*Implements[^\n]*)"
    r"\bI(?:Post|Get|Put|Delete|Patch)\b"
)
_CLOSING_RE = re.compile(r"^(?P<lang>Python|C#|CSharp|TypeScript|Dart|Java|Kotlin|Swift|VB\.NET|VbNet|F#|FSharp|JavaScript|mjs)\s+(?P<dto>\w+)\s+DTOs\s*$", re.I)


@dataclass
class Body:
    """What the body showed: its kind, the section/class order, the code's language."""

    kind: str = "empty"  # tables | code | error | empty
    language: str | None = None
    order: list[str] = field(default_factory=list)
    returns: dict[str, str] = field(default_factory=dict)
    # Classes declared with one of ServiceStack's verb marker interfaces (IPost, IGet...): requests.
    verb_marked: set[str] = field(default_factory=set)
    # The request DTO the body names: the first table section, or the code's closing line.
    dto: str = ""
    dto_line: int = 0
    warnings: list[ExtractWarning] = field(default_factory=list)


def read_body(lines: Sequence[tuple[int, str]], file: str, types: PageTypes, request: str = "") -> Body:
    """Read the body lines into ``types``; anything not understood is a warning.

    ``request`` is the request DTO's name as the page header or samples tell it, for tables that lost their titles.
    """
    body = Body()
    rest = _drop_error_block(lines, file, body)
    if has_untitled_tables(rest):
        body.kind = "tables"
        sections, warnings = read_untitled(rest, file, request)
        body.warnings += warnings
        types.add_sections(sections)
        body.order = [s.name for s in sections]
        if sections:
            body.dto, body.dto_line = sections[0].name, sections[0].line
    elif any(SECTION_RE.match(t.strip()) for _, t in rest):
        body.kind = "tables"
        names = [section_name(m) for _, t in rest if (m := SECTION_RE.match(t.strip()))]
        reader = TableReader(file, names)
        sections = reader.read(rest)
        body.warnings += reader.warnings
        types.add_sections(sections)
        body.order = [s.name for s in sections]
        if sections:
            body.dto, body.dto_line = sections[0].name, sections[0].line
    elif any(t.strip() for _, t in rest):
        body.kind = "code"
        _read_code(rest, file, types, body)
    return body


def _drop_error_block(lines: Sequence[tuple[int, str]], file: str, body: Body) -> list[tuple[int, str]]:
    """Report an ``Unknown language`` error once and consume its stack-trace lines."""
    rest: list[tuple[int, str]] = []
    in_error = False
    for number, text in lines:
        if _ERROR_RE.search(text):
            if body.kind != "error":
                body.warnings.append(ExtractWarning(f"{file}:{number}", "the page shows an error instead of DTOs", text.strip()))
            body.kind, in_error = "error", True
        elif in_error and (not text.strip() or _STACK_RE.search(text)):
            continue
        else:
            in_error = False
            rest.append((number, text))
    return rest


def _read_code(lines: Sequence[tuple[int, str]], file: str, types: PageTypes, body: Body) -> None:
    closing = next((i for i, (_, t) in enumerate(lines) if _CLOSING_RE.match(t.strip())), None)
    code = list(lines[:closing] if closing is not None else lines)
    if closing is not None:
        match = _CLOSING_RE.match(lines[closing][1].strip())
        body.language = _LANGUAGES.get(match.group("lang").lower()) if match else None
        body.dto, body.dto_line = (match.group("dto"), lines[closing][0]) if match else ("", 0)
        for number, text in lines[closing + 1 :]:
            if text.strip():
                body.warnings.append(ExtractWarning(f"{file}:{number}", "text after the DTO code not understood", text.strip()))
    while code and not code[-1][1].strip():
        code.pop()
    while code and not code[0][1].strip():
        code.pop(0)
    if not code:
        return
    text = "\n".join(t for _, t in code)
    body.language = body.language or detect_language(text)
    body.verb_marked = set(_VERB_MARKED_RE.findall(text))
    if body.language == "python":
        classes, warnings = parse_python(code, file)
        body.warnings += warnings
        types.add_code(classes)
        body.order = [c.name for c in classes]
        body.returns = {c.name: c.returns for c in classes if c.returns is not None}
    elif body.language is None:
        body.warnings.append(ExtractWarning(f"{file}:{code[0][0]}", "body is neither tables nor DTO code; skipped", code[0][1].strip()))
    else:
        _read_other_language(body.language, text, code[0][0], file, types, body)


def _read_other_language(lang: str, code: str, first_line: int, file: str, types: PageTypes, body: Body) -> None:
    """Hand non-Python DTO code to the language readers (``languages.dispatch``)."""
    where = f"{file}:{first_line}"
    try:
        typedefs, warnings = parse_dto_source(lang, code, file, first_line)
    except Exception as exc:  # noqa: BLE001 - a bug there must not stop extraction; it is reported instead
        body.warnings.append(ExtractWarning(where, f"{lang} DTO code not read: {type(exc).__name__}: {exc}"))
        return
    body.warnings += list(warnings)
    types.add_typedefs(typedefs, camel_cased=lang in CAMEL_CASED)
    body.order = [t.name for t in typedefs]
    try:
        body.returns = dict(response_type_of(lang, code))
    except Exception:  # noqa: BLE001 - only a hint: the structural guess still applies
        body.returns = {}