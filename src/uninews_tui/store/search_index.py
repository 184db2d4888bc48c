"""The FTS5 index over articles: table, triggers, SQL functions, repairs, and filter fragments.

``articles_fts`` is a *contentless* FTS5 table (``content=''``, rowid =
``articles.id``) over title, summary, body and author. It stores tokens only:
the text is already in ``articles``, and the indexed form (CJK bigrams,
folded to Simplified; see ``search.cjk``) is larger than the text itself, so
storing it again would double the database. It is kept in step:

* a new article is indexed by the statement that stores it
  (``ingest.IngestMixin._insert_rows`` calls :func:`index_new_rows` in the same
  transaction): a multi-row INSERT with forms computed in Python, because an
  INSERT trigger calling four Python functions per row from inside SQLite made
  the store thread wait for the GIL at every call during a refresh;
* UPDATE of title/summary/body/author/content_html (only when one of them
  really changed; marking read does not touch the index) removes the old
  tokens and adds the new ones;
* DELETE (purge, retention) removes the row's tokens.

Removing tokens from a contentless table means handing FTS5 the same text
that was indexed, recomputed by the ``uninews_index_*`` SQL functions from the
old row. Those functions are deterministic and versioned
(``SEGMENTER_VERSION``); :func:`ensure_current` rebuilds the index when the
version stored in ``search_index_meta`` differs, so a future change of the
segmenter never corrupts it. Connections without :func:`register_functions`
cannot write articles ("no such function"), which fails safely.

Tokenizer: ``porter unicode61 remove_diacritics 2`` (stemming, case and
diacritics folded). Ranking: ``bm25`` with weights title 10, summary 4, body
1, author 2, configured as the table's default ``rank``.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from uninews_tui.search.cjk import SEGMENTER_VERSION
from uninews_tui.store import index_forms
from uninews_tui.store.connection import Database

if TYPE_CHECKING:
    from uninews_tui.store.search_run import SearchResult, search

__all__ = [
    "SearchResult",
    "ensure_current",
    "install",
    "keyword_where",
    "rebuild",
    "register_functions",
    "search",
]

FTS_TABLE = index_forms.FTS_TABLE
RANK = "bm25(10.0, 4.0, 1.0, 2.0)"
_INDEXED = (
    "uninews_index_text({0}.title), uninews_index_text({0}.summary), "
    "uninews_index_body({0}.body, {0}.content_html), uninews_index_text({0}.author)"
)
_CHANGED = " OR ".join(
    f"old.{c} IS NOT new.{c}" for c in ("title", "summary", "body", "author", "content_html")
)

_DDL = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    "title, summary, body, author, content='', tokenize='porter unicode61 remove_diacritics 2')",
    "CREATE TABLE IF NOT EXISTS search_index_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    # 0.1.0 indexed new rows with an INSERT trigger; the store now does it itself.
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON articles BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, summary, body, author)
        VALUES ('delete', old.id, {_INDEXED.format("old")});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update
    AFTER UPDATE OF title, summary, body, author, content_html ON articles WHEN {_CHANGED} BEGIN
        INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, title, summary, body, author)
        VALUES ('delete', old.id, {_INDEXED.format("old")});
        INSERT INTO {FTS_TABLE} (rowid, title, summary, body, author)
        VALUES (new.id, {_INDEXED.format("new")});
    END""",
]


# The trigger functions: forms handed over by the refresh's parse workers, else computed here.
_index_text = index_forms.indexed_text
_index_body = index_forms.indexed_body


def register_functions(conn: sqlite3.Connection) -> None:
    """Register the SQL functions the triggers call; run on every connection before use."""
    conn.create_function("uninews_index_text", 1, _index_text, deterministic=True)
    conn.create_function("uninews_index_body", 2, _index_body, deterministic=True)


def _ensure_functions(conn: sqlite3.Connection) -> None:
    """Register the functions unless already there (redefining one mid-statement fails)."""
    try:
        conn.execute("SELECT uninews_index_text(''), uninews_index_body(NULL, NULL)").fetchone()
    except sqlite3.OperationalError:
        register_functions(conn)


def install(db: Database) -> None:
    """Create the index, its triggers and rank; index the articles already there.

    Runs inside the caller's transaction (no ``executescript``, which would commit).
    """
    conn = db.conn
    _ensure_functions(conn)
    for statement in _DDL:
        conn.execute(statement)
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('rank', ?)", (RANK,))
    rebuild(db)


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """Join the caller's transaction, or run in an own ``BEGIN IMMEDIATE`` one."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def rebuild(db: Database) -> int:
    """Drop every token and index all articles again; returns how many were indexed.

    For repairs and for a segmenter version change. Runs in the caller's
    transaction when there is one, else in its own.
    """
    conn = db.conn
    _ensure_functions(conn)
    with _transaction(conn):
        conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('delete-all')")
        cursor = conn.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, author) "
            f"SELECT articles.id, {_INDEXED.format('articles')} FROM articles"
        )
        conn.execute(
            "INSERT OR REPLACE INTO search_index_meta (key, value) VALUES ('segmenter_version', ?)",
            (str(SEGMENTER_VERSION),),
        )
    return max(cursor.rowcount, 0)


def ensure_current(db: Database) -> bool:
    """Rebuild the index if it is missing or was built by another segmenter version.

    Returns True when it (re)built. Cheap (one SELECT) when the index is
    current; the store calls it after the migrations on every open.
    """
    conn = db.conn
    try:
        row = conn.execute("SELECT value FROM search_index_meta WHERE key = 'segmenter_version'").fetchone()
    except sqlite3.OperationalError:  # no meta table: the index is missing altogether
        row = None
    if row is not None and row[0] == str(SEGMENTER_VERSION):
        _drop_insert_trigger(conn)
        return False
    with _transaction(conn):
        install(db)  # idempotent: IF NOT EXISTS throughout, then a full rebuild
    return True


def _drop_insert_trigger(conn: sqlite3.Connection) -> None:
    """Drop the INSERT trigger of a 0.1.0 database (new rows are indexed by the store itself)."""
    name = f"{FTS_TABLE}_insert"
    if conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?", (name,)).fetchone():
        with _transaction(conn):
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def optimize(db: Database) -> None:
    """Merge the index's segments into one (after a large refresh or purge; optional)."""
    db.conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}) VALUES ('optimize')")


def keyword_where(keyword: str, param_prefix: str) -> tuple[str, dict[str, Any]]:
    """A WHERE fragment over ``articles`` matching a saved keyword or a query string.

    The keyword is read with the full query language: its words become an
    FTS5 MATCH on ``articles_fts`` and its qualifiers (``inst:``, ``after:``,
    ``is:unread`` ...) become SQL conditions, all as named parameters starting
    with ``param_prefix``. A keyword with nothing searchable matches nothing.
    """
    from uninews_tui.search.query import parse_query
    from uninews_tui.store.search_sql import query_condition

    condition, params = query_condition(parse_query(keyword), param_prefix)
    return condition or "0", params


def __getattr__(name: str) -> Any:
    """``search`` and ``SearchResult`` from ``search_run``, imported when first used.

    The query parser, ranking and snippet code cost ~20 ms of start-up that a
    refresh or a reader that never searches does not need.
    """
    if name in ("search", "SearchResult"):
        from uninews_tui.store import search_run

        return getattr(search_run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
