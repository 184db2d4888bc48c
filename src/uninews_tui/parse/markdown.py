"""HTML -> Markdown for feed content and extracted article bodies.

A small converter over lxml trees (no extra dependency): headings,
paragraphs, nested lists, links made absolute, emphasis, blockquotes, code,
images and GitHub-style tables. Scripts, styles, frames, forms and embedded
media are dropped. Every text node is cleaned (:func:`clean_text`) before it
is escaped, so hostile text can neither reach the terminal as control
characters nor create Markdown structure (a paragraph starting with ``#``
stays a paragraph, ``*`` stays an asterisk, ``<b>`` stays text).
"""

from __future__ import annotations

import re
import threading

from lxml import etree, html

from uninews_tui.parse.markdown_blocks import BlockWriter, WriterOptions
from uninews_tui.parse.text import clean_text

_BLANK_RUNS = re.compile(r"\n[ \t]*(?:\n[ \t]*)+\n")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_local = threading.local()


def _parser() -> html.HTMLParser:
    """One parser per thread (lxml parsers are not thread-safe).

    Comments go at parse time: React pages put ``<!-- -->`` between words,
    and trafilatura loses the text after one.
    """
    parser: html.HTMLParser | None = getattr(_local, "parser", None)
    if parser is None:
        parser = html.HTMLParser(remove_comments=True, remove_pis=True, collect_ids=False)
        _local.parser = parser
    return parser


def parse_fragment(markup: str) -> etree._Element | None:
    """Parse HTML (a fragment or a whole page) leniently; None when empty."""
    markup = _XML_DECLARATION.sub("", markup)
    if not markup.strip():
        return None
    try:
        document = html.document_fromstring(markup, parser=_parser())
    except (etree.ParserError, ValueError):
        try:
            document = html.document_fromstring(markup.encode("utf-8", "replace"), parser=_parser())
        except (etree.ParserError, ValueError):
            return None
    body = document.find("body")
    return body if body is not None else document


def element_to_markdown(
    element: etree._Element, base_url: str = "", *, options: WriterOptions | None = None
) -> str:
    """Convert one parsed element (its content, not its tail) to Markdown."""
    writer = BlockWriter(base_url, options or WriterOptions())
    text = "\n\n".join(block for block in writer.blocks(element) if block.strip())
    return finish(text)


def finish(markdown: str) -> str:
    """Final pass: clean once more, trim line ends, collapse blank-line runs."""
    text = clean_text(markdown)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip("\n")


def html_to_markdown(html_text: str, base_url: str = "") -> str:
    """Convert feed ``content_html`` (or any HTML) to safe Markdown.

    Args:
        html_text: Untrusted HTML; a fragment or a whole document.
        base_url: URL the HTML came from; relative links and images are
            resolved against it (and against a ``<base href>`` in the HTML).

    Returns:
        Markdown text, cleaned of control characters; ``""`` for empty or
        unreadable input. Never raises for bad markup.
    """
    if not html_text:
        return ""
    if isinstance(html_text, bytes):
        html_text = html_text.decode("utf-8", "replace")
    if "<" not in html_text:
        # Plain text given as HTML: keep its paragraphs, escape its specials.
        html_text = "".join(f"<p>{_escape_markup(part)}</p>" for part in re.split(r"\n\s*\n", html_text))
    root = parse_fragment(html_text)
    if root is None:
        return ""
    base = root.getroottree().getroot().find(".//base[@href]")
    if base is not None:
        from urllib.parse import urljoin

        try:
            base_url = urljoin(base_url, clean_text(base.get("href", "")).strip())
        except ValueError:
            pass
    try:
        return element_to_markdown(root, base_url)
    except RecursionError:
        return finish(clean_text("".join(root.itertext())))


def _escape_markup(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
