"""The warnings collector shared by the Praxis page readers."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..report import ExtractWarning


@dataclass
class Sink:
    """Collects warnings for one page; ``line`` is 1-based and becomes ``file:line``."""

    file: str
    warnings: list[ExtractWarning] = field(default_factory=list)

    def where(self, line: int) -> str:
        """``file:line`` for a page line."""
        return f"{self.file}:{line}"

    def warn(self, line: int, message: str, text: str = "") -> None:
        """Record that the text at ``line`` was skipped or is doubtful."""
        self.warnings.append(ExtractWarning(self.where(line), message, text.strip()))
