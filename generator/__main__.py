"""``python -m generator`` is the ``doc2sdk`` command."""

import sys

from .cli import main

sys.exit(main())
