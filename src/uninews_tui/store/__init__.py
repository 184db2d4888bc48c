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

__all__ = ["Store", "StoreError"]

try:
    from .search_index import SearchResult  # noqa: F401
except ImportError:  # the search module has not landed yet
    pass
else:
    __all__ += ["SearchResult"]
