"""Verification: every doc example decoded and re-encoded with the generated codecs, signed ones re-signed.

In: definitions and the generated packages (via ``project.Project``).  Out: a report per example
and an exit code.  Must never import: extraction, formatting or the CLI verbs (``commands``, ``cli``).
"""
