"""Article metadata from a page's head: meta tags, JSON-LD and ``<time>``.

Used by :func:`uninews_tui.parse.article.extract_article` to fill title,
publication date, author and lead image when the source's ``detail.*``
selectors do not give them. Dates are read in this order: ``article:published_time``
and its ``og:`` / ``itemprop`` spellings, JSON-LD ``datePublished`` (including
``@graph``), a few common publisher meta names, then ``<time datetime>``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree

from uninews_tui.parse.dates import parse_date
from uninews_tui.parse.markdown_inline import absolute_url
from uninews_tui.parse.text import clean_line

_DATE_KEYS = ("article:published_time", "og:article:published_time", "og:published_time", "datepublished")
_LATE_DATE_KEYS = (
    "pubdate", "publishdate", "publish-date", "publication_date", "parsely-pub-date", "sailthru.date",
    "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created", "date",
)  # fmt: skip
_TITLE_KEYS = ("og:title", "twitter:title")
_IMAGE_KEYS = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
_AUTHOR_KEYS = ("author", "article:author", "dc.creator", "parsely-author", "sailthru.author")
_ARTICLE_TYPES = re.compile(r"(Article|BlogPosting|Report|NewsArticle|Posting)$")
_MAX_JSON = 1_000_000
_MAX_DEPTH = 12


@dataclass(slots=True)
class PageMeta:
    """What a page says about itself, cleaned; empty strings when absent."""

    title: str = ""
    published: datetime | None = None
    author: str = ""
    image: str = ""


def _meta_values(root: etree._Element) -> dict[str, str]:
    """First non-empty ``content`` per lower-cased property/name/itemprop."""
    values: dict[str, str] = {}
    for node in root.iter("meta"):
        content = node.get("content")
        if not content or not content.strip():
            continue
        for attr in ("property", "name", "itemprop"):
            key = (node.get(attr) or "").strip().lower()
            if key and key not in values:
                values[key] = content.strip()
    return values


def json_ld_objects(root: etree._Element) -> list[dict[str, Any]]:
    """Every JSON object in the page's ``application/ld+json`` scripts, flattened."""
    found: list[dict[str, Any]] = []
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw or len(raw) > _MAX_JSON:
            continue
        raw = re.sub(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$", "", raw)
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        found.extend(_walk(data, 0))
    return found


def _walk(data: Any, depth: int) -> Iterator[dict[str, Any]]:
    if depth > _MAX_DEPTH:
        return
    if isinstance(data, list):
        for item in data:
            yield from _walk(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if isinstance(data.get(key), (list, dict)):
                yield from _walk(data[key], depth + 1)


def _types(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    return [str(k) for k in kind] if isinstance(kind, list) else [str(kind or "")]


def _best_ld(objects: list[dict[str, Any]]) -> dict[str, Any]:
    """The article-typed object if any, else the first one with a date."""
    for obj in objects:
        if any(_ARTICLE_TYPES.search(kind) for kind in _types(obj)):
            return obj
    return next((obj for obj in objects if obj.get("datePublished")), {})


def _names(value: Any) -> str:
    """A JSON-LD author: a string, a Person object, or a list of them."""
    if isinstance(value, str):
        return clean_line(value)
    if isinstance(value, dict):
        return clean_line(value.get("name") or "")
    if isinstance(value, list):
        return ", ".join(name for name in (_names(v) for v in value[:10]) if name)
    return ""


def _image(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return str(value.get("url") or value.get("contentUrl") or "")
    if isinstance(value, list) and value:
        return _image(value[0])
    return ""


def _time_element(root: etree._Element) -> str:
    """``datetime`` of the most telling ``<time>``: marked as published, else the first."""
    first = ""
    for node in root.iter("time"):
        value = (node.get("datetime") or "").strip()
        if not value:
            continue
        marks = " ".join(
            (node.get("itemprop") or "", node.get("class") or "", node.get("pubdate") or "")
        ).lower()
        if "publish" in marks or "pubdate" in marks or node.get("pubdate") is not None:
            return value
        first = first or value
    return first


def read_meta(root: etree._Element, base_url: str = "", *, timezone: str = "UTC") -> PageMeta:
    """Read title, date, author and image from a parsed page."""
    meta = _meta_values(root)
    ld = _best_ld(json_ld_objects(root))
    published = None
    candidates = [meta.get(key, "") for key in _DATE_KEYS]
    candidates.append(str(ld.get("datePublished") or ""))
    candidates.extend(meta.get(key, "") for key in _LATE_DATE_KEYS)
    candidates.append(_time_element(root))
    candidates.append(str(ld.get("dateCreated") or ld.get("dateModified") or ""))
    for candidate in candidates:
        published = parse_date(candidate, timezone=timezone) if candidate else None
        if published is not None:
            break
    title = next((meta[key] for key in _TITLE_KEYS if meta.get(key)), "") or str(ld.get("headline") or "")
    if not title:
        heading = next(root.iter("h1"), None)
        title_node = next(root.iter("title"), None)
        node = heading if heading is not None else title_node
        title = "".join(node.itertext()) if node is not None else ""
    author = _names(ld.get("author")) or next(
        (clean_line(meta[key]) for key in _AUTHOR_KEYS if meta.get(key) and "://" not in meta[key]), ""
    )
    image = next((meta[key] for key in _IMAGE_KEYS if meta.get(key)), "") or _image(ld.get("image"))
    return PageMeta(
        title=clean_line(title),
        published=published,
        author=author,
        image=absolute_url(image, base_url) or "",
    )
