"""The sample part of a ServiceStack metadata page: format, HTTP messages and their bodies.

It starts at ``To override the Content-type ...`` (or ``HTTP + XML``, or, in a
capture that begins at the samples, the first request line) and holds a request
and usually a response, each as a start line, headers, a blank line and a body.
Flattened captures have no blank line: the body starts at the first line that
is not a header.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..report import ExtractWarning

FORMATS = ("xml", "json", "jsv", "csv", "jsonl")
OVERRIDE_RE = re.compile(r"^To override the Content-type\b.*?(?:\?format=(?P<fmt>\w+))?\s*$", re.I)
HTTP_PLUS_RE = re.compile(r"^HTTP \+ (?P<fmt>[A-Za-z]+)\s*$")
INTRO_RE = re.compile(r"^The following are sample (?:HTTP|SOAP(?: ?1\.[12])?) requests and responses\b", re.I)
# SOAP metadata pages (/soap11, /soap12): their envelopes hold the DTOs as XML.
SOAP_RE = re.compile(r"^(?:HTTP \+ )?SOAP ?1[.]?[12]\s*$|^The following are sample SOAP\b|^SOAPAction:|/soap1[12]\b", re.I)
# The intro's second sentence, on a line of its own in some captures.
_PLACEHOLDERS_RE = re.compile(r"^The placeholders shown need to be replaced with actual values\.?$")
REQUEST_RE = re.compile(r"^(?P<verb>GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) (?P<path>/\S*) HTTP/\d\.\d\s*$")
STATUS_RE = re.compile(r"^HTTP/\d\.\d (?P<status>\d{3})\b")
# A status line the capture cut short ("HTTP/1.1 2"): still where the response begins.
_CUT_STATUS_RE = re.compile(r"^HTTP/\d(?:\.\d?)?(?: \d{0,2})?$")
_JSONP_RE = re.compile(r"jsonp|callback=", re.I)
# A header has a value: ``member:`` alone opens a flattened JSV body whose ``{`` line was lost.
_HEADER_RE = re.compile(r"^[A-Za-z][\w-]*: ?\S.*$")
# Headers every sample message has: seen inside a body, they mean a start line went missing.
_KNOWN_HEADER_RE = re.compile(r"^(Content-Type|Content-Length|Accept|Host): ")


# A request's Host header: the first line of the samples when the capture lost the lines above it.
_HOST_RE = re.compile(r"^Host: [\w.-]+(?::\d+)?$")


def starts_samples(text: str) -> bool:
    """True for a line that opens the sample part of a page (the intro, either of its sentences, a start line or Host)."""
    return bool(
        OVERRIDE_RE.match(text) or HTTP_PLUS_RE.match(text) or INTRO_RE.match(text) or REQUEST_RE.match(text)
        or _PLACEHOLDERS_RE.match(text) or _HOST_RE.match(text)
    )  # fmt: skip


@dataclass
class Message:
    """One sample HTTP message: request line or status line, headers and body."""

    role: str  # request | response
    line: int
    verb: str = ""
    path: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: list[tuple[int, str]] = field(default_factory=list)

    @property
    def body_text(self) -> str:
        """The body as shown, trailing blank lines dropped."""
        lines = [t.rstrip() for _, t in self.body]
        while lines and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines)

    @property
    def body_line(self) -> int:
        """Page line of the body's first non-blank line (0 when there is no body)."""
        return next((n for n, t in self.body if t.strip()), 0)


@dataclass
class Samples:
    """What the sample part of a page shows."""

    format: str | None = None
    format_line: int = 0
    soap_line: int = 0  # where the page shows SOAP (0: it does not)
    messages: list[Message] = field(default_factory=list)
    warnings: list[ExtractWarning] = field(default_factory=list)

    @property
    def host(self) -> str | None:
        """The ``Host:`` header of the first request that has one."""
        return next((m.headers["host"] for m in self.messages if "host" in m.headers), None)


def _format_name(text: str | None) -> str | None:
    name = (text or "").lower()
    if name in ("soap11", "soap12", "soap"):
        return "xml"  # SOAP bodies are XML envelopes around the DTO
    return "jsonl" if name == "other" else (name if name in FORMATS else None)


# A message flattened onto one line: start line, headers and body glued with spaces.
_GLUED_RE = re.compile(
    r"^(?P<start>(?:GET|POST|PUT|DELETE|PATCH|HEAD|OPTIONS) /\S* HTTP/\d\.\d|HTTP/\d\.\d \d{3}(?: [A-Za-z][A-Za-z ]*?)?)"
    r"(?P<headers>(?: (?:Content-Type|Content-Length|Accept|Host): \S+)+)\s*(?P<body>.*)$"
)
_GLUED_HEADER_RE = re.compile(r"(Content-Type|Content-Length|Accept|Host): (\S+)")


def _unglue(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines with every glued message split back into start line, headers, a blank line and its body."""
    out: list[tuple[int, str]] = []
    for number, raw in lines:
        match = _GLUED_RE.match(raw.strip())
        if not match:
            out.append((number, raw))
            continue
        out.append((number, match.group("start")))
        out += [(number, f"{name}: {value}") for name, value in _GLUED_HEADER_RE.findall(match.group("headers"))]
        if match.group("body"):
            out += [(number, ""), (number, match.group("body"))]
    return out


def read_samples(lines: Sequence[tuple[int, str]], file: str) -> Samples:
    """Split the sample part into messages; unrecognised lines become warnings."""
    out = Samples()
    in_body = False
    lines = _unglue(lines)
    out.soap_line = next((n for n, t in lines if SOAP_RE.search(t.strip())), 0)
    for index, (number, raw) in enumerate(lines):
        text = raw.strip()
        request, status = REQUEST_RE.match(text), STATUS_RE.match(text) or _CUT_STATUS_RE.match(text)
        if request or status:
            out.messages.append(
                Message("request", number, request.group("verb"), request.group("path"))
                if request
                else Message("response", number)
            )
            in_body = False
        elif out.messages and in_body and _KNOWN_HEADER_RE.match(raw) and out.messages[-1].body:
            role = "response" if out.messages[-1].role == "request" else "request"
            out.warnings.append(ExtractWarning(f"{file}:{number}", f"{role} start line missing; headers start a new message", text))
            out.messages.append(Message(role, number))
            name, _, value = text.partition(":")
            out.messages[-1].headers[name.strip().lower()] = value.strip()
            in_body = False
        elif out.messages and in_body:
            out.messages[-1].body.append((number, raw))
        elif out.messages and text and _HEADER_RE.match(text):
            name, _, value = text.partition(":")
            out.messages[-1].headers[name.strip().lower()] = value.strip()
        elif out.messages and not text:
            # A blank line ends the headers, unless it is a stray one with headers still to come.
            in_body = bool(out.messages[-1].headers) and not _headers_follow(lines, index)
        elif out.messages and not in_body and _headers_follow(lines, index):
            # More headers follow: this is a stray line among the headers, not the body's start.
            out.warnings.append(ExtractWarning(f"{file}:{number}", "text among the sample headers not understood", text))
        elif out.messages:
            in_body = True
            out.messages[-1].body.append((number, raw))
        elif _KNOWN_HEADER_RE.match(text):
            # Headers before any start line: the request's start line went missing.
            out.warnings.append(ExtractWarning(f"{file}:{number}", "request start line missing; headers start a new message", text))
            out.messages.append(Message("request", number))
            name, _, value = text.partition(":")
            out.messages[-1].headers[name.strip().lower()] = value.strip()
        else:
            _preamble(out, number, text, file)
    if out.format is None:
        # A capture that lost its format landmarks still shows each message's Content-Type.
        out.format = next((f for m in out.messages if (f := content_format(m.headers.get("content-type", "")))), None)
    return out


_CONTENT_TYPES = {
    "application/json": "json", "application/xml": "xml", "text/xml": "xml", "text/jsv": "jsv",
    "text/csv": "csv", "text/jsonl": "jsonl", "application/soap+xml": "xml", "application/jsonl": "jsonl", "application/x-ndjson": "jsonl",
}  # fmt: skip


def content_format(content_type: str) -> str | None:
    """The sample format a ``Content-Type`` value names, or None."""
    return _CONTENT_TYPES.get(content_type.split(";")[0].strip().lower())


def _headers_follow(lines: Sequence[tuple[int, str]], index: int) -> bool:
    """True when one of the next few lines is a known header, with no blank line before it."""
    for _, text in lines[index + 1 : index + 4]:
        if _KNOWN_HEADER_RE.match(text):
            return True
        if not text.strip() or REQUEST_RE.match(text.strip()) or STATUS_RE.match(text.strip()):
            return False
    return False


def _preamble(out: Samples, number: int, text: str, file: str) -> None:
    """Lines before the first message: format landmarks, the intro and the jsonp note."""
    for pattern in (OVERRIDE_RE, HTTP_PLUS_RE):
        match = pattern.match(text)
        if match:
            fmt = _format_name(match.group("fmt"))
            if fmt and out.format and fmt != out.format:
                out.warnings.append(ExtractWarning(f"{file}:{number}", f"format {fmt} differs from {out.format}", text))
            elif fmt:
                out.format, out.format_line = fmt, number
            elif pattern is HTTP_PLUS_RE:
                out.warnings.append(ExtractWarning(f"{file}:{number}", "unknown sample format", text))
            return
    if not text or INTRO_RE.match(text) or _PLACEHOLDERS_RE.match(text) or _JSONP_RE.search(text) or SOAP_RE.search(text):
        return
    out.warnings.append(ExtractWarning(f"{file}:{number}", "text in the sample part not understood", text))
