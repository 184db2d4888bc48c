"""The :class:`Store` facade: one SQLite connection behind a lock, assembled from its parts.

Each part is a mixin in its own module (catalog, ingest, articles, bookmarks,
retention); this module opens the file, runs the migrations and adds search.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import StoreError
from ..models import ArticleFilter
from .articles import ArticlesMixin
from .bookmarks import BookmarksMixin
from .catalog import CatalogMixin
from .connection import Database, check_file_before_open, configure, connect, describe_error, locked
from .filters import ALL_ARTICLES, build_where, like_where
from .ingest import IngestMixin
from .retention import RetentionMixin
from .rows import ARTICLE_SELECT, row_to_article
from .schema import migrate, preflight

if TYPE_CHECKING:
    import sqlite_utils


class Store(CatalogMixin, IngestMixin, ArticlesMixin, BookmarksMixin, RetentionMixin):
    """The article cache. Thread-safe: every public method holds one re-entrant lock.

    Open with :meth:`open` (a file) or :meth:`memory` (tests); close with :meth:`close`
    or use it as a context manager.
    """

    def __init__(self, conn: sqlite3.Connection, where: str) -> None:
        self._init_connection(conn, where)
        self._sqlite_utils_db: sqlite_utils.Database | None = None
        self.path = None if where == ":memory:" else Path(where)
        """The database file, or None in memory."""
        try:
            preflight(conn, where)
            configure(conn, wal=self.path is not None)
            register_search_functions(conn)
            self.schema_version = migrate(self._db, where)
            refresh_search_index(self._db)
        except sqlite3.Error as error:
            conn.close()
            raise StoreError(describe_error(where, error) or f"cannot prepare {where}: {error}") from error
        except BaseException:
            conn.close()
            raise

    @classmethod
    def open(cls, path: Path | str) -> Store:
        """Open (creating it if needed) the database at ``path``.

        Raises:
            StoreError: the file is not SQLite, is damaged, belongs to another
                program, is read-only, or its folder cannot be created. The file
                is never overwritten.
        """
        target = Path(path).expanduser()
        check_file_before_open(target)
        return cls(connect(target), str(target))

    @classmethod
    def memory(cls) -> Store:
        """A fresh in-memory store (tests, ``probe``)."""
        return cls(connect(None), ":memory:")

    @property
    def db(self) -> sqlite_utils.Database:
        """A sqlite-utils Database on the store's connection (tests, scripts; hold no lock across calls).

        Built on first use: importing sqlite-utils costs every start about 50 ms.
        """
        if self._sqlite_utils_db is None:
            import sqlite_utils

            self._sqlite_utils_db = sqlite_utils.Database(self._conn, execute_plugins=False)
        return self._sqlite_utils_db

    def close(self) -> None:
        """Close the connection (further calls fail)."""
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @locked
    def search(
        self, query: str, filt: ArticleFilter = ALL_ARTICLES, *, limit: int = 50, snippets: bool = True
    ) -> Any:
        """Full-text search, best first: a ``SearchResult`` (``hits``, ``warning``, ``terms``).

        ``snippets=False``: every hit's snippet is empty and none is made (search as you type).
        """
        where = build_where(filt)
        try:
            from .search_index import search
        except ImportError:
            return fallback_search(self, query, where.condition, where.params, limit)
        found = search(self._db, query, where.condition, where.params, limit, snippets=snippets)
        articles = {a.id: a for a in self.articles_by_ids([article_id for article_id, _ in found.hits])}
        hits = [(articles[i], snippet) for i, snippet in found.hits if i in articles]
        # The search module yields ids; the store's contract hands out Articles in the same result type.
        return dataclasses.replace(found, hits=hits)  # type: ignore[arg-type]


def register_search_functions(conn: sqlite3.Connection) -> None:
    """Let the search module register the SQL functions its triggers call (every connection)."""
    try:
        from .search_index import register_functions
    except ImportError:
        return
    register_functions(conn)


def refresh_search_index(db: Database) -> None:
    """Rebuild the full-text index if an older segmenter built it (one SELECT when current)."""
    try:
        from .search_index import ensure_current
    except ImportError:
        return
    ensure_current(db)


def fallback_search(store: Store, query: str, condition: str, params: dict[str, Any], limit: int) -> Any:
    """FALLBACK until the FTS5 search module lands: newest LIKE matches, summary as snippet."""
    from types import SimpleNamespace

    sql, extra = like_where(query, "q")
    rows = store._rows(
        f"{ARTICLE_SELECT} WHERE {condition} AND {sql} ORDER BY articles.published_ts DESC LIMIT :_limit",
        {**params, **extra, "_limit": limit},
    )
    hits = [(row_to_article(row), row["summary"][:200]) for row in rows]
    return SimpleNamespace(hits=hits, warning=None, terms=query.split())
