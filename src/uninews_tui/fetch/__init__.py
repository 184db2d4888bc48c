"""HTTP fetching: the shared client, one conditional GET, per-host limits, refresh.

Public API (DESIGN.md): ``make_client``, ``fetch_url``, ``HostLimiter`` and
``FetchPool``. They are loaded on first use, so importing this package (or
``fetch.refresh`` for its types) does not import httpx (~120 ms) until a
fetch actually happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from uninews_tui.fetch.client import ACCEPT_FEED, ACCEPT_HTML, make_client
    from uninews_tui.fetch.http import fetch_url
    from uninews_tui.fetch.limits import FetchPool, HostLimiter



def _skip_httpx_command_line() -> None:
    """Let ``import httpx`` skip httpx's own command-line client, which uninews never runs.

    httpx imports it whenever its extras are installed, as rich and click are
    here (Textual and our CLI need them): ~60 ms of CPU at every refresh,
    probe or add. A stand-in module under its name makes that import free.
    """
    import sys
    import types

    if "httpx" in sys.modules or "httpx._main" in sys.modules:
        return
    stand_in = types.ModuleType("httpx._main", "uninews: httpx's command line is not loaded here")

    def main() -> None:
        raise SystemExit("httpx's command line is not available inside uninews")

    stand_in.main = main  # type: ignore[attr-defined]
    sys.modules["httpx._main"] = stand_in


_skip_httpx_command_line()

__all__ = ["ACCEPT_FEED", "ACCEPT_HTML", "FetchPool", "HostLimiter", "fetch_url", "make_client"]

_HOMES = {
    "ACCEPT_FEED": "client",
    "ACCEPT_HTML": "client",
    "make_client": "client",
    "fetch_url": "http",
    "FetchPool": "limits",
    "HostLimiter": "limits",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
