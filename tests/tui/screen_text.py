"""Read what the reader paints as plain text, to assert on rendered output."""

from __future__ import annotations

from textual.app import App


def screen_text(app: App[object]) -> str:
    """Every line of the current screen as painted, characters only (styles dropped)."""
    strips = app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)
