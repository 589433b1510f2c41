"""doc2sdk: captured API doc pages -> definitions -> typed, tested Python SDK packages.

The stages, in order: ``extract`` (pages -> model), ``definitions`` (model <-> YAML),
``rendering`` (definition -> texts, with the shared ``runtime``), ``formatting`` (black + gate),
``output`` (disk).  Beside them: ``review``, ``simulation``, ``verification``; the CLI is
``cli``/``commands`` over ``project``.  See docs/architecture.md.
"""

__version__ = "0.1.0"
