"""Praxis cashier wiki pages: one operation, callback or reference page -> a ``PageResult``.

In: a page's text (titles, field tables, notation, JSON examples).  Out: the page's operations, callbacks and
types, warnings naming ``file:line``.  Must never import: rendering, formatting, another site's reader.
"""

from .reader import extract_page, looks_like

__all__ = ["extract_page", "looks_like"]
