"""Typed, frozen view of feeds.toml: settings, institutions, sources, keywords, keys.

``config.load_config`` builds these from a TOML file after validating it; the
rest of the program only ever sees these objects, never raw TOML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

SourceKind = Literal["feed", "html"]


@dataclass(frozen=True, slots=True)
class Settings:
    """The ``[settings]`` table (``[defaults]`` is accepted as an alias)."""

    user_agent: str = ""
    """Empty means "uninews/<version> (+homepage)"."""
    timeout_s: float = 20.0
    """Total time allowed for one request, body included."""
    connect_timeout_s: float = 10.0
    concurrency: int = 16
    """Requests in flight across all hosts."""
    per_host: int = 3
    """Requests in flight to one host."""
    max_bytes: int = 10_000_000
    """Cap on a response body, measured after decompression."""
    max_items: int = 200
    """Items kept per source per fetch (the rest are dropped)."""
    refresh_minutes: int = 60
    """How often the reader refreshes on its own."""
    refresh_on_start: bool = True
    keep_days: int = 365
    """Retention: read, unbookmarked articles older than this are removed."""
    max_per_source: int = 1000
    fetch_detail: bool = False
    """Fetch article pages for full text when a feed gives only a summary."""
    detail_max_per_run: int = 20
    theme: str = ""
    encoding: str = "auto"
    """Default for ``Source.encoding``: "auto" or a codec name."""
    per_host_delay_s: float = 0.0
    """Pause between two requests to one host (accepted from the draft schema; may be unused)."""


@dataclass(frozen=True, slots=True)
class Institution:
    """An ``[institutions.<id>]`` table."""

    id: str
    name: str
    short: str = ""
    local_name: str = ""
    country: str = ""
    region: str = ""
    timezone: str = "UTC"
    homepage: str = ""
    tags: tuple[str, ...] = ()
    license_note: str = ""

    @property
    def label(self) -> str:
        """The short name when there is one, else the full name."""
        return self.short or self.name


@dataclass(frozen=True, slots=True)
class ListRules:
    """``list.*`` selectors of an HTML source (see feeds.toml reference)."""

    item: str
    link: str = ""
    title: str = ""
    title_regex: str = ""
    summary: str = ""
    image: str = ""
    category: str = ""
    date: str = ""
    date_regex: str = ""
    date_format: tuple[str, ...] = ()
    date_from_url: str = ""
    url_pattern: str = ""
    exclude: str = ""
    min_title_len: int = 0


@dataclass(frozen=True, slots=True)
class Pagination:
    """``pagination.*`` of an HTML source."""

    url: str = ""
    start: int = 2
    max_pages: int = 1
    next: str = ""
    """Selector of the next-page link (``"a[rel=next]@href"``), instead of a ``url`` template."""


@dataclass(frozen=True, slots=True)
class DetailRules:
    """``detail.*``: how to read an article page for full text and dates."""

    body: tuple[str, ...] = ()
    title: str = ""
    date: str = ""
    date_regex: str = ""
    date_format: tuple[str, ...] = ()
    only_if_url: str = ""
    meta_fallback: bool = True


@dataclass(frozen=True, slots=True)
class CleanupRules:
    """``cleanup.*``: tidying applied to an article body."""

    strip_prefix_regex: str = ""
    """Removed from the start of the body text when it matches."""
    remove: tuple[str, ...] = ()
    """CSS selectors of elements dropped from the body HTML."""


@dataclass(frozen=True, slots=True)
class Source:
    """One ``[[sources]]`` entry."""

    id: str
    institution: str
    kind: SourceKind
    url: str
    title: str = ""
    language: str = ""
    category: str = ""
    enabled: bool = True
    refresh_minutes: int | None = None
    encoding: str = "auto"
    fetch_detail: bool | None = None
    """None: follow ``Settings.fetch_detail`` (HTML sources always fetch detail)."""
    headers: tuple[tuple[str, str], ...] = ()
    list: ListRules | None = None
    pagination: Pagination | None = None
    detail: DetailRules | None = None
    cleanup: CleanupRules | None = None


@dataclass(frozen=True, slots=True)
class Config:
    """The whole validated configuration."""

    path: Path | None
    """Where it was read from; None for the bundled default read from the package."""
    settings: Settings = field(default_factory=Settings)
    institutions: dict[str, Institution] = field(default_factory=dict)
    sources: tuple[Source, ...] = ()
    keywords: tuple[str, ...] = ()
    keys: dict[str, str] = field(default_factory=dict)
    """``[keys]``: binding id -> key(s), for the reader's keymap."""

    def source(self, source_id: str) -> Source | None:
        """The source with this id, or None."""
        return next((s for s in self.sources if s.id == source_id), None)

    @property
    def enabled_sources(self) -> tuple[Source, ...]:
        return tuple(s for s in self.sources if s.enabled)
