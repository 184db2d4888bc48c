"""uninews: a terminal news reader for university news.

The package is split in two layers: a headless core (config, fetch, parse,
store, search) that never imports Textual, and the reader in ``tui/``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("uninews")
except PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
