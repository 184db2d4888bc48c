"""Values as the store keeps them: canonical URLs, UTC timestamps, full-text heuristics.

Kept apart from the SQL so the rules (what counts as "the same URL", how a
date is stored) are easy to read and to test on their own.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mc_cid", "mc_eid", "ref_src"})
_TAG = re.compile(r"<[^>]*>")
FULL_TEXT_MIN_CHARS = 500
"""Content with at least this much text (and clearly more than the summary) counts as full text."""


def canonical_url(url: str) -> str:
    """The form of ``url`` used to spot the same article under two guids or two feeds.

    Lowercases scheme and host, drops the default port, the fragment, ``utm_*``
    and a few other tracking parameters and a trailing slash; keeps the order of
    the remaining query parameters. ``http`` and ``https`` become the same.
    """
    url = url.strip()
    if not url:
        return ""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        scheme = "https"
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if port and port not in (80, 443):
        host = f"{host}:{port}"
    query = parts.query
    if query:
        query = urlencode(
            [
                (key, value)
                for key, value in parse_qsl(query, keep_blank_values=True)
                if not key.lower().startswith("utm_") and key.lower() not in _TRACKING_PARAMS
            ]
        )
    return urlunsplit((scheme, host, parts.path.rstrip("/"), query, ""))


def to_utc(value: datetime) -> datetime:
    """An aware UTC datetime (naive values are taken as UTC)."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def iso_utc(value: datetime | None) -> str | None:
    """ISO 8601 text in UTC with its offset, as stored; None stays None."""
    if value is None:
        return None
    return to_utc(value).replace(microsecond=0).isoformat()


def epoch(value: datetime) -> int:
    """Whole seconds since the epoch (the sortable, indexed twin of ``published``)."""
    return int(to_utc(value).timestamp())


def parse_iso(text: str | None) -> datetime | None:
    """A stored ISO timestamp back to an aware datetime; None or bad text gives None."""
    if not text:
        return None
    try:
        return to_utc(datetime.fromisoformat(text))
    except ValueError:
        return None


def now_utc() -> datetime:
    """The current time, UTC, whole seconds."""
    return datetime.now(UTC).replace(microsecond=0)


def text_length(html: str) -> int:
    """Rough length of the visible text of an HTML fragment (tags stripped, spaces counted)."""
    return len(_TAG.sub("", html).strip())


def looks_like_full_text(content_html: str, summary: str) -> bool:
    """Whether feed content is the article itself rather than a teaser."""
    if len(content_html) < FULL_TEXT_MIN_CHARS:
        return False  # cheap exit: the markup alone is shorter than the threshold
    length = text_length(content_html)
    return length >= FULL_TEXT_MIN_CHARS and length >= 1.5 * len(summary)
