"""The reader's refresh in a process of its own, so the reader never shares its CPU time slices or GIL.

In the reader's process, a refresh of 300 feeds took the GIL from the event
loop that answers keys: HTTP, orchestration and the store's Python work all
ran beside the paint (keys waited up to 125-137 ms; py-spy --gil: refresh and
store threads 39% of the process). Here the refresh runs in a child Python
(``python -m uninews_tui.fetch.refresh_child``) on the same database, at a
lower priority; the reader only reads its progress lines.

The protocol is private to this module, parent and child being the same
version of the same program:

- stdin: one pickled :class:`RefreshRequest` (the reader's own Config object,
  so a source added in the reader a second ago is refreshed too);
- stdout: one JSON object per line, ``{"progress": [done, total, source_id]}``
  then ``{"summary": {...}}`` (a :class:`RefreshSummary`'s fields);
- stderr: whatever went wrong, shown as one line if the child ends without a summary.

Cancelling the awaiting task (the reader quits or refreshes again) sends the
child SIGTERM, which cancels its refresh so its clean-up runs (parse workers,
the refresh lock), then waits for it; SIGKILL after :data:`STOP_GRACE_S`.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
import os
import pickle
import sys
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from uninews_tui.config_model import Config

if TYPE_CHECKING:
    from uninews_tui.fetch.refresh import ProgressCallback, RefreshSummary
    from uninews_tui.store import Store

STOP_GRACE_S = 5.0
"""How long a cancelled child may take to clean up before it is killed."""
CHILD_MODULE = "uninews_tui.fetch.refresh_child"
"""What the child runs (``python -m``)."""
LINE_LIMIT = 1 << 20
"""Longest line read from the child (a summary with every source's error fits easily)."""


@dataclass(frozen=True)
class RefreshRequest:
    """What the child refreshes, and how."""

    config: Config
    db_file: str
    source_ids: tuple[str, ...] | None
    force: bool


def process_refresher(db_file: Path) -> Callable[..., Awaitable[RefreshSummary]]:
    """A reader ``Refresher`` that runs ``locked_refresher(db_file)`` in a child process.

    The ``store`` argument is not used: the child opens ``db_file`` itself, and
    the reader's connection sees its commits (WAL). The child inherits the
    priority of the thread that starts it (the reader lowers its refresh thread's).
    """

    async def run(
        config: Config,
        store: Store,
        *,
        source_ids: Sequence[str] | None = None,
        progress: ProgressCallback | None = None,
        force: bool = True,
    ) -> RefreshSummary:
        request = RefreshRequest(config, str(db_file), tuple(source_ids) if source_ids else None, force)
        return await _run_child(request, progress)

    return run


async def _run_child(request: RefreshRequest, progress: ProgressCallback | None) -> RefreshSummary:
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", CHILD_MODULE,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        limit=LINE_LIMIT,
        env=_child_environment(),
    )
    assert child.stdin is not None and child.stdout is not None and child.stderr is not None
    errors = asyncio.ensure_future(child.stderr.read())
    try:
        child.stdin.write(pickle.dumps(request))
        with contextlib.suppress(ConnectionError):
            await child.stdin.drain()
        child.stdin.close()
        summary: RefreshSummary | None = None
        while line := await child.stdout.readline():
            message = json.loads(line)
            if "progress" in message and progress is not None:
                progress(*message["progress"])
            elif "summary" in message:
                summary = summary_from_json(message["summary"])
        status = await child.wait()
    except BaseException:
        await _stop(child)
        errors.cancel()
        raise
    stderr = (await errors).decode("utf-8", "replace").strip()
    if summary is None:
        last = stderr.splitlines()[-1] if stderr else f"exit status {status}"
        raise RuntimeError(f"the refresh process ended without a summary: {last}")
    return summary


def _child_environment() -> dict[str, str]:
    """This environment, with this copy of uninews first on the child's import path (the same code runs)."""
    import uninews_tui

    package_root = str(Path(uninews_tui.__file__).resolve().parents[1])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH", "")) if p)
    return env


async def _stop(child: asyncio.subprocess.Process) -> None:
    """SIGTERM (the child cancels its refresh and cleans up), then SIGKILL after the grace period."""
    if child.returncode is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        child.terminate()
    try:
        await asyncio.wait_for(asyncio.shield(child.wait()), STOP_GRACE_S)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            child.kill()
        await child.wait()


def summary_to_json(summary: RefreshSummary) -> dict[str, Any]:
    """Every field of ``summary`` (``RefreshSummary.to_json`` is the smaller public ``--json`` object)."""
    return dataclasses.asdict(summary)


def summary_from_json(data: dict[str, Any]) -> RefreshSummary:
    """The summary the child sent (errors back to ``(source_id, message)`` tuples)."""
    from uninews_tui.fetch.refresh import RefreshSummary

    fields = {f.name for f in dataclasses.fields(RefreshSummary)}
    values = {key: value for key, value in data.items() if key in fields}
    values["errors"] = [(str(source), str(message)) for source, message in values.get("errors", [])]
    return RefreshSummary(**values)
