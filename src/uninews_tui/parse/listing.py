"""HTML news list pages as sources: CSS selectors from feeds.toml → FeedEntry list.

For a ``kind = "html"`` source, each element matching ``list.item`` is one
article. Inside it (see :mod:`.selectors` for the spec syntax):

* ``link``: ``"sel@attr"``, ``"@attr"`` (the item's own), ``":self"``; by
  default the first ``a[href]`` inside the item, else the item's own href.
  Resolved against ``<base href>`` and the page URL; only http(s) is kept.
* ``title``: a selector, ``":text"``; by default the link's text;
  ``title_regex`` keeps its group ``v`` when it matches.
* ``summary``, ``image`` (``src`` by default, then ``data-src``), ``category``.
* ``date``: a selector (a ``<time>`` element's ``datetime`` is tried first),
  ``"sel@datetime"`` or ``":text"``; ``date_regex`` and ``date_format`` go to
  :func:`.dates.parse_date`; ``date_from_url`` is the fallback.
* ``url_pattern`` (regex the link must match), ``exclude`` (CSS: items that
  match it or sit inside a match are dropped), ``min_title_len``.

Items without a title or a link are skipped and counted. The first page of
a source must yield items: a page where ``list.item`` matches nothing, or
where nothing usable remains, raises :class:`ParseError` (a layout change
must show up as a source error, not as "no news"). Later pages may be empty.
"""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urljoin, urlsplit

import regex
from selectolax.lexbor import LexborHTMLParser, LexborNode

from ..config_model import ListRules, Source
from ..errors import ParseError
from ..models import FeedEntry, ParsedFeed
from .dates import date_from_url, parse_date
from .encoding import HeadersLike, decode_html
from .pagination import is_later_page, page_urls
from .patterns import Pattern as UserPattern
from .patterns import compile_user_pattern, user_search
from .selectors import (
    FieldSpec,
    css_is_valid,
    node_text,
    parse_spec,
    select_all_texts,
    select_node,
    select_value,
)
from .text import clean_line

__all__ = ["parse_listing", "page_urls"]


def _compile(pattern: str, key: str) -> UserPattern | None:
    """A feeds.toml pattern, compiled for :func:`user_search` (run with a time limit)."""
    if not pattern:
        return None
    try:
        return compile_user_pattern(pattern)
    except regex.error as exc:
        raise ParseError(f"invalid regular expression in {key}: {exc}") from exc


_DOT_SEGMENT = re.compile(r"(?:^|/)\.\.?(?:[/?#]|$)")


class _Resolver:
    """Absolute http(s) URLs for the links of one page.

    ``urljoin`` costs ~5 µs a call and a list page has hundreds of links, so
    the common shapes (absolute, root-relative, plain relative without dot
    segments) are joined directly; anything else goes through ``urljoin``.
    """

    def __init__(self, base: str) -> None:
        self.base = base
        parts = urlsplit(base)
        self.scheme = parts.scheme.lower()
        self.origin = f"{parts.scheme}://{parts.netloc}"
        path = parts.path or "/"
        self.directory = self.origin + path[: path.rfind("/") + 1]
        self.simple = self.scheme in {"http", "https"} and bool(parts.netloc)

    def __call__(self, raw: str) -> str:
        raw = clean_line(raw)
        if not raw or raw.startswith("#"):
            return ""
        if raw.startswith(("https://", "http://")):
            host = raw.split("//", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
            return raw if host and " " not in host else ""
        head = raw.split("/", 1)[0].split("?", 1)[0]
        if self.simple and ":" not in head and not _DOT_SEGMENT.search(raw) and raw[0] not in "?\\":
            if raw.startswith("//"):
                return f"{self.scheme}:{raw}"
            return (self.origin if raw.startswith("/") else self.directory) + raw
        try:
            url = urljoin(self.base, raw)
            parts = urlsplit(url)
            hostname = parts.hostname or ""
            web = parts.scheme.lower() in {"http", "https"} and bool(hostname) and " " not in hostname
        except ValueError:
            return ""
        return url if web else ""  # "http:w/x" (no host) is not a link


def _link(item: LexborNode, spec: FieldSpec | None) -> tuple[str, LexborNode | None]:
    """The raw href and the element it came from."""
    if spec is None:
        anchor = item.css_first("a[href]")
        if anchor is not None:
            return anchor.attributes.get("href") or "", anchor
        return item.attributes.get("href") or "", item
    node = select_node(item, spec)
    if node is None:
        return "", None
    if spec.attr:
        return node.attributes.get(spec.attr) or "", node
    href = node.attributes.get("href")
    if href is None:
        anchor = node.css_first("a[href]")
        return (anchor.attributes.get("href") or "", anchor) if anchor is not None else ("", node)
    return href, node


def _title(
    item: LexborNode, rules: ListRules, link_node: LexborNode | None, pattern: UserPattern | None
) -> str:
    spec = parse_spec(rules.title)
    if spec is not None:
        raw = select_value(item, spec)
    elif link_node is not None:
        raw = node_text(link_node) or link_node.attributes.get("title") or ""
    else:
        raw = ""
    title = clean_line(raw)
    if pattern is not None and title:
        found = user_search(pattern, title, key="list.title_regex")
        if found is not None:
            if "v" in pattern.groupindex:
                value = found.group("v")
            else:
                value = found.group(1) if pattern.groups else found.group(0)
            title = clean_line(value or "")
    return title


def _date(item: LexborNode, rules: ListRules, url: str, timezone: str) -> datetime | None:
    spec = parse_spec(rules.date)
    if spec is not None:
        node = select_node(item, spec)
        if node is not None:
            raws = [node.attributes.get(spec.attr) or ""] if spec.attr else []
            if not spec.attr:
                if node.tag == "time" and node.attributes.get("datetime"):
                    raws.append(node.attributes.get("datetime") or "")
                raws.append(node_text(node))
            for raw in raws:
                value = parse_date(raw, rules.date_format, regex=rules.date_regex, timezone=timezone,
                                   regex_key="list.date_regex")
                if value is not None:
                    return value
    if rules.date_from_url:
        return date_from_url(url, rules.date_from_url, timezone=timezone)
    return None


def _image(item: LexborNode, spec: FieldSpec | None, resolve: _Resolver) -> str:
    if spec is None:
        return ""
    node = select_node(item, spec)
    if node is None:
        return ""
    if spec.attr:
        return resolve(node.attributes.get(spec.attr) or "")
    for attr in ("src", "data-src", "data-original", "href"):
        url = resolve(node.attributes.get(attr) or "")
        if url:
            return url
    return ""


def _excluded_ids(tree: LexborHTMLParser, selector: str) -> set[int]:
    if not selector:
        return set()
    return {node.mem_id for node in tree.css(selector)}


def _inside_excluded(item: LexborNode, excluded: set[int]) -> bool:
    node: LexborNode | None = item
    while node is not None:
        if node.mem_id in excluded:
            return True
        node = node.parent
    return False


def _check_selectors(rules: ListRules) -> None:
    """Raise ParseError naming the first ``list.*`` key whose CSS lexbor rejects."""
    specs = {"list.item": rules.item, "list.exclude": rules.exclude}
    for key in ("link", "title", "summary", "image", "category", "date"):
        spec = parse_spec(getattr(rules, key))
        specs[f"list.{key}"] = spec.css if spec is not None else ""
    for key, css in specs.items():
        if css and not css_is_valid(css):
            raise ParseError(f"invalid CSS selector in {key} = {css!r}")


def parse_listing(
    data: bytes | str,
    source: Source,
    page_url: str,
    *,
    timezone: str,
    headers: HeadersLike = None,
    page: int | None = None,
) -> ParsedFeed:
    """Parse one HTML list page of an ``html`` source into entries.

    Args:
        data: The page body (bytes are decoded with :func:`decode_html`,
            honouring ``source.encoding``).
        source: The source; its ``list`` rules drive the extraction.
        page_url: The URL the page was fetched from (base for relative links).
        timezone: The institution's IANA time zone, for naive dates.
        headers: HTTP response headers (for the charset).
        page: 1 for the source's first page, more for pagination pages; None
            means "work it out from ``page_url``" (see :func:`page_urls`).

    Returns:
        A ``ParsedFeed`` with ``kind="html"``; ``skipped`` counts items that
        had no title or no link.

    Raises:
        ParseError: On page 1 when ``list.item`` matches nothing or no item
            is usable; on any page for a source without ``list`` rules or
            with an invalid selector or regex.
    """
    rules = source.list
    if rules is None or not rules.item:
        raise ParseError(f"source {source.id!r} has no list.item selector")
    _check_selectors(rules)
    first_page = page <= 1 if page is not None else not is_later_page(source, page_url)
    text = decode_html(data, headers, encoding=source.encoding)
    tree = LexborHTMLParser(text)
    base_node = tree.css_first("base[href]")
    base = urljoin(page_url, base_node.attributes.get("href") or "") if base_node is not None else page_url
    resolve = _Resolver(base)
    title_node = tree.css_first("title")
    feed = ParsedFeed(
        title=clean_line(node_text(title_node)) if title_node else "", link=page_url, kind="html"
    )

    link_spec = parse_spec(rules.link)
    title_regex = _compile(rules.title_regex, "list.title_regex")
    url_pattern = _compile(rules.url_pattern, "list.url_pattern")
    summary_spec, category_spec = parse_spec(rules.summary), parse_spec(rules.category)
    image_spec = parse_spec(rules.image)
    excluded = _excluded_ids(tree, rules.exclude)
    matched = filtered = 0
    seen: set[str] = set()
    for item in tree.css(rules.item):
        matched += 1
        if excluded and _inside_excluded(item, excluded):
            filtered += 1
            continue
        raw_link, link_node = _link(item, link_spec)
        url = resolve(raw_link)
        title = _title(item, rules, link_node, title_regex)
        if not url or not title:
            feed.skipped += 1
            continue
        off_pattern = url_pattern is not None and not user_search(url_pattern, url, key="list.url_pattern")
        if off_pattern or len(title) < rules.min_title_len:
            filtered += 1
            continue
        if url in seen:  # the same article linked twice on one page (teaser + list)
            continue
        seen.add(url)
        categories = tuple(c for c in (clean_line(v) for v in select_all_texts(item, category_spec)) if c)
        feed.entries.append(
            FeedEntry(
                guid=url,
                title=title,
                url=url,
                published=_date(item, rules, url, timezone),
                summary=clean_line(select_value(item, summary_spec)),
                categories=categories,
                image=_image(item, image_spec, resolve),
            )
        )
    if not feed.entries:
        if first_page and matched == 0:
            raise ParseError(f"selectors matched no items: list.item = {rules.item!r}")
        if first_page:
            raise ParseError(
                f"list.item = {rules.item!r} matched {matched} elements but none gave an article "
                f"({feed.skipped} without title or link, {filtered} filtered out)"
            )
        feed.warnings.append(f"page {page_url} had no items")
    return feed
