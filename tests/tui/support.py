"""Test data for the reader: three invented universities and a dozen articles with fixed dates.

Dates are fixed (March 2025, UTC) and the tests run with TZ=UTC, so what the
list shows, and the SVG snapshots, never depend on the clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from uninews_tui.config_model import Config, Institution, Settings, Source
from uninews_tui.models import FeedEntry
from uninews_tui.store import Store

BASE = datetime(2025, 3, 20, 9, 0, tzinfo=UTC)
MARKUP_TITLE = "[bold]Not bold[/] and [link=https://evil.example/]click[/link]"


def make_config(
    base_url: str = "https://news.example.edu",
    *,
    keys: dict[str, str] | None = None,
    refresh_on_start: bool = False,
) -> Config:
    """Three institutions, one feed source each; ``base_url`` lets tests point them at a local server."""
    institutions = {
        "lakeside": Institution("lakeside", "Lakeside University", short="Lakeside"),
        "hillcrest": Institution("hillcrest", "Hillcrest Institute of Technology", short="HIT"),
        "harbour": Institution("harbour", "海港大学", short="海港大"),
    }
    sources = tuple(
        Source(f"{inst}-news", inst, "feed", f"{base_url}/{inst}.xml", title=f"{name.short} News")
        for inst, name in institutions.items()
    )
    settings = Settings(
        refresh_on_start=refresh_on_start, refresh_minutes=0, timeout_s=5, connect_timeout_s=2
    )
    return Config(
        path=None,
        settings=settings,
        institutions=institutions,
        sources=sources,
        keywords=("nursing", "robot"),
        keys=keys or {},
    )


def _entry(slug: str, title: str, hours: int, summary: str, body: str = "", author: str = "") -> FeedEntry:
    return FeedEntry(
        guid=slug,
        title=title,
        url=f"https://news.example.edu/{slug}",
        published=BASE - timedelta(hours=hours),
        summary=summary,
        content_html=body,
        author=author,
    )


ARTICLES: dict[str, list[FeedEntry]] = {
    "lakeside-news": [
        _entry(
            "l1",
            "Nursing school opens a simulation ward",
            1,
            "Students practise nursing on robots.",
            "<p>The new ward lets nursing students train.</p><p>Robots play the patients.</p>",
            author="Ada Reporter",
        ),
        _entry("l2", "Library extends opening hours", 5, "The main library stays open late."),
        _entry("l3", MARKUP_TITLE, 9, "A title that looks like markup."),
        _entry("l4", "Rowing team wins the spring regatta", 30, "A win on the lake."),
    ],
    "hillcrest-news": [
        _entry(
            "h1",
            "Robot arm learns to fold laundry",
            2,
            "A robot that folds shirts.",
            "<p>Engineers taught a robot arm to fold.</p>",
        ),
        _entry("h2", "New president appointed", 7, "The council appointed a president."),
        _entry("h3", "Campus solar farm goes live", 26, "Solar panels on the roofs."),
    ],
    "harbour-news": [
        _entry(
            "c1", "海港大学医学院启用新大楼", 3, "医学院新大楼今天启用。", "<p>医学院的新大楼有十层。</p>"
        ),
        _entry("c2", "海港大学护理学院获奖", 8, "护理学院获得国家奖项。"),
        _entry("c3", "Harbour University joins climate network", 50, "A climate research network."),
    ],
}


def fill_store(store: Store, config: Config) -> Store:
    """Sync the config and store every test article."""
    store.sync_config(config)
    for source_id, entries in ARTICLES.items():
        store.upsert_entries(source_id, entries, fetched_at=BASE)
    return store


def bulk_store(store: Store, config: Config, count: int) -> Store:
    """``count`` generated articles spread over the three sources (for scale tests and the bench)."""
    store.sync_config(config)
    sources = [s.id for s in config.sources]
    batch: dict[str, list[FeedEntry]] = {s: [] for s in sources}
    for n in range(count):
        source = sources[n % len(sources)]
        batch[source].append(
            FeedEntry(
                guid=f"g{n}",
                title=f"Generated article {n}",
                url=f"https://news.example.edu/{source}/{n}",
                published=BASE - timedelta(minutes=n),
                summary=f"Summary {n}",
            )
        )
        if len(batch[source]) >= 2000:
            store.upsert_entries(source, batch[source], fetched_at=BASE)
            batch[source] = []
    for source, entries in batch.items():
        if entries:
            store.upsert_entries(source, entries, fetched_at=BASE)
    return store


ROBOT_HITS = {"Robot arm learns to fold laundry", "Nursing school opens a simulation ward"}
"""What a search for "robot" finds in ARTICLES (a title and a summary mention robots)."""
