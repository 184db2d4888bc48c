"""The reader screen: filter panels | article list | article, with search and status lines.

Layout, keys and article actions live here; the filter, search and keyword
handling in :class:`ReaderSearch`; store work in :class:`ReaderData`. Any change
of filter (a panel selection, the search line, the Bookmarks entry) builds an
``ArticleFilter`` and asks for the list and the counts again; the list keeps
its cursor on the same article when that article is still there.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urlsplit

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.reactive import Reactive, var
from textual.widgets import Footer, Header, Input, Static

from uninews_tui.models import Article, ArticleFilter
from uninews_tui.store import Store
from uninews_tui.tui import messages
from uninews_tui.tui.screens.reader_data import BodyFetcher
from uninews_tui.tui.screens.reader_keys import READER_BINDINGS
from uninews_tui.tui.screens.reader_search import ReaderSearch
from uninews_tui.tui.widgets.article_list import ArticleList
from uninews_tui.tui.widgets.article_view import ArticleView
from uninews_tui.tui.widgets.filter_panel import BOOKMARKS, FacetList, InstitutionsPanel, KeywordsPanel
from uninews_tui.tui.widgets.search_bar import SearchBar

if TYPE_CHECKING:
    from textual.widgets import Markdown


class ReaderScreen(ReaderSearch):
    """The main screen of the reader."""

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    """Below 110 columns an open article takes the list's place."""
    AUTO_FOCUS = "#articles"

    BINDINGS: ClassVar[list[BindingType]] = READER_BINDINGS

    sub_title: Reactive[str | None] = Reactive(None, compute=False, repaint=False)
    """Screen's, without its repaint: the Header repaints itself through its watcher, while a
    repaint of the screen made every widget be composited again at each search's results."""
    show_filters: var[bool] = var(True, init=False)
    """Whether the left column (institutions and keywords) is shown."""

    def __init__(self, store: Store, fetch_body: BodyFetcher | None = None) -> None:
        super().__init__(store, fetch_body)
        # show_filters' default, and the width class the first Resize would add: set before
        # the first styling, that Resize changes no class and restyles no widget (19 nodes).
        self.add_class("-show-filters", self.width_class(self.app.size.width))
        self._title_counts: tuple[ArticleFilter | None, str] = (None, "")
        """The header's counts and the filter they were read under."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="panes"):
            with Vertical(id="filters"):
                yield InstitutionsPanel(id="institutions")
                yield KeywordsPanel(id="keywords")
            yield ArticleList(id="articles")
            yield ArticleView(id="article")
        yield SearchBar(id="search")
        yield Static(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#institutions").border_title = "Institutions"
        self.query_one("#keywords").border_title = "Keywords"
        self.article_list.border_title = "Articles"
        self.article_list.loader = self.store.articles_by_ids
        self.paint_status()
        filt = self.current_filter()
        try:
            first = self.read_first_page(filt)
        except Exception:  # noqa: BLE001 - the worker reads it again and reports the error
            self.load_first_page(filt)
        else:
            self.on_list_loaded(first)

    @classmethod
    def width_class(cls, width: int) -> str:
        """The class ``HORIZONTAL_BREAKPOINTS`` give a screen this many columns wide."""
        breakpoints = sorted(cls.HORIZONTAL_BREAKPOINTS, reverse=True)
        return next(name for least, name in breakpoints if width >= least)

    # -- state -------------------------------------------------------------------

    def target(self) -> Article | None:
        """The article the keys act on: the open one when it has focus or fills the screen."""
        view = self.article_view
        if view.article is not None and (view.has_focus or (self.reading and self.has_class("-narrow"))):
            return view.article
        return self.article_list.current_article

    def watch_show_filters(self, show: bool) -> None:
        self.set_class(show, "-show-filters")

    # -- messages from workers ---------------------------------------------------

    def on_list_loaded(self, message: messages.ListLoaded) -> None:
        if message.partial:  # start-up: the rest once this page is painted
            self.call_after_refresh(self.reload)
        if self.search_settled():
            # Keys came while this search ran: its results are stale and the follow-up
            # is on its way; painting them (60-80 ms at 100k) would only delay it.
            return
        self.terms = message.terms
        self.article_list.set_rows(message.ids, message.articles, message.terms)
        label = {"search": "Results", "bookmarks": "Bookmarks"}.get(message.mode, "Articles")
        count = "…" if message.partial else str(len(message.ids))
        if message.more:
            count += "+"
        self.article_list.more_available = message.more
        self.article_list.border_title = f"{label} ({count})"
        if message.warning:
            self.set_status(message.warning)
        self.article_list.empty_text = (
            f"No matches for {self.query_text.strip()!r}." if message.mode == "search" else "No articles."
        )
        if not message.partial:
            self.show_title(message.filt)

    def on_facets_loaded(self, message: messages.FacetsLoaded) -> None:
        self.query_one(InstitutionsPanel).show_counts(
            message.institutions,
            message.bookmarks,
            sum(c.total for c in message.institutions),
            sum(c.unread for c in message.institutions),
        )
        self.query_one(KeywordsPanel).show_counts(message.keywords)
        self._title_counts = (message.filt, f"{message.unread} unread / {message.total}")
        self.show_title(self.current_filter())
        self.warm_search()  # the start-up reads are done

    def show_title(self, filt: ArticleFilter) -> None:
        """The header: what is filtered, with its counts once they are read (they come after the list)."""
        parts = [", ".join(self.query_one(InstitutionsPanel).selected_labels) or "All"]
        if filt.bookmarked_only:
            parts.append("Bookmarks")
        if filt.keywords:
            parts.append("Keywords: " + ", ".join(filt.keywords))
        if self.query_text:
            parts.append(f"Search: {self.query_text.strip()}")
        label = f"{self.app.sub_title}: " if self.app.sub_title else ""  # e.g. "demo"
        counted_filt, counts = self._title_counts
        counts = f" — {counts}" if counted_filt == filt and counts else ""
        self.sub_title = f"{label}{' · '.join(parts)}{counts}"

    async def on_article_loaded(self, message: messages.ArticleLoaded) -> None:
        self.article_list.update_articles([message.article])
        self.add_class("-reading").refresh_bindings()
        await self.article_view.show(message.article, self.terms)
        if self.has_class("-narrow"):
            self.article_view.focus()
        self.load_facets(self.current_filter())

    def on_articles_updated(self, message: messages.ArticlesUpdated) -> None:
        self.article_list.update_articles(message.articles)
        for article in message.articles:
            self.article_view.refresh_header(article)
            if message.secure_body:
                self.secure_body(article.id)
        if message.note:
            self.notify(message.note, timeout=3, markup=False)
        if message.reload_list:
            self.load_list(self.current_filter(), self.article_list.current_id)
        self.load_facets(self.current_filter())

    def on_body_secured(self, message: messages.BodySecured) -> None:
        if message.ok:
            self.notify("Full text saved for offline reading", timeout=3)
        else:
            self.notify(
                "Bookmarked as summary only: the page could not be fetched; a later refresh retries",
                severity="warning",
            )
        self.reread(message.article_id)

    def on_unread_found(self, message: messages.UnreadFound) -> None:
        if message.article_id is None:
            self.notify("No more unread articles " + ("below" if message.forward else "above"), timeout=2)
        elif (index := self.article_list.position(message.article_id)) is not None:
            self.article_list.cursor = index

    def on_keywords_edited(self, message: messages.KeywordsEdited) -> None:
        self.notify(message.note, timeout=3, markup=False)
        self.reload()

    # -- messages from widgets ---------------------------------------------------

    @on(ArticleList.ArticleOpened)
    def _open(self, message: ArticleList.ArticleOpened) -> None:
        self.load_article(message.article_id, self.article_list.cached(message.article_id))

    @on(FacetList.SelectionChanged)
    def _filters_changed(self, message: FacetList.SelectionChanged) -> None:
        self.reload()

    def on_markdown_link_clicked(self, message: Markdown.LinkClicked) -> None:
        self._open_url(message.href)

    # -- actions -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search":  # a "/" typed in a text field is text
            return not isinstance(self.focused, Input)
        if action == "jump_match":
            return bool(self.query_text) and self.article_view.match_count > 0
        if action == "back":  # shown in the footer only when there is somewhere to go back from
            narrow_reading = self.reading and self.has_class("-narrow")
            return narrow_reading or self.has_class("-searching") or self.article_view.has_focus
        return True

    def action_find_unread(self, forward: bool) -> None:
        articles = self.article_list
        self.find_unread(self.current_filter(), articles.ids, articles.cursor, forward)

    def action_toggle_read(self) -> None:
        if (article := self.target()) is not None:
            self.set_read(article, not article.is_read)

    def action_mark_all_read(self) -> None:
        filt = self.current_filter()

        def answered(yes: bool | None) -> None:
            if yes:
                self.mark_all_read(filt)

        from uninews_tui.tui.screens.dialogs import ConfirmDialog  # imported when needed

        count = len(self.article_list.ids)
        self.app.push_screen(ConfirmDialog(f"Mark all {count} articles in this view read?"), answered)

    def action_open_link(self) -> None:
        if (article := self.target()) is not None:
            self._open_url(article.url)

    def _open_url(self, url: str) -> None:
        # Feed links are hostile: only web links go to the browser (never a shell).
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            self.notify("Not a web link", severity="warning")
        elif self._console_only():
            # webbrowser would pick lynx/w3m here and take over this terminal: copy instead (OSC 52).
            self.app.copy_to_clipboard(url)
            self.notify(f"No graphical browser here; link copied: {url}", timeout=6, markup=False)
        else:
            self.app.open_url(url)
            self.notify(f"Opened {url}", timeout=2, markup=False)

    def _console_only(self) -> bool:
        """True on Linux without a graphical display, outside a browser (textual-serve)."""
        if self.app.is_web or not sys.platform.startswith("linux"):
            return False
        return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))

    def action_toggle_bookmark(self) -> None:
        if (article := self.target()) is not None:
            self.set_bookmark(
                article, not article.is_bookmarked, reload_list=self.current_filter().bookmarked_only
            )

    def action_show_bookmarks(self) -> None:
        self.query_one(InstitutionsPanel).toggle(BOOKMARKS)

    def action_edit_note(self) -> None:
        if (article := self.target()) is None:
            return

        def edited(note: str | None) -> None:
            if note is not None:
                self.set_note(article, note)

        from uninews_tui.tui.screens.dialogs import TextPrompt

        self.app.push_screen(TextPrompt("Note for this bookmark:", value=article.note), edited)

    def action_refresh_source(self) -> None:
        if (article := self.target()) is not None:
            self.post_message(messages.RefreshRequested([article.source]))

    def action_toggle_filters(self) -> None:
        self.show_filters = not self.show_filters

    def action_back(self) -> None:
        if self.reading and self.has_class("-narrow"):
            self.remove_class("-reading").refresh_bindings()
            self.article_list.focus()
        elif self.query_text or self.has_class("-searching"):
            self.clear_search()
        elif self.article_view.has_focus:
            self.article_list.focus()
