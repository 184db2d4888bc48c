"""The command-line contract (DESIGN.md): list, show, bookmarks, export, purge, paths, errors."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from feed_server import config_text

from uninews_tui.cli import cli
from uninews_tui.config import load_config
from uninews_tui.models import FeedEntry
from uninews_tui.store import Store

NOW = datetime.now(UTC).replace(microsecond=0)


def _entry(guid: str, title: str, days_ago: float, body: str = "") -> FeedEntry:
    return FeedEntry(guid=guid, title=title, url=f"https://news.example.edu/{guid}",
                     published=NOW - timedelta(days=days_ago), author="Press Office",
                     summary=f"Summary of {title}.", content_html=body)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A config with institutions a (two articles) and b (one), stored in u.db."""
    sources = [{"id": "a", "url": "https://a.example.edu/feed"}, {"id": "b", "url": "https://b.example.edu/feed"}]
    (tmp_path / "feeds.toml").write_text(config_text(sources), encoding="utf-8")
    store = Store.open(tmp_path / "u.db")
    store.sync_config(load_config(tmp_path / "feeds.toml"))
    long_body = "<p>" + "The full story of the telescope, told at length. " * 20 + "</p>"
    store.upsert_entries("a", [_entry("a1", "Telescope sees first light", 1, long_body),
                               _entry("a2", "Old news about the old library", 400)], fetched_at=NOW)
    store.upsert_entries("b", [_entry("b1", "Scholarship <script> & prizes", 2)], fetched_at=NOW)
    store.close()
    return tmp_path


def run(home: Path, *args: str, config: str = "feeds.toml") -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--config", str(home / config), "--db", str(home / "u.db"), *args])
    return result.exit_code, result.stdout, result.stderr


def ids(home: Path, *args: str) -> dict[str, int]:
    code, out, err = run(home, "list", "--json", *args)
    assert code == 0, err
    return {a["title"]: a["id"] for a in json.loads(out)}


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("uninews ")


def test_list_filters(home: Path) -> None:
    assert list(ids(home)) == ["Telescope sees first light", "Scholarship <script> & prizes",
                               "Old news about the old library"]
    assert list(ids(home, "--institution", "inst-b")) == ["Scholarship <script> & prizes"]
    since = (NOW - timedelta(days=30)).strftime("%Y-%m-%d")
    assert len(ids(home, "--since", since)) == 2
    assert len(ids(home, "--limit", "1")) == 1


def test_list_unknown_institution_is_a_usage_error(home: Path) -> None:
    code, out, err = run(home, "list", "--institution", "nowhere")
    assert code == 2 and out == ""
    assert "unknown institution nowhere" in err and "inst-a" in err


def test_text_list_and_show(home: Path) -> None:
    code, out, _ = run(home, "list")
    assert code == 0 and "Telescope sees first light" in out and "I-a" in out
    article_id = ids(home)["Telescope sees first light"]
    code, out, _ = run(home, "show", str(article_id))
    assert code == 0 and out.startswith("# Telescope sees first light")
    assert "The full story of the telescope" in out


def test_show_unknown_id(home: Path) -> None:
    code, out, err = run(home, "show", "999999")
    assert code == 1 and out == "" and "no article with id 999999" in err


def test_bookmark_and_unbookmark(home: Path) -> None:
    article_id = ids(home)["Telescope sees first light"]
    assert run(home, "bookmark", str(article_id))[0] == 0
    assert list(ids(home, "--bookmarked")) == ["Telescope sees first light"]
    assert run(home, "unbookmark", str(article_id))[0] == 0
    assert ids(home, "--bookmarked") == {}
    assert run(home, "bookmark", "424242")[0] == 1


def test_purge_keeps_bookmarks_with_their_body(home: Path) -> None:
    keep = ids(home)["Telescope sees first light"]
    run(home, "bookmark", str(keep))
    code, out, _ = run(home, "purge", "--older-than", "0")
    assert code == 0 and "removed 2 articles" in out
    assert list(ids(home)) == ["Telescope sees first light"]
    code, out, _ = run(home, "show", str(keep), "--json")
    assert "The full story of the telescope" in json.loads(out)["body"]


def test_purge_default_uses_keep_days(home: Path) -> None:
    code, out, _ = run(home, "purge")
    assert code == 0 and "removed 1 articles older than 365 days" in out
    assert "Old news about the old library" not in ids(home)


def test_bookmark_survives_removing_its_institution(home: Path) -> None:
    keep = ids(home)["Scholarship <script> & prizes"]
    run(home, "bookmark", str(keep))
    only_a = config_text([{"id": "a", "url": "https://a.example.edu/feed"}])
    (home / "only-a.toml").write_text(only_a, encoding="utf-8")
    code, out, err = run(home, "list", "--bookmarked", "--json", config="only-a.toml")
    assert code == 0, err
    assert [a["title"] for a in json.loads(out)] == ["Scholarship <script> & prizes"]
    code, out, _ = run(home, "export-bookmarks", "--format", "json", config="only-a.toml")
    assert json.loads(out)[0]["institution"] == "inst-b"


def test_export_formats_field_by_field(home: Path) -> None:
    telescope = ids(home)["Telescope sees first light"]
    scholarship = ids(home)["Scholarship <script> & prizes"]
    run(home, "bookmark", str(telescope))
    run(home, "bookmark", str(scholarship))

    code, out, _ = run(home, "export-bookmarks", "--format", "json")
    assert code == 0
    rows = {r["title"]: r for r in json.loads(out)}
    row = rows["Telescope sees first light"]
    assert row["id"] == telescope and row["url"] == "https://news.example.edu/a1"
    assert row["institution"] == "inst-a" and row["source"] == "a" and row["author"] == "Press Office"
    assert row["is_bookmarked"] is True and row["full_text"] is True and row["note"] == ""
    assert row["published"] == (NOW - timedelta(days=1)).isoformat()
    assert "The full story of the telescope" in row["body"]

    code, out, _ = run(home, "export-bookmarks", "--format", "md")
    assert "## Telescope sees first light" in out and "<https://news.example.edu/a1>" in out
    assert "The full story of the telescope" in out and "*(summary only)*" in out

    target = home / "b.html"
    code, _, err = run(home, "export-bookmarks", "--format", "html", "-o", str(target))
    page = target.read_text(encoding="utf-8")
    assert code == 0 and "2 bookmarks written" in err
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page.lower()
    assert "Scholarship &lt;script&gt; &amp; prizes" in page
    assert '<a href="https://news.example.edu/a1">Telescope sees first light</a>' in page


def test_paths(home: Path) -> None:
    code, out, _ = run(home, "paths")
    assert code == 0 and str(home / "feeds.toml") in out and str(home / "u.db") in out


def test_bad_db_file_is_a_clear_error(home: Path, tmp_path: Path) -> None:
    bad = tmp_path / "not.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    result = CliRunner().invoke(cli, ["--config", str(home / "feeds.toml"), "--db", str(bad), "list"])
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert "database error" in result.stderr
    assert bad.read_bytes() == b"this is not sqlite" * 100
