"""Parsing of everything uninews reads from the network: feeds, list pages, articles.

The public names are imported lazily (module ``__getattr__``), so
``import uninews_tui.parse`` costs nothing until a parser is used: lxml,
feedparser and trafilatura load only with the first call that needs them.

* :func:`parse_feed` (``.feeds``): RSS/RDF/Atom/JSON Feed bytes → ``ParsedFeed``.
* :func:`parse_listing` (``.listing``): an HTML news page → ``ParsedFeed``.
* :func:`extract_article` (``.article``): an article page → title, Markdown text, date.
* :func:`discover_feeds` (``.discover``): feed URLs a page advertises.
* :func:`decode_html` (``.encoding``): HTML bytes → text (HTTP charset, BOM, meta, detection).
* :func:`html_to_markdown` (``.markdown``), :func:`html_to_text` (``.html_text``).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .article import extract_article
    from .discover import discover_feeds
    from .encoding import decode_html
    from .feeds import parse_feed
    from .html_text import html_to_text
    from .listing import parse_listing
    from .markdown import html_to_markdown

__all__ = [
    "decode_html",
    "discover_feeds",
    "extract_article",
    "html_to_markdown",
    "html_to_text",
    "parse_feed",
    "parse_listing",
]

_HOMES = {
    "parse_feed": ".feeds",
    "parse_listing": ".listing",
    "extract_article": ".article",
    "discover_feeds": ".discover",
    "decode_html": ".encoding",
    "html_to_markdown": ".markdown",
    "html_to_text": ".html_text",
}


def __getattr__(name: str) -> Any:
    """Import the module that defines ``name`` on first use and cache the attribute."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = import_module(home, __name__)
    except ModuleNotFoundError as error:
        if error.name != __name__ + home:
            raise
        # That part of the package is not there (yet): hasattr() must say False.
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from error
    value = getattr(module, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
