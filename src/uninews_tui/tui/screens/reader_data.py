"""The reader's store work: every query and write runs in a thread worker.

``ReaderData`` is the half of the reader screen that talks to the Store. Each
method is a ``@work(thread=True, ...)`` worker that reads or writes, then posts
one message from :mod:`uninews_tui.tui.messages`; the screen's handlers update
widgets. Workers in an exclusive group may be superseded while their thread
still runs, so they check ``is_cancelled`` before posting a stale answer.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import replace

from textual import work
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from uninews_tui.models import Article, ArticleFilter
from uninews_tui.store import Store
from uninews_tui.tui import messages

BodyFetcher = Callable[[int], Awaitable[bool]]
"""Fetches and stores an article's full text; True when it was secured."""

FIRST_PAGE = 120
"""Rows read with the ids, around the cursor, so the first paint needs no second query."""
SEARCH_PAGE = 50
"""Hits asked for first (best first); the list title says "50+" when there are more."""
SEARCH_GROWTH = 4
"""Scrolling near the end of a search's hits asks for this many times more."""
SEARCH_MAX = 1000
"""Most hits a search lists."""
WARM_QUERY = "uninews"
"""Searched once in the background after the start-up counts, for nobody (see ``warm_search``)."""


class ReaderData(Screen[None]):
    """Store workers of the reader screen; subclasses handle the messages."""

    def __init__(self, store: Store, fetch_body: BodyFetcher | None = None) -> None:
        super().__init__()
        self.store = store
        """The article cache; only touched from worker threads."""
        self.fetch_body = fetch_body
        self._search_warmed = False

    def _post_fresh(self, message: Message) -> None:
        """Post unless this worker was superseded by a newer one of its group."""
        if not get_current_worker().is_cancelled:
            self.post_message(message)

    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def load_list(self, filt: ArticleFilter, around_id: int | None, search_limit: int = SEARCH_PAGE) -> None:
        """Read the list for ``filt`` (a search when ``filt.query`` is set: its best ``search_limit``)."""
        store = self.store
        if filt.query.strip():
            # The list shows titles only: no snippets (~10 ms per 50 hits at 100k).
            result = store.search(filt.query, replace(filt, query=""), limit=search_limit, snippets=False)
            articles = [article for article, _snippet in result.hits]
            message = messages.ListLoaded(
                filt,
                [a.id for a in articles],
                articles,
                "search",
                list(result.terms),
                result.warning,
                more=len(result.hits) >= search_limit,
            )
        elif filt.bookmarked_only:
            articles = store.bookmarks(replace(filt, bookmarked_only=False))
            message = messages.ListLoaded(filt, [a.id for a in articles], articles, "bookmarks")
        else:
            ids = store.article_ids(filt)
            index = ids.index(around_id) if around_id is not None and around_id in ids else 0
            window = ids[max(index - FIRST_PAGE // 2, 0) : index + FIRST_PAGE]
            message = messages.ListLoaded(filt, ids, store.articles_by_ids(window))
        self._post_fresh(message)

    def read_first_page(self, filt: ArticleFilter) -> messages.ListLoaded:
        """Start-up: the first page alone, so it paints before every id is read.

        Read on the event loop (2 ms at 100k), so the first paint is the list
        rather than an empty screen painted once more when a worker answers.
        The screen asks for the whole list (and the counts) once this page is
        on screen, which keeps a 100,000-article cache as quick to open as a
        small one.
        """
        first = self.store.articles(filt, limit=FIRST_PAGE)
        return messages.ListLoaded(filt, [a.id for a in first], first, partial=True)

    @work(thread=True, exclusive=True, group="list", exit_on_error=False)
    def load_first_page(self, filt: ArticleFilter) -> None:
        """:meth:`read_first_page` in a worker (which reports a store error instead of raising it)."""
        self._post_fresh(self.read_first_page(filt))

    def warm_search(self) -> None:
        """Once: a search nobody waits for, so the first one typed finds everything ready.

        The first search of a session imported the search modules and read the
        index's pages cold: 27 ms at 100k against 10 ms for the next ones.
        """
        if not self._search_warmed:
            self._search_warmed = True
            self._warm_search()

    @work(thread=True, group="warm", exit_on_error=False)
    def _warm_search(self) -> None:
        self.store.search(WARM_QUERY, limit=1, snippets=False)

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False)
    def load_facets(self, filt: ArticleFilter) -> None:
        """Counts for both panels and the header under ``filt``."""
        store = self.store
        message = messages.FacetsLoaded(
            institutions=store.institution_counts(filt),
            keywords=store.keyword_counts(filt),
            bookmarks=store.bookmark_count(),
            total=store.count(filt),
            unread=store.count(replace(filt, unread_only=True)),
            filt=filt,
        )
        self._post_fresh(message)

    @work(thread=True, exclusive=True, group="article", exit_on_error=False)
    def load_article(self, article_id: int, fallback: Article | None) -> None:
        """Read one article with its body and mark it read (opening means reading)."""
        article = self.store.article(article_id) if article_id > 0 else None
        article = article or fallback
        if article is None:
            return
        if not article.is_read and article.id > 0:
            self.store.set_read([article.id], True)
            article = replace(article, is_read=True)
        self._post_fresh(messages.ArticleLoaded(article))

    @work(thread=True, group="write", exit_on_error=False)
    def set_read(self, article: Article, read: bool) -> None:
        self.store.set_read([article.id], read)
        self.post_message(messages.ArticlesUpdated(self.store.articles_by_ids([article.id])))

    @work(thread=True, group="write", exit_on_error=False)
    def mark_all_read(self, filt: ArticleFilter) -> None:
        changed = self.store.mark_all_read(filt)
        self.post_message(messages.ArticlesUpdated([], f"Marked {changed} articles read", reload_list=True))

    @work(thread=True, group="write", exit_on_error=False)
    def set_bookmark(self, article: Article, on: bool, *, reload_list: bool) -> None:
        self.store.set_bookmark(article.id, on)
        updated = self.store.article(article.id) or replace(article, is_bookmarked=on)
        note = "Bookmarked" if on else "Bookmark removed"
        secure = on and not updated.has_full_text and self.fetch_body is not None
        self.post_message(
            messages.ArticlesUpdated([updated], note, secure_body=secure, reload_list=reload_list)
        )

    @work(thread=True, group="write", exit_on_error=False)
    def set_note(self, article: Article, note: str) -> None:
        self.store.set_bookmark_note(article.id, note)
        updated = self.store.article(article.id) or replace(article, note=note, is_bookmarked=True)
        self.post_message(messages.ArticlesUpdated([updated], "Note saved"))

    @work(group="body", exit_on_error=False)
    async def secure_body(self, article_id: int) -> None:
        """Fetch a new bookmark's full text in the background; offline keeps "summary only"."""
        if self.fetch_body is None:
            return
        try:
            ok = await self.fetch_body(article_id)
        except Exception:  # noqa: BLE001 - any failure leaves the bookmark as summary only
            ok = False
        self.post_message(messages.BodySecured(article_id, ok))

    @work(thread=True, group="write", exit_on_error=False)
    def reread(self, article_id: int) -> None:
        """Re-read one article (after its body was secured)."""
        article = self.store.article(article_id)
        if article is not None:
            self.post_message(messages.ArticlesUpdated([article]))

    @work(thread=True, exclusive=True, group="unread", exit_on_error=False)
    def find_unread(self, filt: ArticleFilter, ids: list[int], cursor: int, forward: bool) -> None:
        """The next/previous unread article after ``cursor`` in list order."""
        unread = set(self.store.article_ids(replace(filt, unread_only=True)))
        order = range(cursor + 1, len(ids)) if forward else range(cursor - 1, -1, -1)
        found = next((ids[i] for i in order if ids[i] in unread), None)
        self._post_fresh(messages.UnreadFound(found, forward))

    @work(thread=True, group="write", exit_on_error=False)
    def add_keyword(self, text: str) -> None:
        self.store.add_keyword(text)
        self.post_message(messages.KeywordsEdited(f"Keyword saved: {text}"))

    @work(thread=True, group="write", exit_on_error=False)
    def delete_keyword(self, text: str) -> None:
        self.store.delete_keyword(text)
        self.post_message(messages.KeywordsEdited(f"Keyword deleted: {text}"))

    @work(thread=True, group="write", exit_on_error=False)
    def save_setting(self, key: str, value: str) -> None:
        self.store.set_setting(key, value)
