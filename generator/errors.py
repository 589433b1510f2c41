"""The errors doc2sdk reports: one line each, naming the file (and line) at fault."""

from __future__ import annotations


class Doc2SdkError(Exception):
    """Base of every error the CLI reports as one line instead of a traceback."""

    def __init__(self, message: str, where: str = "") -> None:
        self.message = message
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class ExtractError(Doc2SdkError):
    """A page could not be read at all (extraction otherwise warns and goes on)."""


class DefinitionError(Doc2SdkError):
    """A definitions file is not valid YAML or breaks the schema or its references."""


class RenderError(Doc2SdkError):
    """A template failed or produced code that black or libcst rejects."""
