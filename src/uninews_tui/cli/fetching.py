"""Network commands: ``refresh`` (fetch every enabled source) and ``probe`` (try one, store nothing)."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import click

from uninews_tui.cli.context import AppContext, fail, pass_app
from uninews_tui.cli.output import print_json

ProgressCallback = Callable[[int, int, str], None]


@click.command("refresh")
@click.option("--institution", "-i", "institutions", multiple=True, metavar="ID",
              help="Only sources of this institution (repeat for several).")
@click.option("--source", "-s", "sources", multiple=True, metavar="ID", help="Only this source.")
@click.option("--json", "as_json", is_flag=True, help="Print {fetched, not_modified, failed, new_articles}.")
@pass_app
def refresh(app: AppContext, institutions: tuple[str, ...], sources: tuple[str, ...], as_json: bool) -> None:
    """Fetch every enabled source now (except those that asked us to wait).

    Exit status 0 when at least one source was fetched or unchanged, 1 when all failed.
    """
    import asyncio

    from uninews_tui.fetch.lock import RefreshLock
    from uninews_tui.fetch.refresh import refresh as run_refresh
    from uninews_tui.paths import db_path

    config = app.config
    unknown = [i for i in institutions if i not in config.institutions]
    unknown += [s for s in sources if config.source(s) is None]
    if unknown:
        fail(f"unknown institution or source: {', '.join(unknown)}", 2)
    store = app.open_store()
    lock = RefreshLock(db_path(app.db_path))
    if not lock.acquire(wait_s=120.0, on_wait=lambda: click.echo(
            "uninews: another refresh is running; waiting for it to finish", err=True)):
        click.echo("uninews: another refresh is still running; skipped", err=True)
        return
    try:
        with _progress(enabled=sys.stderr.isatty() and not as_json) as progress:
            summary = asyncio.run(run_refresh(
                config, store,
                source_ids=sources or None,
                institution_ids=institutions or None,
                progress=progress,
            ))
    finally:
        lock.release()
    for source_id, error in summary.errors:
        click.echo(f"  {source_id}: {error}", err=True)
    if as_json:
        print_json(summary.to_json())
        click.echo(summary.line(), err=True)
    else:
        click.echo(summary.line())
    if summary.failed and not summary.succeeded:
        sys.exit(1)


@contextmanager
def _progress(enabled: bool) -> Iterator[ProgressCallback | None]:
    """A rich progress bar on stderr when it is a terminal; no callback otherwise."""
    if not enabled:
        yield None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(TextColumn("refreshing"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("", total=None)

        def update(done: int, total: int, source_id: str) -> None:
            bar.update(task, completed=done, total=total, description=source_id)

        yield update


@click.command("probe")
@click.argument("target", metavar="SOURCE_ID|URL")
@click.option("--json", "as_json", is_flag=True, help="Print {source, items, feeds}.")
@pass_app
def probe(app: AppContext, target: str, as_json: bool) -> None:
    """Fetch and parse one source or URL without storing anything.

    Shows what a refresh would store (title, date as parsed, link, summary),
    the problems met, and for an HTML page the feeds it advertises. Use it to
    write and fix `list.*` selectors.
    """
    import asyncio

    from uninews_tui.fetch.probe import ProbeReport, probe_target

    config = app.config
    source = config.source(target)
    if source is None and not target.startswith(("http://", "https://")):
        where = config.path or "the bundled config"
        fail(f"{target!r} is neither a source id in {where} nor an http(s) URL", 2)
    report: ProbeReport = asyncio.run(probe_target(config, source, target))
    if as_json:
        print_json(report.to_json())
    else:
        report.print_text(click.echo)
    found_feeds_instead = source is None and bool(report.feeds)
    if report.error and not report.items and not found_feeds_instead:
        sys.exit(1)


COMMANDS = [refresh, probe]
