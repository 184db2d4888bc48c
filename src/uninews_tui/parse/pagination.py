"""Which pages of an HTML source to fetch: page 1, then the pagination template.

Definition (also in feeds.toml's comments):

* page 1 is always ``source.url``;
* ``pagination.url`` is a template where ``{page}`` is replaced by a number
  (plain text replacement, so other braces in a URL are harmless);
* ``pagination.start`` is the number that gives the *second* page (``2``
  for ``list2.htm`` or ``?page=2``; ``1`` for sites whose ``?page=1`` is the
  second page, such as Drupal's zero-based ``?page=N``);
* ``pagination.max_pages`` counts every page including page 1, so
  ``max_pages = 3`` fetches ``source.url``, ``start`` and ``start + 1``;
  ``0`` or ``1`` means page 1 only.

A template URL equal to ``source.url`` is not fetched twice. The caller
loops over :func:`page_urls`, stops early when a page brings nothing new,
and parses later pages with ``page=n`` (an empty later page is no error).

Sites without numbered pages can name their "next" link instead
(``pagination.next = "a[rel=next]@href"``): :func:`page_urls` then gives
page 1 only and the caller asks :func:`next_page_url` on each fetched page,
up to ``max_pages`` pages in all.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser

from ..config_model import Source
from .encoding import HeadersLike, decode_html
from .selectors import css_is_valid, parse_spec
from .text import clean_line

__all__ = ["is_later_page", "next_page_url", "page_urls"]

MAX_PAGES_CAP = 50
"""A hard ceiling whatever the config says: a refresh must stay polite."""


def page_urls(source: Source) -> list[str]:
    """The URLs of the pages to fetch for ``source``, page 1 first.

    Args:
        source: An ``html`` source (for a feed, only ``source.url``).

    Returns:
        ``[source.url, template(start), template(start + 1), ...]`` with
        ``max_pages`` URLs at most, duplicates removed.
    """
    urls = [source.url]
    pagination = source.pagination
    if pagination is None or not pagination.url or "{page}" not in pagination.url:
        return urls
    total = min(max(pagination.max_pages, 1), MAX_PAGES_CAP)
    number = pagination.start
    while len(urls) < total:
        url = pagination.url.replace("{page}", str(number))
        number += 1
        if url not in urls:
            urls.append(url)
        elif number > pagination.start + MAX_PAGES_CAP:
            break
    return urls


def is_later_page(source: Source, page_url: str) -> bool:
    """True when ``page_url`` is a pagination page of ``source`` (not page 1)."""
    if not page_url or page_url == source.url:
        return False
    pagination = source.pagination
    if pagination is None or "{page}" not in pagination.url:
        return False
    head, _, tail = pagination.url.partition("{page}")
    if not (page_url.startswith(head) and page_url.endswith(tail)):
        return False
    middle = page_url[len(head) : len(page_url) - len(tail)]
    return middle.isdigit()


def next_page_url(
    data: bytes | str, source: Source, page_url: str, *, headers: HeadersLike = None
) -> str | None:
    """The absolute URL of the page after ``page_url``, from ``pagination.next``.

    ``pagination.next`` is ``"css"`` or ``"css@attr"`` (default attribute
    ``href``), applied to the whole page. Returns None when the source has no
    such rule, or the link is missing, not http(s), or the page itself.
    """
    spec = parse_spec(source.pagination.next if source.pagination is not None else "")
    if spec is None or not spec.css or not css_is_valid(spec.css):
        return None
    tree = LexborHTMLParser(decode_html(data, headers, encoding=source.encoding))
    node = tree.css_first(spec.css)
    raw = clean_line(node.attributes.get(spec.attr or "href") or "") if node is not None else ""
    if not raw or raw.startswith("#"):
        return None
    base_node = tree.css_first("base[href]")
    base = urljoin(page_url, base_node.attributes.get("href") or "") if base_node is not None else page_url
    url = urljoin(base, raw)
    if urlsplit(url).scheme.lower() not in {"http", "https"} or url.split("#")[0] == page_url.split("#")[0]:
        return None
    return url
