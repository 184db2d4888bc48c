"""JSON Feed 1.0 and 1.1 documents into :class:`RawFeed`.

Version 1.1 renamed ``author`` to ``authors`` (a list); both are read.
Relative URLs resolve against ``home_page_url``, then ``feed_url``, then the
URL the document came from. A JSON object with an ``items`` list but a
missing or odd ``version`` is still read as a JSON Feed (generators get the
version string wrong more often than the structure); RSS transliterated into
JSON (``{"rss": {"channel": ...}}``), other JSON and broken JSON are refused.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import ParseError
from .feed_normalize import RawEntry, RawFeed, absolute_url

__all__ = ["walk_json"]


def _string(value: Any) -> str:
    """A JSON scalar as text; objects, lists, booleans and null give ""."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _authors(container: dict[str, Any]) -> list[str]:
    """Authors' names from 1.1 ``authors`` or 1.0 ``author``."""
    authors = container.get("authors")
    candidates = authors if isinstance(authors, list) and authors else [container.get("author")]
    names = []
    for author in candidates:
        if isinstance(author, dict):
            name = _string(author.get("name")) or _string(author.get("url"))
            if name:
                names.append(name)
        elif isinstance(author, str) and author:
            names.append(author)
    return names


def _load(data: bytes) -> dict[str, Any]:
    """The top-level JSON object, or ParseError."""
    try:
        document = json.loads(data)
    except (ValueError, RecursionError) as error:
        raise ParseError(f"not a feed: invalid JSON ({str(error)[:80]})") from None
    if not isinstance(document, dict):
        raise ParseError("not a feed: JSON whose top level is not an object")
    if isinstance(document.get("rss"), dict):
        raise ParseError("not a feed: RSS transliterated into JSON is not a JSON Feed")
    return document


def _entry(item: dict[str, Any], feed_authors: list[str], base: str) -> RawEntry:
    """One JSON Feed item."""
    content_html = _string(item.get("content_html"))
    content_text = _string(item.get("content_text"))
    summary = _string(item.get("summary"))
    tags = item.get("tags")
    return RawEntry(
        guid=_string(item.get("id")),
        title=_string(item.get("title")),
        link=_string(item.get("url")) or _string(item.get("external_url")),
        published=_string(item.get("date_published")),
        updated=_string(item.get("date_modified")),
        authors=_authors(item) or feed_authors,
        summary=summary or content_html or content_text,
        summary_type="text" if summary or not content_html else "html",
        content=content_html or content_text,
        content_type="html" if content_html else "text",
        categories=[_string(tag) for tag in tags] if isinstance(tags, list) else [],
        image=_string(item.get("image")) or _string(item.get("banner_image")),
        base=base,
    )


def walk_json(data: bytes, url: str = "") -> RawFeed:
    """Read a JSON Feed document.

    Raises:
        ParseError: for invalid JSON, RSS-in-JSON, or JSON that is not a feed.
    """
    document = _load(data)
    items = document.get("items")
    version = _string(document.get("version"))
    if not isinstance(items, list):
        if "jsonfeed.org/version/" not in version:
            raise ParseError("not a feed: JSON without a JSON Feed 'items' list")
        items = []
    home = _string(document.get("home_page_url"))
    # The feed's own URLs may themselves be relative ("/") or junk: resolved against the
    # document's URL first, so a base is always absolute when the document's URL is known.
    home = absolute_url(home, url)
    base = home or absolute_url(_string(document.get("feed_url")), url) or url
    feed_authors = _authors(document)
    feed = RawFeed(kind="json", title=_string(document.get("title")), link=home, base=base)
    feed.entries = [_entry(item, feed_authors, base) for item in items if isinstance(item, dict)]
    return feed
