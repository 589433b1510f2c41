"""Formatting: rendered texts -> black's output behind a libcst gate, with the manifest and progress.

In: ``{path: text}`` from rendering (and a committed tree for reuse).  Out: ``{path: text}`` as
written to ``generated/``.  Must never import: extraction, definitions, rendering or any tool.
"""
