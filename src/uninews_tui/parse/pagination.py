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
"""

from __future__ import annotations

from ..config_model import Source

__all__ = ["is_later_page", "page_urls"]

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
