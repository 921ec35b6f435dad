"""``python -m events``: see :mod:`events.cli`."""

import sys

from .cli import main

sys.exit(main())
