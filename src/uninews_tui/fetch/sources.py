"""Fetch one source and parse what came back: a feed, or an HTML list page and its pages.

The result says what to store (a ParsedFeed) and what to record (the HTTP
outcome and, when something went wrong, one clear error line). Parsing runs
off the event loop, in the refresh's worker processes (``parse_pool``) or a
thread, so the event loop keeps serving other sources and the reader.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from uninews_tui.config_model import Config, Source
from uninews_tui.errors import ParseError
from uninews_tui.models import FetchResult, ParsedFeed

if TYPE_CHECKING:
    import httpx

    from uninews_tui.fetch.limits import FetchPool, HostLimiter
    from uninews_tui.fetch.parse_pool import ParsePool


@dataclass
class SourceOutcome:
    """One source's fetch result, its parsed items (when any) and its error (when any)."""

    result: FetchResult
    feed: ParsedFeed | None = None
    error: str | None = None


def _accept_for(source: Source) -> tuple[tuple[str, str], ...]:
    """HTML list pages ask for HTML, so a server choosing by Accept doesn't send its feed."""
    from uninews_tui.fetch import ACCEPT_HTML

    return (("Accept", ACCEPT_HTML),) if source.kind == "html" else ()


def parse_result(config: Config, source: Source, result: FetchResult) -> ParsedFeed:
    """Parse a fetched body according to the source's kind (runs in a worker thread).

    Raises:
        ParseError: the body is not a feed, or the page's selectors matched nothing.
    """
    return parse_body(source, _timezone(config, source), result.content, result.url, result.content_type)


def _timezone(config: Config, source: Source) -> str:
    institution = config.institutions.get(source.institution)
    return institution.timezone if institution is not None else "UTC"


def parse_body(source: Source, timezone: str, content: bytes, url: str, content_type: str) -> ParsedFeed:
    """:func:`parse_result` on plain, picklable values (what a worker process receives)."""
    from uninews_tui import parse

    headers = {"content-type": content_type} if content_type else {}
    if source.kind == "html":
        return parse.parse_listing(content, source, url, timezone=timezone, headers=headers)
    return _without_empty_items(parse.parse_feed(content, url=url, headers=headers))


def parse_and_index(
    source: Source, timezone: str, content: bytes, url: str, content_type: str
) -> tuple[ParsedFeed, dict[tuple[str, str, str], str]]:
    """:func:`parse_body` plus the entries' full-text index forms (in a worker, off the store's thread)."""
    from uninews_tui.store import index_forms

    feed = parse_body(source, timezone, content, url, content_type)
    forms = index_forms.compute((e.title, e.summary, e.author, e.content_html) for e in feed.entries)
    return feed, forms


async def _parse(config: Config, source: Source, result: FetchResult, parser: ParsePool | None) -> ParsedFeed:
    """Parse in the refresh's worker processes when it has them, else in a thread.

    Workers also compute the index forms the store's triggers would compute, and hand them over.
    """
    if parser is None or not parser.enabled:
        return await asyncio.to_thread(parse_result, config, source, result)
    feed, forms = await parser.run(
        parse_and_index, source, _timezone(config, source), result.content, result.url, result.content_type
    )
    from uninews_tui.store import index_forms

    index_forms.remember(forms)
    return feed


def _without_empty_items(feed: ParsedFeed) -> ParsedFeed:
    """Drop (and count in ``skipped``) items with neither a title nor a link: nothing to list, nowhere to go.

    ``parse_feed`` keeps them, as other feed parsers do; a reader has no use for them.
    """
    shown = [entry for entry in feed.entries if entry.title or entry.url]
    feed.skipped += len(feed.entries) - len(shown)
    feed.entries = shown
    return feed


async def fetch_and_parse(
    client: httpx.AsyncClient,
    limiter: HostLimiter | FetchPool,
    config: Config,
    source: Source,
    state: dict[str, Any],
    *,
    parser: ParsePool | None = None,
) -> SourceOutcome:
    """Fetch ``source`` (conditionally) and parse it; never raises for bad servers or bad bodies.

    ``parser``: the refresh's worker processes for parsing (None: parse in a thread).
    """
    from uninews_tui.fetch import fetch_url

    async with limiter.slot(source.url):
        result = await fetch_url(
            client,
            source.url,
            source_id=source.id,
            settings=config.settings,
            etag=state.get("etag"),
            last_modified=state.get("last_modified"),
            headers=_accept_for(source) + source.headers,
        )
    if result.status != "ok":
        return SourceOutcome(result, error=result.error if result.status == "error" else None)
    try:
        feed = await _parse(config, source, result, parser)
    except ParseError as exc:
        return SourceOutcome(result, error=str(exc))
    except Exception as exc:  # a parser bug must not take the whole refresh down
        return SourceOutcome(result, error=f"could not parse: {type(exc).__name__}: {exc}")
    if source.kind == "html":
        await _add_later_pages(client, limiter, config, source, feed)
    return SourceOutcome(result, feed=feed)


async def _add_later_pages(
    client: httpx.AsyncClient,
    limiter: HostLimiter | FetchPool,
    config: Config,
    source: Source,
    feed: ParsedFeed,
) -> None:
    """Fetch pagination pages 2..n; an empty or failing later page is a warning, not an error."""
    from uninews_tui.fetch import fetch_url
    from uninews_tui.parse.listing import page_urls

    seen = {e.guid for e in feed.entries}
    for url in page_urls(source)[1:]:
        async with limiter.slot(url):
            page = await fetch_url(
                client,
                url,
                source_id=source.id,
                settings=config.settings,
                headers=_accept_for(source) + source.headers,
            )
        if page.status != "ok":
            feed.warnings.append(f"{url}: {page.error}")
            break
        try:
            more = await asyncio.to_thread(parse_result, config, source, page)
        except ParseError:
            break  # an empty later page means we ran past the last one
        fresh = [e for e in more.entries if e.guid not in seen]
        if not fresh:
            break
        seen.update(e.guid for e in fresh)
        feed.entries.extend(fresh)
        feed.skipped += more.skipped
