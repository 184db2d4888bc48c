"""A bad feeds.toml through the command line: one line on stderr, exit status 2, nothing written.

Runs every case of ``tests/data/config/bad/`` through ``uninews --config PATH
--db DB sources`` with click's CliRunner (stderr kept apart from stdout).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from test_config_errors import BAD_FILES, expected_error  # sibling module: tests/ is on sys.path
from uninews_tui.cli import cli

FULL = Path(__file__).parent / "data" / "config" / "full.toml"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("UNINEWS_DB", raising=False)
    monkeypatch.delenv("UNINEWS_CONFIG", raising=False)
    return tmp_path


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_config_exits_2_with_one_line(path: Path, tmp_path: Path) -> None:
    db = tmp_path / "sub" / "news.db"
    result = CliRunner().invoke(cli, ["--config", str(path), "--db", str(db), "sources"])
    assert result.exit_code == 2, result.output
    assert expected_error(path) in result.stderr
    assert len(result.stderr.strip().splitlines()) >= 1
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    assert not db.exists() and not db.parent.exists(), "nothing is written after a config error"


def test_bad_config_from_env_var(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = [p for p in BAD_FILES if p.stem == "url_pipe_command"][0]
    monkeypatch.setenv("UNINEWS_CONFIG", str(bad))
    db = tmp_path / "news.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "sources"])
    assert result.exit_code == 2
    assert "commands are not allowed" in result.stderr
    assert not db.exists()


def test_missing_config_file_exits_2(tmp_path: Path) -> None:
    missing = tmp_path / "absent.toml"
    result = CliRunner().invoke(cli, ["--config", str(missing), "--db", str(tmp_path / "n.db"), "sources"])
    assert result.exit_code == 2
    assert f"{missing}: file not found" in result.stderr
    assert not (tmp_path / "n.db").exists()


def test_good_config_lists_its_sources(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    result = CliRunner().invoke(cli, ["--config", str(FULL), "--db", str(db), "sources", "--json"])
    assert result.exit_code == 0, result.stderr
    assert {"north-feed", "north-html", "south-feed"} <= {row["id"] for row in json.loads(result.stdout)}
