"""uninews: a terminal news reader for university news.

The package is split in two layers: a headless core (config, fetch, parse,
store, search) that never imports Textual, and the reader in ``tui/``.
The version lives here (read by hatch at build time) rather than in package
metadata, because ``importlib.metadata`` alone costs ~70 ms at start-up.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
