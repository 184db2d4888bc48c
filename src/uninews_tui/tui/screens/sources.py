"""The ``S`` sources screen: each source's status, last fetch, article count and last error.

Rows come from ``Store.sources()`` read in a thread worker; the table is
rebuilt when a refresh finishes while the screen is open.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header

from uninews_tui.store import Store
from uninews_tui.tui import messages
from uninews_tui.tui.text import format_datetime

STATUS_STYLE = {"ok": "green", "not_modified": "green", "error": "bold red", "skipped": "yellow"}
"""Rich styles: DataTable measures Rich ``Text`` (plain strings would be parsed as markup)."""


class SourcesScreen(Screen[None]):
    """A table of sources; Esc, q or S goes back to the reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,S", "app.pop_screen", "Back", id="close-sources", tooltip="Back to the reader"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="sources-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Sources"
        table = self.query_one(DataTable)
        table.add_columns("Source", "Institution", "Kind", "Status", "Last fetch", "Articles", "Last error")
        self.load_sources()

    @work(thread=True, exclusive=True, group="sources", exit_on_error=False)
    def load_sources(self) -> None:
        self.post_message(messages.SourcesLoaded(self.store.sources()))

    def on_sources_loaded(self, message: messages.SourcesLoaded) -> None:
        table = self.query_one(DataTable)
        table.clear()
        failing = 0
        for source in message.sources:
            status = source.last_status or "never"
            if source.consecutive_failures:
                status += f" ×{source.consecutive_failures}"
            if source.last_status == "error":
                failing += 1
            if not source.enabled:
                status = "disabled"
            table.add_row(
                Text(source.id),
                Text(source.institution),
                Text(source.kind),
                Text(status, STATUS_STYLE.get(source.last_status or "", "dim")),
                Text(format_datetime(source.last_fetched)),
                Text(str(source.article_count), justify="right"),
                Text(source.last_error or ""),
                key=source.id,
            )
        self.sub_title = f"Sources: {len(message.sources)}, failing: {failing}"
