"""HostLimiter and FetchPool: per-host and overall bounds, measured at a real server and in-process."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from typing import BinaryIO

import pytest

from fetch_support import raw_server
from uninews_tui.config_model import Settings
from uninews_tui.fetch import FetchPool, HostLimiter, fetch_url, make_client
from uninews_tui.fetch.limits import host_key

SETTINGS = Settings(timeout_s=5.0, connect_timeout_s=2.0, concurrency=16)


class InFlight:
    """Counts requests in flight at the server, per Host header and overall, and their peaks.

    Each request is held until more requests than ``limit`` are in flight (a
    violation, released at once so the test fails fast) or ``hold_s`` passes,
    so a limiter that lets too many through is caught while they overlap.
    """

    def __init__(self, limit: int, hold_s: float = 0.15) -> None:
        self.limit, self.hold_s = limit, hold_s
        self.condition = threading.Condition()
        self.now: Counter[str] = Counter()
        self.peak: Counter[str] = Counter()
        self.violated = False

    def __call__(self, path: str, headers: dict[str, str], out: BinaryIO, stopping: threading.Event) -> None:
        host = headers.get("host", "").split(":")[0]
        with self.condition:
            for key in (host, "*"):
                self.now[key] += 1
                self.peak[key] = max(self.peak[key], self.now[key])
            self.violated = self.violated or self.now["*"] > self.limit
            self.condition.notify_all()
            self.condition.wait_for(lambda: self.violated, timeout=self.hold_s)
            for key in (host, "*"):
                self.now[key] -= 1
        out.write(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok")


async def fetch_all(urls: list[str], slot) -> list[str]:
    async with make_client(SETTINGS) as client:

        async def one(url: str) -> str:
            async with slot(url):
                result = await fetch_url(client, url, source_id="s", settings=SETTINGS)
            return result.status

        return await asyncio.gather(*(one(url) for url in urls))


async def test_host_limiter_bounds_requests_to_one_host() -> None:
    counter = InFlight(limit=2)
    with raw_server(counter) as server:
        statuses = await fetch_all([f"{server.base_url}/{i}" for i in range(8)], HostLimiter(2).slot)
    assert statuses == ["ok"] * 8
    assert counter.peak["127.0.0.1"] == 2


async def test_host_limiter_lets_other_hosts_through_and_pool_bounds_the_total() -> None:
    counter = InFlight(limit=3)
    with raw_server(counter) as server:
        port = server.server_address[1]
        urls = [f"http://{host}:{port}/{i}" for i in range(6) for host in ("127.0.0.1", "localhost")]
        statuses = await fetch_all(urls, FetchPool(concurrency=3, per_host=2).slot)
    assert statuses == ["ok"] * 12
    assert counter.peak["127.0.0.1"] == 2 and counter.peak["localhost"] == 2
    assert counter.peak["*"] == 3


async def test_without_a_limiter_the_counter_sees_the_overlap() -> None:
    # Proves the measurement above can fail: unbounded requests do overlap.
    counter = InFlight(limit=2, hold_s=2.0)

    def no_limit(url: str):
        return asyncio.Semaphore(100)

    with raw_server(counter) as server:
        await fetch_all([f"{server.base_url}/{i}" for i in range(3)], no_limit)
    assert counter.peak["*"] > 2


async def test_host_limiter_in_process_waits_and_releases() -> None:
    limiter = HostLimiter(3)
    gate = asyncio.Event()
    inside = peak = finished = 0

    async def task(url: str) -> None:
        nonlocal inside, peak, finished
        async with limiter.slot(url):
            inside += 1
            peak = max(peak, inside)
            await gate.wait()
            inside -= 1
        finished += 1

    tasks = [asyncio.create_task(task(f"https://News.Example.org:{443 + i % 2}/{i}")) for i in range(10)]
    async with asyncio.timeout(2):
        while inside < 3:
            await asyncio.sleep(0)
    for _ in range(20):  # give the other seven every chance to sneak in
        await asyncio.sleep(0)
    assert inside == 3
    gate.set()
    await asyncio.gather(*tasks)
    assert (peak, finished) == (3, 10)


@pytest.mark.parametrize(
    ("url", "key"),
    [
        ("https://News.Example.org:8443/a", "news.example.org"),
        ("http://[::1]:80/", "::1"),
        ("http://[bad/", ""),
        ("not a url", ""),
    ],
)
def test_host_key(url: str, key: str) -> None:
    assert host_key(url) == key


def test_limits_reject_nonsense() -> None:
    with pytest.raises(ValueError, match="per_host must be at least 1"):
        HostLimiter(0)
    with pytest.raises(ValueError, match="concurrency must be at least 1"):
        FetchPool(0, 2)
