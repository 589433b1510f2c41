"""What a Praxis page reader has gathered so far: the page's sections and its facts."""

from __future__ import annotations

from dataclasses import dataclass, field

from .examples import RawExample
from .fields import TypeBuilder
from .sink import Sink
from .tables import Line, Table
from .title import Title


@dataclass
class Section:
    """A run of page lines under one heading (``head`` is everything before the first)."""

    kind: str  # head | endpoints | table | examples | signed | unknown
    title: str
    line: int
    body: list[Line] = field(default_factory=list)


@dataclass
class Page:
    """What has been read so far from one page."""

    sink: Sink
    title: str = ""
    heading: Title | None = None  # the page's own title line, read by read_title
    kind: str = "operation"  # operation | callback | object
    base: str = ""  # the name the page's types are named after (``ProcessSale``, ``Transaction``)
    wire: str | None = None
    wire_line: int = 0
    description: str = ""
    doc_version: str = ""
    hosts: dict[str, str] = field(default_factory=dict)
    paths: list[Line] = field(default_factory=list)
    signed: dict[str, tuple[str, ...]] = field(default_factory=dict)
    examples: list[RawExample] = field(default_factory=list)
    types: dict[str, TypeBuilder] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)  # "request"/"response" -> type name
    cut_line: int = 0  # the page line the capture stopped in the middle of (0: none)
    # Tables are turned into fields only once every table's name is known (nested references).
    tables: list[tuple[TypeBuilder, Table, int]] = field(default_factory=list)
