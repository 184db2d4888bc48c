"""``o`` without a graphical display: the link is copied (OSC 52), no console browser takes the terminal."""

from __future__ import annotations

import sys
import webbrowser

import pytest
from textual.notifications import Notification

from .pilot_support import press, settle

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the display check is Linux-only"
)


def last_notification(app) -> Notification:  # type: ignore[no-untyped-def]
    return list(app._notifications)[-1]


async def test_o_without_a_display_copies_the_link(make_app, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = make_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "o")
        assert opened == []
        assert copied == ["https://news.example.edu/h1"]
        note = last_notification(app)
        assert note.message == "No graphical browser here; link copied: https://news.example.edu/h1"
        assert note.markup is False


async def test_o_with_a_wayland_display_opens_the_browser(make_app, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url) or True)
    app = make_app()
    copied: list[str] = []
    monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "j", "o")
        assert opened == ["https://news.example.edu/h1"]
        assert copied == []
