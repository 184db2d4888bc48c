"""The ``uninews`` click group: global options, and the reader when no command is given.

Its subcommands are loaded on demand from the table in ``cli/commands.py``
(see :class:`~uninews_tui.cli.context.UninewsGroup`), so a command imports
only its own module and ``uninews --help`` imports none of them.
"""

from __future__ import annotations

import click

from uninews_tui import __version__
from uninews_tui.cli.commands import CONFIG_HELP, DB_HELP, MAX_CONTENT_WIDTH, ROOT_HELP
from uninews_tui.cli.context import AppContext, UninewsGroup

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": MAX_CONTENT_WIDTH}


@click.group(cls=UninewsGroup, invoke_without_command=True, context_settings=CONTEXT_SETTINGS, help=ROOT_HELP)
@click.option(
    "--config", "config_path", type=click.Path(dir_okay=False), envvar="UNINEWS_CONFIG", help=CONFIG_HELP
)
@click.option("--db", "db_path", type=click.Path(dir_okay=False), envvar="UNINEWS_DB", help=DB_HELP)
@click.version_option(version=__version__, prog_name="uninews", message="%(prog)s %(version)s")
@click.pass_context
def cli(ctx: click.Context, config_path: str | None, db_path: str | None) -> None:
    """Open the reader, or run a command (the help shown is ``ROOT_HELP``)."""
    ctx.obj = AppContext(config_path=config_path, db_path=db_path)
    if ctx.invoked_subcommand is None:
        from uninews_tui.cli.launch import open_reader

        open_reader(ctx.obj)


__all__ = ["CONTEXT_SETTINGS", "cli"]
