"""The bootstrap's defaults, in a module of their own so the command line can show them in its help
without loading numpy."""

from __future__ import annotations

#: Replicates of Hayes & Krippendorff's bootstrap when a CI is asked for without a number.
DEFAULT_REPLICATES = 1000
#: Default seed: reports are reproducible unless the user asks for another stream.
DEFAULT_SEED = 2007
