"""DTO source code on ServiceStack metadata pages (``&lang=...``) -> TypeDefs, for every language but Python.

``parse_dto_source`` is what the page parser calls with a page's code block; the
Python variant is parsed elsewhere with libcst.  Each family of languages has its own
line scanner (``cfamily`` for brace languages, ``ml`` for VB.NET and F#);
``common`` holds the type-name and annotation knowledge they share.

Property names are returned as printed: TypeScript, Java, Kotlin, Swift and Dart
camelCase them, so the caller reconciles them with tables and samples by normalised
name.  Nothing here raises on odd input: unreadable lines become ExtractWarnings.
"""

from __future__ import annotations

import re

from ....model import TypeDef
from ...report import ExtractWarning
from .cfamily import parse_cfamily
from .common import Collector, Pending, split_top
from .ml import parse_fsharp, parse_vbnet

LANGUAGES = ("csharp", "typescript", "dart", "java", "kotlin", "swift", "vbnet", "fsharp")
# Read through another language's scanner: JavaScript modules as TypeScript once their JSDoc types are moved inline.
DERIVED_LANGUAGES = ("mjs",)
_ALIASES = {
    "c#": "csharp", "cs": "csharp", "ts": "typescript", "vb.net": "vbnet", "vb": "vbnet", "f#": "fsharp",
    "javascript": "mjs", "js": "mjs",
}  # fmt: skip
# JavaScript modules (``lang=mjs``) type each property with a JSDoc line above it.
_JSDOC_TYPE = re.compile(r"^\s*/\*\*\s*@type\s*\{(?P<type>.+)\}\s*\*/\s*$")
_JS_PROPERTY = re.compile(r"^(?P<indent>\s*)(?P<name>[A-Za-z_$][\w$]*)\s*;\s*$")
_JS_SKIP = re.compile(r"^\s*(\"use strict\";|/\*\*\s*@param\b.*\*/\s*$)")


def canonical_language(lang: str) -> str | None:
    """The canonical name of ``lang`` (``c#`` -> ``csharp``), or None when unsupported here."""
    name = lang.strip().lower()
    name = _ALIASES.get(name, name)
    return name if name in LANGUAGES or name in DERIVED_LANGUAGES else None


def parse_dto_source(lang: str, code: str, file: str, first_line: int) -> tuple[list[TypeDef], list[ExtractWarning]]:
    """TypeDefs declared in ``code`` (line ``i`` is line ``first_line + i`` of ``file``) and the warnings."""
    return _scan(lang, code, file, first_line).result()


def response_type_of(lang: str, code: str) -> dict[str, str]:
    """Request DTO name -> response type expression, from ``IReturn<X>`` and its spellings."""
    return dict(_scan(lang, code, "", 1).responses)


def _scan(lang: str, code: str, file: str, first_line: int) -> Collector:
    name = canonical_language(lang)
    out = Collector(name or lang, file, first_line)
    lines = code.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if name is None:
        out.warn(0, f"DTO source language {lang!r} is not supported; code block skipped", lang)
    elif name == "vbnet":
        parse_vbnet(lines, out)
    elif name == "fsharp":
        parse_fsharp(lines, out)
    elif name == "mjs":
        parse_cfamily("typescript", _jsdoc_as_typescript(lines), out)
        _add_init_members(lines, out)
    else:
        parse_cfamily(name, lines, out)
    return out


_JS_INIT = re.compile(r"^\s*/\*\*\s*@param\s*\{\{(?P<members>.*)\}\}\s*\[init\]")
_JS_CLASS = re.compile(r"^\s*(?:export\s+)?class\s+(?P<name>\w+)")


def _add_init_members(lines: list[str], out: Collector) -> None:
    """Members a class's constructor ``@param {{A?:T,...}} [init]`` lists that its body does not show (cut off)."""
    owner = None
    for index, line in enumerate(lines):
        declared = _JS_CLASS.match(line)
        if declared:
            owner = next((t for t in out.types if t.name == declared.group("name")), None)
        init = _JS_INIT.match(line)
        if not init or owner is None:
            continue
        listed = owner
        for item in split_top(init.group("members")):
            member, _, type_text = item.partition(":")
            name, optional = member.strip().rstrip("?"), member.strip().endswith("?")
            # Added after the class is read: only members its body never showed.
            if name and type_text and not any(f.name == name for f in listed.fields):
                out.add_field(listed, index, name, type_text.strip(), Pending(), optional)


def _jsdoc_as_typescript(lines: list[str]) -> list[str]:
    """JavaScript DTOs rewritten line for line as TypeScript (``/** @type {T} */`` + ``Name;`` -> ``Name: T;``).

    Line numbers are kept: a JSDoc type line becomes blank and the property below it carries the type.
    """
    out: list[str] = []
    pending: str | None = None
    for line in lines:
        doc = _JSDOC_TYPE.match(line)
        prop = _JS_PROPERTY.match(line)
        if doc:
            pending = doc.group("type").strip()
            out.append("")
        elif prop and pending is not None:
            # JSDoc's `{?T}` is TypeScript's optional `name?: T`.
            optional = "?" if pending.startswith("?") else ""
            out.append(f"{prop.group('indent')}{prop.group('name')}{optional}: {pending.lstrip('?')};")
            pending = None
        else:
            out.append("" if _JS_SKIP.match(line) else line)
            pending = None if line.strip() else pending
    return out
