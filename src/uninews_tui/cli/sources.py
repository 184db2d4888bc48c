"""Inspection commands: ``sources`` (fetch state of each source) and ``paths``."""

from __future__ import annotations

import click

from uninews_tui.cli.context import AppContext, pass_app
from uninews_tui.cli.output import print_json


@click.command("sources")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array of sources.")
@pass_app
def sources(app: AppContext, as_json: bool) -> None:
    """Each source with its last fetch status and error."""
    rows = app.open_store().sources()
    if as_json:
        print_json([r.to_json() for r in rows])
        return
    for row in rows:
        state = row.last_status or "never fetched"
        when = row.last_fetched.astimezone().strftime("%Y-%m-%d %H:%M") if row.last_fetched else ""
        flag = "" if row.enabled else " (disabled)"
        click.echo(f"{row.id:<28} {row.institution:<10} {row.kind:<5} {state:<13} {when:<16}{flag}")
        if row.last_error:
            click.echo(f"{'':<28} error: {row.last_error}")


@click.command("paths")
@pass_app
def paths(app: AppContext) -> None:
    """Where the config and the database live."""
    from uninews_tui import paths as where
    from uninews_tui.config import resolve_config_path

    config = resolve_config_path(app.config_path)
    click.echo(f"config:      {config if config else 'bundled default (no user feeds.toml)'}")
    click.echo(f"user config: {where.config_file()}")
    click.echo(f"database:    {where.db_path(app.db_path)}")
    click.echo(f"data dir:    {where.data_dir()}")


COMMANDS = [sources, paths]
