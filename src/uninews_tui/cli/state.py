"""One command-line run's state, without click: the config and the store opened on first use.

Config is always loaded before the store is opened, so a bad feeds.toml is
reported (exit 2) before anything is written. Known errors become one line on
stderr (:func:`handle_known_errors`). Nothing here imports click, so the bare
``uninews`` (the reader) can start without it (``cli/launch.py``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uninews_tui.config_model import Config
    from uninews_tui.store import Store


class AppContext:
    """Lazily loaded config and store for one invocation."""

    def __init__(self, config_path: str | None, db_path: str | None) -> None:
        self.config_path = Path(config_path) if config_path else None
        self.db_path = Path(db_path) if db_path else None
        self._config: Config | None = None
        self._store: Store | None = None

    @property
    def config(self) -> Config:
        """The validated config (raises ConfigError)."""
        if self._config is None:
            from uninews_tui.config import load_config, resolve_config_path

            self._config = load_config(resolve_config_path(self.config_path))
        return self._config

    def open_store(self, *, sync: bool = True) -> Store:
        """The store, opened once; ``sync`` brings institutions and sources in line with the config."""
        config = self.config  # validate before touching the database
        if self._store is None:
            from uninews_tui.paths import db_path
            from uninews_tui.store import Store

            self._store = Store.open(db_path(self.db_path))
            if sync:
                self._store.sync_config(config)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


def handle_known_errors(exc: BaseException) -> int | None:
    """Exit status for an error the user can act on (after printing it), else None."""
    from uninews_tui.errors import ConfigError, StoreError, UninewsError

    if not isinstance(exc, UninewsError):
        return None
    import click  # only now: the reader's start does not import click (see cli/launch.py)

    if isinstance(exc, ConfigError):
        for line in exc.details().splitlines() or [str(exc)]:
            click.echo(f"uninews: config error: {line}", err=True)
        return 2
    if isinstance(exc, StoreError):
        click.echo(f"uninews: database error: {exc}", err=True)
        return 1
    click.echo(f"uninews: {exc}", err=True)
    return 1


__all__ = ["AppContext", "handle_known_errors"]


def internal_error_line(exc: BaseException) -> str:
    """The one line an unexpected error prints instead of a traceback (both launch paths)."""
    return f"uninews: internal error: {type(exc).__name__}: {exc} (UNINEWS_DEBUG=1 shows details)"
