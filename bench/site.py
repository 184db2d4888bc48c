"""The bench site on disk: generated once per (feeds, items, generator version) and reused."""

from __future__ import annotations

import shutil
from pathlib import Path

from bench.feeds import FeedSpec, feed_specs, write_feeds

SITE_VERSION = 1
"""Bump when the generated feeds change."""
ITEM_LINK_BASE = "https://news.bench.example"
"""Where the items' links point (never fetched: full-text fetching is off in the bench config)."""


def prepare_site(work: Path, feeds: int, items: int) -> tuple[Path, list[FeedSpec]]:
    """The folder to serve (``feeds/fNNNN.xml``) and the feeds' specs."""
    specs = feed_specs(feeds)
    folder = work / f"site-v{SITE_VERSION}-{feeds}x{items}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        size = write_feeds(folder, specs, ITEM_LINK_BASE, items=items)
        done.write_text(f"{size}\n")
        print(f"    generated {feeds} feeds × {items} items ({size / 1e6:.0f} MB) in {folder}", flush=True)
    return folder, specs
