"""``python -m sim.compare DIR ...``: the same as ``portsim-compare``."""

import sys

from sim.compare.cli import main

sys.exit(main())
