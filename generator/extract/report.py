"""What a page extractor returns: a partial Api plus the warnings it raised."""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Api

# The style recorded for a page that shows no API content of either site; such a
# page never decides the style of the API it is merged into.
NO_STYLE = "none"


@dataclass(frozen=True)
class ExtractWarning:
    """Something on a page that was skipped or is doubtful: ``where`` is ``file:line``."""

    where: str
    message: str
    text: str = ""

    def __str__(self) -> str:
        snippet = f": {self.text[:80]!r}" if self.text else ""
        return f"{self.where}: warning: {self.message}{snippet}"


@dataclass(frozen=True)
class PageResult:
    """One page's facts (an Api holding only what that page shows) and its warnings."""

    api: Api
    warnings: tuple[ExtractWarning, ...] = ()
    # Responses the page did not name, named by ServiceStack's convention: another page's name wins.
    guessed_responses: frozenset[str] = frozenset()
