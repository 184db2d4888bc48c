"""UninewsApp: the Textual reader over a Store, with background refresh.

The app owns what outlives a screen: the store and config, the refresh
worker (:mod:`uninews_tui.tui.refreshing`; the refresh itself in a child process)
and its timer, the keymap from ``[keys]``, the remembered theme, the help
screen and the command palette entries. Everything shown is in
:mod:`uninews_tui.tui`.

    UninewsApp(store, config, refresher=..., fetch_body=..., offline=False).run()
"""

from __future__ import annotations

import gc
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import SystemCommand
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.screen import Screen
from textual.theme import Theme

from uninews_tui.config_model import Config
from uninews_tui.store import Store
from uninews_tui.tui import messages
from uninews_tui.tui.config_editing import ConfigEditing
from uninews_tui.tui.refreshing import Refresher
from uninews_tui.tui.screens.reader import ReaderScreen
from uninews_tui.tui.widgets.article_list import ArticleList
from uninews_tui.tui.widgets.article_view import ArticleView
from uninews_tui.tui.widgets.filter_panel import FacetList, KeywordsPanel
from uninews_tui.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from uninews_tui.tui.screens.help import KeyRow

BodyFetcher = Callable[[int], Awaitable[bool]]


class UninewsApp(ConfigEditing):
    """The uninews reader."""

    CSS_PATH = "tui/uninews.tcss"
    TITLE = "uninews"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="quit", tooltip="Quit uninews"),
        Binding("question_mark", "help", "Help", id="help", tooltip="All keys"),
        Binding("r", "refresh", "Refresh", id="refresh", tooltip="Refresh every source in the background"),
        Binding("S", "sources", "Sources", id="sources", tooltip="Each source's status and last error"),
        Binding("plus", "add_source", "Add source", show=False, id="add-source",
                tooltip="Add a feed by URL (a web page's feeds are discovered)"),
    ]  # fmt: skip

    def __init__(
        self,
        store: Store,
        config: Config,
        *,
        refresher: Refresher | None = None,
        fetch_body: BodyFetcher | None = None,
        offline: bool = False,
        config_path: Path | None = None,
    ) -> None:
        """Args:
        store: The article cache.
        config: The loaded feeds.toml.
        refresher: The refresh coroutine (default: ``uninews_tui.fetch.refresh.refresh``).
        fetch_body: Secures a bookmark's full text by article id (default: the real fetcher).
        offline: Start without refreshing and say so.
        config_path: The feeds.toml that "Import OPML…" and ``+`` write to (None: no editing).
        """
        super().__init__()
        self.store = store
        self.config = config
        self.refresher = refresher
        self.fetch_body = fetch_body
        self.offline = offline
        """True while the last refresh could reach no source (or ``--offline``)."""
        self.config_path = config_path
        self._collector_paused = False

    def run(self, *args: Any, **kwargs: Any) -> Any:
        """Run the reader (as ``App.run``), with the garbage collector paused until the first paint.

        Starting makes ~66,000 tracked objects that live as long as the app,
        and the collector walked them again and again before anything was on
        screen: pausing it cut the CPU until the first paint at 100,000
        articles from 609 to 531 ms (medians of 20 interleaved runs).
        :meth:`_collect_again` resumes it.
        """
        self._collector_paused = gc.isenabled()
        gc.disable()
        try:
            return super().run(*args, **kwargs)
        finally:
            self._collect_again()

    def _collect_again(self) -> None:
        """The first frame is painted: resume garbage collection, the start-up objects frozen.

        Frozen (a permanent generation), the objects made while starting are
        not walked by later full collections, which would otherwise land on
        keystrokes. Only a run started by :meth:`run` paused anything.
        """
        if self._collector_paused:
            self._collector_paused = False
            gc.freeze()
            gc.enable()

    def get_default_screen(self) -> Screen[Any]:
        return ReaderScreen(self.store, self.fetch_body or self._default_fetch_body)

    @property
    def reader(self) -> ReaderScreen:
        """The main screen (present for the app's whole life)."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    async def _default_fetch_body(self, article_id: int) -> bool:
        from uninews_tui.fetch.full_text import fetch_full_text

        return bool(await fetch_full_text(self.config, self.store, article_id))

    def on_mount(self) -> None:
        self.set_keymap(dict(self.config.keys))
        if self.config.settings.theme in self.available_themes:
            self.theme = self.config.settings.theme
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.load_settings()
        if self.offline:
            self.reader.set_status("offline: reading from the cache")
        elif self.config.settings.refresh_on_start:
            self.refresh_after_start()
        if self.config.settings.refresh_minutes > 0:
            self.set_interval(self.config.settings.refresh_minutes * 60, self._scheduled_refresh)
        self.call_after_refresh(self._collect_again)

    def watch_app_focus(self, focus: bool) -> None:
        # In a browser the page can blur the app before the list took focus, so
        # Textual has nothing to restore when focus comes back (by AppFocus or a key).
        if focus and self.screen is self.reader and self.screen.focused is None:
            self.reader.article_list.focus()

    # -- settings ----------------------------------------------------------------

    @work(thread=True, group="settings", exit_on_error=False)
    def load_settings(self) -> None:
        history = self.store.get_setting("search_history") or ""
        self.post_message(messages.SettingsLoaded(self.store.get_setting("theme"), history.splitlines()))

    def on_settings_loaded(self, message: messages.SettingsLoaded) -> None:
        if message.theme and message.theme in self.available_themes:
            self.theme = message.theme
        self.reader.query_one(SearchBar).history = message.search_history

    def _remember_theme(self, theme: Theme) -> None:
        self.reader.save_setting("theme", theme.name)

    # -- keys, help, palette --------------------------------------------------------

    def key_rows(self) -> list[KeyRow]:
        """Every described binding of the reader, keys as remapped by ``[keys]``."""
        from uninews_tui.tui.screens.help import key_table
        from uninews_tui.tui.screens.sources import SourcesScreen

        owners: list[tuple[str, type[DOMNode]]] = [
            ("Everywhere", UninewsApp),
            ("Reader", ReaderScreen),
            ("Article list", ArticleList),
            ("Article", ArticleView),
            ("Filter panels", FacetList),
            ("Keywords panel", KeywordsPanel),
            ("Search line", SearchBar),
            ("Sources screen", SourcesScreen),
        ]
        return key_table(owners, self.config.keys)

    def action_help(self) -> None:
        from uninews_tui.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.key_rows()))

    def action_refresh(self) -> None:
        self.start_refresh()

    def action_sources(self) -> None:
        from uninews_tui.tui.screens.sources import SourcesScreen  # DataTable: imported when needed

        if not isinstance(self.screen, SourcesScreen):
            self.push_screen(SourcesScreen(self.store))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Import OPML…", "Add the feeds of an OPML file to feeds.toml", self.action_import_opml
        )
        for row in self.key_rows():
            if row.owner in (UninewsApp, ReaderScreen, ArticleList, KeywordsPanel):
                yield SystemCommand(
                    f"{row.description} ({row.keys})",
                    row.tooltip or row.description,
                    lambda row=row: self._run_key_row(row),
                )

    def _run_key_row(self, row: KeyRow) -> None:
        target: DOMNode = self if row.owner is UninewsApp else self.reader
        if row.owner not in (UninewsApp, ReaderScreen):
            target = next(iter(self.reader.query(row.owner.__name__)), self.reader)
        self.call_later(self.run_action, row.action, target)
