"""RSS 0.9x, 1.0 (RDF) and 2.0 trees into :class:`RawFeed`.

Items are the ``<item>`` children of ``<channel>`` (and of the root, where
RSS 0.9x and RDF put them); an ``<item>`` nested deeper, such as the one
inside Microsoft SSE's ``sx:conflict`` history, is a copy, not an item.
Extension elements that news sites use are read too: ``content:encoded``,
Dublin Core dates and creators, ``media:*`` thumbnails, Atom links and dates
embedded in RSS.
"""

from __future__ import annotations

from lxml import etree

from .feed_normalize import RawEntry, RawFeed
from .feed_xml import element_key, markup_of, text_of, xml_base

__all__ = ["is_image", "walk_rss"]

_IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif")
_PUBLISHED_KEYS = ("pubDate", "atom:published", "dc:date", "dcterms:issued", "dcterms:created", "atom:issued")
_UPDATED_KEYS = ("atom:updated", "dcterms:modified", "atom:modified")
_AUTHOR_KEYS = ("author", "dc:creator", "atom:author", "dc:author", "itunes:author")
_SUMMARY_KEYS = ("description", "atom:summary", "itunes:summary", "media:description", "dc:description")
_CONTENT_KEYS = ("content:encoded", "atom:content", "xhtml:body", "xhtml:div")
_TITLE_KEYS = ("title", "dc:title", "atom:title", "media:title")
_ID_KEYS = ("atom:id", "dc:identifier")

# What the item walker does with each child element; anything else is skipped.
(_TEXT, _MARKUP, _LINK, _GUID, _AUTHOR, _CATEGORY, _KEYWORDS, _ATOM_CATEGORY, _ENCLOSURE, _ATOM_LINK,
 _MEDIA, _GROUP) = range(12)  # fmt: skip
_ACTIONS: dict[str, int] = {
    **dict.fromkeys(_TITLE_KEYS + _PUBLISHED_KEYS + _UPDATED_KEYS + _ID_KEYS, _TEXT),
    **dict.fromkeys(_SUMMARY_KEYS + _CONTENT_KEYS, _MARKUP),
    **dict.fromkeys(_AUTHOR_KEYS, _AUTHOR),
    **dict.fromkeys(("category", "dc:subject"), _CATEGORY),
    **dict.fromkeys(("media:thumbnail", "media:content", "itunes:image"), _MEDIA),
    "link": _LINK,
    "guid": _GUID,
    "itunes:keywords": _KEYWORDS,
    "atom:category": _ATOM_CATEGORY,
    "enclosure": _ENCLOSURE,
    "atom:link": _ATOM_LINK,
    "media:group": _GROUP,
}


def is_image(url: str, mime: str | None) -> bool:
    """Whether an enclosure/media URL is an image (by MIME type, else by file extension)."""
    if mime:
        return mime.strip().lower().startswith("image/")
    path = url.split("?", 1)[0].split("#", 1)[0].lower()
    return path.endswith(_IMAGE_EXTENSIONS)


def _media_image(child: etree._Element, key: str) -> str:
    """Image URL of a ``media:thumbnail`` / ``media:content`` / ``itunes:image`` element, or ""."""
    if key == "media:thumbnail":
        return child.get("url") or ""
    if key == "media:content":
        url = child.get("url") or ""
        medium = child.get("medium")
        if medium == "image" or (medium is None and is_image(url, child.get("type"))):
            return url
        return ""
    if key == "itunes:image":
        return child.get("href") or text_of(child).strip()
    return ""


def _walk_item(item: etree._Element, core: str) -> RawEntry:
    """Collect one ``<item>``'s fields (first occurrence of each wins)."""
    found: dict[str, str] = {}
    authors: dict[str, list[str]] = {}
    categories: list[str] = []
    image = enclosure_image = ""
    guid_is_link = False
    children = list(item)
    for child in children:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        key = element_key(tag, core)
        action = _ACTIONS.get(key)
        if action is None:
            continue  # comments, wfw:commentRss, slash:comments ...: nothing the reader shows
        if action == _TEXT:
            if not found.get(key):
                found[key] = text_of(child)
        elif action == _MARKUP:
            if not found.get(key):
                found[key] = markup_of(child)
        elif action == _LINK:
            if not found.get("link"):
                found["link"] = text_of(child).strip() or child.get("href") or ""
        elif action == _GUID:
            if "guid" not in found:
                found["guid"] = text_of(child).strip()
                guid_is_link = (child.get("isPermaLink") or "true").strip().lower() != "false"
        elif action == _AUTHOR:
            name = _atom_person(child, core) if key == "atom:author" else text_of(child)
            authors.setdefault(key, []).append(name)
        elif action == _CATEGORY:
            categories.append(text_of(child))
        elif action == _KEYWORDS:
            categories.extend(text_of(child).split(","))
        elif action == _ATOM_CATEGORY:
            categories.append(child.get("label") or child.get("term") or text_of(child))
        elif action == _ENCLOSURE:
            url = child.get("url") or ""
            if not enclosure_image and url and is_image(url, child.get("type")):
                enclosure_image = url
        elif action == _ATOM_LINK:
            rel = child.get("rel") or "alternate"
            href = child.get("href") or ""
            if rel == "alternate" and "atom:link" not in found:
                found["atom:link"] = href
            elif rel == "enclosure" and not enclosure_image and is_image(href, child.get("type")):
                enclosure_image = href
        elif action == _MEDIA:
            if not image:
                image = _media_image(child, key)
        elif action == _GROUP:
            children.extend(child)  # its thumbnails and descriptions count as the item's
    entry = _entry_from(found, item, categories, enclosure_image or image, guid_is_link)
    entry.authors = next((authors[key] for key in _AUTHOR_KEYS if key in authors), [])
    return entry


def _atom_person(person: etree._Element, core: str) -> str:
    """Name (else email) of an Atom person construct inside RSS."""
    for child in person:
        if isinstance(child.tag, str) and element_key(child.tag, core) in ("atom:name", "name"):
            return text_of(child)
    return text_of(person)


def _first(found: dict[str, str], keys: tuple[str, ...]) -> str:
    """The first non-blank value among ``keys``."""
    for key in keys:
        value = found.get(key)
        if value and value.strip():
            return value
    return ""


def _entry_from(
    found: dict[str, str], item: etree._Element, categories: list[str], image: str, guid_is_link: bool
) -> RawEntry:
    """Build the RawEntry from the collected values, applying RSS's fallbacks."""
    guid = found.get("guid", "")
    link = found.get("link") or found.get("atom:link", "")
    if not link and guid_is_link and guid.startswith(("http://", "https://")):
        link = guid
    rdf_about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about") or ""
    content_key = next((key for key in _CONTENT_KEYS if found.get(key)), "")
    return RawEntry(
        guid=guid or rdf_about or found.get("atom:id", "") or found.get("dc:identifier", ""),
        title=_first(found, _TITLE_KEYS),
        link=link,
        published=_first(found, _PUBLISHED_KEYS),
        updated=_first(found, _UPDATED_KEYS),
        summary=_first(found, _SUMMARY_KEYS),
        content=found.get(content_key, ""),
        categories=categories,
        image=image,
        base=xml_base(item),
        content_base=xml_base(item),
    )


def walk_rss(root: etree._Element, kind: str) -> RawFeed:
    """Walk an ``<rss>``, ``<rdf:RDF>`` or bare ``<channel>`` root."""
    core = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    channel = root if element_key(root.tag, core) == "channel" else None
    items: list[etree._Element] = []
    for child in root:
        if isinstance(child.tag, str):
            key = element_key(child.tag, core)
            if key == "channel" and channel is None:
                channel = child
            elif key == "item":
                items.append(child)
    feed = RawFeed(kind="rdf" if kind == "rdf" else "rss")
    found: dict[str, str] = {}
    if channel is not None:
        channel_items = []
        for child in channel:
            if not isinstance(child.tag, str):
                continue
            key = element_key(child.tag, core)
            if key == "item":
                channel_items.append(child)
            elif key == "atom:link":
                if (child.get("rel") or "alternate") == "alternate" and "atom:link" not in found:
                    found["atom:link"] = child.get("href") or ""
            elif key == "link":
                found.setdefault("link", text_of(child).strip() or child.get("href") or "")
            elif key in ("title", "dc:title", "atom:title") and key not in found:
                found[key] = text_of(child)
        items = channel_items + items if channel is not root else channel_items
    feed.title = _first(found, ("title", "dc:title", "atom:title"))
    feed.link = found.get("link") or found.get("atom:link", "")
    feed.entries = [_walk_item(item, core) for item in items]
    return feed
