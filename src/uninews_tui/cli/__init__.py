"""The ``uninews`` command line: a click group whose bare form opens the reader.

Only click is imported at start-up; each command imports the core it needs
when it runs, so ``uninews --help`` stays fast. Errors the user can act on
(bad config, unusable database) are one line on stderr with exit status 2 or
1, never a traceback.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from uninews_tui.cli.context import AppContext, UninewsGroup, pass_app

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _version() -> str:
    from uninews_tui import __version__

    return __version__


@click.group(cls=UninewsGroup, invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option("--config", "config_path", type=click.Path(dir_okay=False), envvar="UNINEWS_CONFIG",
              help="feeds.toml to use (default: UNINEWS_CONFIG, the user's, then the bundled one).")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), envvar="UNINEWS_DB",
              help="SQLite cache to use (default: UNINEWS_DB, then the user data dir).")
@click.version_option(version=_version(), prog_name="uninews", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, db_path: str | None) -> None:
    """uninews: university news in your terminal.

    Run without a command to open the reader. Exit status: 0 success, 1 failure
    (e.g. every source failed, unknown article), 2 bad usage or bad config.
    """
    ctx.obj = AppContext(config_path=config_path, db_path=db_path)
    if ctx.invoked_subcommand is None:
        from uninews_tui.cli.reader import open_reader

        open_reader(ctx.obj)


def _register() -> None:
    from uninews_tui.cli import articles, bookmarks, fetching, reader, sources

    for module in (articles, bookmarks, fetching, reader, sources):
        for command in module.COMMANDS:
            cli.add_command(command)
    try:
        from uninews_tui.cli import ecosystem
    except ImportError:  # the OPML/add/serve commands land separately
        return
    for command in ecosystem.COMMANDS:
        cli.add_command(command)


_register()


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point: run the group, turning known errors into one line."""
    from uninews_tui.cli.context import run_guarded

    return run_guarded(cli, argv if argv is not None else sys.argv[1:], debug=bool(os.environ.get("UNINEWS_DEBUG")))


__all__ = ["AppContext", "cli", "main", "pass_app"]
