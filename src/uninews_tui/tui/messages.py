"""App-level messages: what workers report to the reader once a job is done.

Workers run store queries in threads and the refresh in an async task; they
never touch widgets, they post one of these (``post_message`` is thread-safe).
Names are past tense: each message says what happened.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from textual.message import Message

from uninews_tui.config_model import Config
from uninews_tui.models import Article, ArticleFilter, InstitutionCount, SourceStatus

if TYPE_CHECKING:
    from uninews_tui.discovery import Discovery
    from uninews_tui.fetch.refresh import RefreshSummary


@dataclass
class ListLoaded(Message):
    """The article list for a filter (or a search) was read from the store."""

    filt: ArticleFilter
    ids: list[int]
    """Every article id in list order (newest first, or best first for a search)."""
    articles: list[Article]
    """The rows around the cursor, so the first paint needs no second query."""
    mode: str = "articles"
    """``articles``, ``bookmarks`` or ``search``."""
    terms: list[str] = field(default_factory=list)
    """Words to highlight (search mode)."""
    warning: str | None = None
    """Set when a malformed search was degraded to a plain word search."""
    partial: bool = False
    """Only the first page of ids (start-up); the full list follows at once."""
    more: bool = False
    """A search with more hits than listed (more are read when the list nears its end)."""


@dataclass
class FacetsLoaded(Message):
    """Counts for the two filter panels and the header were read."""

    institutions: list[InstitutionCount]
    keywords: list[tuple[str, int]]
    bookmarks: int
    total: int
    unread: int
    filt: ArticleFilter | None = None
    """The filter counted under."""


@dataclass
class ArticleLoaded(Message):
    """One article was read in full (body included), to show in the article view."""

    article: Article


@dataclass
class ArticlesUpdated(Message):
    """Read, bookmark or note state of these articles changed; here they are re-read."""

    articles: list[Article]
    note: str = ""
    """A notification to show, if any."""
    secure_body: bool = False
    """True when a new bookmark has only a summary and its full text should be fetched."""
    reload_list: bool = False
    """True when the change can add or remove rows (bookmarks view, mark all read)."""


@dataclass
class KeywordsEdited(Message):
    """A keyword was added or deleted in the store."""

    note: str


@dataclass
class RefreshRequested(Message):
    """The reader asks the app to refresh these sources (None: every enabled source)."""

    source_ids: list[str] | None = None


@dataclass
class UnreadFound(Message):
    """The next (or previous) unread article's id, or None when there is none."""

    article_id: int | None
    forward: bool


@dataclass
class BodySecured(Message):
    """A bookmarked article's full text was fetched (ok) or could not be (summary only)."""

    article_id: int
    ok: bool


@dataclass
class SourcesLoaded(Message):
    """Each source's fetch status, for the sources screen."""

    sources: list[SourceStatus]


@dataclass
class SettingsLoaded(Message):
    """Settings remembered in the store: the theme and the search history."""

    theme: str | None
    search_history: list[str]


@dataclass
class RefreshStarted(Message):
    """A refresh worker began asking sources."""

    total: int


@dataclass
class RefreshProgressed(Message):
    """One more source was done; only the latest of these matters."""

    done: int
    total: int
    source_id: str

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RefreshProgressed)


@dataclass
class RefreshFinished(Message):
    """A refresh ended; the summary says what it fetched and what failed."""

    summary: RefreshSummary


@dataclass
class ConfigEdited(Message):
    """feeds.toml was written (an OPML import, an added source) and read again; or the edit failed."""

    config: Config | None
    """The reloaded config, already synced into the store; None when nothing was written."""
    note: str
    refresh_ids: list[str] = field(default_factory=list)
    """Sources to refresh now (a source just added)."""


@dataclass
class FeedsDiscovered(Message):
    """Discovery for a URL the user typed finished; the candidates are to be offered."""

    discovery: Discovery
