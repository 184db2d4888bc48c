"""The reader's start: the garbage collector paused until the first paint, and work left for later.

``UninewsApp.run`` pauses the collector (the first paint allocates tens of
thousands of long-lived objects) and the first refresh resumes it; whatever
the run, collection is on again afterwards. The reader builds only what its
first paint shows; what it defers must still be there when it is used.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from typing import Any

import pytest
from textual.app import App

from uninews_tui.app import UninewsApp
from uninews_tui.config_model import Config
from uninews_tui.store import Store


@pytest.fixture(autouse=True)
def collector_restored() -> Iterator[None]:
    """Whatever a test does to the collector, the next test finds it on and nothing frozen."""
    yield
    gc.unfreeze()
    gc.enable()


def test_run_pauses_the_collector_and_always_resumes_it(
    store: Store, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def fake_run(self: App[Any], *args: Any, **kwargs: Any) -> str:
        seen.append(gc.isenabled())
        return "result"

    monkeypatch.setattr(App, "run", fake_run)
    assert UninewsApp(store, config).run() == "result"
    assert seen == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # what was made while starting is frozen


def test_run_resumes_the_collector_when_the_app_fails(
    store: Store, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    def failing_run(self: App[Any], *args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(App, "run", failing_run)
    with pytest.raises(RuntimeError):
        UninewsApp(store, config).run()
    assert gc.isenabled()


def test_run_leaves_a_collector_that_was_off_off(
    store: Store, config: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(App, "run", lambda self, *args, **kwargs: None)
    gc.disable()
    UninewsApp(store, config).run()
    assert not gc.isenabled()


async def test_the_first_refresh_resumes_a_paused_collector(store: Store, config: Config) -> None:
    app = UninewsApp(store, config)
    app._collector_paused = True
    gc.disable()
    async with app.run_test() as pilot:
        await pilot.pause()
        assert gc.isenabled()
        assert "Articles (" in str(app.reader.article_list.border_title)


async def test_a_test_run_never_touches_the_collector(store: Store, config: Config) -> None:
    gc.disable()
    async with UninewsApp(store, config).run_test() as pilot:
        await pilot.pause()
        assert not gc.isenabled()  # only run() pauses, so only run() resumes
