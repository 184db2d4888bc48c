"""The article list: a virtual list (Line API) over an ordered list of article ids.

The list holds only ids (cheap even for 100,000 articles) and a small cache of
the rows near the viewport. ``render_line`` paints from the cache; rows not yet
cached show a placeholder and are fetched in pages by a thread worker through
the ``loader`` the screen provides, so no widget exists per article and the
first paint costs one id query plus one page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import ClassVar

from textual import events, work
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from uninews_tui.models import Article
from uninews_tui.tui.text import terms_pattern
from uninews_tui.tui.widgets.article_row import paint_row, row_content

RowLoader = Callable[[list[int]], list[Article]]
"""Reads articles by id (``Store.articles_by_ids``); called in a worker thread."""

CACHE_LIMIT = 2000
"""Rows kept in memory; beyond this, rows far from the viewport are dropped."""


class ArticleList(ScrollView, can_focus=True):
    """Unread mark, bookmark mark, date, institution and title, one line each."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--cursor",
        "article-list--unread",
        "article-list--read",
        "article-list--pending",
        "article-list--match",
        "article-list--mark",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="cursor-down", tooltip="Next article"),
        Binding("k,up", "cursor_up", "Up", show=False, id="cursor-up", tooltip="Previous article"),
        Binding("g,home", "first", "Top", show=False, id="first", tooltip="First article"),
        Binding("G,end", "last", "Bottom", show=False, id="last", tooltip="Last article"),
        Binding("pagedown", "page_down", "Page down", show=False, id="page-down"),
        Binding("pageup", "page_up", "Page up", show=False, id="page-up"),
        Binding("enter", "open", "Open", id="open", tooltip="Open the article (marks it read)"),
    ]
    """Moving and opening; article actions (m, b, o, ...) belong to the reader screen."""

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)
    """Index of the highlighted row (``watch_cursor`` repaints what changed, not the whole list)."""

    @dataclass
    class ArticleOpened(Message):
        """Enter (or a double click) on a row."""

        article_id: int

    @dataclass
    class MoreWanted(Message):
        """The list's last row was painted (scrolled into view) and ``more_available`` is set."""

    @dataclass
    class _RowsLoaded(Message):
        requested: list[int]
        articles: list[Article]

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None):
        super().__init__(name=name, id=id, classes=classes)
        self.ids: list[int] = []
        """Every row's article id, in list order."""
        self.loader: RowLoader | None = None
        self.empty_text = ""
        """Shown on the first line when the list is empty (set once loaded; blank while loading)."""
        self.more_available = False
        """More rows exist than ``ids`` (a search's further hits): ``MoreWanted`` asks for them."""
        self._more_asked = False
        self._cache: dict[int, Article] = {}
        self._positions: dict[int, int] | None = None
        self._pending: set[int] = set()
        self._gone: set[int] = set()
        """Ids the loader did not return (deleted since the list was read)."""
        self._pattern: re.Pattern[str] | None = None
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(1024)
        """Painted rows by (article, width, cursor?, focus?): moving the cursor repaints two rows."""
        self._pass_styles: dict[tuple[tuple[str, ...], bool], VisualStyle] | None = None
        self._pass_width: int | None = None
        """Styles and width during one pass of ``render_lines`` (None outside one)."""

    # -- data -----------------------------------------------------------------

    @property
    def current_id(self) -> int | None:
        """The highlighted article's id, or None for an empty list."""
        return self.ids[self.cursor] if 0 <= self.cursor < len(self.ids) else None

    @property
    def current_article(self) -> Article | None:
        """The highlighted article when its row is loaded."""
        current = self.current_id
        return None if current is None else self._cache.get(current)

    def cached(self, article_id: int) -> Article | None:
        """The cached row of this article, if loaded."""
        return self._cache.get(article_id)

    def position(self, article_id: int) -> int | None:
        """Row index of an article id, or None when it is not in the list."""
        if self._positions is None:
            self._positions = {article_id: index for index, article_id in enumerate(self.ids)}
        return self._positions.get(article_id)

    def _index_of(self, article_id: int | None) -> int | None:
        """Row of an id by a scan in C: building ``position``'s map took 30-80 ms at 100,000 rows."""
        if article_id is None:
            return None
        if self._positions is not None:
            return self._positions.get(article_id)
        try:
            return self.ids.index(article_id)
        except ValueError:
            return None

    def set_rows(self, ids: list[int], articles: Iterable[Article], terms: Iterable[str] = ()) -> None:
        """Replace the list, keeping the cursor (and its screen line) on the same article.

        Args:
            ids: Every article id in list order.
            articles: Rows already read (at least those around the cursor).
            terms: Search words to highlight in titles.
        """
        keep_id = self.current_id
        line_on_screen = self.cursor - self.scroll_offset.y
        self.ids = ids
        self._positions = None
        self._more_asked = False
        self._pending.clear()
        self._gone.clear()
        self._cache = {article.id: article for article in articles}
        self._pattern = terms_pattern(list(terms))
        self.virtual_size = Size(self.scrollable_content_region.width, len(ids))
        new_index = self._index_of(keep_id)
        if new_index is None:
            new_index = 0 if keep_id is None else min(self.cursor, max(len(ids) - 1, 0))
            self.scroll_to(y=0, animate=False, immediate=True)
        else:
            # Rows added above the cursor (a refresh) must not move it on screen.
            self.scroll_to(y=max(new_index - line_on_screen, 0), animate=False, immediate=True)
        self.cursor = new_index
        self.refresh()

    def update_articles(self, articles: Iterable[Article]) -> None:
        """Replace cached rows (read or bookmark state changed) and repaint."""
        for article in articles:
            if article.id in self._cache or self._index_of(article.id) is not None:
                self._cache[article.id] = article
        self.refresh()

    # -- rendering --------------------------------------------------------------

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.ids))

    def render_lines(self, crop: Region) -> list[Strip]:
        # Within one pass the styles and the width cannot change: each get_visual_style
        # walked the ancestors again (4 per row, a fifth of a page's rendering time).
        self._pass_styles = {}
        self._pass_width = self.scrollable_content_region.width
        try:
            return super().render_lines(crop)
        finally:
            self._pass_styles = None
            self._pass_width = None

    def _style(self, *names: str, partial: bool = False) -> VisualStyle:
        """``get_visual_style``, computed once per rendering pass."""
        memo = self._pass_styles
        if memo is None:
            return self.get_visual_style(*names, partial=partial)
        style = memo.get((names, partial))
        if style is None:
            style = memo[names, partial] = self.get_visual_style(*names, partial=partial)
        return style

    def _width(self) -> int:
        """The rows' width (cell count)."""
        return self.scrollable_content_region.width if self._pass_width is None else self._pass_width

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self._width()
        if self.more_available and not self._more_asked and index >= len(self.ids) - 1:
            self._more_asked = True
            self.post_message(self.MoreWanted())
        base = self._style()
        if index >= len(self.ids):
            if index == 0 and self.empty_text:
                empty = Content(f"  {self.empty_text}")
                style = self._style("article-list--pending")
                return (
                    Strip(empty.render_segments(style), empty.cell_length)
                    .extend_cell_length(width)
                    .crop(0, width)
                )
            return Strip.blank(width, base.rich_style)
        article = self._cache.get(self.ids[index])
        cursor = ("article-list--cursor",) if index == self.cursor else ()
        key = (article, width, bool(cursor), self.has_focus, self._pattern)
        if article is not None and (strip := self._strips.get(key)) is not None:
            return strip
        if article is None:
            self._want_rows()
            style = self._style("article-list--pending", *cursor)
            content = Content("  (removed)" if self.ids[index] in self._gone else "  …")
        else:
            state = "article-list--read" if article.is_read else "article-list--unread"
            style = self._style(state, *cursor)
            content = self._row(article, width)
        strip = paint_row(content, style, width)
        if article is not None:
            self._strips[key] = strip
        return strip


    def notify_style_update(self) -> None:
        """Theme or CSS changed: painted rows are stale."""
        super().notify_style_update()
        self._strips.clear()

    def _row(self, article: Article, width: int) -> Content:
        mark_style = self._style("article-list--mark", partial=True)
        match_style = self._style("article-list--match", partial=True)
        return row_content(article, width, self._pattern, mark_style, match_style)

    # -- lazy loading -------------------------------------------------------------

    def _want_rows(self) -> None:
        """Ask for the uncached rows of this page and the next; one request at a time."""
        if self._pending or self.loader is None:
            return
        top = self.scroll_offset.y
        height = max(self.size.height, 1)
        window = self.ids[max(top - height, 0) : top + 2 * height]
        missing = [i for i in window if i not in self._cache and i not in self._gone]
        if missing:
            self._pending.update(missing)
            self._load_rows(missing, self.loader)

    @work(thread=True, group="article-rows", exit_on_error=False)
    def _load_rows(self, ids: list[int], loader: RowLoader) -> None:
        self.post_message(self._RowsLoaded(ids, loader(ids)))

    def on_article_list__rows_loaded(self, message: _RowsLoaded) -> None:
        message.stop()
        if len(self._cache) > CACHE_LIMIT:
            top = self.scroll_offset.y
            keep = set(self.ids[max(top - CACHE_LIMIT // 4, 0) : top + CACHE_LIMIT // 4])
            self._cache = {key: value for key, value in self._cache.items() if key in keep}
        for article in message.articles:
            self._cache[article.id] = article
        self._gone.update(set(message.requested) - {article.id for article in message.articles})
        self._pending.clear()
        self.refresh()

    # -- cursor -------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self.ids) - 1)) if self.ids else 0

    def watch_cursor(self, previous: int, cursor: int) -> None:
        top = self.scroll_offset.y
        if self.ids:
            self.scroll_to_region(Region(0, cursor, 1, 1), animate=False, immediate=True)
        if previous == cursor or self.scroll_offset.y != top:
            self.refresh()
        else:
            # Only the two rows whose highlight changed: a whole-list repaint sent
            # every visible row to the terminal again at each key.
            self.refresh_lines(previous)
            self.refresh_lines(cursor)

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.ids) - 1

    def action_page_down(self) -> None:
        self.cursor += max(self.size.height - 1, 1)

    def action_page_up(self) -> None:
        self.cursor -= max(self.size.height - 1, 1)

    def action_open(self) -> None:
        if (current := self.current_id) is not None:
            self.post_message(self.ArticleOpened(current))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = self.scroll_offset.y + offset.y
        if index < len(self.ids):
            self.cursor = index
            if event.chain >= 2:
                self.action_open()
