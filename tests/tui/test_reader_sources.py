"""The S sources screen: each source with status, last fetch, article count and last error."""

from __future__ import annotations

from textual.widgets import DataTable

from uninews_tui.models import FetchResult
from uninews_tui.tui.screens.sources import SourcesScreen

from .pilot_support import press, settle


async def test_sources_screen_lists_status_and_errors(make_app, store):
    ok = FetchResult("lakeside-news", "ok", "https://news.example.edu/lakeside.xml", http_status=200)
    store.record_fetch("lakeside-news", ok, new_articles=4)
    bad = FetchResult(
        "harbour-news",
        "error",
        "https://news.example.edu/harbour.xml",
        http_status=404,
        error="HTTP 404 [not found]",
    )
    store.record_fetch("harbour-news", bad, error="HTTP 404 [not found]")
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "S")
        assert isinstance(app.screen, SourcesScreen)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 3
        harbour = [str(cell) for cell in table.get_row("harbour-news")]
        assert harbour[:4] == ["harbour-news", "harbour", "feed", "error ×1"]
        assert harbour[6] == "HTTP 404 [not found]"  # shown literally, not as markup
        lakeside = [str(cell) for cell in table.get_row("lakeside-news")]
        assert lakeside[3] == "ok" and lakeside[5] == "4" and lakeside[4] != "never"
        assert [str(c) for c in table.get_row("hillcrest-news")][3:5] == ["never", "never"]
        assert "failing: 1" in app.screen.sub_title
        await press(pilot, "escape")
        assert not isinstance(app.screen, SourcesScreen)
