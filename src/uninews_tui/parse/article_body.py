"""The two ways to find an article's body: configured selectors, or trafilatura.

Both end in :func:`uninews_tui.parse.markdown.element_to_markdown`; the
trafilatura path first renames trafilatura's TEI-like output (``head``,
``hi``, ``list``/``item``, ``ref``, ``lb``, ``row``/``cell``) to HTML tags.
"""

from __future__ import annotations

import logging
import re

from lxml import etree
from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from uninews_tui.parse.markdown import element_to_markdown, parse_fragment
from uninews_tui.parse.markdown_blocks import WriterOptions, tag_of

log = logging.getLogger(__name__)

BODY_OPTIONS = WriterOptions(links=False, images=False, emphasis=False)
"""Extracted bodies keep link text but not URLs, and no inline images."""

# Class/id words of page furniture that trafilatura keeps at an article's end:
# call-to-action boxes ("write to the editor") and trust/standards badges.
_FURNITURE = re.compile(r"(?:^|[-_])(?:cta|trust-?badge)(?:[-_]|$)")
# A cheap XPath pre-filter for _FURNITURE (a Python loop over every element costs ~10 ms a page).
_FURNITURE_PREFILTER = " | ".join(
    f"//*[contains(@{attr}, '{word}')]" for attr in ("class", "id") for word in ("cta", "CTA", "rust")
)
# With configured selectors, also the share/print/related widgets that sit
# inside the body element on many university pages (bdshare/jiathis: Chinese
# share buttons).
_WIDGETS = re.compile(
    r"(?:^|[-_])(?:cta|trust-?badge|share|sharing|social|print|breadcrumbs?|pager|pagination|related|"
    r"toolbar|bdshare\w*|jiathis\w*|fenxiang)(?:[-_]|$)"
)
_WIDGET_TAGS = frozenset({"nav", "aside", "form", "button", "script", "style", "noscript", "iframe"})
_KEEP = frozenset({"html", "body", "main", "article"})
_MAX_FURNITURE_CHARS = 2000
_HUGE_ELEMENTS = 15_000
_HUGE_TEXT = 300_000
_MAX_LINK_LINE = 400
_LINK_SHARE = 0.3
_FALLBACK_XPATH = "//*[@itemprop='articleBody'] | //article | //main | //*[@role='main']"
_TEI_TO_HTML = {"list": "ul", "item": "li", "lb": "br", "quote": "blockquote", "row": "tr", "graphic": "img"}
_HI_TO_HTML = {"#b": "strong", "#i": "em", "#t": "code", "#u": "u"}


def prune_boilerplate(root: etree._Element, pattern: re.Pattern[str] = _FURNITURE) -> None:
    """Remove elements whose class or id names them as page furniture."""
    doomed = []
    candidates = root.iter() if pattern is not _FURNITURE else root.xpath(_FURNITURE_PREFILTER)
    for node in candidates:
        tag = tag_of(node)
        if not tag or tag in _KEEP:
            continue
        names = f"{node.get('class') or ''} {node.get('id') or ''}".lower().split()
        if any(pattern.search(name) for name in names):
            doomed.append(node)
    for node in doomed:
        parent = node.getparent()
        if parent is not None and len("".join(node.itertext())) <= _MAX_FURNITURE_CHARS:
            _remove(node)


def _remove(node: etree._Element) -> None:
    """Remove ``node`` but keep its tail text in the document."""
    parent = node.getparent()
    if parent is None:
        return
    if node.tail:
        previous = node.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def body_by_selectors(tree: LexborHTMLParser, selectors: tuple[str, ...], base_url: str) -> str:
    """Markdown of the elements the first matching ``detail.body`` selector finds."""
    for selector in selectors:
        try:
            nodes = tree.css(selector)
        except SelectolaxError:
            log.debug("bad detail.body selector %r", selector)
            continue
        fragments = [node.html or "" for node in _outermost(nodes)]
        root = parse_fragment("".join(f"<div>{fragment}</div>" for fragment in fragments))
        if root is None:
            continue
        for node in [n for n in root.iter() if tag_of(n) in _WIDGET_TAGS]:
            _remove(node)
        prune_boilerplate(root, _WIDGETS)
        text = element_to_markdown(root, base_url, options=BODY_OPTIONS)
        if text:
            return text
    return ""


def _outermost(nodes: list[LexborNode]) -> list[LexborNode]:
    """The matches that are not inside another match (``div.a div.a`` counts once)."""
    ids = {node.mem_id for node in nodes}
    kept = []
    for node in nodes:
        parent = node.parent
        while parent is not None and parent.mem_id not in ids:
            parent = parent.parent
        if parent is None:
            kept.append(node)
    return kept


def _to_html_tags(body: etree._Element) -> etree._Element:
    """Rename trafilatura's output tags to the HTML ones the writer knows."""
    for node in body.iter():
        tag = tag_of(node)
        if tag == "head":
            rend = node.get("rend") or ""
            node.tag = rend if re.fullmatch(r"h[1-6]", rend) else "h2"
        elif tag == "hi":
            node.tag = _HI_TO_HTML.get(node.get("rend") or "", "span")
        elif tag == "list":
            node.tag = "ol" if node.get("rend") == "ol" else "ul"
        elif tag == "ref":
            node.tag = "a"
            node.set("href", node.get("target") or "")
        elif tag == "cell":
            node.tag = "th" if node.get("role") == "head" else "td"
        elif tag == "code" and "\n" in (node.text or ""):
            node.tag = "pre"
        elif tag in _TEI_TO_HTML:
            node.tag = _TEI_TO_HTML[tag]
    return body


def body_by_semantic_tags(root: etree._Element, url: str) -> str:
    """Markdown of ``articleBody`` / ``<article>`` / ``<main>``, for when trafilatura finds nothing."""
    found = root.xpath(_FALLBACK_XPATH)
    return element_to_markdown(found[0], url, options=BODY_OPTIONS) if found else ""


def _is_huge(root: etree._Element) -> bool:
    """Far bigger than any real article page (those have ~2,000 elements, ~100 kB of text).

    On such pages trafilatura's second-opinion extractors (readability,
    jusText) take seconds, so they are skipped.
    """
    elements = 0
    text = 0
    for node in root.iter():
        elements += 1
        text += len(node.text or "") + len(node.tail or "")
        if elements > _HUGE_ELEMENTS or text > _HUGE_TEXT:
            return True
    return False


def body_by_trafilatura(root: etree._Element, url: str) -> str:
    """Markdown of the main text trafilatura finds ("" if none); edits ``root``."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            root,
            url=url or None,
            fast=_is_huge(root),
            include_comments=False,
            include_tables=True,
            include_formatting=True,
            include_links=True,
            with_metadata=False,
        )
    except Exception as exc:  # noqa: BLE001 - trafilatura raises many kinds on odd pages
        log.debug("trafilatura failed on %s: %r", url or "<page>", exc)
        document = None
    body = getattr(document, "body", None)
    if body is None:
        return ""
    _drop_trailing_link_lines(body)
    return element_to_markdown(_to_html_tags(body), url, options=BODY_OPTIONS)


def _drop_trailing_link_lines(body: etree._Element) -> None:
    """Drop closing paragraphs that are mostly links ("follow us on X, Y, Z")."""
    while len(body):
        last = body[-1]
        if tag_of(last) != "p":
            return
        text = " ".join(last.itertext()).strip()
        # Links written out as bare URLs are content (reading lists), not "follow us" buttons.
        labels = [" ".join(ref.itertext()).strip() for ref in last.iter("ref")]
        links = [label for label in labels if label and not label.lower().startswith(("http", "www."))]
        linked = sum(len(label) for label in links)
        if not (
            text and len(text) <= _MAX_LINK_LINE and len(links) >= 2 and linked / len(text) >= _LINK_SHARE
        ):
            return
        body.remove(last)
