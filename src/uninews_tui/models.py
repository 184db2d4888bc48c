"""Plain data shared by every layer: parsed entries, fetch results, stored articles.

Nothing here knows about HTTP, SQLite or Textual; these are the values that
flow between those layers (see DESIGN.md, "Shape").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

FeedKind = Literal["rss", "atom", "rdf", "json", "html"]
FetchStatus = Literal["ok", "not_modified", "error", "skipped"]


@dataclass(slots=True)
class FeedEntry:
    """One item as parsed from a feed or an HTML list page, already cleaned.

    Every text field is plain text with control characters and bidi overrides
    removed (``parse.text.clean_text``); ``content_html`` is the raw-but-cleaned
    HTML kept for rendering, never shown as markup.
    """

    guid: str
    title: str
    url: str
    published: datetime | None = None
    """Aware datetime; falls back to ``updated``; None when the item has no date."""
    updated: datetime | None = None
    author: str = ""
    summary: str = ""
    content_html: str = ""
    categories: tuple[str, ...] = ()
    image: str = ""


@dataclass(slots=True)
class ParsedFeed:
    """The result of parsing one feed document or one HTML list page."""

    title: str = ""
    link: str = ""
    kind: FeedKind = "rss"
    entries: list[FeedEntry] = field(default_factory=list)
    skipped: int = 0
    """Items dropped because they had neither a title nor a link."""
    warnings: list[str] = field(default_factory=list)


@dataclass(slots=True)
class FetchResult:
    """What one HTTP fetch of a source produced (no parsing done yet)."""

    source_id: str
    status: FetchStatus
    url: str
    http_status: int | None = None
    content: bytes = b""
    content_type: str = ""
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    error_kind: str | None = None
    """"network" (DNS, refused, unreachable: we may be offline), "timeout", "tls", "http",
    "too_large", "redirect", "scheme"; None when there is no error."""
    retry_after: datetime | None = None
    """Earliest time the server allows us back (from Retry-After)."""
    elapsed_s: float = 0.0


@dataclass(frozen=True, slots=True)
class Article:
    """An article as stored and shown; the JSON shape is DESIGN.md's contract."""

    id: int
    institution: str
    source: str
    title: str
    url: str
    published: datetime | None
    summary: str
    is_read: bool
    is_bookmarked: bool
    author: str = ""
    body: str = ""
    """Markdown body (full text when known, else rendered content or summary)."""
    institution_short: str = ""
    source_title: str = ""
    has_full_text: bool = False
    note: str = ""

    def to_json(self, *, with_body: bool = False) -> dict[str, Any]:
        """The article as DESIGN.md's command-line JSON object."""
        data: dict[str, Any] = {
            "id": self.id,
            "institution": self.institution,
            "source": self.source,
            "title": self.title,
            "url": self.url,
            "published": self.published.isoformat() if self.published else None,
            "summary": self.summary,
            "is_read": self.is_read,
            "is_bookmarked": self.is_bookmarked,
        }
        if with_body:
            data["body"] = self.body
        return data


@dataclass(frozen=True, slots=True)
class ArticleFilter:
    """What the list shows: institutions OR-ed, keywords OR-ed, the groups AND-ed.

    Built by the reader's panels and by ``uninews list`` options; the store
    turns it into a parameterised WHERE clause (never string-formatted values).
    """

    institutions: tuple[str, ...] = ()
    """Institution ids; empty means all."""
    keywords: tuple[str, ...] = ()
    """Saved keyword queries, each run through the search engine; OR-ed."""
    sources: tuple[str, ...] = ()
    query: str = ""
    """A search query (search language of the search module); empty = no search."""
    unread_only: bool = False
    bookmarked_only: bool = False
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class InstitutionCount:
    """One row of the Institutions panel."""

    id: str
    label: str
    unread: int
    total: int


@dataclass(frozen=True, slots=True)
class SourceStatus:
    """A source with its fetch state, as ``uninews sources`` and the sources screen show it."""

    id: str
    institution: str
    kind: str
    url: str
    enabled: bool
    last_status: str | None
    last_error: str | None
    last_fetched: datetime | None
    title: str = ""
    article_count: int = 0
    consecutive_failures: int = 0
    next_allowed: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """DESIGN.md's source JSON object."""
        return {
            "id": self.id,
            "institution": self.institution,
            "kind": self.kind,
            "url": self.url,
            "enabled": self.enabled,
            "last_status": self.last_status,
            "last_error": self.last_error,
            "last_fetched": self.last_fetched.isoformat() if self.last_fetched else None,
        }
