"""The reader's filter state, search line and keyword panel handling.

``ReaderSearch`` sits between the store workers (:class:`ReaderData`) and the
screen's layout and keys (:class:`ReaderScreen`): it turns the panels and the
search line into an ``ArticleFilter``, asks for the list and counts again when
any of them changes, and saves or deletes keyword filters.

The list always comes first: counts are read once it has arrived (a search's
counts once typing has paused, :data:`SEARCH_COUNTS_DELAY_S`), so they never
hold the store while the list or the next keystroke's search waits.
"""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import Worker

from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store
from uninews_tui.tui.screens.reader_data import (
    SEARCH_GROWTH,
    SEARCH_MAX,
    SEARCH_PAGE,
    BodyFetcher,
    ReaderData,
)
from uninews_tui.tui.widgets.article_list import ArticleList
from uninews_tui.tui.widgets.article_view import ArticleView
from uninews_tui.tui.widgets.filter_panel import InstitutionsPanel, KeywordsPanel
from uninews_tui.tui.widgets.search_bar import SearchBar, as_you_type

SEARCH_COUNTS_DELAY_S = 0.4
"""Quiet time after a search's results before the panels' counts are read for it
(counts with a search took up to 0.3 s at 100k, and the next search would wait for them)."""


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
        self._search_queued = False
        """A search is queued behind the messages already waiting (see ``_query_changed``)."""
        self._searched_text = ""
        """The query of the latest search asked for."""
        self._counts_stale = False
        """The counts are for another filter: read them once the list has arrived."""
        self._counts_timer: Timer | None = None
        self._typing = False
        """The list being read is for a keystroke: its counts wait for a pause in typing."""
        self.search_limit = SEARCH_PAGE
        """Hits asked for by the current search (grows as the list is scrolled to its end)."""

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
        """Read the list again for the current filter, then the counts."""
        self._counts_stale = True
        self._typing = False
        self._stop_counts_timer()
        self.load_list(self.current_filter(), self.article_list.current_id, self.search_limit)

    def load_counts_soon(self) -> None:
        """Read the counts now the list has arrived (a search's: once typing has paused)."""
        self._stop_counts_timer()
        if self._typing:
            self._counts_timer = self.set_timer(SEARCH_COUNTS_DELAY_S, self._load_current_counts)
        else:
            self._load_current_counts()

    def _stop_counts_timer(self) -> None:
        if self._counts_timer is not None:
            self._counts_timer.stop()
            self._counts_timer = None

    def _load_current_counts(self) -> None:
        self._counts_timer = None
        self.load_facets(self.current_filter())

    def set_refresh_note(self, text: str) -> None:
        """Show a refresh's progress or outcome in the list's bottom border ("" clears it).

        Not on the status line: that line is shown only while it has text, so
        each time it comes or goes the whole screen is laid out again (40-60 ms
        when a refresh starts), and typing a search clears it.
        """
        self.article_list.border_subtitle = text

    def set_status(self, text: str) -> None:
        """Show a line of status (offline, search warning, feed lookup)."""
        if text != self._status:  # every keystroke clears it: no relayout for nothing
            self._status = text
            self.paint_status()

    def paint_status(self) -> None:
        """Put the status text on screen (the line exists once the screen is composed)."""
        for line in self.query("#status").results(Static):
            # One line, as wide as the screen: new text needs a repaint, not a relayout.
            line.update(Content(self._status), layout=False)
        self.set_class(bool(self._status), "-has-status")

    # -- search line ---------------------------------------------------------------

    @on(SearchBar.QueryChanged)
    def _query_changed(self, message: SearchBar.QueryChanged) -> None:
        # Keep a trailing space: it says the last word is finished (see as_you_type).
        self.query_text = message.query.lstrip() if message.query.strip() else ""
        self.set_status("")
        if message.submitted and self.query_text == self._searched_text:
            pass  # Enter on the text already searched: its results are there or on their way
        elif not self._search_queued:
            # After the keys already queued (a paste, a fast typist): one search for the whole
            # text, not a first one for its first letter (up to 0.2 s for one CJK character).
            self._search_queued = True
            self.call_later(self._run_search)
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
        self._search_queued = False
        self._searched_text = self.query_text
        self._counts_stale = True
        self._typing = True
        self.search_limit = SEARCH_PAGE
        self._stop_counts_timer()  # typing again: no counts for the text before
        if self._searching():
            self._search_again = True
            return
        self._search_again = False
        self._search_worker = self.load_list(
            self.current_filter(), self.article_list.current_id, self.search_limit
        )

    def _searching(self) -> bool:
        """True while a search will still post its list.

        A worker superseded (exclusive group) before its task ever ran stays
        PENDING, never finished: counting it as running left every later
        keystroke waiting for a list that would never come.
        """
        worker = self._search_worker
        return worker is not None and not worker.is_cancelled and not worker.is_finished

    @on(ArticleList.MoreWanted)
    def _more_hits(self) -> None:
        """The list neared the end of a search's hits: ask for more (the cursor stays put)."""
        if not self.query_text or self.search_limit >= SEARCH_MAX:
            return
        if self._searching():
            return  # a newer search is coming anyway
        self.search_limit = min(self.search_limit * SEARCH_GROWTH, SEARCH_MAX)
        self._search_worker = self.load_list(
            self.current_filter(), self.article_list.current_id, self.search_limit
        )

    def search_settled(self) -> bool:
        """After a list arrived: start the coalesced search if one is owed, else read stale counts.

        Returns:
            True when another search was started (its results will follow).
        """
        if self._search_again:
            self._search_worker = None
            self._run_search()
            return True
        if self._counts_stale:
            self._counts_stale = False
            self.load_counts_soon()
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

        from uninews_tui.tui.screens.dialogs import TextPrompt  # dialogs: imported when needed

        self.app.push_screen(TextPrompt("New keyword filter (search words):"), added)

    @on(KeywordsPanel.DeleteRequested)
    def _delete_keyword(self, message: KeywordsPanel.DeleteRequested) -> None:
        panel = self.query_one(KeywordsPanel)
        panel.selected.discard(message.keyword)
        self.delete_keyword(message.keyword)

    def action_search(self) -> None:
        self.add_class("-searching").refresh_bindings()
        # Focused now, not on the next turn of the loop (Widget.focus): keys typed right
        # after "/" are already queued and would reach the list as commands (r, o, b...).
        self.set_focus(self.query_one(SearchBar))

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
