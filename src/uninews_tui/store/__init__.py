"""The SQLite article cache: one :class:`Store` facade over schema, queries, bookmarks and search.

Usage::

    store = Store.open(paths.db_path())
    store.sync_config(config)
    new_ids = store.upsert_entries("ox-news", parsed.entries, fetched_at=now)
    page = store.articles_by_ids(store.article_ids(ArticleFilter(unread_only=True))[:200])

See ``store/store.py`` for how the parts fit together.
"""

from __future__ import annotations

from ..errors import StoreError
from .store import Store

__all__ = ["SearchResult", "Store", "StoreError"]


def __getattr__(name: str) -> object:
    """``SearchResult``, imported with the search code when first asked for."""
    if name == "SearchResult":
        from .search_run import SearchResult

        return SearchResult
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
