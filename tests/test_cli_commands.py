"""The command table and the help printed without click match the real commands and click's help.

``cli/commands.py`` lists every subcommand (module, summary) so the group
loads only the one that runs, and renders ``uninews --help`` without
importing click. These tests keep both honest: the table against the
commands' own help, the rendering against click's at every terminal width.
"""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
import textwrap

import click
import pytest
from click.testing import CliRunner

from uninews_tui.cli import cli, main
from uninews_tui.cli.commands import COMMANDS, _fill, root_help, short_help, terminal_columns

MODULES = ["articles", "bookmarks", "ecosystem", "fetching", "reader", "sources"]


def _real_commands() -> dict[str, click.Command]:
    """Every command the modules define, by name (what an eager group would register)."""
    found: dict[str, click.Command] = {}
    for name in MODULES:
        for command in importlib.import_module(f"uninews_tui.cli.{name}").COMMANDS:
            assert command.name not in found
            found[str(command.name)] = command
    return found


def test_table_names_every_command_and_where_it_lives() -> None:
    real = _real_commands()
    assert set(COMMANDS) == set(real)
    for name, entry in COMMANDS.items():
        module = importlib.import_module(f"uninews_tui.cli.{entry.module}")
        assert getattr(module, entry.attribute) is real[name]


def test_table_summaries_are_the_commands_first_paragraphs() -> None:
    for name, command in _real_commands().items():
        first_paragraph = " ".join(str(command.help).partition("\n\n")[0].split())
        assert COMMANDS[name].summary == first_paragraph, name
        assert not command.short_help and not command.hidden and not command.deprecated


def test_short_help_shortens_as_click_does() -> None:
    commands = _real_commands()
    for limit in range(0, 130):
        for name, command in commands.items():
            expected = command.get_short_help_str(limit)
            assert short_help(COMMANDS[name].summary, limit) == expected, (name, limit)


@pytest.mark.parametrize("text", [
    "Run without a command to open the reader. Exit status: 0 success, 1 failure (e.g. every source failed).",
    "A hyphenated-word and textual-serve, a  double space, an\ttab, and averyveryverylongwordthatcannotfit.",
    "short",
    "Serve the reader to a web browser (textual-serve); loopback only by default.",
    "  padded  ",
])
def test_fill_wraps_as_textwrap_does(text: str) -> None:
    for width in range(12, 110):
        for indent in ("", "  "):
            expected = textwrap.TextWrapper(width, initial_indent=indent, subsequent_indent=indent,
                                            replace_whitespace=False).wrap(text)
            assert _fill(text, width, indent) == expected, (width, indent)


def _click_help(columns: int, monkeypatch: pytest.MonkeyPatch, group: click.Group) -> str:
    monkeypatch.setenv("COLUMNS", str(columns))
    with click.Context(group, info_name="uninews", **group.context_settings) as ctx:
        return group.get_help(ctx) + "\n"


def test_lazy_help_matches_an_eager_group_at_every_width(monkeypatch: pytest.MonkeyPatch) -> None:
    eager = click.Group("uninews", params=cli.params, help=cli.help, context_settings=cli.context_settings,
                        commands=_real_commands(), invoke_without_command=True)
    for columns in range(20, 130):
        assert _click_help(columns, monkeypatch, cli) == _click_help(columns, monkeypatch, eager), columns


def test_help_without_click_matches_clicks_at_every_width(monkeypatch: pytest.MonkeyPatch) -> None:
    for columns in range(20, 130):
        width = max(min(columns, 100) - 2, 50)
        assert root_help(width) == _click_help(columns, monkeypatch, cli), columns


@pytest.mark.parametrize("columns", [None, "", "abc", "0", "-3", "7", "132"])
def test_terminal_columns_as_shutil_reads_them(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert terminal_columns() == shutil.get_terminal_size().columns


def test_main_help_prints_it_and_exits_0(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "90")
    for flag in ("--help", "-h"):
        with pytest.raises(SystemExit) as exited:
            main([flag])
        assert exited.value.code == 0
        assert capsys.readouterr().out == root_help(88)


def test_help_imports_neither_click_nor_any_command() -> None:
    code = (
        "import sys\nfrom uninews_tui.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('LOADED', *sorted(m for m in sys.modules if m == 'click' or m.startswith('uninews_tui.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("Usage: uninews")
    assert out.splitlines()[-1].split() == ["LOADED", "uninews_tui.cli.commands"]


def test_a_command_imports_only_its_own_module() -> None:
    code = (
        "import sys\nfrom uninews_tui.cli import main\n"
        "try:\n    main(['paths'])\nexcept SystemExit:\n    pass\n"
        "print('LOADED', *sorted(m for m in sys.modules if m.startswith('uninews_tui.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(out.splitlines()[-1].split()[1:])
    assert "uninews_tui.cli.sources" in loaded
    assert not loaded & {f"uninews_tui.cli.{m}" for m in MODULES if m != "sources"}


def test_unknown_command_still_suggests_a_close_name() -> None:
    result = CliRunner().invoke(cli, ["lst"])
    assert result.exit_code == 2
    assert "No such command 'lst'" in result.stderr
    if hasattr(click.exceptions, "NoSuchCommand"):  # click >= 8.2 suggests names
        assert "Did you mean 'list'?" in result.stderr
