"""Fixtures for the reader tests: a filled in-memory Store, a config, a frozen local time zone.

Tests use the real Store (``Store.memory()``) filled through ``sync_config`` and
``upsert_entries``; only the network is replaced (a local HTTP server, or an
async ``fetch_body`` stand-in that records calls).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator

import pytest

from uninews_tui.app import UninewsApp
from uninews_tui.config_model import Config
from uninews_tui.store import Store
from uninews_tui.tui import refreshing

from .support import fill_store, make_config


@pytest.fixture(autouse=True)
def utc_local_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Dates render in local time: pin it to UTC so screens are the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def reload_after_refresh_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Show a finished refresh's articles without waiting for keys to pause (tests press keys and
    then look at once); test_reader_refresh.py tests the pause itself."""
    monkeypatch.setattr(refreshing, "RELOAD_PAUSE_S", 0.0)


@pytest.fixture
def config() -> Config:
    return make_config()


@pytest.fixture
def store(config: Config) -> Iterator[Store]:
    filled = fill_store(Store.memory(), config)
    yield filled
    filled.close()


class BodyCalls:
    """An async ``fetch_body`` stand-in: records article ids, answers ``ok``."""

    def __init__(self, ok: bool = True) -> None:
        self.ok = ok
        self.ids: list[int] = []

    async def __call__(self, article_id: int) -> bool:
        self.ids.append(article_id)
        return self.ok


@pytest.fixture
def body_calls() -> BodyCalls:
    return BodyCalls()


@pytest.fixture
def make_app(store: Store, config: Config, body_calls: BodyCalls) -> Callable[..., UninewsApp]:
    """Build the app over the filled store; keyword arguments override the defaults."""

    def build(**kwargs: object) -> UninewsApp:
        kwargs.setdefault("fetch_body", body_calls)
        app_config = kwargs.pop("config", config)
        return UninewsApp(kwargs.pop("store", store), app_config, **kwargs)  # type: ignore[arg-type]

    return build
