"""Feed autodiscovery: the feeds a page advertises, and polite guesses to probe.

:func:`discover_feeds` reads ``<link rel="alternate">`` elements anywhere in
the page (some sites put them in ``<body>``) whose type is RSS, Atom, RDF or
JSON Feed, or which carry no type at all. Typeless links that are clearly
something else are skipped: app deep links (``android-app:``, ``ios-app:``),
mobile pages (``media=``) and translations (``hreflang=``). Relative hrefs
are resolved against ``<base href>`` and the page URL; the result is
deduplicated and in document order, except that comment feeds go last, so
"take the first candidate" picks the site's news feed.

:func:`common_feed_paths` lists conventional feed locations for a caller to
probe when a page advertises nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from uninews_tui.parse.encoding import decode_html
from uninews_tui.parse.text import clean_line

__all__ = ["FeedLink", "common_feed_paths", "discover_feed_links", "discover_feeds"]

FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "application/x.atom+xml",
        "application/x-atom+xml",
        "application/x-rss+xml",
        "application/xml",
        "text/xml",
        "text/rss+xml",
        "text/atom+xml",
    }
)
"""``type`` values (parameters stripped, lower-cased) that mark a feed link."""

COMMON_FEED_PATHS = ("feed/", "rss.xml", "atom.xml", "feed.xml", "index.xml", "rss")
_MAX_PAGE_CHARS = 4_000_000


@dataclass(frozen=True, slots=True)
class FeedLink:
    """One advertised feed: absolute URL, declared type ("" if none) and title."""

    url: str
    type: str = ""
    title: str = ""


def _is_comment_feed(link: FeedLink) -> bool:
    path = urlsplit(link.url).path.lower()
    return "comment" in link.title.lower() or "/comments/" in path or "comments-feed" in path


def _feed_link(attrs: dict[str, str | None], base_url: str) -> FeedLink | None:
    """The link as a feed, or None when it is not one (see the module docstring)."""
    rel = (attrs.get("rel") or "").lower().split()
    href = (attrs.get("href") or "").strip()
    if "alternate" not in rel or not href:
        return None
    kind = (attrs.get("type") or "").split(";")[0].strip().lower()
    if kind and kind not in FEED_TYPES:
        return None
    if not kind and (attrs.get("media") is not None or attrs.get("hreflang") is not None):
        return None
    try:
        url, _fragment = urldefrag(urljoin(base_url, href))
    except ValueError:
        return None
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        return None
    return FeedLink(url=url, type=kind, title=clean_line(attrs.get("title") or ""))


def discover_feed_links(html: bytes | str, page_url: str) -> list[FeedLink]:
    """The feeds a page advertises, with their declared types and titles."""
    markup = decode_html(html) if isinstance(html, bytes) else (html or "")
    markup = markup[:_MAX_PAGE_CHARS]
    if not markup.strip():
        return []
    tree = LexborHTMLParser(markup)
    base_url = page_url
    base = tree.css_first("base[href]")
    if base is not None:
        try:
            base_url = urljoin(page_url, (base.attributes.get("href") or "").strip())
        except ValueError:
            base_url = page_url
    found: list[FeedLink] = []
    seen: set[str] = set()
    for node in tree.css("link[rel][href]"):
        link = _feed_link(dict(node.attributes), base_url)
        if link is not None and link.url not in seen:
            seen.add(link.url)
            found.append(link)
    return [link for link in found if not _is_comment_feed(link)] + [
        link for link in found if _is_comment_feed(link)
    ]


def discover_feeds(html: bytes | str, page_url: str) -> list[str]:
    """URLs of the feeds a page advertises (``<link rel="alternate">``).

    Args:
        html: The page, as bytes (charset sniffed) or text.
        page_url: The page's URL, for resolving relative hrefs.

    Returns:
        Absolute http(s) feed URLs, deduplicated, in document order (comment
        feeds last); ``[]`` for a page that advertises none or is not HTML.
    """
    return [link.url for link in discover_feed_links(html, page_url)]


def common_feed_paths(page_url: str) -> list[str]:
    """Conventional feed URLs to probe for a page that advertises none.

    The page's own directory comes first (``/news/feed/`` for a page under
    ``/news/``), then the site root. A short list: a caller probes each with
    one polite request.
    """
    try:
        parts = urlsplit(page_url.strip())
    except ValueError:
        return []
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return []
    directories = ["/"]
    path = parts.path if parts.path.endswith("/") else parts.path.rsplit("/", 1)[0] + "/"
    if path not in ("", "/"):
        directories.insert(0, path)
    urls: list[str] = []
    for directory in directories:
        for name in COMMON_FEED_PATHS:
            url = urlunsplit((parts.scheme.lower(), parts.netloc, directory + name, "", ""))
            if url not in urls:
                urls.append(url)
    return urls
