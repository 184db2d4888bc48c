"""Where files live: platformdirs locations, UNINEWS_DB / --db precedence, the bundled default."""

from __future__ import annotations

from pathlib import Path

import pytest

from uninews_tui import paths


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("UNINEWS_DB", raising=False)
    monkeypatch.delenv("UNINEWS_CONFIG", raising=False)
    return tmp_path


def test_user_locations(isolated_dirs: Path) -> None:
    assert paths.config_dir() == isolated_dirs / "cfg" / "uninews"
    assert paths.config_file() == isolated_dirs / "cfg" / "uninews" / "feeds.toml"
    assert paths.data_dir() == isolated_dirs / "data" / "uninews"


def test_nothing_is_created(isolated_dirs: Path) -> None:
    paths.config_file()
    paths.db_path()
    assert not (isolated_dirs / "cfg").exists() and not (isolated_dirs / "data").exists()


def test_db_path_precedence(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert paths.db_path() == isolated_dirs / "data" / "uninews" / "uninews.db"
    monkeypatch.setenv("UNINEWS_DB", str(isolated_dirs / "env.db"))
    assert paths.db_path() == isolated_dirs / "env.db"
    assert paths.db_path(isolated_dirs / "cli.db") == isolated_dirs / "cli.db"
    assert paths.db_path(str(isolated_dirs / "cli2.db")) == isolated_dirs / "cli2.db"
    monkeypatch.setenv("UNINEWS_DB", "")
    assert paths.db_path() == isolated_dirs / "data" / "uninews" / "uninews.db"


def test_db_path_expands_home(monkeypatch: pytest.MonkeyPatch, isolated_dirs: Path) -> None:
    monkeypatch.setenv("HOME", str(isolated_dirs))
    assert paths.db_path("~/news.db") == isolated_dirs / "news.db"


def test_bundled_config_text_is_toml_with_sources() -> None:
    text = paths.bundled_config_text()
    assert "[[sources]]" in text
    file = paths.bundled_config_file()
    assert file is not None and file.read_text(encoding="utf-8") == text
