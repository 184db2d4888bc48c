"""``uninews demo``: the reader on a bundled offline sample.

The bare ``uninews`` (the reader on the user's cache) starts from
``cli/launch.py``, which does not import click; this module re-exports its
functions.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from uninews_tui.cli.launch import lazy_refresher, open_reader, run_app


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

__all__ = ["COMMANDS", "demo", "lazy_refresher", "open_reader", "run_app"]
