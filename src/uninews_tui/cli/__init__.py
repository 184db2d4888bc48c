"""The ``uninews`` command line: a click group whose bare form opens the reader.

Start-up is kept light: ``uninews --help`` is printed and the bare ``uninews``
(the reader) started without importing click (``cli/commands.py``,
``cli/launch.py``); any other command imports click, the group
(``cli/context.py``) and the module of that one command, whose own imports of
the core happen when it runs. Errors the user can act on (bad config,
unusable database) are one line on stderr with exit status 2 or 1, never a
traceback.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (~5 ms); mypy reads it the same
if TYPE_CHECKING:
    from typing import Any

    from uninews_tui.cli.context import AppContext, cli, pass_app

_HELP_ALONE = (["--help"], ["-h"])


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point: run the group, turning known errors into one line.

    Ends with SystemExit, as click's standalone mode does. The two commonest
    runs skip click: the bare ``uninews`` (the reader, ``cli/launch.py``) and
    ``uninews --help`` (``cli/commands.py``); shell completion always goes to click.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    debug = bool(os.environ.get("UNINEWS_DEBUG"))
    if not os.environ.get("_UNINEWS_COMPLETE"):
        if args in _HELP_ALONE:
            from uninews_tui.cli.commands import print_root_help

            raise SystemExit(print_root_help())
        if not args:
            from uninews_tui.cli.launch import run_bare

            status = run_bare(debug=debug)
            if status is not None:
                raise SystemExit(status)
    from uninews_tui.cli.context import cli, run_guarded

    return run_guarded(cli, args, debug=debug)


def __getattr__(name: str) -> Any:
    """``cli``, ``AppContext`` and ``pass_app``, imported (with click) on first use."""
    if name == "cli":
        from uninews_tui.cli.context import cli

        return cli
    if name in ("AppContext", "pass_app"):
        from uninews_tui.cli import context

        return getattr(context, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["AppContext", "cli", "main", "pass_app"]
