"""Inline pieces of the HTML -> Markdown converter: escaping, URLs, code spans.

Kept apart from the block writer so the rules that make hostile text inert
(what gets a backslash, which URL schemes survive) sit in one short file.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from uninews_tui.parse.text import clean_text

HARD_BREAK = "\x00br\x00"
"""Placeholder for ``<br>`` inside a paragraph (NUL never survives cleaning)."""

_WHITESPACE = re.compile(r"\s+")
_INLINE_SPECIAL = re.compile(r"([\\`*\[\]<|~])")
_LONE_UNDERSCORE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w{1,32};)")
_LINE_START_SYMBOL = re.compile(r"^([#>+=\-])")
_LINE_START_NUMBER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")
_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_URL_UNSAFE = str.maketrans(
    {" ": "%20", "(": "%28", ")": "%29", "<": "%3C", ">": "%3E", "\\": "%5C", '"': "%22"}
)
_NEEDS_ESCAPE = re.compile(r"[\\`*\[\]<|~_&]")


def squash(text: str | None) -> str:
    """Clean a text node and collapse its whitespace runs to single spaces."""
    if not text:
        return ""
    if text.isspace():
        return " "
    return _WHITESPACE.sub(" ", clean_text(text))


def escape_inline(text: str) -> str:
    """Backslash-escape characters that could start inline Markdown syntax."""
    if not _NEEDS_ESCAPE.search(text):
        return text
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _LONE_UNDERSCORE.sub(r"\\_", text)
    return _ENTITY_LIKE.sub(r"\\&", text)


def escape_line_start(line: str) -> str:
    """Stop a line of text from reading as a heading, quote, list item or rule."""
    line = _LINE_START_SYMBOL.sub(r"\\\1", line)
    return _LINE_START_NUMBER.sub(r"\1\\\2", line)


def escape_heading(text: str) -> str:
    """A trailing ``#`` run would be taken as the heading's closing sequence."""
    return re.sub(r"(#+)$", lambda m: "\\#" * len(m.group(1)), text)


def absolute_url(href: str | None, base_url: str) -> str | None:
    """Resolve ``href`` against ``base_url``; None unless http(s) or mailto."""
    if not href:
        return None
    href = re.sub(r"[\t\n\r]", "", clean_text(href)).strip()
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base_url, href) if base_url else href
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in _SAFE_SCHEMES:
        return None
    return url.translate(_URL_UNSAFE)


def code_span(text: str) -> str:
    """Wrap raw text in enough backticks that none inside can close it."""
    text = _WHITESPACE.sub(" ", clean_text(text)).strip()
    if not text:
        return ""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def code_block(text: str) -> str:
    """A fenced code block whose fence is longer than any backtick run inside."""
    text = clean_text(text).strip("\n")
    if not text.strip():
        return ""
    longest = max((len(run) for run in re.findall(r"`{3,}", text)), default=2)
    fence = "`" * (longest + 1)
    return f"{fence}\n{text}\n{fence}"


def wrap_emphasis(text: str, marker: str) -> str:
    """Put ``marker`` around text, keeping edge spaces outside the markers."""
    stripped = text.strip()
    if not stripped or stripped == HARD_BREAK.strip():
        return text
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return f"{lead}{marker}{stripped}{marker}{trail}"


def finish_paragraph(pieces: list[str]) -> str:
    """Join inline pieces into one paragraph; ``<br>`` become hard breaks."""
    lines = [_WHITESPACE.sub(" ", line).strip() for line in "".join(pieces).split(HARD_BREAK)]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    return "\\\n".join(escape_line_start(line) for line in lines)
