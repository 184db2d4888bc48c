"""The searchable plain text of an article's body: Markdown or feed HTML reduced to words.

The index is contentless (it stores tokens, not text), so removing an
article's old tokens means producing exactly the same text again: this module
is therefore deliberately self-contained (no parser whose output could change
with a library upgrade) and versioned with ``cjk.SEGMENTER_VERSION``. Snippets
are cut from the same text, so they read like the article, not like markup.
"""

from __future__ import annotations

import html
import re

_DROPPED_ELEMENTS = re.compile(
    r"<(script|style|noscript|template|svg|math|head)\b[^>]*>.*?</\1\s*>", re.IGNORECASE | re.DOTALL
)
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.DOTALL)
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|figure|"
    r"figcaption|header|footer|pre|hr|dd|dt)\b[^>]*>",
    re.IGNORECASE,
)
_TAG = re.compile(r"<[^>]*>?")
# Markdown: images vanish, links keep their text, emphasis/heading/quote marks go.
_MD_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_MD_REFERENCE = re.compile(r"^\s*\[[^\]\n]+\]:\s*\S+.*$", re.MULTILINE)
_MD_MARKS = re.compile(
    r"(?m)^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+|\d+[.)]\s+)|[*_`~]{1,3}(?=\S)|(?<=\S)[*_`~]{1,3}"
)
_BARE_URL = re.compile(r"<?https?://[^\s>)]+>?")


def html_text(markup: str) -> str:
    """Visible text of an HTML fragment (tags dropped, entities decoded, blocks on new lines)."""
    if not markup:
        return ""
    if "<" not in markup:
        return html.unescape(markup) if "&" in markup else markup
    text = _DROPPED_ELEMENTS.sub(" ", markup)
    text = _COMMENT.sub(" ", text)
    text = _BLOCK_TAG.sub("\n", text)
    text = _TAG.sub("", text)
    return html.unescape(text)


def markdown_text(markdown: str) -> str:
    """Markdown's words without its link targets, image URLs and emphasis marks."""
    if not markdown:
        return ""
    text = markdown
    if "](" in text:
        text = _MD_LINK.sub(r"\1", _MD_IMAGE.sub(r"\1", text))
    if "]:" in text:
        text = _MD_REFERENCE.sub("", text)
    if "://" in text:
        text = _BARE_URL.sub(" ", text)
    if any(mark in text for mark in "*_`~#>"):
        text = _MD_MARKS.sub("", text)
    return text


def body_text(body: str | None, content_html: str | None) -> str:
    """The article's body as plain text: the stored Markdown body, else the feed's HTML.

    Whitespace is left as it is (the tokenizer ignores it, and snippets tidy
    only the few characters they show): tidying whole bodies was the main
    cost of building 50 snippets.
    """
    text = markdown_text(body) if body else html_text(content_html or "")
    return text.strip()
