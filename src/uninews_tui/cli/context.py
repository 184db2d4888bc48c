"""Shared state of one command-line run: the config and the store, opened on first use.

Config is always loaded before the store is opened, so a bad feeds.toml is
reported (exit 2) before anything is written. Known errors become one line on
stderr through :class:`UninewsGroup`, which also serves click's CliRunner.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

if TYPE_CHECKING:
    from uninews_tui.config_model import Config
    from uninews_tui.store import Store

F = TypeVar("F", bound=Callable[..., Any])


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


pass_app = click.make_pass_decorator(AppContext)


def fail(message: str, code: int = 1) -> None:
    """Print ``message`` on stderr and exit with ``code``."""
    click.echo(f"uninews: {message}", err=True)
    raise SystemExit(code)


def handle_known_errors(exc: BaseException) -> int | None:
    """Exit status for an error the user can act on (after printing it), else None."""
    from uninews_tui.errors import ConfigError, StoreError, UninewsError

    if isinstance(exc, ConfigError):
        for line in exc.details().splitlines() or [str(exc)]:
            click.echo(f"uninews: config error: {line}", err=True)
        return 2
    if isinstance(exc, StoreError):
        click.echo(f"uninews: database error: {exc}", err=True)
        return 1
    if isinstance(exc, UninewsError):
        click.echo(f"uninews: {exc}", err=True)
        return 1
    return None


class UninewsGroup(click.Group):
    """A group that loads its commands on demand and turns known errors into one line and an exit status.

    Commands come from the table in ``cli/commands.py``: running one imports
    only its module, and the help lists them all from the table's summaries.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        from uninews_tui.cli.commands import COMMANDS

        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            from uninews_tui.cli.commands import COMMANDS

            entry = COMMANDS.get(cmd_name)
            if entry is None:
                return None
            module = importlib.import_module(f"uninews_tui.cli.{entry.module}")
            self.add_command(getattr(module, entry.attribute), cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            # An unknown name: load every command so click's "Did you mean" sees them all.
            for name in self.list_commands(ctx):
                self.get_command(ctx, name)
            return super().resolve_command(ctx, args)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """As click's, with each command's help read from the table instead of its module."""
        from uninews_tui.cli.commands import COMMANDS

        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            if name in self.commands:
                command = self.commands[name]
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                summary = COMMANDS[name].summary
                rows.append((name, click.Command(name, help=summary).get_short_help_str(limit)))
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - mapped or re-raised below
            code = handle_known_errors(exc)
            if code is None:
                raise
            ctx.exit(code)
        finally:
            app = ctx.obj
            if isinstance(app, AppContext):
                app.close()


def run_guarded(group: click.Group, argv: Sequence[str], *, debug: bool = False) -> Any:
    """Run ``group``; an unexpected error prints one line (a traceback only with UNINEWS_DEBUG)."""
    try:
        return group.main(list(argv), prog_name="uninews", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("uninews: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - last resort: never a traceback for users
        if debug:
            raise
        click.echo(f"uninews: internal error: {type(exc).__name__}: {exc} (UNINEWS_DEBUG=1 shows details)",
                   err=True)
        sys.exit(1)
