"""Caches of N articles (1k, 10k, 100k) written through the real Store, for the reader and search rows.

The articles belong to the bench site's sources (the same feeds.toml), are
spread over three years, half of them read, a few bookmarked; a third are
Chinese. They go in through ``Store.upsert_entries`` (one batch per source,
as a refresh writes them), so the schema, triggers and full-text index are
exactly what a user's cache holds. A built cache is kept under the bench's
work folder and reused while its generator version and size match.
"""

from __future__ import annotations

import random
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.feeds import FeedSpec, uninews_config
from bench.textgen import TextMaker

CACHE_VERSION = 1
"""Bump when the generated articles change, so stale caches are rebuilt."""
NEWEST = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)
SPAN_S = 3 * 365 * 86400


def cache_path(work: Path, size: int) -> Path:
    return work / f"cache-v{CACHE_VERSION}-{size}.db"


def build_cache(
    work: Path, specs: list[FeedSpec], size: int, *, base_url: str = "http://127.0.0.1:9"
) -> Path:
    """The database file holding ``size`` articles over ``specs``' sources (built once, then reused)."""
    from uninews_tui.config import config_from_text
    from uninews_tui.models import ArticleFilter, FeedEntry
    from uninews_tui.store import Store

    target = cache_path(work, size)
    if target.exists():
        return target
    partial = target.with_suffix(".partial")
    for leftover in work.glob(partial.name + "*"):
        leftover.unlink()
    started = time.perf_counter()
    config = config_from_text(uninews_config(specs, base_url), None)
    store = Store.open(partial)
    store.sync_config(config)
    rng = random.Random(size)
    maker = TextMaker(seed=size)
    per_source, extra = divmod(size, len(specs))
    fetched_at = NEWEST + timedelta(hours=1)
    for index, spec in enumerate(specs):
        count = per_source + (1 if index < extra else 0)
        entries = []
        for n in range(count):
            text = maker.article(spec.language)
            url = f"https://news.bench.example/archive/{spec.source_id}/{n}.html"
            entries.append(
                FeedEntry(
                    guid=url,
                    title=text.title,
                    url=url,
                    published=NEWEST - timedelta(seconds=rng.randrange(SPAN_S)),
                    author="News Office",
                    summary=text.summary,
                    content_html="".join(f"<p>{p}</p>\n" for p in text.paragraphs),
                )
            )
        store.upsert_entries(spec.source_id, entries, fetched_at=fetched_at)
    ids = store.article_ids(ArticleFilter())
    store.set_read(ids[1::2], True)
    for article_id in rng.sample(ids, min(50, len(ids))):
        store.set_bookmark(article_id, True)
    store.close()
    for suffix in ("-wal", "-shm"):
        Path(str(partial) + suffix).unlink(missing_ok=True)
    shutil.move(partial, target)
    print(
        f"    built a {size:,}-article cache in {time.perf_counter() - started:.0f} s "
        f"({target.stat().st_size / 1e6:.0f} MB)",
        flush=True,
    )
    return target


def fresh_copy(cache: Path, folder: Path) -> Path:
    """A private copy of a cache (runs that write, such as marking read, must not touch the original)."""
    copy = folder / cache.name
    shutil.copyfile(cache, copy)
    return copy
