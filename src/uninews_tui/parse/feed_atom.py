"""Atom 1.0 and 0.3 trees (and lone ``<entry>`` documents) into :class:`RawFeed`.

Atom says what its text is (``type="text" | "html" | "xhtml"``; 0.3 used
MIME types and ``mode="escaped"``), where relative links resolve
(``xml:base``, collected by :func:`.feed_xml.xml_base`), and which link is the
article (``rel="alternate"``, the default). An entry without an author takes
the feed's.
"""

from __future__ import annotations

import base64
import binascii

from lxml import etree

from .feed_normalize import RawEntry, RawFeed, TextType, absolute_url
from .feed_rss import is_image
from .feed_xml import element_key, markup_of, strip_namespaces, text_of, xml_base

__all__ = ["walk_atom"]

_HTML_TYPES = ("", "text/html", "application/xhtml+xml")


def _text_type(element: etree._Element) -> TextType:
    """The construct's type: Atom 1.0 names or Atom 0.3 MIME types and modes."""
    declared = (element.get("type") or "text").lower()
    if element.get("mode") == "escaped" and declared in ("text/html", "html"):
        return "html"
    if "html" in declared:  # html, xhtml, text/html, application/xhtml+xml
        return "html"
    return "text"


def _construct(element: etree._Element, core: str) -> tuple[str, TextType]:
    """Value and type of a text construct; XHTML content comes back as HTML markup."""
    kind = _text_type(element)
    declared = (element.get("type") or "").lower()
    if "xhtml" in declared:
        children = [c for c in element if isinstance(c.tag, str)]
        wrapped = len(children) == 1 and element_key(children[0].tag, core).endswith("div")
        holder = children[0] if wrapped else element
        return markup_of(strip_namespaces(holder)), "html"
    if element.get("mode") == "base64":
        try:
            return base64.b64decode(text_of(element)).decode("utf-8", "replace"), kind
        except (binascii.Error, ValueError):
            return "", kind
    if kind == "html":
        return markup_of(element), kind
    return text_of(element), kind


def _person(element: etree._Element, core: str) -> str:
    """An author: the name, else the email."""
    name = email = ""
    for child in element:
        if isinstance(child.tag, str):
            key = element_key(child.tag, core)
            if key == "name" and not name:
                name = text_of(child).strip()
            elif key == "email" and not email:
                email = text_of(child).strip()
    return name or email


def _href(link: etree._Element) -> str:
    """A link's target, resolved against the link element's own xml:base when relative."""
    href = (link.get("href") or text_of(link)).strip()
    if href and not href.startswith(("http://", "https://")):
        base = xml_base(link)
        href = absolute_url(href, base) if base else href
    return href


def _walk_entry(entry: etree._Element, core: str, feed_authors: list[str]) -> RawEntry:
    """Collect one ``<entry>``'s fields."""
    raw = RawEntry(base=xml_base(entry))
    alternates: list[tuple[str, str]] = []
    creators: list[str] = []
    image = ""
    for child in entry:
        if not isinstance(child.tag, str):
            continue
        key = element_key(child.tag, core)
        if key == "id" and not raw.guid:
            raw.guid = text_of(child).strip()
        elif key == "title" and not raw.title:
            raw.title, raw.title_type = _construct(child, core)
        elif key == "link":
            rel = child.get("rel") or "alternate"
            if rel == "alternate":
                alternates.append(((child.get("type") or "").lower(), _href(child)))
            elif rel == "enclosure" and not image and is_image(child.get("href") or "", child.get("type")):
                image = child.get("href") or ""
        elif key in ("published", "issued", "created") and not raw.published:
            raw.published = text_of(child)
        elif key in ("updated", "modified") and not raw.updated:
            raw.updated = text_of(child)
        elif key == "author":
            raw.authors.append(_person(child, core))
        elif key == "dc:creator":
            creators.append(text_of(child))
        elif key == "summary" and not raw.summary:
            raw.summary, raw.summary_type = _construct(child, core)
        elif key == "content" and not raw.content:
            raw.content, raw.content_type = _construct(child, core)
            raw.content_base = xml_base(child)
            if not raw.content and child.get("src") and not alternates:
                alternates.append(("", child.get("src") or ""))
        elif key == "category":
            raw.categories.append(child.get("label") or child.get("term") or text_of(child))
        elif key in ("media:thumbnail", "media:group", "media:content") and not image:
            image = _media_image(child, key, core)
        elif key == "dc:date" and not raw.published:
            raw.published = text_of(child)
    html_links = [href for mime, href in alternates if href and mime in _HTML_TYPES]
    raw.link = html_links[0] if html_links else next((href for _, href in alternates if href), "")
    raw.image = image
    raw.authors = raw.authors or creators or feed_authors
    return raw


def _media_image(element: etree._Element, key: str, core: str) -> str:
    """An image URL from ``media:thumbnail``, an image ``media:content``, or inside ``media:group``."""
    if key == "media:thumbnail":
        return element.get("url") or ""
    if key == "media:content":
        url = element.get("url") or ""
        return url if element.get("medium") == "image" or is_image(url, element.get("type")) else ""
    for child in element:
        if isinstance(child.tag, str):
            found = _media_image(child, element_key(child.tag, core), core)
            if found:
                return found
    return ""


def walk_atom(root: etree._Element) -> RawFeed:
    """Walk a ``<feed>`` root (or a single ``<entry>`` document)."""
    core = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    feed = RawFeed(kind="atom")
    if element_key(root.tag, core) == "entry":
        feed.entries = [_walk_entry(root, core, [])]
        return feed
    entries: list[etree._Element] = []
    authors: list[str] = []
    for child in root:
        if not isinstance(child.tag, str):
            continue
        key = element_key(child.tag, core)
        if key == "entry":
            entries.append(child)
        elif key == "title" and not feed.title:
            feed.title, feed.title_type = _construct(child, core)
        elif key == "link" and (child.get("rel") or "alternate") == "alternate" and not feed.link:
            feed.link = _href(child)
        elif key == "author":
            authors.append(_person(child, core))
    feed.entries = [_walk_entry(entry, core, authors) for entry in entries]
    return feed
