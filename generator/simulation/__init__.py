"""Simulation: a local HTTP double of an API, built from its definition and the SDK generated from it.

In: a Definition (via ``project.Project``) and its rendered package.  Out: a loopback server and
callbacks posted to a URL.  Must never import: extraction or the CLI verbs (``commands``, ``cli``).
"""
