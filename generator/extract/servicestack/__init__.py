"""ServiceStack metadata pages (``/json/metadata?op=...``): one operation page -> a ``PageResult``.

In: a page's text (tables, DTO code in any of the languages in ``languages``, samples).  Out: the page's
operation and types, warnings naming ``file:line``.  Must never import: rendering, formatting, another site's reader.
"""

from .reader import extract_page, looks_like, page_language

__all__ = ["extract_page", "looks_like", "page_language"]
