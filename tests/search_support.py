"""Search fixtures loaded into a real Store: English, Simplified and Traditional Chinese articles.

``tests/data/search/articles.json`` holds the articles (our own text); this
module syncs a config of six universities and upserts them, returning a map
from each fixture's ``key`` to its article id.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from uninews_tui.config_model import Config, Institution, Source
from uninews_tui.models import FeedEntry
from uninews_tui.store import Store

FIXTURES = Path(__file__).parent / "data" / "search" / "articles.json"
NOW = datetime.now(UTC).replace(microsecond=0)

# (source id, institution, declared language); "" = the source declares none.
SOURCES = [
    ("polyu-news", "polyu", "en"),
    ("polyu-cn", "polyu", "zh-CN"),
    ("polyu-zh", "polyu", "zh-HK"),
    ("hku-news", "hku", "en"),
    ("hku-zh", "hku", "zh-HK"),
    ("cuhk-news", "cuhk", "en"),
    ("cuhk-zh", "cuhk", ""),
    ("pku-news", "pku", ""),
    ("tsinghua-news", "tsinghua", ""),
    ("ethz-news", "ethz", "en"),
]


def search_config() -> Config:
    """Six invented-for-tests institutions with the sources above."""
    institutions = {
        inst: Institution(inst, f"University {inst.upper()}", short=inst.upper())
        for inst in dict.fromkeys(inst for _, inst, _ in SOURCES)
    }
    sources = tuple(
        Source(source_id, inst, "feed", f"https://{inst}.example.edu/{source_id}.xml", language=language)
        for source_id, inst, language in SOURCES
    )
    return Config(path=None, institutions=institutions, sources=sources)


def fixture_articles() -> list[dict[str, Any]]:
    """The fixture articles as written in the JSON file."""
    data = json.loads(FIXTURES.read_text(encoding="utf-8"))
    return list(data["articles"])


def load_fixtures(store: Store) -> dict[str, int]:
    """Sync the config, store every fixture article; returns {key: article id}."""
    store.sync_config(search_config())
    ids: dict[str, int] = {}
    for item in fixture_articles():
        entry = FeedEntry(
            guid=item["key"],
            title=item["title"],
            url=f"https://example.edu/{item['key']}",
            published=NOW - timedelta(days=item["days_ago"], hours=1),
            author=item.get("author", ""),
            summary=item["summary"],
            content_html=item.get("content_html", ""),
        )
        [article_id] = store.upsert_entries(item["source"], [entry], fetched_at=NOW)
        if "body" in item:
            store.set_body(article_id, item["body"])
        ids[item["key"]] = article_id
    return ids


def keys_by_id(ids: dict[str, int]) -> dict[int, str]:
    """The inverse map, to turn hits back into fixture keys."""
    return {article_id: key for key, article_id in ids.items()}
