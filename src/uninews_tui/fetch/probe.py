"""``uninews probe``: fetch and parse one source or URL, store nothing, report plainly.

For a configured source it applies that source's rules (feed or HTML
selectors) to page 1. For a bare URL it tries it as a feed; when it is an
HTML page instead, it lists the feeds the page advertises.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from uninews_tui.config_model import Config, Source
from uninews_tui.errors import ParseError
from uninews_tui.models import FeedEntry


@dataclass
class ProbeReport:
    """What a probe found: items as they would be stored, advertised feeds, problems."""

    source: str
    url: str
    http: str = ""
    items: list[FeedEntry] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str | None = None
    institution: str = ""

    def item_json(self, entry: FeedEntry) -> dict[str, Any]:
        return {
            "id": None,
            "institution": self.institution or None,
            "source": self.source,
            "title": entry.title,
            "url": entry.url,
            "published": entry.published.isoformat() if entry.published else None,
            "summary": entry.summary,
            "is_read": False,
            "is_bookmarked": False,
        }

    def to_json(self) -> dict[str, Any]:
        """DESIGN.md's ``probe --json`` object, plus the error and problems seen."""
        return {
            "source": self.source,
            "items": [self.item_json(e) for e in self.items],
            "feeds": self.feeds,
            "error": self.error,
            "problems": self.problems,
        }

    def print_text(self, echo: Callable[[str], Any]) -> None:
        """Human-readable report, one item per block."""
        head = self.url if self.source == self.url else f"{self.source}: {self.url}"
        echo(head + (f" ({self.http})" if self.http else ""))
        if self.error:
            echo(f"error: {self.error}")
        for n, entry in enumerate(self.items, 1):
            date = entry.published.isoformat() if entry.published else "NO DATE FOUND"
            echo(f"\n{n:>3}. {entry.title}")
            echo(f"     date: {date}")
            echo(f"     link: {entry.url}")
            if entry.summary:
                summary = entry.summary.replace("\n", " ")
                echo(f"     summary: {summary[:120]}{'…' if len(summary) > 120 else ''}")
        if self.items:
            undated = sum(1 for e in self.items if e.published is None)
            echo(f"\n{len(self.items)} items" + (f", {undated} without a date" if undated else ""))
        for problem in self.problems:
            echo(f"problem: {problem}")
        if self.feeds:
            echo("feeds advertised by this page:")
            for url in self.feeds:
                echo(f"  {url}")


async def probe_target(config: Config, source: Source | None, target: str) -> ProbeReport:
    """Fetch ``source`` (or the URL ``target``) once and parse it without storing."""
    from uninews_tui import parse
    from uninews_tui.fetch import make_client
    from uninews_tui.fetch.sources import parse_result

    url = source.url if source else target
    report = ProbeReport(source=source.id if source else url, url=url,
                         institution=source.institution if source else "")
    async with make_client(config.settings) as client:
        from uninews_tui.fetch import fetch_url

        result = await fetch_url(client, url, source_id=report.source, settings=config.settings,
                                 headers=source.headers if source else ())
    report.http = f"HTTP {result.http_status}" if result.http_status else ""
    if result.status != "ok":
        report.error = result.error or result.status
        return report
    try:
        if source is not None:
            feed = await asyncio.to_thread(parse_result, config, source, result)
        else:
            headers = {"content-type": result.content_type} if result.content_type else {}
            feed = await asyncio.to_thread(parse.parse_feed, result.content, result.url, headers)
    except ParseError as exc:
        report.error = str(exc)
        if source is None or source.kind == "html":
            report.feeds = parse.discover_feeds(result.content, result.url)
            if source is None:
                looks_html = report.feeds or b"<html" in result.content[:4096].lower()
                report.error = ("not a feed but an HTML page: probe one of the feeds it advertises, or "
                                "describe its list with list.* selectors (docs/selectors.md)"
                                if looks_html else str(exc))
        return report
    report.items = feed.entries[: config.settings.max_items]
    if feed.skipped:
        report.problems.append(f"{feed.skipped} items skipped (no title or no link)")
    report.problems.extend(feed.warnings)
    if source is not None and source.kind == "html":
        report.feeds = parse.discover_feeds(result.content, result.url)
    return report
