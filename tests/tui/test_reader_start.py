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
from uninews_tui.tui.screens.reader import ReaderScreen


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


@pytest.mark.parametrize(
    ("width", "expected"), [(0, "-narrow"), (109, "-narrow"), (110, "-wide"), (200, "-wide")]
)
def test_width_class_follows_the_breakpoints(width: int, expected: str) -> None:
    assert ReaderScreen.width_class(width) == expected


@pytest.mark.parametrize(
    ("width", "expected", "other"), [(80, "-narrow", "-wide"), (160, "-wide", "-narrow")]
)
async def test_the_screen_is_built_with_its_width_class(
    store: Store, config: Config, width: int, expected: str, other: str
) -> None:
    app = UninewsApp(store, config)
    async with app.run_test(size=(width, 40)) as pilot:
        built_with = ReaderScreen(store).classes  # before any Resize reaches it
        assert expected in built_with and other not in built_with
        assert expected in app.reader.classes
        await pilot.resize_terminal(240 - width, 40)
        await pilot.pause()
        assert other in app.reader.classes and expected not in app.reader.classes
