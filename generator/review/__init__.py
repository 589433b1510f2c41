"""Review: reads two definitions and says what changed for users (diff, rules, moves, drift, version bump).

In: ``api.yaml`` texts (files, ``REV:path``, API names) and source pages.  Out: changes, reports
and a proposed version.  Must never import: extraction, rendering, formatting or the CLI verbs.
"""
