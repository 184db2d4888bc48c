"""Keeping commands: ``export-bookmarks`` and ``purge``."""

from __future__ import annotations

import click

from uninews_tui.cli.context import AppContext, pass_app


@click.command("export-bookmarks")
@click.option("--format", "-f", "fmt", type=click.Choice(["md", "json", "html"]), default="md",
              show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write here (default: stdout).")
@pass_app
def export_bookmarks(app: AppContext, fmt: str, output: str | None) -> None:
    """Export every bookmark, full text and notes included."""
    from uninews_tui.export import export
    from uninews_tui.models import ArticleFilter

    articles = app.open_store().bookmarks(ArticleFilter())
    text = export(articles, fmt)
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
        click.echo(f"{len(articles)} bookmarks written to {output}", err=True)
    else:
        click.echo(text, nl=False)


@click.command("purge")
@click.option("--older-than", "days", type=click.IntRange(min=0), metavar="DAYS",
              help="Remove unbookmarked articles older than DAYS (default: the keep_days setting).")
@pass_app
def purge(app: AppContext, days: int | None) -> None:
    """Remove unbookmarked articles older than DAYS, read or not. Bookmarks are never touched."""
    store = app.open_store()
    days = app.config.settings.keep_days if days is None else days
    removed = store.purge(days, only_read=False)
    click.echo(f"removed {removed} articles older than {days} days (bookmarks kept)")


COMMANDS = [export_bookmarks, purge]
