"""Finding the feed behind a URL for ``uninews add``: the network side of adding.

Steps, each request sequential (one site, so one request at a time):

1. Fetch the URL. If it parses as a feed, that feed is the only candidate.
2. Otherwise it is a page: read the feeds it advertises
   (:func:`~uninews_tui.parse.discover.discover_feed_links`) and fetch each
   (at most :data:`MAX_ADVERTISED`) to learn its title and item count.
3. Only when the page advertises none, probe the conventional places
   (:func:`~uninews_tui.parse.discover.common_feed_paths`: ``feed/``,
   ``rss.xml`` ...), at most :data:`MAX_PROBES` requests, stopping at the
   first feed found.

Headless: the CLI prints the candidates and the reader can show them.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from uninews_tui.config_model import Settings
from uninews_tui.errors import ParseError
from uninews_tui.models import FetchResult, ParsedFeed

if TYPE_CHECKING:
    import httpx

__all__ = ["Discovery", "FeedCandidate", "discover", "discover_sync"]

MAX_ADVERTISED = 6
"""Advertised feeds fetched to describe them; more are rare and mostly comment feeds."""
MAX_PROBES = 6
"""Guessed URLs tried on a page that advertises nothing."""


@dataclass(frozen=True, slots=True)
class FeedCandidate:
    """A feed found for the URL: where it is, what it calls itself, how many items it has."""

    url: str
    title: str
    item_count: int
    kind: str = "rss"
    how: str = "direct"
    """"direct" (the URL itself), "advertised" (a page's link) or "probed" (a guessed path)."""


@dataclass(slots=True)
class Discovery:
    """The candidates for a URL, and what went wrong along the way."""

    url: str
    candidates: list[FeedCandidate] = field(default_factory=list)
    page_url: str = ""
    """The final URL of the page (after redirects), when the URL was a page."""
    advertised: list[str] = field(default_factory=list)
    probed: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def _parsed(result: FetchResult) -> ParsedFeed | None:
    from uninews_tui.parse import parse_feed

    if result.status != "ok":
        return None
    headers = {"content-type": result.content_type} if result.content_type else {}
    try:
        return parse_feed(result.content, result.url, headers)
    except ParseError:
        return None


def _candidate(result: FetchResult, feed: ParsedFeed, how: str, fallback_title: str = "") -> FeedCandidate:
    return FeedCandidate(url=result.url, title=feed.title or fallback_title, item_count=len(feed.entries),
                         kind=feed.kind, how=how)


async def _fetch(client: httpx.AsyncClient, url: str, settings: Settings) -> FetchResult:
    from uninews_tui.fetch import fetch_url

    return await fetch_url(client, url, source_id="add", settings=settings)


async def discover(url: str, settings: Settings | None = None, *,
                   transport: httpx.AsyncBaseTransport | None = None) -> Discovery:
    """The feeds to offer for ``url`` (see the module docstring).

    Args:
        url: What the user gave: a feed or a page.
        settings: Timeouts, size cap and user agent (defaults when None).
        transport: An httpx transport for tests.

    Returns:
        A :class:`Discovery`; ``candidates`` is empty when nothing was found,
        and ``problems`` then says why (HTTP errors, not a feed ...).
    """
    from uninews_tui.fetch import make_client
    from uninews_tui.parse.discover import common_feed_paths, discover_feed_links

    settings = settings or Settings()
    found = Discovery(url=url)
    async with make_client(settings, transport) as client:
        first = await _fetch(client, url, settings)
        if first.status != "ok":
            found.problems.append(f"{url}: {first.error or first.status}")
            return found
        feed = await asyncio.to_thread(_parsed, first)
        if feed is not None:
            found.candidates.append(_candidate(first, feed, "direct"))
            return found
        found.page_url = first.url
        links = discover_feed_links(first.content, first.url)
        found.advertised = [link.url for link in links]
        for link in links[:MAX_ADVERTISED]:
            result = await _fetch(client, link.url, settings)
            feed = await asyncio.to_thread(_parsed, result)
            if feed is None:
                found.problems.append(f"{link.url}: {result.error or 'not a feed'}")
            elif all(c.url != result.url for c in found.candidates):  # two links, one feed
                found.candidates.append(_candidate(result, feed, "advertised", link.title))
        if links:
            return found
        for guess in common_feed_paths(first.url)[:MAX_PROBES]:
            found.probed.append(guess)
            result = await _fetch(client, guess, settings)
            feed = await asyncio.to_thread(_parsed, result)
            if feed is not None:
                found.candidates.append(_candidate(result, feed, "probed"))
                break
        if not found.candidates:
            found.problems.append(f"{first.url} is a page that advertises no feed, and none of "
                                  f"{len(found.probed)} usual feed paths answered with one")
    return found


def discover_sync(url: str, settings: Settings | None = None) -> Discovery:
    """:func:`discover` for synchronous callers (the CLI)."""
    return asyncio.run(discover(url, settings))
