"""The runtime every generated package shares: codec helpers (``_wire``), JSV/CSV text (``_text``), XML (``_xml``).

In: nothing (standard library, plus the package's own ``errors`` and ``models``, stood in here by
stubs).  Out: modules copied verbatim into each package by ``rendering.runtime_copy``.
Must never import: anything of ``generator`` outside this folder (the copies run without doc2sdk).
"""
