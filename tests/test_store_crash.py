"""A ``kill -9`` in the middle of writing leaves a sound database with every bookmark intact."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from store_support import filled_store
from uninews_tui.store import Store

TESTS = Path(__file__).parent

WRITER = """
import sys
from datetime import timedelta
from store_support import NOW, entry
from uninews_tui.store import Store

store = Store.open(sys.argv[1])
batch = 0
while True:
    entries = [entry(f"w{batch}-{i}", url=f"https://south.example.edu/w/{batch}/{i}",
                     content_html="<p>Some body text.</p>") for i in range(20)]
    ids = store.upsert_entries("south-news", entries, fetched_at=NOW + timedelta(seconds=batch))
    store.set_read(ids[:10])
    store.purge(0, only_read=True)
    if batch == 1:
        print("writing", flush=True)
    batch += 1
"""


@pytest.mark.slow
def test_kill_9_while_writing_keeps_the_database_and_the_bookmarks(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    with Store.open(path) as store:
        filled_store(store)
        keep = store.article_ids()[2]
        store.set_body(keep, "The whole story, kept for the train.")
        store.set_bookmark(keep, True)
        store.set_read([keep])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])}
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    try:
        assert writer.stdout is not None
        line = writer.stdout.readline()  # blocks until the writer is well into its loop
        assert line == b"writing\n", writer.stderr.read() if writer.stderr else b""
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
    finally:
        if writer.poll() is None:
            writer.kill()
            writer.wait(timeout=10)
    assert writer.returncode == -signal.SIGKILL
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        [bookmark] = store.bookmarks()
        assert (bookmark.id, bookmark.body) == (keep, "The whole story, kept for the train.")
        assert store.count() >= 6
