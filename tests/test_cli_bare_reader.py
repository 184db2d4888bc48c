"""The bare ``uninews`` (the reader) starts without click and ends exactly as the click group did.

``cli/launch.run_bare`` stands in for click's ``main`` and the group when
there are no arguments. Each case runs both ways, the new entry point
(``main([])``) and the group through ``run_guarded`` as before, with the
reader itself replaced, and compares exit status, stdout and stderr.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import uninews_tui.cli.launch as launch
from feed_server import config_text
from uninews_tui.cli import cli, main
from uninews_tui.cli.context import run_guarded

Outcome = tuple[Any, str, str]


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A valid feeds.toml and a database path, given through UNINEWS_CONFIG / UNINEWS_DB."""
    (tmp_path / "feeds.toml").write_text(config_text([{"id": "a", "url": "https://a.example.edu/feed"}]),
                                         encoding="utf-8")
    monkeypatch.setenv("UNINEWS_CONFIG", str(tmp_path / "feeds.toml"))
    monkeypatch.setenv("UNINEWS_DB", str(tmp_path / "u.db"))
    monkeypatch.delenv("UNINEWS_DEBUG", raising=False)
    monkeypatch.delenv("_UNINEWS_COMPLETE", raising=False)
    return tmp_path


def _outcome(run: Callable[[], Any], capsys: pytest.CaptureFixture[str]) -> Outcome:
    try:
        run()
        code: Any = "returned"
    except SystemExit as exited:
        code = exited.code
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _both_ways(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
               reader: Callable[..., None]) -> tuple[Outcome, Outcome]:
    monkeypatch.setattr(launch, "run_app", reader)
    new = _outcome(lambda: main([]), capsys)
    old = _outcome(lambda: run_guarded(cli, []), capsys)
    return new, old


def test_the_reader_runs_on_the_configured_store_and_it_is_closed_after(
    home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    seen: list[Any] = []

    def reader(config: Any, store: Any, **kwargs: Any) -> None:
        seen.append((config.path, store, kwargs["db_file"], kwargs["config_path"]))

    new, old = _both_ways(monkeypatch, capsys, reader)
    assert new == old == (0, "", "")
    assert [s[0] for s in seen] == [home / "feeds.toml"] * 2
    assert [s[2] for s in seen] == [home / "u.db"] * 2
    assert [s[3] for s in seen] == [home / "feeds.toml"] * 2
    for _path, store, _db, _config in seen:
        with pytest.raises(Exception, match="closed"):
            store.sources()


def test_a_bad_config_is_the_same_one_line_error(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    bad = "schema_version = 1\n[settings]\nconcurrency = 'many'\n"
    (home / "feeds.toml").write_text(bad, encoding="utf-8")
    new, old = _both_ways(monkeypatch, capsys, lambda *a, **k: None)
    assert new == old
    assert new[0] == 2 and new[2].startswith("uninews: config error: ")


def test_an_unusable_database_is_the_same_error(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    (home / "u.db").write_bytes(b"not a database at all, just text")
    new, old = _both_ways(monkeypatch, capsys, lambda *a, **k: None)
    assert new == old
    assert new[0] == 1 and new[2].startswith("uninews: database error: ")


def test_a_directory_as_config_is_left_to_click(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("UNINEWS_CONFIG", str(home))
    new, old = _both_ways(monkeypatch, capsys, lambda *a, **k: None)
    assert new == old
    assert new[0] == 2 and "is a directory" in new[2]


def test_ctrl_c_and_crashes_end_as_before(home: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    def crashed(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("boom")

    def failed(*args: Any, **kwargs: Any) -> None:
        raise SystemExit(3)

    for reader, code in ((interrupted, 1), (crashed, 1), (failed, 3)):
        new, old = _both_ways(monkeypatch, capsys, reader)
        assert new == old, reader
        assert new[0] == code
    assert "internal error: RuntimeError: boom" in _both_ways(monkeypatch, capsys, crashed)[0][2]
    monkeypatch.setenv("UNINEWS_DEBUG", "1")
    with pytest.raises(RuntimeError, match="boom"):
        _both_ways(monkeypatch, capsys, crashed)


def test_shell_completion_is_answered_by_click(home: Path, monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("_UNINEWS_COMPLETE", "bash_complete")
    monkeypatch.setenv("COMP_WORDS", "uninews ref")
    monkeypatch.setenv("COMP_CWORD", "1")
    new, old = _both_ways(monkeypatch, capsys, lambda *a, **k: pytest.fail("the reader must not start"))
    assert new == old
    assert new[0] == 0 and "refresh" in new[1]


def test_the_reader_starts_without_importing_click(home: Path) -> None:
    code = (
        "import sys\nimport uninews_tui.cli.launch as launch\n"
        "launch.run_app = lambda *a, **k: print('READER', 'click' in sys.modules)\n"
        "from uninews_tui.cli import main\n"
        "try:\n    main([])\nexcept SystemExit as exited:\n    print('EXIT', exited.code)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["READER", "False", "EXIT", "0"]
