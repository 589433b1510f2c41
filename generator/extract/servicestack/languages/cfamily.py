"""DTO source parsers for the brace languages: csharp, java, dart, typescript, kotlin, swift.

One line scanner serves all six: it tracks ``{``/``}`` blocks (namespace, class, enum, or
anything else such as a method body) and classifies each line of a class or enum body with
the language's regular expressions.  What ServiceStack's generators print around the DTOs
(getters, constructors, ``fromJson``, ``CodingKeys``) is recognised and skipped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .common import (
    Collector,
    Pending,
    TypeBuilder,
    apply_attribute,
    doc_line,
    is_interface,
    return_type_arg,
    split_top,
)

_DECL = re.compile(
    r"^(?:(?:export|declare|public|private|protected|internal|open|data|abstract|sealed|static|partial|final)\s+)*"
    r"(?P<kind>enum\s+class|class|enum|interface|struct|protocol)\s+(?P<name>\w+)\s*(?P<generic><[^{]*?>)?"
    r"\s*(?P<rest>.*?)\s*$"
)


@dataclass(frozen=True)
class _Spec:
    """How one brace language prints fields, enum members and its surrounding boilerplate."""

    field: re.Pattern[str]
    member: re.Pattern[str]
    # Lines inside a class body that are known boilerplate, skipped without a warning.
    skip: re.Pattern[str]
    # An annotation line: group 1 is the attribute body(ies).
    attribute: re.Pattern[str]


_TOP_SKIP = re.compile(
    r"^(?:using\s|import\s|package\s|namespace\s|library\s|part\s|export\s*\{|#|\}|\{|;|TypeContext\b|"
    r"(?:C#|TypeScript|Dart|Java|Kotlin|Swift)\s+\w+\s+DTOs$)"
)
_BRACKET_ATTR = re.compile(r"^\[(?!<)(.*)\]$")
_COMMENT_ATTR = re.compile(r"^//\s*@(.*)$")
_AT_ATTR = re.compile(r"^@(\w[\w.]*(?:\(.*\))?)$")
_METHODISH = re.compile(r"^[^=:]*\(")

_SPECS: dict[str, _Spec] = {
    "csharp": _Spec(
        field=re.compile(
            r"^(?:public\s+)?(?:(?:virtual|override|new|required)\s+)*(?P<type>[^{}=]+?)\s+(?P<name>@?\w+)"
            r"\s*\{\s*get;\s*(?:set|init);\s*\}(?:\s*=.*)?$"
        ),
        member=re.compile(r"^(?P<name>@?\w+)(?:\s*=\s*(?P<value>-?\d+))?\s*,?$"),
        skip=re.compile(r"^(?:public|private|protected|internal)?\s*\w[\w<>,\s]*\(.*$|^return\b"),
        attribute=_BRACKET_ATTR,
    ),
    "java": _Spec(
        field=re.compile(r"^public\s+(?!static\b)(?P<type>[^=(;]+?)\s+(?P<name>\w+)\s*(?:=\s*[^;]*)?;$"),
        member=re.compile(r"^(?P<name>\w+)(?:\((?P<value>-?\d+)\))?\s*[,;]?$"),
        skip=re.compile(r"^(?:private|protected)\s|^\w[\w<>,\s]*\("),
        attribute=_AT_ATTR,
    ),
    "kotlin": _Spec(
        field=re.compile(r"^(?:(?:override|open|lateinit)\s+)*(?:var|val)\s+(?P<name>`?\w+`?)\s*:\s*(?P<type>[^=]+?)(?:\s*=.*)?$"),
        member=re.compile(r"^(?P<name>\w+)(?:\((?P<value>-?\d+)\))?\s*[,;]?$"),
        skip=re.compile(r"^(?:companion\s+object|override\s+fun|fun|private|protected|init)\b"),
        attribute=_AT_ATTR,
    ),
    "typescript": _Spec(
        field=re.compile(
            r"^(?:public\s+)?(?:declare\s+)?(?:readonly\s+)?(?P<name>\w+)(?P<opt>\?)?\s*:\s*(?P<type>.+?)\s*;$"
        ),
        member=re.compile(r"^(?P<name>\w+)(?:\s*=\s*(?:(?P<value>-?\d+)|'[^']*'|\"[^\"]*\"))?\s*,?$"),
        skip=re.compile(r"^(?:public\s+|private\s+|protected\s+)?(?:static\s+)?\w+\s*\("),
        attribute=_COMMENT_ATTR,
    ),
    "swift": _Spec(
        field=re.compile(r"^(?:public\s+|open\s+)?(?:var|let)\s+(?P<name>\w+)\s*:\s*(?P<type>[^=]+?)(?:\s*=.*)?$"),
        member=re.compile(r"^case\s+(?P<name>\w+)(?:\s*=\s*(?:(?P<value>-?\d+)|\"[^\"]*\"))?$"),
        skip=re.compile(r"^(?:required\s+|public\s+|override\s+|private\s+)*(?:init|func|enum|typealias)\b"),
        attribute=_COMMENT_ATTR,
    ),
    "dart": _Spec(
        field=re.compile(r"^(?:final\s+)?(?P<type>[\w<>,\s?\[\]]+?)\s+(?P<name>[A-Za-z]\w*)\s*(?:=\s*[^;]*)?;$"),
        member=re.compile(r"^(?P<name>\w+)\s*,?$"),
        skip=re.compile(r"^(?:TypeContext\??\s+context\b|getTypeName|final\s+int\s+_value|const\s|int\s+get\s|"
                        r"static\s+List<|@override)|^[^=]*\("),
        attribute=_COMMENT_ATTR,
    ),
}
_SWIFT_RETURN = re.compile(r"^public\s+typealias\s+Return\s*=\s*(?P<type>.+)$")
_DART_VALUE = re.compile(r"^static\s+const\s+(?P<type>\w+)\s+(?P<name>\w+)\s*=\s*(?:const\s+)?\w+\._\((?P<value>-?\d+)\);$")
_LEADING_ANNOTATION = re.compile(r"^@(?P<body>\w+(?:\((?:\"[^\"]*\"|[^()])*\))?)\s+(?=\S)")
# Java's enums with values end in a field, a constructor and a getter.
_ENUM_SKIP = re.compile(r"^(?:private|protected|public)\s|^\w+\s*\(final\b")
_STRINGS = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


@dataclass
class _Frame:
    """An open ``{`` block: the namespace level, a DTO's body, or something to skip."""

    kind: str  # ns | class | enum | other
    owner: TypeBuilder | None = None


def parse_cfamily(lang: str, lines: list[str], out: Collector) -> None:
    """Scan ``lines`` of a brace language into ``out``."""
    _Scanner(lang, _SPECS[lang], out).run(lines)


class _Scanner:
    """The per-block state of one scan: open frames, pending annotations, the type awaiting its ``{``."""

    def __init__(self, lang: str, spec: _Spec, out: Collector) -> None:
        self.lang, self.spec, self.out = lang, spec, out
        self.frames: list[_Frame] = [_Frame("ns")]
        self.pending = Pending()
        self.opening: _Frame | None = None  # the declared type whose "{" has not come yet
        self.in_block_comment = False
        self.in_doc = False
        self.indent = 0  # the current line's indentation
        self.declared_at: dict[str, int] = {}  # type name -> indentation of its declaration

    def run(self, lines: list[str]) -> None:
        """Classify every line, then open and close the blocks its braces say."""
        for index, raw in enumerate(lines):
            line = raw.strip()
            if self._comment(line):
                continue
            self.indent = len(raw) - len(raw.lstrip())
            frame = self._close_lost_brace(index, line, self.frames[-1])
            if frame.kind != "other" and line:
                self._classify(index, line, frame)
            self._braces(line)

    def _close_lost_brace(self, index: int, line: str, frame: _Frame) -> _Frame:
        """A type declared no deeper than the open type's own declaration: that type's ``}`` was lost."""
        owner = frame.owner
        if owner is None or frame.kind not in ("class", "enum") or not (owner.fields or owner.members):
            return frame
        if not _DECL.match(line) or self.indent > self.declared_at.get(owner.name, -1):
            return frame
        self.out.warn(index, f"closing brace of {owner.name} missing; a new type starts", line)
        self.frames.pop()
        self.pending = Pending()
        return self.frames[-1]

    def _comment(self, line: str) -> bool:
        """Handle block and doc comments; True when the line is all comment."""
        if self.in_block_comment or self.in_doc:
            if self.in_doc and line != "*/":
                self.pending.doc.append(doc_line(line))
            if "*/" in line:
                self.in_block_comment = self.in_doc = False
            return True
        if line.startswith("/**"):
            self.pending.doc.append(doc_line(line))
            self.in_doc = "*/" not in line[3:]
            return True
        if line.startswith("/*"):
            self.in_block_comment = "*/" not in line[2:]
            return True
        if line.startswith("///"):
            self.pending.doc.append(doc_line(line))
            return True
        return False

    def _classify(self, index: int, line: str, frame: _Frame) -> None:
        attr = self.spec.attribute.match(line)
        if attr:
            for body in split_top(attr.group(1)):
                apply_attribute(body.strip("[] "), self.pending)
            return
        if line.startswith("//"):
            return
        if self.opening is not None and self.opening.owner and line.startswith(":"):
            # C# prints ": Base, IReturn<X>" on the line after the class name.
            self._heritage(index, self.opening.owner, line.removesuffix("{").strip())
            return
        decl = _DECL.match(line)
        owner = frame.owner
        if decl and (owner is None or (frame.kind == "class" and not owner.fields)):
            self._declare(index, decl, frame)
        elif owner is not None and frame.kind == "class":
            self._class_line(index, line, owner)
        elif owner is not None:
            self._enum_line(index, line, owner)
        elif line.startswith("namespace ") and not decl:
            self.opening = _Frame("ns")  # C#'s `namespace X {` holds the DTOs
        elif decl or not _TOP_SKIP.match(line):
            self.out.warn(index, f"{self.lang} line not understood outside any type", line)

    def _declare(self, index: int, decl: re.Match[str], frame: _Frame) -> None:
        if frame.kind == "class":
            # A class holding classes is a container (Java's `public class dtos`), not a DTO.
            if frame.owner in self.out.types:
                self.out.types.remove(frame.owner)
            frame.kind, frame.owner = "ns", None
        kind = decl.group("kind")
        if self.lang == "java" and kind == "class" and not re.search(r"\bstatic\b", decl.string[: decl.start("kind")]):
            # Java's generator nests every DTO as `public static class` in one `public class dtos`.
            self.opening, self.pending = _Frame("ns"), Pending()
            return
        if kind in ("interface", "protocol"):
            self.opening, self.pending = _Frame("other"), Pending()
            return
        is_enum = kind.startswith("enum")
        owner = self.out.start_type(index, decl.group("name"), "enum" if is_enum else "class", self.pending)
        self.declared_at[owner.name] = self.indent
        self.pending = Pending()
        self.opening = _Frame("enum" if is_enum else "class", owner)
        self._heritage(index, owner, decl.group("rest").removesuffix("{").strip())

    def _heritage(self, index: int, owner: TypeBuilder, rest: str) -> None:
        """Base class and ``IReturn<X>`` from ``: A, B``, ``extends A implements B`` and such."""
        rest = re.sub(r"^\((?:val|var)[^)]*\)", "", rest).strip()  # Kotlin enum class X(val value:Int)
        if not rest:
            return
        extends = re.match(r"^(?:extends\s+(?P<base>[\w.<>]+)\s*)?(?:implements\s+(?P<ifaces>.*))?$", rest)
        if rest.startswith(":"):
            items = split_top(rest[1:])
        elif extends and (extends.group("base") or extends.group("ifaces")):
            items = ([extends.group("base") + "()"] if extends.group("base") else [])
            items += split_top(extends.group("ifaces") or "")
        else:
            self.out.warn(index, f"inheritance of {owner.name} not understood", rest)
            return
        for item in items:
            returns = return_type_arg(item)
            if returns:
                self.out.set_response(owner, index, returns)
            elif owner.kind == "enum":
                continue  # Swift `enum X : Int, Codable`, C# `enum X : byte`
            elif item.endswith("()") or not is_interface(item):
                if owner.base is None:
                    owner.base = item.removesuffix("()").split("<")[0].strip()
        self.out.set_autoquery_response(owner, index, items)
        self.out.set_void_response(owner, items)

    def _class_line(self, index: int, line: str, owner: TypeBuilder) -> None:
        line = self._leading_annotations(line)
        if self.lang == "swift" and (returns := _SWIFT_RETURN.match(line)):
            self.out.set_response(owner, index, returns.group("type"))
            return
        if self.lang == "dart" and (value := _DART_VALUE.match(line)):
            owner.kind = "enum"  # Dart prints enums with values as classes of constants
            self.out.add_member(owner, index, value.group("name"), value.group("value"), self._take())
            return
        if line in ("{", "}", "};") or self.spec.skip.match(line):
            return
        field = self.spec.field.match(line)
        if field and not (self.lang != "csharp" and _METHODISH.match(line)):
            self._field(index, owner, field)
            return
        self.out.warn(index, f"{self.lang} line in class {owner.name} not understood", line)

    def _field(self, index: int, owner: TypeBuilder, field: re.Match[str]) -> None:
        # TypeScript's `name?: number` is the one optional marker of this family that
        # tracks C#'s nullable value types (only numbers and booleans can be told apart).
        optional = self.lang == "typescript" and bool(field.group("opt"))
        self.out.add_field(owner, index, field.group("name").strip("`"), field.group("type"), self._take(), optional)

    def _enum_line(self, index: int, line: str, owner: TypeBuilder) -> None:
        line = self._leading_annotations(line)
        if line in ("{", "}", ";") or _ENUM_SKIP.match(line):
            return
        member = self.spec.member.match(line)
        if member:
            value = member.groupdict().get("value")
            self.out.add_member(owner, index, member.group("name").lstrip("@"), value, self._take())
            return
        self.out.warn(index, f"{self.lang} line in enum {owner.name} not understood", line)

    def _leading_annotations(self, line: str) -> str:
        """Strip ``@SerializedName("x")`` and the like before a declaration, recording them."""
        while True:
            match = _LEADING_ANNOTATION.match(line)
            if not match:
                return line
            apply_attribute(match.group("body"), self.pending)
            line = line[match.end():]

    def _take(self) -> Pending:
        pending, self.pending = self.pending, Pending()
        return pending

    def _braces(self, line: str) -> None:
        code = _STRINGS.sub('""', line).split("//", 1)[0]
        for ch in code:
            if ch == "{":
                self.frames.append(self.opening or _Frame("other"))
                self.opening = None
            elif ch == "}" and len(self.frames) > 1:
                self.frames.pop()
                self.pending = Pending()
