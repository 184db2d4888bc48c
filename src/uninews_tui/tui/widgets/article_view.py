"""The article pane: a plain-text header (title, institution, source, date, author,
link, bookmark note) above the body rendered as Markdown, scrollable.

The header is built from ``Content`` spans, never markup. The body goes to
Textual's ``Markdown`` widget, which turns tokens into Content without parsing
Textual markup. While searching, matches are highlighted in the header and in
each Markdown block, and ``n``/``N`` scroll from one matching block to the next.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from uninews_tui.models import Article

if TYPE_CHECKING:
    from textual.widgets import Markdown
    from textual.widgets._markdown import MarkdownBlock
from uninews_tui.tui.text import format_date, highlight_content, highlighted, terms_pattern

MATCH_STYLE = "reverse $warning"


class ArticleView(VerticalScroll, can_focus=True):
    """Shows one article; empty until one is opened."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "scroll_down", "Scroll down", show=False),
        Binding("k", "scroll_up", "Scroll up", show=False),
        Binding("space", "page_down", "Page down", show=False, id="article-page-down"),
        Binding("g", "scroll_home", "Top", show=False),
        Binding("G", "scroll_end", "Bottom", show=False),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        """The article shown, or None."""
        self._pattern: re.Pattern[str] | None = None
        self._matches: list[MarkdownBlock] = []
        self._match_index = -1

    def compose(self) -> ComposeResult:
        yield Static(Content("Select an article and press Enter."), id="article-header")

    async def _body(self) -> Markdown:
        """The Markdown body, mounted on first use: its parser costs start-up time otherwise."""
        from textual.widgets import Markdown

        for existing in self.query("#article-body").results(Markdown):
            return existing
        markdown = Markdown(id="article-body", open_links=False)
        await self.mount(markdown)
        return markdown

    @property
    def match_count(self) -> int:
        """How many body blocks contain a search match."""
        return len(self._matches)

    async def show(self, article: Article, terms: Sequence[str] = ()) -> None:
        """Show an article, highlighting ``terms`` when searching."""
        self.article = article
        self._pattern = terms_pattern(list(terms))
        self.query_one("#article-header", Static).update(self._header(article))
        markdown = await self._body()
        await markdown.update(article.body or article.summary or "")
        self._highlight_body(markdown)
        self.scroll_home(animate=False)

    def refresh_header(self, article: Article) -> None:
        """Repaint the header only (bookmark or note changed)."""
        if self.article is not None and article.id == self.article.id:
            self.article = article
            self.query_one("#article-header", Static).update(self._header(article))

    def _header(self, article: Article) -> Content:
        pattern = self._pattern
        lines: list[Content] = [
            highlighted(article.title or "(untitled)", pattern, MATCH_STYLE).stylize("bold")
        ]
        place = " · ".join(
            p
            for p in (
                article.institution_short or article.institution,
                article.source_title or article.source,
            )
            if p
        )
        lines.append(Content.styled(place, "$foreground-muted"))
        when = " · ".join(p for p in (format_date(article.published).strip(), article.author) if p)
        if when:
            lines.append(highlight_content(Content.styled(when, "$foreground-muted"), pattern, MATCH_STYLE))
        if article.url:
            lines.append(Content.styled(article.url, "underline $text-primary"))
        if article.is_bookmarked:
            mark = "★ Bookmarked" + ("" if article.has_full_text else " · summary only")
            lines.append(Content.styled(mark, "$accent"))
            if article.note:
                lines.append(Content.assemble(("Note: ", "bold"), article.note))
        return Content("\n").join(lines)

    def _highlight_body(self, markdown: Markdown) -> None:
        # Markdown blocks hold their rendered Content; restyling it keeps the
        # feed text out of any markup parser and needs no second Markdown parse.
        from textual.widgets._markdown import MarkdownBlock

        self._matches = []
        self._match_index = -1
        if self._pattern is None:
            return
        for block in markdown.query(MarkdownBlock):
            content = block._content
            if content.plain and self._pattern.search(content.plain):
                block.set_content(highlight_content(content, self._pattern, MATCH_STYLE))
                self._matches.append(block)

    def jump_to_match(self, forward: bool = True) -> bool:
        """Scroll to the next (or previous) block with a match; False when there is none."""
        if not self._matches:
            return False
        step = 1 if forward else -1
        self._match_index = (self._match_index + step) % len(self._matches)
        self.scroll_to_widget(self._matches[self._match_index], animate=False, top=True)
        return True
