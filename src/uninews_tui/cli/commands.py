"""The command table, and ``uninews --help`` rendered without importing click.

Every subcommand is named here with the module that defines it and the first
paragraph of its help, so the group loads only the command that runs
(:class:`~uninews_tui.cli.context.UninewsGroup`) and lists all of them from
this table. ``tests/test_cli_commands.py`` checks the table against the real
commands and the rendered help against click's, at every terminal width.

Importing click costs about 50 ms of CPU, three times the interpreter's own
start; the bare ``uninews --help`` (the command a new user types first) is
answered from here instead, with the layout of click's ``HelpFormatter``.
"""

from __future__ import annotations

import os
import sys

PROG = "uninews"
ROOT_HELP = """uninews: university news in your terminal.

Run without a command to open the reader. Exit status: 0 success, 1 failure
(e.g. every source failed, unknown article), 2 bad usage or bad config.
"""
CONFIG_HELP = "feeds.toml to use (default: UNINEWS_CONFIG, the user's, then the bundled one)."
DB_HELP = "SQLite cache to use (default: UNINEWS_DB, then the user data dir)."
MAX_CONTENT_WIDTH = 100
OPTION_ROWS = (
    ("--config FILE", CONFIG_HELP),
    ("--db FILE", DB_HELP),
    ("--version", "Show the version and exit."),
    ("-h, --help", "Show this message and exit."),
)
"""The group's options as click lists them (see ``cli/context.py``)."""


class CommandEntry:
    """Where a subcommand lives and what ``uninews --help`` says of it (a plain class: typing costs ~5 ms)."""

    __slots__ = ("attribute", "module", "summary")

    def __init__(self, module: str, attribute: str, summary: str) -> None:
        self.module = module
        """Module under ``uninews_tui.cli``."""
        self.attribute = attribute
        self.summary = summary
        """The first paragraph of the command's help (click shortens it to fit)."""


COMMANDS: dict[str, CommandEntry] = {
    "add": CommandEntry(
        "ecosystem", "add", "Find the feed at URL (a feed, or a page that links one) and add it."
    ),
    "bookmark": CommandEntry(
        "articles", "bookmark", "Bookmark an article (kept with its text until you remove it)."
    ),
    "completion": CommandEntry(
        "ecosystem",
        "completion",
        "Print the shell completion script (bash, zsh or fish; default: from $SHELL).",
    ),
    "demo": CommandEntry(
        "reader", "demo", "Open the reader on a bundled offline sample (a temporary database, no network)."
    ),
    "export-bookmarks": CommandEntry(
        "bookmarks", "export_bookmarks", "Export every bookmark, full text and notes included."
    ),
    "export-opml": CommandEntry(
        "ecosystem", "export_opml", "Print every source as OPML 2.0, grouped by institution."
    ),
    "import-opml": CommandEntry(
        "ecosystem", "import_opml", "Add the feeds of an OPML subscription list to your feeds.toml."
    ),
    "list": CommandEntry("articles", "list_articles", "Print articles, newest first."),
    "paths": CommandEntry("sources", "paths", "Where the config and the database live."),
    "probe": CommandEntry("fetching", "probe", "Fetch and parse one source or URL without storing anything."),
    "purge": CommandEntry(
        "bookmarks",
        "purge",
        "Remove unbookmarked articles older than DAYS, read or not. Bookmarks are never touched.",
    ),
    "refresh": CommandEntry(
        "fetching", "refresh", "Fetch every enabled source now (except those that asked us to wait)."
    ),
    "remove": CommandEntry(
        "ecosystem",
        "remove",
        "Remove a source from your feeds.toml (its cached articles and your bookmarks stay).",
    ),
    "search": CommandEntry("articles", "search", "Full-text search, best match first."),
    "serve": CommandEntry(
        "ecosystem", "serve", "Serve the reader to a web browser (textual-serve); loopback only by default."
    ),
    "show": CommandEntry("articles", "show", "Print one article with its body as Markdown."),
    "sources": CommandEntry("sources", "sources", "Each source with its last fetch status and error."),
    "unbookmark": CommandEntry("articles", "unbookmark", "Remove a bookmark."),
}


def short_help(summary: str, limit: int) -> str:
    """The summary as click's ``Command.get_short_help_str(limit)`` shortens it.

    The first sentence (a period followed by a word that is not lowercase ends
    it), then, when longer than ``limit``, the most words that fit with "...".
    """
    words = summary.split()
    for i, word in enumerate(words):
        if word.endswith(".") and (i == len(words) - 1 or not words[i + 1][0].islower()):
            words = words[: i + 1]
            break
    text = " ".join(words)
    if len(text) <= limit:
        return text
    if limit < 3:
        return "..."
    if max(map(len, words)) > limit:  # textwrap would cut the word: let it
        import textwrap

        return textwrap.shorten(text, limit, placeholder="...", break_on_hyphens=False)
    # textwrap.shorten without importing textwrap (and re): ~13 ms of the ~30 this help costs.
    kept, length = 0, -1
    while kept < len(words) and length + 1 + len(words[kept]) + 3 <= limit:
        length += 1 + len(words[kept])
        kept += 1
    return " ".join(words[:kept]) + "..."


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns`` without importing shutil: $COLUMNS, stdout's terminal, or 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(sys.__stdout__.fileno()).columns or 80  # type: ignore[union-attr]
    except (AttributeError, ValueError, OSError):
        return 80


def help_width() -> int:
    """The width click's ``HelpFormatter`` uses: the terminal's, capped at 100, minus 2, at least 50."""
    return max(min(terminal_columns(), MAX_CONTENT_WIDTH) - 2, 50)


def _wrap(text: str, width: int, indent: str) -> list[str]:
    """Paragraphs re-wrapped to ``width`` with ``indent``, a blank line between (click's ``wrap_text``)."""
    lines: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        if lines:
            lines.append("")
        lines.extend(_fill(" ".join(line.strip() for line in paragraph.splitlines()), width, indent))
    return lines


def _fill(text: str, width: int, indent: str) -> list[str]:
    """``textwrap.wrap`` of one paragraph; done here when it is plain words, each shorter than a line."""
    room = width - len(indent)
    if text and len(text) <= room and text == text.strip() and "\t" not in text:
        return [indent + text]
    words = text.split(" ")
    if "-" in text or "\t" in text or "" in words or max(map(len, words)) > room:
        import textwrap  # hyphens, tabs, runs of spaces and long words: textwrap's own rules

        wrapper = textwrap.TextWrapper(width, initial_indent=indent, subsequent_indent=indent,
                                       replace_whitespace=False)
        return wrapper.wrap(text)
    lines: list[str] = []
    line = words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= room:
            line += " " + word
        else:
            lines.append(indent + line)
            line = word
    return [*lines, indent + line]


def _definitions(rows: list[tuple[str, str]], width: int) -> list[str]:
    """Two columns as click's ``HelpFormatter.write_dl`` lays them out, indented by 2."""
    first_col = min(max(len(term) for term, _ in rows), 30) + 2
    text_width = max(width - first_col - 2, 10)
    lines: list[str] = []
    for term, text in rows:
        wrapped = _wrap(text, text_width, "") if text else []
        if not wrapped:
            lines.append(f"  {term}")
            continue
        if len(term) <= first_col - 2:
            lines.append(f"  {term}{' ' * (first_col - len(term))}{wrapped[0]}")
        else:
            lines += [f"  {term}", f"{' ' * (first_col + 2)}{wrapped[0]}"]
        lines += [f"{' ' * (first_col + 2)}{line}" for line in wrapped[1:]]
    return lines


def root_help(width: int) -> str:
    """The text of ``uninews --help`` at a help width of ``width`` (see :func:`help_width`)."""
    limit = width - 6 - max(len(name) for name in COMMANDS)
    commands = [(name, short_help(entry.summary, limit)) for name, entry in sorted(COMMANDS.items())]
    lines = [
        f"Usage: {PROG} [OPTIONS] [COMMAND] [ARGS]...",
        "",
        *_wrap(ROOT_HELP, width, "  "),
        "",
        "Options:",
        *_definitions(list(OPTION_ROWS), width),
        "",
        "Commands:",
        *_definitions(commands, width),
    ]
    return "\n".join(lines) + "\n"


def print_root_help() -> int:
    """Write the root help on stdout; the exit status (1 when stdout is a closed pipe, as click does)."""
    try:
        sys.stdout.write(root_help(help_width()))
        sys.stdout.flush()
    except BrokenPipeError:
        # As click: no "Exception ignored" when the interpreter flushes the closed pipe at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0
