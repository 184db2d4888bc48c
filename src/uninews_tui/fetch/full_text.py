"""Full text for articles that came with only a summary: fetch the page, extract, store.

Bounded per refresh (``settings.detail_max_per_run``) and per host (the shared
HostLimiter). Bookmarks come first, so a bookmark saved offline as "summary
only" is completed by the next refresh that can reach its site.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from datetime import datetime
from typing import TYPE_CHECKING

from uninews_tui.config_model import Config, Source
from uninews_tui.models import Article

if TYPE_CHECKING:
    import httpx

    from uninews_tui.fetch.limits import FetchPool, HostLimiter
    from uninews_tui.store import Store


def wants_full_text(config: Config, source: Source | None, article: Article) -> bool:
    """Whether a refresh should fetch this article's page.

    HTML-list items always do (the list has no body); feed items when the
    source or the settings ask for it; bookmarks always.
    """
    if article.is_bookmarked:
        return True
    if source is None or not source.enabled:
        return False
    if source.kind == "html":
        return True
    if source.fetch_detail is not None:
        return source.fetch_detail
    return config.settings.fetch_detail


def _extract(
    config: Config, source: Source | None, article: Article, content: bytes, url: str
) -> tuple[str, datetime | None]:
    """The page's main text as Markdown and the date it states (runs in a worker thread)."""
    from uninews_tui.parse import extract_article

    tz = "UTC"
    if source is not None and source.institution in config.institutions:
        tz = config.institutions[source.institution].timezone
    if source is not None and source.detail is not None and source.detail.only_if_url:
        from uninews_tui.parse.patterns import user_search

        if not user_search(source.detail.only_if_url, url, key="detail.only_if_url"):
            return "", None
    detail = source.detail if source is not None else None
    extracted = extract_article(content, url, detail=detail, timezone=tz)
    return extracted.text.strip(), extracted.published


async def fetch_one(
    client: httpx.AsyncClient,
    limiter: HostLimiter | FetchPool,
    config: Config,
    store: Store,
    article: Article,
) -> bool:
    """Fetch and store the full text of one article; False when it could not be had."""
    from uninews_tui.fetch import ACCEPT_HTML, fetch_url

    if not article.url.startswith(("http://", "https://")):
        return False
    source = config.source(article.source)
    async with limiter.slot(article.url):
        result = await fetch_url(
            client,
            article.url,
            source_id=article.source,
            settings=config.settings,
            headers=(("Accept", ACCEPT_HTML),),
        )
    if result.status != "ok" or not result.content:
        if result.error_kind != "network":  # offline is not the page's fault
            await asyncio.to_thread(store.record_body_failure, article.id)
        return False
    try:
        text, published = await asyncio.to_thread(
            _extract, config, source, article, result.content, result.url
        )
    except Exception:  # extraction must never break a refresh
        text, published = "", None
    if published is not None:
        await asyncio.to_thread(store.fill_published, article.id, published)
    if len(text) < 40:  # nothing worth calling the article text
        await asyncio.to_thread(store.record_body_failure, article.id)
        return False
    await asyncio.to_thread(store.set_body, article.id, text, full_text=True)
    return True


def _interleave(groups: list[list[Article]]) -> list[Article]:
    """Round-robin over the groups, so one busy source cannot use the whole budget."""
    out: list[Article] = []
    seen: set[int] = set()
    for rank in range(max((len(g) for g in groups), default=0)):
        for group in groups:
            if rank < len(group) and group[rank].id not in seen:
                seen.add(group[rank].id)
                out.append(group[rank])
    return out


async def fill_full_text(
    client: httpx.AsyncClient,
    limiter: HostLimiter | FetchPool,
    config: Config,
    store: Store,
    *,
    source_ids: Collection[str] | None = None,
) -> int:
    """Fetch full text for up to ``detail_max_per_run`` articles that lack it; returns how many.

    Bookmarks come first (any source, even one removed from the config),
    then the sources that want full text, taken in turn.
    """
    budget = config.settings.detail_max_per_run
    if budget <= 0:
        return 0
    pending = await asyncio.to_thread(store.articles_needing_body, budget)
    groups = [[a for a in pending if a.is_bookmarked]]
    for source in config.enabled_sources:
        if source_ids is not None and source.id not in source_ids:
            continue
        probe = Article(0, source.institution, source.id, "", "", None, "", False, False)
        if wants_full_text(config, source, probe):
            groups.append(await asyncio.to_thread(store.articles_needing_body, budget, source.id))
    chosen = _interleave(groups)[:budget]
    results = await asyncio.gather(*(fetch_one(client, limiter, config, store, a) for a in chosen))
    return sum(results)


async def fetch_full_text(config: Config, store: Store, article_id: int) -> bool:
    """Secure one article's full text now (the reader calls this when bookmarking)."""
    from uninews_tui.fetch import HostLimiter, make_client

    article = await asyncio.to_thread(store.article, article_id)
    if article is None or article.has_full_text:
        return article is not None
    async with make_client(config.settings) as client:
        return await fetch_one(client, HostLimiter(config.settings.per_host), config, store, article)
