"""``uninews serve``: the reader in a web browser, through textual-serve.

textual-serve starts one reader process per browser tab and relays its
screen over a websocket to xterm.js in the page. It starts that process
through a shell (``asyncio.create_subprocess_shell``), so the command line is
built here with :func:`shlex.join` from trusted values only: this Python,
``-m uninews_tui``, and the ``--config``/``--db`` paths given to ``serve``.
Nothing from a feed or a request ever reaches it.

Anyone who can reach the port can read and change the cache (bookmarks,
read state) and edit nothing else; so the server listens on loopback unless
``--public`` says otherwise.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys
from pathlib import Path

from uninews_tui.errors import UninewsError

__all__ = ["ServeError", "is_loopback", "reader_command", "run_server", "server_url"]

LOOPBACK_NAMES = ("localhost", "ip6-localhost", "ip6-loopback")


class ServeError(UninewsError):
    """The server cannot be started as asked (a public host without ``--public``)."""


def is_loopback(host: str) -> bool:
    """True for ``127.0.0.1``, ``::1``, ``localhost`` and the rest of 127.0.0.0/8."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_host(host: str, *, public: bool) -> str | None:
    """A warning for a public host allowed by ``--public``; raises ServeError without it."""
    if is_loopback(host):
        return None
    if not public:
        raise ServeError(
            f"refusing to serve on {host!r}: anyone who can reach it could use your reader; "
            "pass --public to do it anyway (or use the default 127.0.0.1)"
        )
    return (f"warning: serving on {host}: anyone who can reach this port can read your cache and change "
            "its read state and bookmarks; there is no login")


def reader_command(config_path: Path | str | None = None, db_path: Path | str | None = None) -> str:
    """The shell command line that runs the reader with the same config and database.

    Paths are made absolute (the server's working directory is not the user's
    concern) and quoted by :func:`shlex.join`.
    """
    parts = [sys.executable, "-m", "uninews_tui"]
    if config_path:
        parts += ["--config", str(Path(config_path).expanduser().resolve())]
    if db_path:
        parts += ["--db", str(Path(db_path).expanduser().resolve())]
    return shlex.join(parts)


def server_url(host: str, port: int) -> str:
    """The address to open in a browser for a server on ``host``:``port``."""
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


def run_server(command: str, *, host: str, port: int, public_url: str | None = None) -> None:
    """Serve ``command`` until interrupted (Ctrl+C or SIGTERM)."""
    from textual_serve.server import Server

    server = Server(command, host=host, port=port, title="uninews",
                    public_url=public_url or server_url(host, port))
    server.serve()
