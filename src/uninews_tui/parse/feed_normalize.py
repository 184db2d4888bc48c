"""From what a feed says to what uninews stores: one FeedEntry per item, cleaned.

The format walkers (RSS/RDF, Atom, JSON Feed, the feedparser fallback) only
collect raw strings into :class:`RawEntry`; every policy lives here, once:

* text: titles and authors become one plain line (entities decoded, tags
  dropped), summaries plain paragraphs, everything through ``clean_text``;
* links: made absolute against the item's base (xml:base, the feed URL, the
  channel link); ``javascript:``, ``data:`` and other non-web schemes dropped;
* dates: ``published`` falls back to ``updated``, always aware;
* identity: guid, else the link, else a SHA-1 of title and date.
"""

from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin, urlsplit

from ..models import FeedEntry, FeedKind, ParsedFeed
from .feed_dates import parse_feed_date
from .html_text import html_to_line, html_to_text
from .text import clean_line, clean_text, tidy_paragraphs

__all__ = ["RawEntry", "RawFeed", "absolute_url", "absolutize_links", "normalize_feed"]

TextType = Literal["text", "html", "auto"]

SUMMARY_LIMIT = 1000
"""Longest plain-text summary kept (characters); the full text is in content_html."""
_SUMMARY_SOURCE_LIMIT = 2 * SUMMARY_LIMIT  # HTML read for a summary: bounds the cost of huge items
LINE_LIMIT = 1000
"""Longest title (characters); longer ones are cut with an ellipsis."""
_LONGEST_AUTHOR = 300
_MOST_CATEGORIES = 50
_MOST_LINKS = 5000  # relative links rewritten per content; past that a document is hostile
_WEB_SCHEMES = ("http://", "https://")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "ftp"}
_URL_ATTRIBUTE = re.compile(r"""(\s(?:href|src|poster)\s*=\s*)(["'])([^"'<>]*)\2""", re.IGNORECASE)
_EMAIL_NAME = re.compile(r"^\s*\S+@\S+\s*\((.+)\)\s*$")
_NAME_PAREN_EMAIL = re.compile(r"^\s*(.+?)\s*\(\s*\S+@\S+\s*\)\s*$")
_IMG_TAG = re.compile(r"<img\b[^>]{0,2000}>", re.IGNORECASE)
_IMG_SRC = re.compile(r"""\ssrc\s*=\s*(["']?)([^"'\s>]+)\1""", re.IGNORECASE)
_TRACKING_PIXEL = re.compile(r"""\s(?:width|height)\s*=\s*["']?[01]["'\s/>]""", re.IGNORECASE)
_NAME_EMAIL = re.compile(r"^\s*(.+?)\s*<\S+@\S+>\s*$")


@dataclass(slots=True)
class RawEntry:
    """One item's fields as found in the document, before any policy."""

    guid: str = ""
    title: str = ""
    title_type: TextType = "auto"
    link: str = ""
    published: str = ""
    updated: str = ""
    authors: list[str] = field(default_factory=list)
    summary: str = ""
    summary_type: TextType = "html"
    content: str = ""
    content_type: TextType = "html"
    categories: list[str] = field(default_factory=list)
    image: str = ""
    base: str = ""
    """The item's xml:base ("" if none; may be relative to the document's URL)."""
    content_base: str = ""
    """The xml:base that applies to ``content`` ("" if none; may be relative)."""


@dataclass(slots=True)
class RawFeed:
    """A whole document's raw fields."""

    kind: FeedKind
    title: str = ""
    title_type: TextType = "auto"
    link: str = ""
    base: str = ""
    """The document's URL (JSON Feed: its home page); the base of last resort is the feed's link."""
    entries: list[RawEntry] = field(default_factory=list)


def _has_host(url: str) -> bool:
    """Whether ``url`` names a host, and one without spaces (text that swallowed markup is no host)."""
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return False
    return host is not None and bool(host) and " " not in host


def absolute_url(link: str, base: str) -> str:
    """``link`` made absolute against ``base``; "" for non-web schemes such as ``javascript:``.

    A web scheme needs a host: ``https:///x`` is dropped, and ``https:Press%20Office``
    (no ``//``) is joined onto ``base`` as a relative link, as browsers do. Tabs
    and line breaks are removed first, as browsers do (WHATWG URL parsing).
    """
    link = clean_text(link).strip().replace("\n", "").replace("\t", "")
    if not link:
        return ""
    if link.startswith(_WEB_SCHEMES):
        return link if _has_host(link) else ""
    scheme = _SCHEME.match(link)
    if scheme is not None:
        if scheme.group(1).lower() not in _SAFE_SCHEMES:
            return ""
        if link.startswith("//", scheme.end()):
            return link if _has_host(link) else ""
        if not base:
            return ""
    if not base:
        return link
    try:
        joined = urljoin(base, link)
    except ValueError:  # e.g. an invalid IPv6 host in the base: the link cannot be placed
        return ""
    scheme = _SCHEME.match(joined)
    if scheme is None:
        return joined
    return joined if scheme.group(1).lower() in _SAFE_SCHEMES and _has_host(joined) else ""


def _resolve_base(xml_base: str, document_base: str) -> str:
    """An item's effective base: its xml:base made absolute, else the document's base."""
    return (absolute_url(xml_base, document_base) or document_base) if xml_base else document_base


def _absolute_attribute(match: re.Match[str], base: str) -> str:
    """One ``href="..."`` made absolute; empty, fragment-only and schemed values stay."""
    value = match.group(3).strip()
    if not value or value.startswith("#") or _SCHEME.match(value):
        return match.group(0)
    return f"{match.group(1)}{match.group(2)}{absolute_url(value, base)}{match.group(2)}"


def absolutize_links(markup: str, base: str) -> str:
    """Make relative ``href``/``src`` values in ``markup`` absolute against ``base``.

    Used for content under an explicit xml:base: stored on its own, the
    content would lose that base. Other relative links are left for the
    renderer, which resolves them against the article's URL (what the
    author wrote them against) rather than the feed's.
    """
    if not base.startswith(_WEB_SCHEMES) or ("href" not in markup and "src" not in markup):
        return markup
    return _URL_ATTRIBUTE.sub(lambda match: _absolute_attribute(match, base), markup, count=_MOST_LINKS)


def _plain_line(value: str, kind: TextType) -> str:
    """One line of plain text from a title-like value, at most :data:`LINE_LIMIT` characters."""
    if not value:
        return ""
    value = value[: 4 * LINE_LIMIT]  # bounds the work a hostile megabyte "title" can cause
    line = clean_line(value) if kind == "text" else html_to_line(value)
    return line if len(line) <= LINE_LIMIT else line[: LINE_LIMIT - 1].rstrip() + "…"


def _author(value: str) -> str:
    """The person's name from author forms ``a@b (Name)``, ``Name (a@b)`` and ``Name <a@b>``."""
    value = value[:_LONGEST_AUTHOR]  # also bounds the regexes' backtracking on hostile input
    match = _EMAIL_NAME.match(value) or _NAME_PAREN_EMAIL.match(value) or _NAME_EMAIL.match(value)
    return html_to_line(match.group(1) if match else value)


def _authors(values: list[str]) -> str:
    """Every distinct author's name, joined with ", "."""
    names: list[str] = []
    for value in values:
        name = _author(value) if value else ""
        if name and name not in names:
            names.append(name)
    return ", ".join(names)


def _as_html(value: str, kind: TextType) -> str:
    """HTML for rendering: HTML kept, plain text escaped into paragraphs."""
    if not value:
        return ""
    if kind == "text":
        paragraphs = tidy_paragraphs(clean_text(value)).split("\n\n")
        return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)
    return clean_text(value).strip()


def _without_wordpress_footer(text: str) -> str:
    """Drop WordPress's "The post X appeared first on Y." last paragraph (SEO boilerplate)."""
    head, _, last = text.rpartition("\n\n")
    if head and last.startswith("The post ") and " appeared first on " in last:
        return head
    return text


def _summary(value: str, kind: TextType) -> str:
    """Plain-text summary, cut at a word boundary near :data:`SUMMARY_LIMIT`."""
    if not value:
        return ""
    source = value[:_SUMMARY_SOURCE_LIMIT]
    if kind == "text":
        text = tidy_paragraphs(clean_text(source))
    else:
        text = _without_wordpress_footer(html_to_text(source, limit=SUMMARY_LIMIT + 100))
    if len(text) <= SUMMARY_LIMIT:
        return text
    cut = text[:SUMMARY_LIMIT]
    space = cut.rfind(" ", SUMMARY_LIMIT - 100)
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:.-") + "…"


def _first_image(markup: str) -> str:
    """``src`` of the first real ``<img>`` in ``markup`` (no tracking pixels, no data: URIs)."""
    if "<img" not in markup and "<IMG" not in markup:
        return ""
    for tag in _IMG_TAG.finditer(markup, 0, _SUMMARY_SOURCE_LIMIT * 4):
        src = _IMG_SRC.search(tag.group(0))
        if src and not src.group(2).startswith("data:") and not _TRACKING_PIXEL.search(tag.group(0)):
            return html.unescape(src.group(2))
    return ""


def _categories(values: list[str]) -> tuple[str, ...]:
    """Cleaned, de-duplicated (order kept) non-empty category names."""
    names: list[str] = []
    folded: set[str] = set()
    for value in values[:_MOST_CATEGORIES]:
        name = _plain_line(value, "auto")
        if name and name.casefold() not in folded:
            folded.add(name.casefold())
            names.append(name)
    return tuple(names)


def _entry(raw: RawEntry, feed_base: str) -> FeedEntry:
    """One normalised entry."""
    base = _resolve_base(raw.base, feed_base)
    title = _plain_line(raw.title, raw.title_type)
    url = absolute_url(raw.link, base)
    published = parse_feed_date(raw.published)
    updated = parse_feed_date(raw.updated)
    content_html = _as_html(raw.content, raw.content_type) or _as_html(raw.summary, raw.summary_type)
    if raw.content_base:
        content_html = absolutize_links(content_html, _resolve_base(raw.content_base, base))
    summary = _summary(raw.summary, raw.summary_type) or _summary(raw.content, raw.content_type)
    guid = clean_line(raw.guid) or url
    if not guid:
        seed = f"{title}\n{raw.published or raw.updated}".encode("utf-8", "replace")
        guid = "sha1:" + hashlib.sha1(seed).hexdigest()
    return FeedEntry(
        guid=guid,
        title=title,
        url=url,
        published=published or updated,
        updated=updated,
        author=_authors(raw.authors) if raw.authors else "",
        summary=summary,
        content_html=content_html,
        categories=_categories(raw.categories) if raw.categories else (),
        image=absolute_url(raw.image or _first_image(content_html), base),
    )


def normalize_feed(raw: RawFeed) -> ParsedFeed:
    """Turn a walker's :class:`RawFeed` into the :class:`ParsedFeed` the rest of uninews uses."""
    link = absolute_url(raw.link, raw.base)
    feed_base = raw.base or link
    return ParsedFeed(
        title=_plain_line(raw.title, raw.title_type),
        link=link,
        kind=raw.kind,
        entries=[_entry(entry, feed_base) for entry in raw.entries],
    )
