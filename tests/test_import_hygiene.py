"""The headless core never imports Textual, and the command line starts light.

Run in a subprocess so modules imported by other tests don't hide a leak.
"""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "uninews_tui.cli", "uninews_tui.config", "uninews_tui.store", "uninews_tui.parse",
    "uninews_tui.fetch.refresh", "uninews_tui.export", "uninews_tui.demo",
]


def _loaded_after(imports: list[str]) -> set[str]:
    code = "import sys\n" + "".join(f"import {m}\n" for m in imports) + "print('\\n'.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_core_never_imports_textual() -> None:
    loaded = _loaded_after(CORE)
    assert not {m for m in loaded if m == "textual" or m.startswith("textual.")}


def test_cli_start_up_does_not_pay_for_the_network_and_parsers() -> None:
    loaded = _loaded_after(["uninews_tui.cli"])
    heavy = {"httpx", "feedparser", "trafilatura", "sqlite_utils", "lxml", "textual", "asyncio"}
    assert not heavy & loaded
