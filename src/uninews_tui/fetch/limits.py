"""Concurrency limits: at most N requests per host, and a pool that adds an overall bound.

``HostLimiter`` alone is what ``refresh`` uses (with its own overall semaphore).
``FetchPool`` combines both for callers that want one object; it takes the host
slot FIRST and the overall slot second, so tasks queued behind a busy host never
sit on overall slots that requests to other hosts could use.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from urllib.parse import urlsplit


def host_key(url: str) -> str:
    """The lower-cased host name of ``url`` ("" when it has none or does not parse)."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:  # e.g. an unbalanced IPv6 bracket
        return ""


class HostLimiter:
    """At most ``per_host`` concurrent requests to one host name (ports and schemes share it)."""

    def __init__(self, per_host: int) -> None:
        if per_host < 1:
            raise ValueError(f"per_host must be at least 1, not {per_host}")
        self.per_host = per_host
        self._semaphores: dict[str, asyncio.Semaphore] = {}

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold one of the host's slots for the body of the ``async with``."""
        key = host_key(url)
        semaphore = self._semaphores.get(key)
        if semaphore is None:
            semaphore = self._semaphores[key] = asyncio.Semaphore(self.per_host)
        async with semaphore:
            yield


class FetchPool:
    """Both bounds at once: ``concurrency`` requests overall, ``per_host`` per host."""

    def __init__(self, concurrency: int, per_host: int) -> None:
        if concurrency < 1:
            raise ValueError(f"concurrency must be at least 1, not {concurrency}")
        self.hosts = HostLimiter(per_host)
        self._overall = asyncio.Semaphore(concurrency)

    @asynccontextmanager
    async def slot(self, url: str) -> AsyncIterator[None]:
        """Hold a host slot and an overall slot (in that order) for the ``async with`` body."""
        async with self.hosts.slot(url), self._overall:
            yield
