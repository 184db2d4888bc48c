"""The click side of a command-line run: the ``uninews`` group, ``pass_app``, ``fail``, ``run_guarded``.

The run's state (:class:`AppContext`, the config and the store opened on
first use) and the mapping of known errors live in ``cli/state.py``, which
does not import click; they are re-exported here. Known errors become one
line on stderr through :class:`UninewsGroup`, which also serves click's CliRunner.
The group's subcommands are loaded on demand from the table in
``cli/commands.py``, so a command imports only its own module.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import click

from uninews_tui import __version__
from uninews_tui.cli.commands import CONFIG_HELP, DB_HELP, MAX_CONTENT_WIDTH, ROOT_HELP
from uninews_tui.cli.state import AppContext, handle_known_errors, internal_error_line

F = TypeVar("F", bound=Callable[..., Any])


pass_app = click.make_pass_decorator(AppContext)


def fail(message: str, code: int = 1) -> None:
    """Print ``message`` on stderr and exit with ``code``."""
    click.echo(f"uninews: {message}", err=True)
    raise SystemExit(code)


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
        click.echo(internal_error_line(exc), err=True)
        sys.exit(1)


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


__all__ = [
    "CONTEXT_SETTINGS", "AppContext", "UninewsGroup", "cli", "fail", "handle_known_errors", "pass_app",
    "run_guarded",
]
