"""doc2sdk: captured API doc pages -> definitions -> typed, tested Python SDK packages."""

__version__ = "0.1.0"
