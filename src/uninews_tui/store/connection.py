"""Opening the database file safely, and the lock/transaction plumbing every part shares.

One ``sqlite3`` connection per :class:`~uninews_tui.store.Store`, opened with
``check_same_thread=False`` because the reader calls the store from worker
threads; a re-entrant lock serialises every public method. Writes run in
``BEGIN IMMEDIATE`` transactions so two processes (the reader and a cron
``uninews refresh``) queue on the busy timeout instead of failing with
"database is locked" when a read transaction tries to upgrade.

Nothing here ever overwrites a file that is not already a uninews database.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import stat
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, Concatenate, ParamSpec, TypeVar

from ..errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
CACHE_KIB = 32_768

P = ParamSpec("P")
R = TypeVar("R")
S = TypeVar("S", bound="StoreBase")


def describe_error(where: str, error: sqlite3.Error) -> str | None:
    """A user-facing sentence for an SQLite failure that is about the file, else None."""
    text = str(error).lower()
    if "readonly" in text or "read-only" in text:
        return f"{where} is read-only; uninews needs to write to it (check the file and folder permissions)"
    if "disk is full" in text:
        return f"cannot write to {where}: the disk is full (free some space and try again)"
    if "disk i/o" in text:
        return f"cannot write to {where}: {error} (check the disk and the file)"
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return f"{where} is not a uninews database ({error}); it was left untouched"
    if "unable to open" in text:
        return f"cannot open {where}: {error}"
    if "locked" in text or "busy" in text:
        return f"{where} is busy: another program kept it locked for over {BUSY_TIMEOUT_MS // 1000} s"
    return None


def check_file_before_open(path: Path) -> None:
    """Refuse, without touching it, a path that is not an (empty or) SQLite file we may write."""
    if path.is_dir():
        raise StoreError(f"{path} is a directory, not a uninews database")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder for {path}: {error.strerror or error}") from error
    if not _writable(path.parent):
        raise StoreError(
            f"cannot use {path}: its folder {path.parent} is read-only"
            " (uninews keeps the database and its -wal journal there)"
        )
    if not path.exists():
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
        mode = path.stat().st_mode
    except OSError as error:
        raise StoreError(f"cannot read {path}: {error.strerror or error}") from error
    if header and header != SQLITE_HEADER:
        raise StoreError(f"{path} is not a uninews database (file is not a database); it was left untouched")
    if not _writable(path, mode):
        raise StoreError(f"{path} is read-only; uninews needs to write to it (check the file permissions)")


def _writable(path: Path, mode: int | None = None) -> bool:
    """Writable by us, and not stripped of every write bit (which root's access() would ignore)."""
    try:
        mode = path.stat().st_mode if mode is None else mode
    except OSError:
        return False
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


def connect(target: Path | None) -> sqlite3.Connection:
    """Open the connection (``None`` = in memory) and prove the file is a readable database."""
    where = str(target) if target is not None else ":memory:"
    try:
        # isolation_level=None: no implicit transactions; writes use explicit BEGIN IMMEDIATE.
        conn = sqlite3.connect(
            where, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
    except sqlite3.Error as error:
        raise StoreError(describe_error(where, error) or f"cannot open {where}: {error}") from error
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # Reading the schema proves the file is a readable database before anything is written.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as error:
        conn.close()
        raise StoreError(describe_error(where, error) or f"cannot open {where}: {error}") from error
    return conn


def configure(conn: sqlite3.Connection, *, wal: bool) -> None:
    """Set the pragmas uninews relies on; WAL changes the file header, so this runs after the checks."""
    if wal:
        conn.execute("PRAGMA journal_mode = WAL").fetchone()
    conn.execute("PRAGMA synchronous = NORMAL")
    # 32 MB of page cache (default 2 MB): repeated counts as the filters change stay in memory.
    conn.execute(f"PRAGMA cache_size = {-CACHE_KIB}")
    conn.execute("PRAGMA foreign_keys = ON")


class Database:
    """What the store's modules need of a database: its connection (``db.conn``).

    A ``sqlite_utils.Database`` has the same attribute and is accepted wherever
    this is; the store itself does not import sqlite-utils (about 50 ms at
    every start of the command line and the reader) until ``Store.db`` is used.
    """

    __slots__ = ("conn",)

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn


class StoreBase:
    """Connection, lock and transaction helpers shared by the store's parts."""

    _db: Database
    _conn: sqlite3.Connection
    _lock: threading.RLock
    _where: str

    def _init_connection(self, conn: sqlite3.Connection, where: str) -> None:
        self._conn = conn
        self._db = Database(conn)
        self._lock = threading.RLock()
        self._where = where

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        """Hold the lock and turn file-level SQLite failures into StoreError."""
        with self._lock:
            try:
                yield
            except sqlite3.Error as error:
                message = describe_error(self._where, error)
                if message is None:
                    raise
                raise StoreError(message) from error

    @contextlib.contextmanager
    def _write(self) -> Iterator[Database]:
        """One write transaction (BEGIN IMMEDIATE); a nested call is a savepoint in the outer one.

        The savepoint keeps a nested write all-or-nothing: when it fails, its
        changes are undone and the outer transaction (e.g. a :meth:`batch` of
        several sources) goes on with the rest.
        """
        with self._guard():
            if self._conn.in_transaction:
                self._conn.execute("SAVEPOINT nested_write")
                try:
                    yield self._db
                except BaseException:
                    self._conn.execute("ROLLBACK TO nested_write")
                    self._conn.execute("RELEASE nested_write")
                    raise
                self._conn.execute("RELEASE nested_write")
                return
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")

    @contextlib.contextmanager
    def batch(self) -> Iterator[None]:
        """Run several writes (e.g. many sources of one refresh) as one transaction.

        Each write inside stays all-or-nothing (a savepoint), and the whole
        batch is committed once: the full-text index merges one larger segment
        instead of one per write. The store's lock is held throughout, so keep
        batches short where another thread (the reader) waits for the store.
        """
        with self._write():
            yield

    def _rows(self, sql: str, params: dict[str, Any] | tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        """Run a read query and return its rows (with column names)."""
        cursor = self._conn.execute(sql, params)
        cursor.row_factory = sqlite3.Row
        return cursor.fetchall()

    def _scalar(self, sql: str, params: dict[str, Any] | tuple[Any, ...] = ()) -> Any:
        row = self._conn.execute(sql, params).fetchone()
        return None if row is None else row[0]


def locked(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Run a public store method under the lock, translating file errors to StoreError."""

    @functools.wraps(method)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self._guard():
            return method(self, *args, **kwargs)

    return wrapper
