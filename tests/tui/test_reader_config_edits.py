"""Editing feeds.toml from the reader: "Import OPML…" in the command palette and ``+`` (add by URL).

The config file lives in ``tmp_path`` and mirrors the test config; the feed
for ``+`` is served by a local HTTP server (pytest-httpserver).
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, OptionList

from uninews_tui.tui.screens.dialogs import ChoiceDialog, TextPrompt
from uninews_tui.tui.widgets.filter_panel import InstitutionsPanel

from .pilot_support import press, settle, wait_for
from .support import make_config

FEEDS_TOML = """\
[settings]
refresh_on_start = false

[institutions.lakeside]
name = "Lakeside University"

[[sources]]
id = "lakeside-news"
institution = "lakeside"
kind = "feed"
url = "https://news.example.edu/lakeside.xml"
"""

OPML = """\
<?xml version="1.0"?>
<opml version="2.0">
  <head><title>My subscriptions</title></head>
  <body>
    <outline text="Riverside University">
      <outline type="rss" text="Riverside News" xmlUrl="https://riverside.example.edu/feed.xml"/>
    </outline>
  </body>
</opml>
"""

PAGE = """<!doctype html><html><head><title>Quarry College</title>
<link rel="alternate" type="application/rss+xml" title="Quarry News" href="/news/rss.xml">
</head><body><p>Welcome.</p></body></html>"""

FEED = """<?xml version="1.0"?>
<rss version="2.0"><channel><title>Quarry News</title><link>{base}/</link>
<item><title>Quarry opens a library</title><link>{base}/a1</link><guid>q1</guid>
<pubDate>Mon, 02 Mar 2026 10:00:00 GMT</pubDate></item>
<item><title>Quarry rowing wins</title><link>{base}/a2</link><guid>q2</guid>
<pubDate>Tue, 03 Mar 2026 10:00:00 GMT</pubDate></item>
</channel></rss>"""


def panel_ids(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [facet.id for facet in app.reader.query_one(InstitutionsPanel)._facets]


async def test_import_opml_from_the_command_palette(make_app, tmp_path: Path):
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(FEEDS_TOML, encoding="utf-8")
    opml = tmp_path / "subs.opml"
    opml.write_text(OPML, encoding="utf-8")
    app = make_app(config_path=config_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        command = next(c for c in app.get_system_commands(app.screen) if c.title == "Import OPML…")
        command.callback()
        await settle(pilot)
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one(Input).value = str(opml)
        await press(pilot, "enter")
        await wait_for(pilot, lambda: any("riverside" in i for i in panel_ids(app)))
        assert "Riverside University" in config_path.read_text(encoding="utf-8")
        assert any(s.url == "https://riverside.example.edu/feed.xml" for s in app.config.sources)
        notes = [n.message for n in app._notifications]
        assert any(n.startswith("imported 1 source into ") for n in notes), notes


async def test_plus_discovers_a_page_feed_and_adds_it(make_app, store, tmp_path: Path, httpserver):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/").respond_with_data(PAGE, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/news/rss.xml").respond_with_data(
        FEED.format(base=base), content_type="application/rss+xml"
    )
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(FEEDS_TOML, encoding="utf-8")
    app = make_app(config_path=config_path, config=make_config(), refresher=None)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "plus")
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one(Input).value = base + "/"
        await press(pilot, "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ChoiceDialog))
        options = app.screen.query_one(OptionList)
        assert options.option_count == 1
        assert str(options.get_option_at_index(0).prompt) == f"Quarry News · 2 items · {base}/news/rss.xml"
        await press(pilot, "enter")
        await wait_for(pilot, lambda: any(s.url == f"{base}/news/rss.xml" for s in app.config.sources))
        assert f'url = "{base}/news/rss.xml"' in config_path.read_text(encoding="utf-8")
        added = next(s for s in app.config.sources if s.url == f"{base}/news/rss.xml")
        await wait_for(pilot, lambda: added.institution in panel_ids(app))
        # The new source is refreshed at once (the real refresher, against the local server).
        await wait_for(pilot, lambda: any(s.id == added.id and s.article_count == 2 for s in store.sources()))


async def test_escape_cancels_adding(make_app, tmp_path: Path):
    config_path = tmp_path / "feeds.toml"
    config_path.write_text(FEEDS_TOML, encoding="utf-8")
    app = make_app(config_path=config_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "plus")
        assert isinstance(app.screen, TextPrompt)
        await press(pilot, "escape")
        assert not isinstance(app.screen, TextPrompt)
        assert config_path.read_text(encoding="utf-8") == FEEDS_TOML


async def test_help_lists_add_source(make_app):
    app = make_app()
    async with app.run_test(size=(140, 50)) as pilot:
        await settle(pilot)
        assert any(row.description == "Add source" and row.keys == "+" for row in app.key_rows()), [
            (r.description, r.keys) for r in app.key_rows()
        ]
