"""Opening the reader: the bare ``uninews`` command and ``uninews demo``."""

from __future__ import annotations

import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from uninews_tui.cli.context import AppContext

if TYPE_CHECKING:
    from uninews_tui.config_model import Config
    from uninews_tui.fetch.refresh import RefreshSummary
    from uninews_tui.store import Store


def open_reader(app: AppContext, *, offline: bool = False) -> None:
    """Run the Textual reader on the configured store until the user quits."""
    from uninews_tui.config import editable_config_path, resolve_config_path
    from uninews_tui.paths import db_path

    config = app.config
    store = app.open_store()
    config_path = editable_config_path(resolve_config_path(app.config_path))
    run_app(config, store, db_file=db_path(app.db_path), offline=offline, config_path=config_path)


def run_app(config, store, *, db_file: Path, offline: bool = False, title: str | None = None,  # type: ignore[no-untyped-def]
            config_path: Path | None = None) -> None:
    from uninews_tui.app import UninewsApp

    app = UninewsApp(
        store, config, refresher=lazy_refresher(db_file), offline=offline, config_path=config_path
    )
    if title:
        app.sub_title = title
    app.run()


def lazy_refresher(db_file: Path) -> Callable[..., Awaitable[RefreshSummary]]:
    """``fetch.refresh.locked_refresher(db_file)``, imported at the first refresh, not before the first paint.

    The fetch layer's modules cost ~50 ms of CPU; a reader started with
    ``refresh_on_start = false`` may never refresh.
    """

    async def run(config: Config, store: Store, **kwargs: Any) -> RefreshSummary:
        from uninews_tui.fetch.refresh import locked_refresher

        return await locked_refresher(db_file)(config, store, **kwargs)

    return run


@click.command("demo")
@click.option("--keep", type=click.Path(file_okay=False), help="Keep the demo database in this directory.")
@click.pass_context
def demo(ctx: click.Context, keep: str | None) -> None:
    """Open the reader on a bundled offline sample (a temporary database, no network).

    The sample is served from this machine (127.0.0.1) so refresh, full text
    and the HTML source all work as they would against real sites.
    """
    from uninews_tui.demo import DemoServer, demo_config
    from uninews_tui.fetch.refresh import refresh
    from uninews_tui.store import Store

    with tempfile.TemporaryDirectory(prefix="uninews-demo-") as tmp, DemoServer() as server:
        folder = Path(keep) if keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        db_file = folder / "demo.db"
        config = demo_config(server.base_url)
        store = Store.open(db_file)
        try:
            store.sync_config(config)
            import asyncio

            summary = asyncio.run(refresh(config, store))
            click.echo(f"demo: {summary.line()}", err=True)
            run_app(config, store, db_file=db_file, title="demo")
        finally:
            store.close()


COMMANDS = [demo]
