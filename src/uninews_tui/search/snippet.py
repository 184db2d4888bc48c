"""One-line snippets around the first match, cut from the article's own text.

FTS5's ``snippet()`` would show the indexed form (CJK bigrams, Simplified
only) and needs stored content; cutting from the original text reads
naturally in either script.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from uninews_tui.parse.text import clean_text
from uninews_tui.search.highlight import first_match

SNIPPET_CHARS = 160
"""Roughly how long a snippet is (CJK text is denser, so it gets half as many characters)."""
SCAN_CHARS = 6000
"""Matches are looked for in the first this many characters (a snippet need not come from far down)."""
_BEFORE_SHARE = 0.3
_WIDE = re.compile(r"[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60]")


def _window(text: str, start: int, budget: int) -> tuple[int, int]:
    """A window of about ``budget`` characters around ``start``, at word boundaries for Latin text."""
    low = max(0, start - int(budget * _BEFORE_SHARE))
    high = min(len(text), low + budget)
    low = max(0, min(low, high - budget))
    if low > 0:
        space = text.find(" ", low, min(start, low + 20))
        if space != -1:
            low = space + 1
    if high < len(text):
        space = text.rfind(" ", max(high - 20, start), high)
        if space != -1:
            high = space
    return low, high


def cut_snippet(text: str, terms: Iterable[str], width: int = SNIPPET_CHARS) -> tuple[str, bool]:
    """A one-line snippet of ``text`` around its first match, and whether a term was found.

    Without a match (or with one past ``SCAN_CHARS``) it is the start of the
    text. Ellipses mark cut ends. Only the cut window is cleaned, so long
    bodies cost little.
    """
    line = _scanned_line(text)
    if not line.strip():
        return "", False
    found = first_match(line, terms)
    return _cut(text, line, found, width), found is not None


def _scanned_line(text: str) -> str:
    return text[:SCAN_CHARS].replace("\n", " ").replace("\t", " ")


def _cut(text: str, line: str, found: tuple[int, int] | None, width: int) -> str:
    """The snippet of ``line`` (the start of ``text`` on one line) around ``found``, else its start."""
    budget = width // 2 if len(_WIDE.findall(line[:width])) > width // 4 else width
    start = found[0] if found else len(line) - len(line.lstrip())
    low, high = (0, len(line)) if len(line) <= budget else _window(line, start, budget)
    window = line[low:high]
    # A printable window holds nothing clean_text removes (controls, escapes, bidi marks, surrogates).
    # split/join then collapses every whitespace run (str.isspace, what \s means in re) and trims.
    snippet = " ".join((window if window.isprintable() else clean_text(window)).split())
    return ("…" if low > 0 else "") + snippet + ("…" if high < len(text) else "")


def make_snippet(texts: Iterable[str], terms: Iterable[str], width: int = SNIPPET_CHARS) -> str:
    """The snippet of the first of ``texts`` (summary, body ...) that contains a term.

    Falls back to the start of the first non-empty text. ``texts`` is read no
    further than the first text with a match, so a generator saves computing a
    body whose summary already matches; fallback snippets are cut only when needed.
    """
    term_list = list(terms)
    unmatched: list[tuple[str, str]] = []
    for text in texts:
        if not text or not text.strip():
            continue
        line = _scanned_line(text)
        if not line.strip():
            continue
        found = first_match(line, term_list)
        if found:
            return _cut(text, line, found, width)
        unmatched.append((text, line))
    return next((cut for cut in (_cut(text, line, None, width) for text, line in unmatched) if cut), "")
