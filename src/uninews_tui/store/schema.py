"""The schema, versioned with ``PRAGMA user_version`` from the first release.

``MIGRATIONS`` is an ordered list of ``(version, function)``; :func:`migrate`
applies the missing ones, each in its own ``BEGIN IMMEDIATE`` transaction that
also bumps ``user_version``, so a crash leaves the file at the last complete
version. A new release appends a migration; it never edits an old one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from ..errors import StoreError
from .connection import Database

SCHEMA_V1 = """
CREATE TABLE institutions (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    short TEXT NOT NULL DEFAULT '',
    local_name TEXT NOT NULL DEFAULT '',
    country TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT '',
    timezone TEXT NOT NULL DEFAULT 'UTC',
    homepage TEXT NOT NULL DEFAULT '',
    tags TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL DEFAULT 0,
    removed INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sources (
    id TEXT PRIMARY KEY,
    institution TEXT NOT NULL,
    kind TEXT NOT NULL,
    url TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    language TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    enabled INTEGER NOT NULL DEFAULT 1,
    removed INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    last_status TEXT,
    last_error TEXT,
    last_fetched TEXT,
    last_new_articles INTEGER NOT NULL DEFAULT 0,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_allowed TEXT
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    institution TEXT NOT NULL,
    guid TEXT NOT NULL,
    url TEXT NOT NULL DEFAULT '',
    canonical_url TEXT NOT NULL DEFAULT '',
    title TEXT NOT NULL DEFAULT '',
    author TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    content_html TEXT NOT NULL DEFAULT '',
    body TEXT,
    has_full_text INTEGER NOT NULL DEFAULT 0,
    body_attempts INTEGER NOT NULL DEFAULT 0,
    published TEXT NOT NULL,
    published_ts INTEGER NOT NULL,
    date_from_fetch INTEGER NOT NULL DEFAULT 0,
    fetched_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    language TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '[]',
    image TEXT NOT NULL DEFAULT '',
    is_read INTEGER NOT NULL DEFAULT 0
);
-- The list and the counts read indexes only. Each list index carries the
-- columns the filters test (institution, source, is_read), so a filtered list
-- never looks up table rows; ids come along in every index as the rowid.
CREATE INDEX idx_articles_published ON articles (published_ts DESC, id DESC, institution, source, is_read);
CREATE INDEX idx_articles_unread ON articles (published_ts DESC, id DESC, institution, source)
    WHERE is_read = 0;
CREATE INDEX idx_articles_institution ON articles (institution, published_ts DESC, id DESC, is_read);
CREATE INDEX idx_articles_institution_read ON articles (institution, is_read);
CREATE UNIQUE INDEX ux_articles_source_guid ON articles (source, guid);
CREATE INDEX idx_articles_source_published ON articles (source, published_ts DESC, id DESC, is_read);
CREATE INDEX idx_articles_canonical ON articles (institution, canonical_url);
-- Keyword/search filters hand over ids (``articles.id IN (SELECT rowid FROM articles_fts ...)``);
-- this narrow index answers them without seeking the wide table rows (10x fewer pages).
CREATE INDEX idx_articles_facets ON articles (id, institution, source, is_read, published_ts);
-- Bookmarks are not tied to articles by a foreign key: nothing that deletes an
-- article (purge, retention, a future migration) can cascade into them.
CREATE TABLE bookmarks (
    id INTEGER PRIMARY KEY,
    article_id INTEGER UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    url TEXT NOT NULL DEFAULT '',
    institution TEXT NOT NULL DEFAULT '',
    institution_name TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    published TEXT,
    author TEXT NOT NULL DEFAULT '',
    summary TEXT NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    full_text INTEGER NOT NULL DEFAULT 0,
    note TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX idx_bookmarks_created ON bookmarks (created_at DESC, id DESC);
-- A second line of defence: any DELETE of a bookmarked article is silently skipped.
CREATE TRIGGER articles_keep_bookmarked BEFORE DELETE ON articles
WHEN EXISTS (SELECT 1 FROM bookmarks WHERE bookmarks.article_id = old.id)
BEGIN
    SELECT RAISE(IGNORE);
END;
CREATE TABLE keywords (
    text TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    seeded INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

OUR_TABLES = frozenset({"institutions", "sources", "articles", "bookmarks", "keywords", "settings"})


def create_core_tables(db: Database) -> None:
    """Version 1: every table and index of the first release."""
    for statement in split_statements(SCHEMA_V1):
        db.conn.execute(statement)


def split_statements(script: str) -> list[str]:
    """Split an SQL script into statements (``executescript`` would COMMIT our transaction)."""
    statements: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return [s for s in statements if s.strip(" ;\n")]


def install_search(db: Database) -> None:
    """Version 2: the full-text index, owned by the search module."""
    from . import search_index

    search_index.install(db)


def index_languages(db: Database) -> None:
    """Version 3: ``lang:`` filters read indexes, not the wide rows.

    The facets index gains the language, so an article's language is tested
    beside its other facets; ``idx_articles_language`` lists the distinct
    languages (one seek each) and the few articles that declare none.
    """
    db.conn.execute("DROP INDEX IF EXISTS idx_articles_facets")
    db.conn.execute(
        "CREATE INDEX idx_articles_facets"
        " ON articles (id, institution, source, is_read, published_ts, language)"
    )
    db.conn.execute("CREATE INDEX IF NOT EXISTS idx_articles_language ON articles (language, id)")


def search_available() -> bool:
    """Whether the search module (and so migration 2) is installed yet."""
    try:
        from . import search_index  # noqa: F401
    except ImportError:
        return False
    return True


Migration = tuple[int, Callable[[Database], None]]
MIGRATIONS: list[Migration] = [
    (1, create_core_tables),
    (2, install_search),
    (3, index_languages),
]
LATEST_VERSION = MIGRATIONS[-1][0]


def preflight(conn: sqlite3.Connection, where: str) -> None:
    """Refuse, before anything is written, a database from a newer uninews or from another program."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > LATEST_VERSION:
        raise StoreError(
            f"{where} was written by a newer uninews (schema {version}, this one knows {LATEST_VERSION});"
            " it was left untouched"
        )
    if version == 0:
        names = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        foreign = {name for name in names if not name.startswith("sqlite_")} - OUR_TABLES
        if foreign:
            raise StoreError(
                f"{where} is not a uninews database (it holds other tables: {', '.join(sorted(foreign))});"
                " it was left untouched"
            )


def migrate(db: Database, where: str) -> int:
    """Bring the schema up to date; returns the version reached (call :func:`preflight` first)."""
    conn = db.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= LATEST_VERSION:
        return int(version)
    check = conn.execute("PRAGMA quick_check").fetchone()[0]
    if check != "ok":
        raise StoreError(f"{where} is not a uninews database (damaged: {check}); it was left untouched")
    for number, step in MIGRATIONS:
        if number == 2 and not search_available():
            break  # applied on a later open, once the search module is installed
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if number > current:
                step(db)
                conn.execute(f"PRAGMA user_version = {int(number)}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def table_exists(conn: sqlite3.Connection, name: str) -> bool:
    """Whether a table (or virtual table) of that name exists."""
    row = conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone()
    return row is not None
