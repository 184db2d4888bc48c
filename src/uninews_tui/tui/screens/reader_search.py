"""The reader's filter state, search line and keyword panel handling.

``ReaderSearch`` sits between the store workers (:class:`ReaderData`) and the
screen's layout and keys (:class:`ReaderScreen`): it turns the panels and the
search line into an ``ArticleFilter``, asks for the list and counts again when
any of them changes, and saves or deletes keyword filters.
"""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.widgets import Input, Static
from textual.worker import Worker

from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store
from uninews_tui.tui.screens.dialogs import TextPrompt
from uninews_tui.tui.screens.reader_data import BodyFetcher, ReaderData
from uninews_tui.tui.widgets.article_list import ArticleList
from uninews_tui.tui.widgets.article_view import ArticleView
from uninews_tui.tui.widgets.filter_panel import InstitutionsPanel, KeywordsPanel
from uninews_tui.tui.widgets.search_bar import SearchBar, as_you_type


class ReaderSearch(ReaderData):
    """Filter state, search and keywords of the reader screen (bindings are the screen's)."""

    def __init__(self, store: Store, fetch_body: BodyFetcher | None = None) -> None:
        super().__init__(store, fetch_body)
        self.query_text = ""
        """The search line's query ("" when not searching)."""
        self.terms: list[str] = []
        """Words the last search matched, to highlight."""
        self._status = ""
        self._search_worker: Worker[None] | None = None
        self._search_again = False
        """The query changed while a search was running: run once more when it ends."""
        self._counts_stale = False

    @property
    def article_list(self) -> ArticleList:
        return self.query_one("#articles", ArticleList)

    @property
    def article_view(self) -> ArticleView:
        return self.query_one("#article", ArticleView)

    @property
    def reading(self) -> bool:
        """True when an article is open (in the narrow layout it hides the list)."""
        return self.has_class("-reading")

    def current_filter(self) -> ArticleFilter:
        """The panels AND-ed, with the search query."""
        institutions = self.query_one(InstitutionsPanel)
        return ArticleFilter(
            institutions=institutions.institutions,
            keywords=self.query_one(KeywordsPanel).keywords,
            bookmarked_only=institutions.bookmarks_only,
            query=as_you_type(self.query_text),
        )

    def reload(self) -> None:
        """Read the list and the counts again for the current filter."""
        filt = self.current_filter()
        self.load_list(filt, self.article_list.current_id)
        self.load_facets(filt)

    def set_status(self, text: str) -> None:
        """Show a line of status (refresh progress, offline, search warning)."""
        if text != self._status:  # every keystroke clears it: no relayout for nothing
            self._status = text
            self.paint_status()

    def paint_status(self) -> None:
        """Put the status text on screen (the line exists once the screen is composed)."""
        for line in self.query("#status").results(Static):
            line.update(Content(self._status))
        self.set_class(bool(self._status), "-has-status")

    # -- search line ---------------------------------------------------------------

    @on(SearchBar.QueryChanged)
    def _query_changed(self, message: SearchBar.QueryChanged) -> None:
        # Keep a trailing space: it says the last word is finished (see as_you_type).
        self.query_text = message.query.lstrip() if message.query.strip() else ""
        self.set_status("")
        self._run_search()
        if message.submitted:
            bar = self.query_one(SearchBar)
            self.save_setting("search_history", "\n".join(bar.remember(message.query)))
            self.article_list.focus()

    def _run_search(self) -> None:
        """Search now, or once the running search ends: never one thread per keystroke.

        A store query cannot be interrupted, so instead of queueing a search
        (and its counts) per key, keystrokes during a search coalesce into one
        follow-up search for the latest text; counts are read at the end.
        """
        self._counts_stale = True
        if self._search_worker is not None and not self._search_worker.is_finished:
            self._search_again = True
            return
        self._search_again = False
        self._search_worker = self.load_list(self.current_filter(), self.article_list.current_id)

    def search_settled(self) -> bool:
        """After a list arrived: start the coalesced search if one is owed, else refresh stale counts.

        Returns:
            True when another search was started (its results will follow).
        """
        if self._search_again:
            self._search_worker = None
            self._run_search()
            return True
        if self._counts_stale:
            self._counts_stale = False
            self.load_facets(self.current_filter())
        return False

    @on(SearchBar.Cleared)
    def _search_cleared(self) -> None:
        self.clear_search()

    @on(KeywordsPanel.AddRequested)
    def _add_keyword(self) -> None:
        if self.query_text:
            self.add_keyword(self.query_text.strip())
            return

        def added(text: str | None) -> None:
            if text and text.strip():
                self.add_keyword(text.strip())

        self.app.push_screen(TextPrompt("New keyword filter (search words):"), added)

    @on(KeywordsPanel.DeleteRequested)
    def _delete_keyword(self, message: KeywordsPanel.DeleteRequested) -> None:
        panel = self.query_one(KeywordsPanel)
        panel.selected.discard(message.keyword)
        self.delete_keyword(message.keyword)

    def action_search(self) -> None:
        self.add_class("-searching").refresh_bindings()
        self.query_one(SearchBar).focus()

    def clear_search(self) -> None:
        """Drop the search: hide the line, show the plain list again."""
        bar = self.query_one(SearchBar)
        if bar.value.strip():
            self.save_setting("search_history", "\n".join(bar.remember(bar.value)))
        with bar.prevent(Input.Changed):  # clearing is not a new (empty) search
            bar.value = ""
        self.remove_class("-searching").refresh_bindings()
        self.set_status("")
        self.article_list.focus()
        if self.query_text:
            self.query_text = ""
            self.reload()

    def action_jump_match(self, forward: bool) -> None:
        self.article_view.jump_to_match(forward)
