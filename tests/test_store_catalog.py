"""sync_config, fetch state, sources, keywords and settings."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from store_support import NOW, entry, filled_store, make_config
from uninews_tui.models import FetchResult
from uninews_tui.store import Store


@pytest.fixture
def store() -> Store:
    store = Store.memory()
    store.sync_config(make_config())
    return store


def test_sources_list_in_config_order_with_article_counts() -> None:
    store = filled_store()
    sources = store.sources()
    assert [(s.id, s.institution, s.kind, s.enabled, s.article_count) for s in sources] == [
        ("north-news", "north", "feed", True, 3),
        ("north-events", "north", "feed", True, 1),
        ("south-news", "south", "feed", True, 2),
    ]
    assert sources[0].title == "North news"
    assert sources[0].to_json()["last_status"] is None


def test_a_source_left_out_of_the_config_is_flagged_and_keeps_its_articles() -> None:
    store = filled_store()
    store.sync_config(make_config(with_north=False))
    assert [s.id for s in store.sources()] == ["south-news"]
    row = store.db.execute("SELECT enabled, removed FROM sources WHERE id = 'north-news'").fetchone()
    assert row == (0, 1)
    assert store.count() == 6
    counts = store.institution_counts()
    assert [(c.id, c.total) for c in counts] == [("south", 2), ("north", 4)]


def test_a_source_back_in_the_config_is_enabled_again(store: Store) -> None:
    store.sync_config(make_config(with_north=False))
    store.sync_config(make_config())
    assert [s.id for s in store.sources()] == ["north-news", "north-events", "south-news"]
    assert all(s.enabled for s in store.sources())


def test_a_disabled_source_stays_listed_as_disabled(store: Store) -> None:
    config = make_config()
    disabled = dataclasses.replace(config.sources[0], enabled=False)
    store.sync_config(dataclasses.replace(config, sources=(disabled, *config.sources[1:])))
    assert [s.enabled for s in store.sources()] == [False, True, True]


def test_an_ok_fetch_stores_validators_and_clears_failures(store: Store) -> None:
    store.record_fetch("north-news", FetchResult("north-news", "error", "u", error="timed out"))
    store.record_fetch("north-news", FetchResult("north-news", "error", "u", error="timed out"))
    assert store.fetch_state("north-news")["consecutive_failures"] == 2
    assert store.sources()[0].last_error == "timed out"
    ok = FetchResult("north-news", "ok", "u", http_status=200, etag='"v1"', last_modified="Mon, 01 Jan 2024")
    store.record_fetch("north-news", ok, new_articles=4)
    state = store.fetch_state("north-news")
    assert state == {
        "etag": '"v1"',
        "last_modified": "Mon, 01 Jan 2024",
        "next_allowed": None,
        "consecutive_failures": 0,
    }
    source = store.sources()[0]
    assert (source.last_status, source.last_error) == ("ok", None)
    assert source.last_fetched is not None and abs(source.last_fetched - NOW) < timedelta(minutes=5)


def test_not_modified_keeps_the_validators(store: Store) -> None:
    store.record_fetch("north-news", FetchResult("north-news", "ok", "u", etag='"v1"'))
    store.record_fetch("north-news", FetchResult("north-news", "not_modified", "u", http_status=304))
    assert store.fetch_state("north-news")["etag"] == '"v1"'
    assert store.sources()[0].last_status == "not_modified"


def test_retry_after_is_recorded_and_a_parse_error_counts_as_failure(store: Store) -> None:
    later = NOW + timedelta(minutes=30)
    store.record_fetch(
        "south-news", FetchResult("south-news", "error", "u", http_status=429, retry_after=later)
    )
    assert store.fetch_state("south-news")["next_allowed"] == later
    store.record_fetch("north-news", FetchResult("north-news", "ok", "u", etag="x"), error="not a feed")
    state = store.fetch_state("north-news")
    assert state["consecutive_failures"] == 1 and state["etag"] is None
    assert store.sources()[0].last_error == "not a feed"


def test_a_changed_url_forgets_the_old_validators(store: Store) -> None:
    store.record_fetch("north-news", FetchResult("north-news", "ok", "u", etag='"v1"'))
    config = make_config()
    moved = dataclasses.replace(config.sources[0], url="https://north.example.edu/new-feed")
    store.sync_config(dataclasses.replace(config, sources=(moved, *config.sources[1:])))
    assert store.fetch_state("north-news")["etag"] is None


def test_unknown_source_has_an_empty_fetch_state(store: Store) -> None:
    assert store.fetch_state("nope") == {
        "etag": None,
        "last_modified": None,
        "next_allowed": None,
        "consecutive_failures": 0,
    }


def test_keywords_are_seeded_once_and_a_deleted_one_stays_deleted(store: Store) -> None:
    assert store.keywords() == ["robots", "climate"]
    store.delete_keyword("robots")
    store.add_keyword("  rowing  ")
    store.add_keyword("rowing")
    store.sync_config(make_config(keywords=("robots", "climate", "space")))
    assert store.keywords() == ["climate", "rowing", "space"]


def test_settings_round_trip(store: Store) -> None:
    assert store.get_setting("theme") is None
    store.set_setting("theme", "nord")
    store.set_setting("theme", "gruvbox")
    assert store.get_setting("theme") == "gruvbox"


def test_moving_a_source_to_another_institution_moves_its_articles() -> None:
    store = filled_store()
    config = make_config()
    moved = dataclasses.replace(config.sources[1], institution="south")
    store.sync_config(dataclasses.replace(config, sources=(config.sources[0], moved, config.sources[2])))
    assert {c.id: c.total for c in store.institution_counts()} == {"north": 3, "south": 3}


def test_search_returns_articles_with_snippets() -> None:
    store = filled_store()
    store.upsert_entries(
        "south-news",
        [entry("z", "Glacier study", url="https://south.example.edu/z", summary="Ice melts.")],
        fetched_at=NOW,
    )
    result = store.search("glacier")
    assert [(article.title, article.institution) for article, _ in result.hits] == [
        ("Glacier study", "south")
    ]
    assert isinstance(result.hits[0][1], str)
    assert store.search("glacier").warning is None
