"""DTO source parsers for ServiceStack's csharp, typescript, dart, java, kotlin, swift, vbnet and fsharp code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.extract.servicestack.languages.common import TypeTextError, map_type
from generator.extract.servicestack.languages.dispatch import LANGUAGES, canonical_language, parse_dto_source, response_type_of
from generator.model import Field, Member, TypeDef

FIXTURES = Path(__file__).parents[1] / "fixtures" / "ss_languages"
FIRST_LINE = 100  # the code block's first line in the (imaginary) page file
PAGE = "page.txt"

# What every fixture declares, in C# terms: (name, kind, base, description, fields or members).
CANONICAL = [
    ("RequestorCredentials", "class", None, "Credentials issued to the merchant.", [
        ("MerchantId", "string", True, "Merchant identifier"),
        ("UserName", "string", True, ""),
        ("Password", "string", True, ""),
        ("Version", "string", True, ""),
    ]),
    ("CreateSessionRequest", "class", None, "", [
        ("Credentials", "RequestorCredentials", False, ""),
        ("SessionExpiryInMin", "double", False, ""),
        ("ExpiresAt", "datetime?", False, ""),
        ("MaxRetries", "int?", False, ""),
        ("Tags", "list<string>", False, ""),
        ("Channels", "list<string>", False, ""),
        ("Card", "CardType", False, ""),
        ("Payment", "PaymentType", False, ""),
    ]),
    ("InOutTimes", "class", None, "", []),
    ("RequestTimestamps", "class", None, "", [
        ("AppLayer", "InOutTimes", False, ""),
        ("DBInsert", "InOutTimes", False, ""),
        ("Network", "InOutTimes", False, ""),
    ]),
    ("ResponseBase", "class", None, "", [("TraceId", "string", False, "")]),
    ("PaysecureResponseInternal", "class", "ResponseBase", "", [("Timestamps", "RequestTimestamps", False, "")]),
    ("CreateSession", "class", "PaysecureResponseInternal", "Session created.", [
        ("SessionId", "string", False, "The new session's id"),
        ("ErrorCode", "string", False, ""),
        ("ErrorMessage", "string", False, ""),
    ]),
    ("CardType", "enum", None, "", [("Visa", None), ("MasterCard", None), ("amex", None)]),
    ("PaymentType", "enum", None, "", [("Cash", 26), ("Card", 27)]),
]

CAMEL_CASED = {"typescript", "java", "kotlin", "swift", "dart"}
# Where a language cannot say what C# says: Java, Kotlin, Swift and Dart mark every property
# nullable (so the marker is ignored); TypeScript prints dates as strings and numbers as number.
TYPE_CHANGES = {
    "typescript": {"ExpiresAt": "string", "MaxRetries": "double?"},
    **{lang: {"ExpiresAt": "datetime", "MaxRetries": "int"} for lang in ("java", "kotlin", "swift", "dart")},
}
MEMBER_CHANGES = {
    "kotlin": {"amex": ("Amex", None)},  # Kotlin's generator PascalCases enum members
    "fsharp": {"Visa": ("Visa", 0), "MasterCard": ("MasterCard", 1), "amex": ("amex", 2)},  # F# always numbers them
}
ORDER = {
    "csharp": ["RequestorCredentials", "CreateSessionRequest", "InOutTimes", "RequestTimestamps", "ResponseBase",
               "PaysecureResponseInternal", "CreateSession", "CardType", "PaymentType"],
    "vbnet": ["RequestorCredentials", "CreateSessionRequest", "InOutTimes", "RequestTimestamps", "ResponseBase",
              "PaysecureResponseInternal", "CreateSession", "CardType", "PaymentType"],
    "typescript": ["RequestorCredentials", "CardType", "PaymentType", "InOutTimes", "RequestTimestamps",
                   "ResponseBase", "PaysecureResponseInternal", "CreateSession", "CreateSessionRequest"],
    "dart": ["RequestorCredentials", "CardType", "PaymentType", "InOutTimes", "RequestTimestamps", "ResponseBase",
             "PaysecureResponseInternal", "CreateSession", "CreateSessionRequest"],
    "fsharp": ["RequestorCredentials", "InOutTimes", "RequestTimestamps", "ResponseBase",
               "PaysecureResponseInternal", "CreateSession", "CardType", "PaymentType", "CreateSessionRequest"],
    **{lang: ["CreateSessionRequest", "CreateSession", "RequestorCredentials", "CardType", "PaymentType",
              "PaysecureResponseInternal", "ResponseBase", "RequestTimestamps", "InOutTimes"]
       for lang in ("java", "kotlin", "swift")},
}


def fixture(lang: str) -> str:
    """The fixture code for ``lang``."""
    (path,) = FIXTURES.glob(f"{lang}.*")
    return path.read_text()


def camel(name: str) -> str:
    """ServiceStack's camelCase: a leading capital run is lower-cased but for its last letter."""
    run = re.match(r"[A-Z]+", name).group(0)
    if len(run) > 1 and len(run) < len(name):
        run = run[:-1]
    return run.lower() + name[len(run):]


def line_of(lines: list[str], pattern: str, start: int = 0) -> int:
    """The page line of the first code line from ``start`` matching ``pattern``."""
    for index in range(start, len(lines)):
        if re.search(pattern, lines[index]):
            return index
    raise AssertionError(f"{pattern!r} not in fixture")


def expected_types(lang: str) -> dict[str, TypeDef]:
    """The TypeDefs ``lang``'s fixture must yield, with sources found by searching the fixture."""
    lines = fixture(lang).split("\n")
    types = {}
    for name, kind, base, description, items in CANONICAL:
        decl = line_of(lines, rf"\b(class|enum|Class|Enum|type)\s+{name}\b")
        fields, members = [], []
        for item in items:
            if kind == "enum":
                member_name, value = MEMBER_CHANGES.get(lang, {}).get(item[0], item)
                at = line_of(lines, rf"\b{member_name}\b", decl + 1)
                members.append(Member(member_name, value, source=f"{PAGE}:{FIRST_LINE + at}"))
                continue
            wire, type_expr, required, doc = item
            printed = camel(wire) if lang in CAMEL_CASED else wire
            # the declaration, not a constructor's `Tags = new ...`
            at = line_of(lines, rf"\b{printed}\b(?!\s*=\s*[Nn]ew\b)", decl + 1)
            type_expr = TYPE_CHANGES.get(lang, {}).get(wire, type_expr)
            fields.append(Field(printed, type_expr, required, doc, source=f"{PAGE}:{FIRST_LINE + at}"))
        types[name] = TypeDef(name, kind, base, tuple(fields), tuple(members), description,
                              source=f"{PAGE}:{FIRST_LINE + decl}")
    return types


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fixture_yields_exact_typedefs(lang: str) -> None:
    types, warnings = parse_dto_source(lang, fixture(lang), PAGE, FIRST_LINE)
    assert warnings == []
    assert [t.name for t in types] == ORDER[lang]
    expected = expected_types(lang)
    for typedef in types:
        assert typedef == expected[typedef.name]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_fixture_response_type(lang: str) -> None:
    assert response_type_of(lang, fixture(lang)) == {"CreateSessionRequest": "CreateSession"}


def test_line_numbers_are_page_lines() -> None:
    # Hand-checked against tests/fixtures/ss_languages/csharp.cs (0-based line 15 is the class).
    types, _ = parse_dto_source("csharp", fixture("csharp"), PAGE, FIRST_LINE)
    credentials = types[0]
    assert credentials.source == "page.txt:115"
    assert credentials.fields[0].source == "page.txt:120"
    assert fixture("csharp").split("\n")[20].strip() == "public virtual string MerchantId { get; set; }"


@pytest.mark.parametrize("alias,lang", [("c#", "csharp"), ("TS", "typescript"), ("vb.net", "vbnet"), ("F#", "fsharp")])
def test_language_aliases(alias: str, lang: str) -> None:
    assert canonical_language(alias) == lang
    assert parse_dto_source(alias, fixture(lang), PAGE, 1) == parse_dto_source(lang, fixture(lang), PAGE, 1)


def test_unknown_language_warns_without_types() -> None:
    types, warnings = parse_dto_source("cobol", "01 X PIC 9.", PAGE, 7)
    assert types == []
    assert [(w.where, w.text) for w in warnings] == [("page.txt:7", "cobol")]
    assert response_type_of("cobol", "x") == {}


JUNK_IN_CLASS = {
    "csharp": ("public partial class A\n{\n    public virtual string X { get; set; }\n    @@@ junk\n"
               "    public virtual int Y { get; set; }\n}\n"),
    "typescript": "export class A\n{\n    public x: string;\n    @@@ junk\n    public y: number;\n}\n",
    "java": "public static class A\n{\n    public String x = null;\n    @@@ junk\n    public Integer y = null;\n}\n",
    "kotlin": "open class A\n{\n    var x:String? = null\n    @@@ junk\n    var y:Int? = null\n}\n",
    "swift": "public class A : Codable\n{\n    public var x:String?\n    @@@ junk\n    public var y:Int?\n}\n",
    "dart": "class A implements IConvertible\n{\n    String? x;\n    @@@ junk\n    int? y;\n}\n",
    "vbnet": ("Public Partial Class A\n    Public Overridable Property X As String\n    @@@ junk\n"
              "    Public Overridable Property Y As Integer\n    ' padding\nEnd Class\n"),
    "fsharp": ("[<AllowNullLiteral>]\ntype A() = \n    member val X:String = null with get,set\n    @@@ junk\n"
               "    member val Y:Int32 = new Int32() with get,set\n"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_junk_line_is_warned_and_skipped(lang: str) -> None:
    code = JUNK_IN_CLASS[lang]
    junk_line = code.split("\n").index("    @@@ junk")
    types, warnings = parse_dto_source(lang, code, PAGE, 10)
    assert [(w.where, w.text) for w in warnings] == [(f"page.txt:{10 + junk_line}", "@@@ junk")]
    assert [(f.name.lower(), f.type) for f in types[0].fields] == [("x", "string"), ("y", "double" if lang == "typescript" else "int")]


@pytest.mark.parametrize("lang,code,line", [
    ("csharp", "public class A\n{\n    public virtual List<string Bad { get; set; }\n}", 3),
    ("kotlin", "open class A\n{\n    var Bad:HashMap<String? = null\n}", 3),
    ("vbnet", "Public Class A\n    Public Property Bad As List(Of String\nEnd Class", 2),
    ("fsharp", "type A() = \n    member val Bad:obj = null with get,set", 2),
])
def test_unreadable_type_skips_the_field_with_a_warning(lang: str, code: str, line: int) -> None:
    types, warnings = parse_dto_source(lang, code, PAGE, 1)
    assert types[0].fields == ()
    assert [w.where for w in warnings] == [f"page.txt:{line}"]
    assert "field Bad skipped" in warnings[0].message


def test_junk_outside_types_is_warned() -> None:
    _, warnings = parse_dto_source("typescript", "import x from 'y';\nwhat is this\n", PAGE, 1)
    assert [(w.where, w.text) for w in warnings] == [("page.txt:2", "what is this")]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("csharp", "QueryResponse<Booking>", "QueryResponseOfBooking"),
        ("vbnet", "QueryResponse(Of Booking)", "QueryResponseOfBooking"),
        ("typescript", "Pair<string, Booking>", "PairOfStringBooking"),
    ],
)
def test_a_user_generic_instance_is_its_datacontract_class(lang: str, text: str, expected: str) -> None:
    # The same name the tables give it (dotnet.generic_instance): <Generic>Of<Args>.
    assert map_type(text, lang) == expected


@pytest.mark.parametrize("lang,text,expected", [
    ("csharp", "Dictionary<string, List<int?>>", "map<string,list<int?>>"),
    ("csharp", "Nullable<Guid>", "guid?"),
    ("csharp", "string?", "string"),  # reference types are never nullable in the model
    ("csharp", "TimeSpan?", "timespan?"),
    ("csharp", "CardType?", "CardType?"),
    ("vbnet", "Dictionary(Of String, Decimal)", "map<string,decimal>"),
    ("vbnet", "Date", "datetime"),
    ("vbnet", "Long()", "list<long>"),
    ("fsharp", "Int64 option", "long?"),
    ("fsharp", "string list", "list<string>"),
    ("swift", "[String:Int]", "map<string,int>"),
    ("swift", "[Int64]?", "list<long>"),
    ("swift", "TimeInterval?", "timespan"),
    ("kotlin", "HashMap<String,BigDecimal>?", "map<string,decimal>"),
    ("java", "UUID", "guid"),
    ("java", "Boolean", "bool"),
    ("typescript", "{ [index: string]: number; }", "map<string,double>"),
    ("typescript", "boolean", "bool"),
    ("dart", "Map<String,Duration?>?", "map<string,timespan>"),
])
def test_map_type(lang: str, text: str, expected: str) -> None:
    assert map_type(text, lang) == expected


@pytest.mark.parametrize("text", ["", "List<", "Foo<List<Bar>>", "object", "[String", "int]"])
def test_map_type_rejects(text: str) -> None:
    with pytest.raises(TypeTextError):
        map_type(text, "csharp")


def test_wire_name_overrides_and_descriptions() -> None:
    code = (
        "public class A\n{\n"
        '    [DataMember(Name="fns_num")]\n    public virtual string FNSnum { get; set; }\n'
        '    [Description("The key")]\n    public virtual string KeyID { get; set; }\n'
        '    [ApiMember(Description="Amount, in cents", IsRequired=true, ParameterType="form")]\n'
        "    public virtual decimal Amount { get; set; }\n}\n"
    )
    (typedef,), warnings = parse_dto_source("csharp", code, PAGE, 1)
    assert warnings == []
    assert [(f.name, f.type, f.required, f.description) for f in typedef.fields] == [
        ("fns_num", "string", False, ""),
        ("KeyID", "string", False, "The key"),
        ("Amount", "decimal", True, "Amount, in cents"),
    ]
    kotlin = 'open class A\n{\n    @SerializedName("class") var Class:String? = null\n}\n'
    assert parse_dto_source("kotlin", kotlin, PAGE, 1)[0][0].fields[0].name == "class"


@pytest.mark.parametrize("lang,code,base,responses", [
    ("csharp", "public class A\n    : IReturnVoid, IPost, IHasResponseStatus\n{\n}", None, {"A": ""}),  # "": no body
    ("csharp", "public class A : IReturn<List<Item>>\n{\n}", None, {"A": "list<Item>"}),
    ("csharp", "public class A : QueryBase<Item>, IReturn<QueryResponse>\n{\n}", "QueryBase", {"A": "QueryResponse"}),
    ("typescript", "export class A extends Base implements IReturnVoid, IPost\n{\n}", "Base", {"A": ""}),
    ("kotlin", "open class A : Base(), IReturn<B>, IPost\n{\n}", "Base", {"A": "B"}),
    ("swift", "public class A : Base, IReturnVoid\n{\n    required public init(){}\n}", "Base", {"A": ""}),
    ("vbnet", "Public Class A\n    Inherits Base\n    Implements IReturn(Of List(Of B)), IPost\nEnd Class", "Base",
     {"A": "list<B>"}),
    ("fsharp", "type A() = \n    inherit Base()\n    interface IReturnVoid", "Base", {"A": ""}),
])
def test_bases_ignore_marker_interfaces(lang: str, code: str, base: str | None, responses: dict) -> None:
    (typedef,), warnings = parse_dto_source(lang, code, PAGE, 1)
    assert warnings == []
    assert typedef.base == base
    assert response_type_of(lang, code) == responses


def test_interfaces_and_nested_blocks_are_not_dtos() -> None:
    code = "public interface IHasId\n{\n    int Id { get; }\n}\npublic class A\n{\n    public virtual int Id { get; set; }\n}"
    types, warnings = parse_dto_source("csharp", code, PAGE, 1)
    assert [t.name for t in types] == ["A"] and warnings == []
    fs = "type IHasId =\n    abstract Id:Int32 with get,set\n[<AllowNullLiteral>]\ntype A() = \n    class end"
    assert [t.name for t in parse_dto_source("fsharp", fs, PAGE, 1)[0]] == ["A"]


def test_duplicate_type_is_warned() -> None:
    code = "export class A\n{\n    public x: string;\n}\nexport class A\n{\n    public y: string;\n}\n"
    types, warnings = parse_dto_source("typescript", code, PAGE, 1)
    assert [f.name for f in types[0].fields] == ["x"]
    assert [w.where for w in warnings] == ["page.txt:5"]


_ALPHABET = st.sampled_from(
    list("{}()<>[]:;,=?'\"/*|@ \n\tAbc0")
    + ["class ", "enum ", "public ", "var ", "member val ", "End Class", "Property ", "type ", "///", "/**", "*/",
       "(*", "*)", "IReturn<", "extends ", " As ", "<Required>", "[<DataMember>]", "case ", "\r\n"]
)


@settings(max_examples=150, deadline=None)
@given(lang=st.sampled_from(LANGUAGES), parts=st.lists(_ALPHABET, max_size=80))
def test_random_input_never_raises(lang: str, parts: list[str]) -> None:
    types, warnings = parse_dto_source(lang, "".join(parts), PAGE, 1)
    for typedef in types:
        assert typedef.source.startswith("page.txt:")
    for warning in warnings:
        assert re.fullmatch(r"page\.txt:\d+", warning.where)


@settings(max_examples=60, deadline=None)
@given(lang=st.sampled_from(LANGUAGES), cut=st.integers(min_value=0, max_value=200))
def test_fixture_cut_at_a_line_loses_only_what_was_cut(lang: str, cut: int) -> None:
    code = "\n".join(fixture(lang).split("\n")[:cut])
    types, _ = parse_dto_source(lang, code, PAGE, 1)
    full = {t.name: t for t in parse_dto_source(lang, fixture(lang), PAGE, 1)[0]}
    for typedef in types:  # a cut never invents or alters fields: each type keeps a prefix of its fields
        assert typedef.fields == full[typedef.name].fields[: len(typedef.fields)]


@settings(max_examples=60, deadline=None)
@given(lang=st.sampled_from(LANGUAGES), cut=st.integers(min_value=0, max_value=6000))
def test_fixture_cut_mid_line_never_raises(lang: str, cut: int) -> None:
    types, warnings = parse_dto_source(lang, fixture(lang)[:cut], PAGE, 1)
    assert len(warnings) <= 1  # at most the cut line itself is not understood


def test_many_types_and_a_huge_junk_line_parse_completely() -> None:
    # Speed is measured by benchmarks/bench_extract.py, not asserted here.
    code = "\n".join(fixture("csharp").replace("class ", f"class N{i}").replace("enum ", f"enum E{i}") for i in range(200))
    types, warnings = parse_dto_source("csharp", code, PAGE, 1)
    assert len(types) == 9 * 200 and warnings == []
    long_junk = "public virtual " + "x " * 50_000 + "{"
    types, warnings = parse_dto_source("csharp", "public class A\n{\n" + long_junk + "\n}\n}", PAGE, 1)
    assert [t.name for t in types] == ["A"] and warnings


@pytest.mark.parametrize(
    ("lang", "code"),
    [
        ("csharp", "public partial class QueryBookings\n    : QueryDb<Booking>, IGet\n{\n    public virtual int? Id { get; set; }\n}"),
        ("csharp", "public partial class QueryBookings : QueryDb<Booking, Booking>\n{\n    public virtual int? Id { get; set; }\n}"),
        ("vbnet", "Public Partial Class QueryBookings\n    Inherits QueryDb(Of Booking)\n    Implements IGet\n"
                  "    Public Overridable Property Id As Integer?\nEnd Class"),
        ("typescript", "export class QueryBookings extends QueryDb<Booking> implements IGet\n{\n    public id?: number;\n}"),
    ],
)
def test_an_autoquery_request_returns_query_response_of_its_type(lang: str, code: str) -> None:
    # ServiceStack's AutoQuery bases implement IReturn<QueryResponse<Into>> themselves; the DTOs name none.
    assert response_type_of(lang, code) == {"QueryBookings": "QueryResponseOfBooking"}
    types, _ = parse_dto_source(lang, code, PAGE, FIRST_LINE)
    assert [(t.name, t.base) for t in types] == [("QueryBookings", "QueryDb")]


def test_an_ireturn_names_the_response_over_the_autoquery_base() -> None:
    code = "public class QueryBookings : QueryDb<Booking>, IReturn<QueryResponse<BookingView>>\n{\n}"
    assert response_type_of("csharp", code) == {"QueryBookings": "QueryResponseOfBookingView"}


def test_python_autoquery_and_generic_returns() -> None:
    from generator.extract.servicestack.languages.python import parse_python

    code = (
        "class QueryBookings(QueryDb[Booking], IGet):\n    id: Optional[int] = None\n\n"
        "class FindBookings(QueryDb[Booking, BookingView]):\n    id: Optional[int] = None\n\n"
        "class Pairs(IReturn[QueryResponse[Booking]]):\n    id: Optional[int] = None\n"
    )
    classes, warnings = parse_python(list(enumerate(code.split("\n"), 1)), PAGE)
    assert [(c.name, c.base, c.returns) for c in classes] == [
        ("QueryBookings", "QueryDb", "QueryResponseOfBooking"),
        ("FindBookings", "QueryDb", "QueryResponseOfBookingView"),
        ("Pairs", None, "QueryResponseOfBooking"),
    ]
    assert warnings == []


@pytest.mark.parametrize(
    ("lang", "code"),
    [
        ("csharp", "public partial class DeleteBook\n    : IReturnVoid, IDelete\n{\n    public virtual int Id { get; set; }\n}"),
        ("vbnet", "Public Partial Class DeleteBook\n    Implements IReturnVoid\n    Implements IDelete\n"
                  "    Public Overridable Property Id As Integer\nEnd Class"),
        ("typescript", "export class DeleteBook implements IReturnVoid, IDelete\n{\n    public id: number;\n}"),
        ("fsharp", "[<AllowNullLiteral>]\ntype DeleteBook() = \n    interface IReturnVoid\n    member val Id:Int32 = new Int32() with get,set"),
    ],
)
def test_ireturnvoid_is_no_response(lang: str, code: str) -> None:
    assert response_type_of(lang, code) == {"DeleteBook": ""}


def test_an_ireturnvoid_operation_has_no_response_not_a_guessed_one() -> None:
    from generator.extract import extract_text

    page = (
        "Shop API\n\n<back to all web services\n\nDeleteBook\n\nThe following routes are available for this service:\n"
        "DELETE/books/{Id}\nnamespace Shop\n{\n    public partial class DeleteBook\n        : IReturnVoid, IDelete\n    {\n"
        "        public virtual int Id { get; set; }\n    }\n\n    public partial class Book\n    {\n"
        "        public virtual int Id { get; set; }\n    }\n}\n\nC# DeleteBook DTOs\n"
    )
    (op,) = extract_text(page, "p.txt").api.operations
    assert (op.method, op.path, op.response) == ("DELETE", "/books/{Id}", None)
