"""The reader's edits of feeds.toml: "Import OPML…" (command palette) and ``+`` (add a feed by URL).

A base of :class:`uninews_tui.app.UninewsApp` (over the refresh's). Dialogs ask; workers do the
work (discovery is async, file edits and the store sync run in threads) and
post :class:`~uninews_tui.tui.messages.FeedsDiscovered` or
:class:`~uninews_tui.tui.messages.ConfigEdited`; the handlers here show the
result, swap in the reloaded config and reload the panels.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual import work

from uninews_tui.config_model import Config
from uninews_tui.errors import UninewsError
from uninews_tui.store import Store
from uninews_tui.tui import messages
from uninews_tui.tui.refreshing import Refreshing

if TYPE_CHECKING:
    from uninews_tui.discovery import FeedCandidate


class ConfigEditing(Refreshing):
    """Import OPML and add a source from inside the reader."""

    store: Store
    config: Config
    config_path: Path | None
    """The feeds.toml edits are written to; None (the demo) disables editing."""

    def _editable(self) -> Path | None:
        if self.config_path is None:
            self.notify("Editing feeds.toml is not available here", severity="warning")
        return self.config_path

    # -- OPML import ---------------------------------------------------------------

    def action_import_opml(self) -> None:
        if (config_path := self._editable()) is None:
            return

        def answered(path: str | None) -> None:
            if path and path.strip():
                self.import_opml(Path(path.strip()).expanduser(), config_path)

        from uninews_tui.tui.screens.dialogs import TextPrompt  # dialogs: imported when first needed

        self.push_screen(TextPrompt("OPML file to import:", placeholder="~/subscriptions.opml"), answered)

    @work(thread=True, group="config-edit", exit_on_error=False)
    def import_opml(self, opml_path: Path, config_path: Path) -> None:
        from uninews_tui.opml_import import import_opml_file

        try:
            report = import_opml_file(opml_path, config_path)
            config = self._reloaded(config_path)
        except (UninewsError, OSError) as error:
            self.post_message(messages.ConfigEdited(None, f"Import failed: {error}"))
            return
        self.post_message(messages.ConfigEdited(config, report.summary()))

    def _reloaded(self, config_path: Path) -> Config:
        """Read the edited file again and bring the store in line (runs in a worker thread)."""
        from uninews_tui.config import load_config

        config = load_config(config_path)
        self.store.sync_config(config)
        return config

    # -- add a source by URL -------------------------------------------------------

    def action_add_source(self) -> None:
        if self._editable() is None:
            return

        def answered(url: str | None) -> None:
            if url and url.strip():
                self.reader.set_status(f"looking for feeds at {url.strip()}…")
                self.discover_feeds(url.strip())

        from uninews_tui.tui.screens.dialogs import TextPrompt

        prompt = TextPrompt("Feed or web page URL:", placeholder="https://news.example.edu/")
        self.push_screen(prompt, answered)

    @work(exclusive=True, group="discovery", exit_on_error=False)
    async def discover_feeds(self, url: str) -> None:
        from uninews_tui.discovery import discover

        self.post_message(messages.FeedsDiscovered(await discover(url, self.config.settings)))

    def on_feeds_discovered(self, message: messages.FeedsDiscovered) -> None:
        self.reader.set_status("")
        found = message.discovery
        if not found.candidates:
            why = "; ".join(found.problems[:2]) or "no feed advertised or at the usual paths"
            self.notify(f"No feed found at {found.url}: {why}", severity="warning", markup=False)
            return
        candidates = list(found.candidates)
        choices = [f"{c.title or '(untitled)'} · {c.item_count} items · {c.url}" for c in candidates]

        def chosen(index: int | None) -> None:
            if index is not None and (config_path := self._editable()) is not None:
                self.add_source(candidates[index], config_path)

        from uninews_tui.tui.screens.dialogs import ChoiceDialog

        self.push_screen(ChoiceDialog("Add which feed? (Enter adds, Esc cancels)", choices), chosen)

    @work(thread=True, group="config-edit", exit_on_error=False)
    def add_source(self, candidate: FeedCandidate, config_path: Path) -> None:
        from uninews_tui.adding import add_feed_source

        try:
            added = add_feed_source(config_path, candidate.url, candidate.title)
            config = self._reloaded(config_path)
        except (UninewsError, OSError) as error:
            self.post_message(messages.ConfigEdited(None, f"Not added: {error}"))
            return
        note = f"Added {added.source_id} to {added.institution_id}; refreshing it"
        self.post_message(messages.ConfigEdited(config, note, [added.source_id]))

    # -- results ---------------------------------------------------------------------

    def on_config_edited(self, message: messages.ConfigEdited) -> None:
        if message.config is None:
            self.notify(message.note, severity="error", markup=False)
            return
        self.config = message.config
        self.notify(message.note, timeout=6, markup=False)
        self.reader.reload()
        if message.refresh_ids:
            self.start_refresh(message.refresh_ids)
