"""Builders shared by the store tests: a two-university config and feed entries.

The names are invented for the tests; dates are relative to a fixed NOW so
ordering assertions never depend on the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from uninews_tui.config_model import Config, Institution, Source
from uninews_tui.models import FeedEntry
from uninews_tui.store import Store

NOW = datetime.now(UTC).replace(microsecond=0)


def make_config(*, with_north: bool = True, keywords: tuple[str, ...] = ("robots", "climate")) -> Config:
    """Institutions "north" (two feeds) and "south" (one feed); ``with_north=False`` drops north."""
    institutions = {"south": Institution("south", "University of the South", short="South")}
    sources = [Source("south-news", "south", "feed", "https://south.example.edu/feed.xml")]
    if with_north:
        institutions = {
            "north": Institution("north", "North Institute of Technology", short="NIT"),
            **institutions,
        }
        sources = [
            Source("north-news", "north", "feed", "https://north.example.edu/news/rss", title="North news"),
            Source("north-events", "north", "feed", "https://north.example.edu/events/atom"),
            *sources,
        ]
    return Config(path=None, institutions=institutions, sources=tuple(sources), keywords=keywords)


def entry(
    guid: str,
    title: str = "",
    *,
    hours_ago: float | None = 1,
    url: str | None = None,
    summary: str = "A short summary.",
    content_html: str = "",
    author: str = "",
) -> FeedEntry:
    """A cleaned entry as a parser would return it (``hours_ago=None`` = undated)."""
    published = None if hours_ago is None else NOW - timedelta(hours=hours_ago)
    return FeedEntry(
        guid=guid,
        title=title or f"Story {guid}",
        url=url if url is not None else f"https://north.example.edu/news/{guid}",
        published=published,
        summary=summary,
        content_html=content_html,
        author=author,
    )


def filled_store(store: Store | None = None) -> Store:
    """A store with the config synced and a few articles in each source.

    north-news: n1 (robots, 1 h), n2 (climate, 2 h), n3 (3 h)
    north-events: e1 (robots and climate, 4 h)
    south-news: s1 (climate, 5 h), s2 (6 h)
    """
    store = store or Store.memory()
    store.sync_config(make_config())
    store.upsert_entries(
        "north-news",
        [
            entry("n1", "Robots learn to walk", hours_ago=1),
            entry("n2", "Climate report published", hours_ago=2),
            entry("n3", "New library opens", hours_ago=3),
        ],
        fetched_at=NOW,
    )
    store.upsert_entries(
        "north-events",
        [entry("e1", "Robots and climate: a panel", hours_ago=4, url="https://north.example.edu/events/e1")],
        fetched_at=NOW,
    )
    store.upsert_entries(
        "south-news",
        [
            entry("s1", "Climate scientists honoured", hours_ago=5, url="https://south.example.edu/s1"),
            entry("s2", "Rowing club wins", hours_ago=6, url="https://south.example.edu/s2"),
        ],
        fetched_at=NOW,
    )
    return store


def ids_by_title(store: Store) -> dict[str, int]:
    """Map each stored title's first word(s) to its id: {"Robots learn to walk": 1, ...}."""
    return {a.title: a.id for a in store.articles(limit=10_000)}
