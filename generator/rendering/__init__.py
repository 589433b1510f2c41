"""Rendering: ``model.Definition`` -> ``{relative path: text}`` through the Jinja templates and the runtime copies.

In: a loaded Definition (from ``definitions``).  Out: unformatted texts (formatting's input).
Must never import: extraction, formatting (black), output or any tool; it reads only definitions.
"""
