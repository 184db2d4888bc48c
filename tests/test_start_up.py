"""What a start pays for: modules left unimported on the way to a command or the reader, same results.

Imports are checked in a subprocess, so modules other tests loaded do not
hide one; each shortcut taken for speed is compared with the long way.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from uninews_tui import config_validate
from uninews_tui.cli.launch import lazy_refresher
from uninews_tui.config_validate import url_problem


def _loaded_after(code: str) -> set[str]:
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(result.stdout.split())


def test_url_check_shortcut_agrees_with_the_character_scan() -> None:
    for code in range(0x3000):  # ASCII, Latin-1 controls, the Unicode spaces, bidi and format characters
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF:
            continue
        value = f"https://a.example/x{char}y"
        scanned = any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") for c in value)
        assert config_validate._plain_ascii(value) is False or not scanned, hex(code)
        if value.isascii():
            assert config_validate._plain_ascii(value) is not scanned, hex(code)
        assert ("spaces or control" in (url_problem(value) or "")) is scanned, hex(code)


def test_config_with_explicit_paths_needs_neither_platformdirs_nor_resources(tmp_path: Path) -> None:
    config = tmp_path / "feeds.toml"
    config.write_text('schema_version = 1\n[institutions.a]\nname = "A"\n', encoding="utf-8")
    code = (
        "from uninews_tui.config import editable_config_path, load_config\n"
        f"load_config({str(config)!r}); editable_config_path({str(config)!r})"
    )
    loaded = _loaded_after(code)
    assert "uninews_tui.config" in loaded
    assert not {"platformdirs", "importlib.resources", "tomlkit"} & loaded


def test_editable_config_path_is_the_same_from_config_and_config_edit(monkeypatch: pytest.MonkeyPatch,
                                                                      tmp_path: Path) -> None:
    from uninews_tui import config, config_edit

    assert config_edit.editable_config_path is config.editable_config_path
    monkeypatch.setenv("UNINEWS_CONFIG", str(tmp_path / "env.toml"))
    assert config.editable_config_path(None) == tmp_path / "env.toml"
    assert config.editable_config_path(tmp_path / "x.toml") == tmp_path / "x.toml"


def test_the_reader_refresher_imports_the_fetch_layer_only_when_called() -> None:
    loaded = _loaded_after("from pathlib import Path\nfrom uninews_tui.cli.launch import lazy_refresher\n"
                           "lazy_refresher(Path('x.db'))")
    assert "uninews_tui.cli.launch" in loaded
    assert not {"uninews_tui.fetch.refresh", "httpx", "asyncio"} & loaded


def test_the_reader_refresher_runs_the_refresh_in_a_child_process(monkeypatch: pytest.MonkeyPatch,
                                                                 tmp_path: Path) -> None:
    import uninews_tui.fetch.refresh_process as refresh_process

    calls: list[tuple[Any, ...]] = []

    def fake_process_refresher(db_file: Path) -> Any:
        async def run(config: Any, store: Any, **kwargs: Any) -> str:
            calls.append((db_file, config, store, kwargs))
            return "summary"

        return run

    monkeypatch.setattr(refresh_process, "process_refresher", fake_process_refresher)
    run = lazy_refresher(tmp_path / "u.db")
    assert asyncio.run(run("config", "store", force=True)) == "summary"
    assert calls == [(tmp_path / "u.db", "config", "store", {"force": True})]
