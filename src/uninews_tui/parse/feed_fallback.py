"""feedparser as the fallback for documents lxml cannot make sense of.

feedparser's loose SGML-based parser reads tag soup that no XML parser
accepts (mismatched tags, unquoted attributes, broken encodings). It costs
about 1 ms per item and ~50 ms to import, so it runs only when the lxml path
failed or recovered suspiciously few items. It always gets a file object
(given bytes it would try to open a *file of that name*), a document whose
DOCTYPE was already removed, and no permission to fetch anything.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from .feed_normalize import RawEntry, RawFeed, TextType

__all__ = ["walk_with_feedparser"]

_KINDS = {"rss": "rss", "atom": "atom", "rdf": "rdf", "json": "json"}


def _text_type(detail: Any) -> TextType:
    """feedparser's detail MIME type as our text type."""
    mime = (detail or {}).get("type", "") if isinstance(detail, dict) else ""
    return "html" if "html" in mime else "text" if mime == "text/plain" else "auto"


def _image(entry: Any) -> str:
    """First image among enclosures, media thumbnails and image media content."""
    try:
        return _first_image(entry)
    except Exception:  # noqa: BLE001 - feedparser computes "enclosures" lazily and can trip on odd links
        return ""


def _first_image(entry: Any) -> str:
    for enclosure in entry.get("enclosures") or ():
        if str(enclosure.get("type", "")).startswith("image/") and enclosure.get("href"):
            return str(enclosure["href"])
    for thumbnail in entry.get("media_thumbnail") or ():
        if thumbnail.get("url"):
            return str(thumbnail["url"])
    for media in entry.get("media_content") or ():
        if media.get("medium") == "image" and media.get("url"):
            return str(media["url"])
    return ""


def _entry(entry: Any) -> RawEntry:
    """One feedparser entry as a RawEntry."""
    contents = entry.get("content") or []
    content = contents[0] if contents else {}
    summary_detail = entry.get("summary_detail")
    summary_type = _text_type(summary_detail)
    return RawEntry(
        guid=str(entry.get("id") or ""),
        title=str(entry.get("title") or ""),
        title_type=_text_type(entry.get("title_detail")) if entry.get("title_detail") else "auto",
        link=str(entry.get("link") or ""),
        published=str(entry.get("published") or ""),
        updated=str(entry.get("updated") or ""),
        authors=[str(person.get("name") or "") for person in entry.get("authors") or ()]
        or [str(entry.get("author") or "")],
        summary=str(entry.get("summary") or ""),
        summary_type="html" if summary_type == "auto" else summary_type,
        content=str(content.get("value") or ""),
        content_type="text" if _text_type(content) == "text" else "html",
        categories=[str(tag.get("term") or tag.get("label") or "") for tag in entry.get("tags") or ()],
        image=_image(entry),
    )


def _safe_entry(entry: Any) -> RawEntry | None:
    """``_entry``, or None when feedparser's lazily computed fields trip over a hostile item."""
    try:
        return _entry(entry)
    except Exception:  # noqa: BLE001 - found by fuzzing (TypeError from its link bookkeeping)
        return None


def walk_with_feedparser(
    data: bytes, url: str = "", headers: Mapping[str, str] | None = None
) -> RawFeed | None:
    """Parse with feedparser's loose parser; None when it found no feed at all.

    feedparser's own bugs on hostile bytes (a KeyError from its link handling,
    a ValueError from its SAX handler on a namespace with a space) count as
    "found nothing": they must not escape ``parse_feed`` as anything but ParseError.
    """
    import feedparser

    response_headers = {str(k).lower(): str(v) for k, v in (headers or {}).items()}
    if url:
        response_headers.setdefault("content-location", url)
    try:
        result = feedparser.parse(
            io.BytesIO(data),
            response_headers=response_headers,
            resolve_relative_uris=False,
            sanitize_html=False,
        )
    except Exception:  # noqa: BLE001 - see the docstring; found by fuzzing
        return None
    version = str(result.get("version") or "")
    if not version and not result.get("entries"):
        return None
    kind = next((k for prefix, k in _KINDS.items() if version.startswith(prefix)), "rss")
    feed_info = result.get("feed") or {}
    raw = RawFeed(
        kind=kind,  # type: ignore[arg-type]
        title=str(feed_info.get("title") or ""),
        link=str(feed_info.get("link") or ""),
        base=url,
    )
    raw.entries = [converted for entry in result.get("entries") or () if (converted := _safe_entry(entry))]
    return raw
