"""Python DTO source on ServiceStack metadata pages, read with libcst (never with regexes).

The code shows snake_case attribute names; the wire names are resolved later
from the page's tables and samples (``CodeClass.snake`` says a name still needs
it).  ``# @Required()`` comments, which libcst keeps in ``leading_lines``, mark
required fields; docstrings become descriptions; ``IReturn[X]`` names the response.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import libcst as cst

from ...dotnet import generic_instance, settle
from ...report import ExtractWarning

_NAMES = {"str": "string", "int": "int", "float": "double", "bool": "bool", "bytes": "bytes"}
_DOTTED = {
    "datetime.datetime": "datetime", "datetime": "datetime", "datetime.date": "date",
    "datetime.timedelta": "timespan", "timedelta": "timespan", "decimal.Decimal": "decimal",
    "Decimal": "decimal", "uuid.UUID": "guid", "UUID": "guid",
}  # fmt: skip
_LISTS = {"List", "list", "Sequence", "Set", "set", "Tuple", "tuple"}
_MAPS = {"Dict", "dict", "Mapping"}
_ENUM_BASES = {"Enum", "IntEnum", "IntFlag", "Flag", "StrEnum"}
_VALUE_TYPES = {"int", "long", "double", "decimal", "bool", "datetime", "date", "timespan", "guid"}
_STARTERS = ("@", "class ", "import ", "from ", "def ")
_WIRE_RE = re.compile(r"""\bName\s*=\s*["']([^"']+)["']""")
_DESC_RE = re.compile(r"""\bDescription\s*=\s*["']([^"']*)["']""")


@dataclass
class CodeField:
    """An attribute: python name (or wire name when the code states it), annotation, line."""

    name: str
    annotation: cst.BaseExpression | None
    line: int
    required: bool = False
    description: str = ""
    wire: str | None = None
    value: int | str | None = None  # enum members


@dataclass
class CodeClass:
    """A class of the DTO source, before its field types and wire names are resolved."""

    name: str
    line: int
    kind: str = "class"
    base: str | None = None
    returns: str | None = None  # from IReturn[X]
    description: str = ""
    fields: list[CodeField] = field(default_factory=list)


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{_dotted(node.value)}.{node.attr.value}"
    if isinstance(node, cst.SimpleString):
        return str(node.evaluated_value)
    return ""


def annotation_type(node: cst.BaseExpression | None, enums: set[str]) -> str | None:
    """The doc2sdk type expression for a Python annotation; nullable only for value types."""
    if node is None:
        return None
    if isinstance(node, cst.Subscript):
        outer = _dotted(node.value).rpartition(".")[2]
        maybe = [annotation_type(getattr(e.slice, "value", None), enums) for e in node.slice]
        args = [a for a in maybe if a is not None]
        if len(args) != len(maybe):
            return None
        if outer == "Optional" or (outer == "Union" and len(args) == 2 and "None" in args):
            inner = next(a for a in args if a != "None")
            # ServiceStack's Python generator prints every enum property as ``Optional[E] = None``, a
            # non-nullable one too (the other languages and the tables show it plain), so only value types count.
            nullable = inner in _VALUE_TYPES
            return f"{inner}?" if nullable and not inner.endswith("?") else inner
        if outer in _LISTS and args:
            return f"list<{args[0]}>"
        if outer in _MAPS and len(args) == 2:
            return f"map<{args[0]},{args[1]}>"
        if outer == "KeyValuePair" and len(args) == 2:
            return settle(f"keyvalue<{args[0]},{args[1]}>")
        # A user generic's instance (``QueryResponse[Booking]``), named as DataContract names it.
        return generic_instance(outer, args)
    name = _dotted(node)
    if name == "None":
        return "None"
    if name in _NAMES:
        return settle(_NAMES[name])
    if name in _DOTTED:
        return _DOTTED[name]
    return name if re.fullmatch(r"[A-Za-z_]\w*", name) else None


def _autoquery_returns(node: cst.BaseExpression) -> str | None:
    """``QueryResponseOf<Into>`` for ``QueryDb[From]``/``QueryDb[From, Into]`` (or ``QueryData``), else None."""
    if not isinstance(node, cst.Subscript) or _dotted(node.value).rpartition(".")[2] not in ("QueryDb", "QueryData"):
        return None
    into = annotation_type(getattr(node.slice[-1].slice, "value", None), set())
    return generic_instance("QueryResponse", [into]) if into else None


def _docstring(stmt: cst.CSTNode) -> str | None:
    if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1:
        expr = stmt.body[0]
        if isinstance(expr, cst.Expr) and isinstance(expr.value, (cst.SimpleString, cst.ConcatenatedString)):
            value = expr.value.evaluated_value
            return " ".join(str(value).split()) if value is not None else None
    return None


class _Reader:
    """Turns one parsed module into CodeClasses.

    Lines are found by scanning the source forward for each name in parse order
    (a cursor, so linear): libcst's PositionProvider costs four times the parse.
    """

    def __init__(self, module: cst.Module, lines: Sequence[str], first_line: int) -> None:
        self.module = module
        self.lines = lines
        self.cursor = 0
        self.first_line = first_line

    def find(self, pattern: str) -> int:
        """Page line of the next source line matching ``pattern``, from the cursor on."""
        regex = re.compile(pattern)
        for index in range(self.cursor, len(self.lines)):
            if regex.match(self.lines[index]):
                self.cursor = index + 1
                return self.first_line + index
        return self.first_line + self.cursor

    def classes(self) -> list[CodeClass]:
        return [self.read_class(s) for s in self.module.body if isinstance(s, cst.ClassDef)]

    def read_class(self, node: cst.ClassDef) -> CodeClass:
        out = CodeClass(node.name.value, self.find(rf"\s*class\s+{node.name.value}\b"))
        autoquery = None
        for arg in node.bases:
            generic = arg.value.value if isinstance(arg.value, cst.Subscript) else None
            base = _dotted(generic if generic is not None else arg.value)
            if base in _ENUM_BASES:
                out.kind = "enum"
            elif isinstance(arg.value, cst.Subscript) and base == "IReturn":
                inner = getattr(arg.value.slice[0].slice, "value", None)
                out.returns = annotation_type(inner, set()) or _dotted(inner or cst.Name("_"))
            elif base == "IReturnVoid":
                out.returns = out.returns or ""  # no response body
            elif base and base not in ("str", "int", "object", "IGet", "IPost", "IPut", "IDelete", "IPatch"):
                if not base.startswith(("Generic", "IReturn")):
                    out.base = base.rpartition(".")[2]
                    autoquery = autoquery or _autoquery_returns(arg.value)
        # AutoQuery's QueryDb[T] returns QueryResponse[T] where no IReturn says so.
        if out.returns is None:
            out.returns = autoquery
        body = node.body.body if isinstance(node.body, cst.IndentedBlock) else ()
        for index, stmt in enumerate(body):
            doc = _docstring(stmt)
            if doc is not None:
                if index == 0:
                    out.description = doc
                elif out.fields:
                    out.fields[-1].description = doc
                continue
            self.read_statement(out, stmt)
        return out

    def read_statement(self, out: CodeClass, stmt: cst.CSTNode) -> None:
        if not isinstance(stmt, cst.SimpleStatementLine):
            return
        comments = " ".join(line.comment.value for line in stmt.leading_lines if line.comment)
        for small in stmt.body:
            if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                line = self.find(rf"\s*{small.target.value}\s*:")
                fld = CodeField(small.target.value, small.annotation.annotation, line)
                fld.wire = _config_name(small.value)
                self.annotate(fld, comments)
                out.fields.append(fld)
            elif isinstance(small, cst.Assign) and out.kind == "enum" and isinstance(small.targets[0].target, cst.Name):
                fld = CodeField(small.targets[0].target.value, None, self.find(rf"\s*{small.targets[0].target.value}\s*="))
                value = small.value
                if isinstance(value, cst.SimpleString):
                    fld.value = str(value.evaluated_value)
                elif isinstance(value, cst.Integer):
                    fld.value = int(value.value, 0)
                out.fields.append(fld)

    @staticmethod
    def annotate(fld: CodeField, comments: str) -> None:
        fld.required = "@Required(" in comments or "IsRequired=true" in comments.replace(" ", "")
        wire = _WIRE_RE.search(comments)
        if wire and fld.wire is None:
            fld.wire = wire.group(1)
        desc = _DESC_RE.search(comments)
        if desc:
            fld.description = desc.group(1)


def _config_name(value: cst.BaseExpression | None) -> str | None:
    """``field(metadata=config(field_name="KeyID"))`` states the wire name."""
    if not isinstance(value, cst.Call):
        return None
    for arg in value.args:
        inner = arg.value
        if isinstance(inner, cst.Call):
            found = _config_name(inner)
            if found:
                return found
        if arg.keyword is not None and arg.keyword.value == "field_name" and isinstance(inner, cst.SimpleString):
            return str(inner.evaluated_value)
    return None


def _chunks(lines: Sequence[tuple[int, str]]) -> list[list[tuple[int, str]]]:
    """Top-level statements (a class with its decorators), so one bad class does not hide the others."""
    chunks: list[list[tuple[int, str]]] = []
    for number, text in lines:
        after_decorator = bool(chunks) and chunks[-1][-1][1].startswith("@")
        if not chunks or (text.startswith(_STARTERS) and not after_decorator):
            chunks.append([])
        chunks[-1].append((number, text))
    return chunks


def _reindent(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """Restore the indentation a flattened capture stripped: class bodies get four spaces."""
    out, inside = [], False
    for number, text in lines:
        stripped = text.strip()
        if stripped.startswith(_STARTERS):
            inside = stripped.startswith("class ")
            out.append((number, stripped))
        else:
            out.append((number, ("    " + stripped) if inside and stripped else stripped))
    return out


_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_ERROR_AT_RE = re.compile(r"error at (\d+):")
_BAD_TOKEN_RE = re.compile(r"""tokenizer error: (['"])(.+?)\1 is not a valid""")
_ESCAPE_RE = re.compile(r"\\u\{([0-9a-fA-F]+)\}")


def _balanced(text: str) -> bool:
    """True when the line's brackets open before they close and all close."""
    depth = 0
    for char in text:
        depth += {"(": 1, "[": 1, "{": 1, ")": -1, "]": -1, "}": -1}.get(char, 0)
        if depth < 0:
            return False
    return depth == 0


def _compile_blame(lines: Sequence[tuple[int, str]]) -> int | None:
    """Index of the line CPython's own compiler stops at (it always knows the line; libcst's tokenizer may not)."""
    try:
        compile("\n".join(t for _, t in lines) + "\n", "<dto>", "exec", dont_inherit=True)
    except SyntaxError as exc:
        if exc.lineno is not None and 0 < exc.lineno <= len(lines):
            return exc.lineno - 1
    except (ValueError, MemoryError, RecursionError):
        return None
    return None


def _bad_line(exc: cst.ParserSyntaxError, lines: Sequence[tuple[int, str]]) -> int:
    """Index of the line to blame: libcst's position, the line holding a bad character, or a stray unindented line."""
    blamed = _compile_blame(lines)
    if blamed is not None:
        return blamed
    token = _BAD_TOKEN_RE.search(exc.message)
    if token:
        bad_text = _ESCAPE_RE.sub(lambda m: chr(int(m.group(1), 16)), token.group(2))
        return next((i for i, (_, t) in enumerate(lines) if bad_text in t), 0)
    if exc.message.startswith("tokenizer error"):
        # No position given: blame a line whose brackets do not balance (DTO statements fit on one line).
        unbalanced = (i for i, (_, t) in enumerate(lines) if not _balanced(t))
        odd = (i for i, (_, t) in enumerate(lines) if not t.isprintable() or not t.isascii())
        return next(unbalanced, next(odd, 0))
    at = _ERROR_AT_RE.search(exc.message)
    bad = max(0, min((int(at.group(1)) if at else exc.raw_line) - 1, len(lines) - 1))
    if bad > 1 and lines[bad][1][:1] in (" ", "\t"):
        text = lines[bad - 1][1]
        if text.strip() and text[:1] not in (" ", "\t") and not text.startswith(_STARTERS):
            return bad - 1  # junk at column 0 inside a class body ends the block early
    return bad




def _parse(lines: Sequence[tuple[int, str]]) -> tuple[list[CodeClass] | None, int]:
    """The classes, or None and the index of the line libcst stopped at."""
    if not lines:
        return [], 0
    try:
        module = cst.parse_module("\n".join(t for _, t in lines) + "\n")
    except cst.ParserSyntaxError as exc:
        return None, _bad_line(exc, lines)
    return _Reader(module, [t for _, t in lines], lines[0][0]).classes(), 0


def _recover(chunk: list[tuple[int, str]], file: str, warnings: list[ExtractWarning]) -> list[CodeClass]:
    """Drop the lines libcst stops at (each reported) until the statement parses; a few tries at most."""
    classes, _ = _parse(chunk)
    if classes is not None:
        return classes
    # Control characters cannot be Python source, and libcst's tokenizer does not say where they are.
    for number, text in [(n, t) for n, t in chunk if _CONTROL_RE.search(t)]:
        warnings.append(ExtractWarning(f"{file}:{number}", "Python DTO line not understood; skipped", text.strip()))
    # Uniform indentation next: stray indentation is common damage, and libcst blames the block's start for it.
    chunk = _reindent([(n, t) for n, t in chunk if not _CONTROL_RE.search(t)])
    for _ in range(12):
        classes, bad = _parse(chunk)
        if classes is not None:
            return classes
        number, text = chunk.pop(bad)
        warnings.append(ExtractWarning(f"{file}:{number}", "Python DTO line not understood; skipped", text.strip()))
        if not chunk:
            return []
    warnings.append(ExtractWarning(f"{file}:{chunk[0][0]}", "Python DTO code not understood; skipped", chunk[0][1].strip()))
    return []


def parse_python(lines: Sequence[tuple[int, str]], file: str) -> tuple[list[CodeClass], list[ExtractWarning]]:
    """Classes of the Python DTO source given as ``(page line, text)`` pairs; never raises."""
    classes, _ = _parse(lines)
    if classes is not None:
        return classes, []
    warnings: list[ExtractWarning] = []
    flattened = not any(t[:1] in (" ", "\t") for _, t in lines)
    out: list[CodeClass] = []
    # One statement (a class with its decorators) at a time, so one bad line does not hide the rest.
    for chunk in _chunks(_reindent(lines) if flattened else list(lines)):
        out.extend(_recover(chunk, file, warnings))
    return out, warnings
