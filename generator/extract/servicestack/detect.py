"""Which DTO language a code block is written in, scored over several landmarks per language.

A first-match rule lets one landmark that two languages share decide (Kotlin's
``open class`` is also F#'s ``open``, Swift's ``import Foundation`` looks like a
Python import).  Here every language counts the distinct landmarks its code shows,
each with a weight for how specific it is; the highest total wins, and a tie goes
to the earlier language in ``_LANDMARKS`` order.
"""

from __future__ import annotations

import re

# (language, weight, pattern): weight 3 = printed only by that language's generator, 1 = shared by several.
_LANDMARKS: tuple[tuple[str, int, str], ...] = (
    ("vbnet", 3, r"^\s*Imports \w"),
    ("vbnet", 3, r"^\s*(Public )?(Partial )?Class \w+\s*$"),
    ("vbnet", 3, r"\bPublic Overridable Property\b|^\s*End (Class|Enum|Namespace)\b"),
    ("vbnet", 2, r"^\s*<DataMember|\(Of \w"),
    ("vbnet", 1, r"^\s*Namespace \w[\w.]*\s*$"),
    ("fsharp", 3, r"^\s*open System\b|^\s*open ServiceStack\b"),
    ("fsharp", 3, r"^\s*type \w+\(\)\s*=|\bmember val \w+|^\s*\[<\w"),
    ("fsharp", 2, r"^\s*class end\b|with get\s*,\s*set"),
    ("python", 3, r"^from \w+(\.\w+)* import |^@dataclass"),
    ("python", 2, r"^class \w+(\(.*\))?:\s*$|: Optional\[|^\s+\w+: \w[\w\[\], .]* = (None|field\()"),
    ("python", 1, r"^import \w+$"),
    ("dart", 3, r"implements IConvertible|^import 'package:|\bgetTypeName\(\)"),
    ("dart", 2, r"^\s*\w+\?? \w+;\s*$|\bfromMap\(|TypeContext\? context"),
    ("swift", 3, r"^import Foundation\s*$|: Codable\b|required public init\(\)"),
    ("swift", 2, r"^\s*public var \w+\s*:"),
    ("kotlin", 3, r"^import [\w.]+\.\*\s*$|^\s*(open|data) class \w+"),
    ("kotlin", 3, r"^\s*(override )?var \w+\s*:\s*[\w<>?, ]+\s*=|^\s*enum class \w+"),
    ("kotlin", 1, r"^@\w+(\(.*\))?\s*$"),
    ("java", 3, r"^import [\w.]+(\.\*)?;\s*$|^package [\w.]+;|\bpublic static class \w+"),
    ("java", 2, r"^\s*public \w[\w<>, ]* \w+ = null;"),
    ("java", 1, r"^@\w+(\(.*\))?\s*$"),
    ("mjs", 3, r"^\"use strict\";|/\*\* @type \{"),
    ("mjs", 2, r"\bconstructor\(init\) \{"),
    ("typescript", 3, r"^export (class|interface|enum) |// @ts-nocheck|\(Object as any\)\.assign"),
    ("typescript", 2, r"^\s*public \w+\??\s*:\s*[\w<>\[\]|, ]+;|\binit\?: Partial<"),
    ("csharp", 3, r"^\s*using [\w.]+;\s*$|\{ get; set; \}"),
    ("csharp", 2, r"^\s*public (partial |abstract )*class \w+"),
    ("csharp", 1, r"^\s*namespace \w[\w.]*\s*$|^\s*\[\w+(\(.*\))?\]\s*$"),
)
_COMPILED = tuple((lang, weight, re.compile(pattern, re.M)) for lang, weight, pattern in _LANDMARKS)
_ORDER = tuple(dict.fromkeys(lang for lang, _, _ in _LANDMARKS))


def language_scores(code: str) -> dict[str, int]:
    """Each language's total weight of the distinct landmarks ``code`` shows."""
    scores: dict[str, int] = {}
    for lang, weight, pattern in _COMPILED:
        if pattern.search(code):
            scores[lang] = scores.get(lang, 0) + weight
    return scores


def detect_language(code: str) -> str | None:
    """The DTO language ``code`` is written in, or None when it shows no landmark of any."""
    scores = language_scores(code)
    if not scores:
        return None
    return max(scores, key=lambda lang: (scores[lang], -_ORDER.index(lang)))
