"""Opening the reader, and the bare ``uninews`` run without importing click.

``uninews`` with no arguments is the reader, the command run most often and
the one whose start is felt: click (~45 ms of CPU with its imports) and the
group are not needed to parse an empty command line. :func:`run_bare` does
what click's ``main`` and :class:`~uninews_tui.cli.context.UninewsGroup` do
for it (options from UNINEWS_CONFIG / UNINEWS_DB, known errors as one line,
the same exit statuses and messages) and hands back to click whenever click
would have something to say (an option value it refuses, shell completion).
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uninews_tui.cli.state import AppContext, handle_known_errors, internal_error_line

if TYPE_CHECKING:
    from uninews_tui.config_model import Config
    from uninews_tui.fetch.refresh import RefreshSummary
    from uninews_tui.store import Store

COMPLETE_VAR = "_UNINEWS_COMPLETE"
"""Set by the shell completion scripts: click answers those runs."""
OPTION_ENV = ("UNINEWS_CONFIG", "UNINEWS_DB")
"""The environment variables of the group's --config and --db options, in that order."""


def open_reader(app: AppContext, *, offline: bool = False) -> None:
    """Run the Textual reader on the configured store until the user quits."""
    from uninews_tui.config import editable_config_path, resolve_config_path
    from uninews_tui.paths import db_path

    config = app.config
    store = app.open_store()
    config_path = editable_config_path(resolve_config_path(app.config_path))
    run_app(config, store, db_file=db_path(app.db_path), offline=offline, config_path=config_path)


def run_app(config: Config, store: Store, *, db_file: Path, offline: bool = False, title: str | None = None,
            config_path: Path | None = None) -> None:
    """Build the reader on an open store and run it until the user quits."""
    from uninews_tui.app import UninewsApp

    app = UninewsApp(
        store, config, refresher=lazy_refresher(db_file), offline=offline, config_path=config_path
    )
    if title:
        app.sub_title = title
    app.run()


def lazy_refresher(db_file: Path) -> Callable[..., Awaitable[RefreshSummary]]:
    """``fetch.refresh_process.process_refresher(db_file)``: the locked refresh in a child process,
    imported at the first refresh, not before the first paint.

    The fetch layer's modules cost ~50 ms of CPU; a reader started with
    ``refresh_on_start = false`` may never refresh.
    """

    async def run(config: Config, store: Store, **kwargs: Any) -> RefreshSummary:
        from uninews_tui.fetch.refresh_process import process_refresher

        return await process_refresher(db_file)(config, store, **kwargs)

    return run


def _option_value(name: str) -> str | None:
    """An option's value from its environment variable, as click reads it (unset or empty: None)."""
    return os.environ.get(name) or None


def _click_would_refuse(value: str) -> bool:
    """Whether ``click.Path(dir_okay=False)`` rejects ``value``: an existing directory or unreadable file."""
    try:
        mode = os.stat(value).st_mode
    except OSError:
        return False  # a missing file is accepted (the config loader reports it)
    return stat.S_ISDIR(mode) or not os.access(value, os.R_OK)


def run_bare(*, debug: bool) -> int | None:
    """Run ``uninews`` with no arguments as click would; the exit status, or None to let click run it."""
    if os.environ.get(COMPLETE_VAR):
        return None
    values = [_option_value(name) for name in OPTION_ENV]
    if any(value is not None and _click_would_refuse(value) for value in values):
        return None
    app = AppContext(config_path=values[0], db_path=values[1])
    try:
        try:
            open_reader(app)
        except Exception as exc:  # noqa: BLE001 - as UninewsGroup.invoke: known errors mapped, others re-raised
            code = handle_known_errors(exc)
            if code is None:
                raise
            return code
        finally:
            app.close()
    except (KeyboardInterrupt, EOFError):
        import click  # as click's main: a blank line closes the terminal's ^C echo

        click.echo(file=sys.stderr)
        click.echo("Aborted!", file=sys.stderr)
        return 1
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            return _internal_error(exc, debug)
        _silence_closed_pipes()
        return 1
    except Exception as exc:  # noqa: BLE001 - as run_guarded: one line, never a traceback
        return _internal_error(exc, debug)
    return 0


def _internal_error(exc: Exception, debug: bool) -> int:
    """``run_guarded``'s last resort: one line (re-raised with UNINEWS_DEBUG)."""
    if debug:
        raise exc
    import click

    click.echo(internal_error_line(exc), err=True)
    return 1


def _silence_closed_pipes() -> None:
    """As click does on EPIPE: no "Exception ignored" when the interpreter flushes a closed pipe at exit."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (AttributeError, OSError, ValueError):
            pass
