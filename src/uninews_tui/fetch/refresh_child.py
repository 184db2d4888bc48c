"""The child side of :mod:`uninews_tui.fetch.refresh_process`: ``python -m uninews_tui.fetch.refresh_child``.

It reads one pickled ``RefreshRequest`` on stdin, runs the same locked
refresh as the reader did in its own process on the request's database, and
writes progress and the summary as JSON lines on stdout. Its stdout is
moved to a private descriptor first and fd 1 pointed at stderr, so nothing
else (a stray print, a parse worker it starts) can write into the protocol.
SIGTERM cancels the refresh, so the refresh's clean-up runs before it exits.
"""

from __future__ import annotations

import asyncio
import json
import os
import pickle
import signal
import sys
from pathlib import Path
from typing import IO, Any

from uninews_tui.errors import UninewsError
from uninews_tui.fetch.refresh_process import RefreshRequest, summary_to_json


async def refresh_and_report(request: RefreshRequest, out: IO[str]) -> None:
    """Run the request's refresh, writing each progress step and the summary to ``out``."""
    from uninews_tui.fetch.refresh import locked_refresher
    from uninews_tui.store import Store

    def send(message: dict[str, Any]) -> None:
        out.write(json.dumps(message, ensure_ascii=False) + "\n")
        out.flush()

    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    db_file = Path(request.db_file)
    with Store.open(db_file) as store:
        summary = await locked_refresher(db_file)(
            request.config,
            store,
            source_ids=request.source_ids,
            force=request.force,
            progress=lambda done, total, source_id: send({"progress": [done, total, source_id]}),
        )
    send({"summary": summary_to_json(summary)})


def main() -> int:
    """Exit status 0 with the summary sent, 1 cancelled or failed (one line on stderr), 2 a bad request."""
    request = pickle.load(sys.stdin.buffer)
    if not isinstance(request, RefreshRequest):
        print("uninews: the refresh process was not given a refresh request", file=sys.stderr)
        return 2
    sys.stdout.flush()
    protocol = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    try:
        asyncio.run(refresh_and_report(request, protocol))
    except asyncio.CancelledError:
        return 1
    except UninewsError as error:
        print(f"uninews: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - one line for the reader's notification, not a traceback
        print(f"uninews: the refresh failed: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    finally:
        protocol.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
