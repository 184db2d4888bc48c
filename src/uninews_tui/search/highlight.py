"""Where a search's terms occur in a text: spans for highlighting and for cutting snippets.

FTS5 says *which* articles match; to show *where*, the terms are looked for
again in the original text. The text is folded one character for one
character (case, diacritics, Traditional → Simplified), so positions in the
folded text are positions in the original. English words are compared by a
light suffix-stripping root, close to what FTS5's Porter stemmer merges
(``nurse`` ~ ``nursing`` ~ ``nurses``); CJK terms are plain substrings.

The reader calls :func:`find_matches` with ``SearchResult.terms``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from uninews_tui.search.cjk import CJK_RUN, WORD, fold_hanzi

_SUFFIXES = sorted(
    ("ational", "ations", "ation", "ings", "ing", "ness", "ments", "ment", "ers", "er", "ies", "ied", "ed",
     "es", "ly", "s", "e", "y", "ic", "al", "ity", "ive", "ize", "ise"),
    key=len,
    reverse=True,
)
# Letters and digits that are not CJK: what continues a Latin word.
_LATIN_TAIL = r"[^\W_\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff]*"
_NOT_WORD_BEFORE = r"(?<![^\W_])"


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    """One character folded (case, diacritics, script); always exactly one character."""
    decomposed = unicodedata.normalize("NFKD", char)
    base = decomposed[0] if decomposed else char
    if unicodedata.combining(base):
        base = char
    lowered = base.lower()
    folded = fold_hanzi(lowered if len(lowered) == 1 else base)
    return folded if len(folded) == 1 else char


def fold_for_match(text: str) -> str:
    """``text`` folded for matching, with exactly one character per original character."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def word_root(word: str) -> str:
    """A crude stem: the word without one common English suffix (at least 3 letters kept)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@lru_cache(maxsize=256)
def _term_pattern(term: str) -> tuple[re.Pattern[str], str | None] | None:
    """A regex over folded text for one term, and the single word to re-check (or None)."""
    folded = fold_for_match(unicodedata.normalize("NFKC", term)).rstrip("*")
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in CJK_RUN.finditer(folded):
        pieces += [(w, False) for w in WORD.findall(folded[position : match.start()])]
        pieces.append((match.group(), True))
        position = match.end()
    pieces += [(w, False) for w in WORD.findall(folded[position:])]
    if not pieces:
        return None
    parts: list[str] = []
    for index, (piece, is_cjk) in enumerate(pieces):
        if index:
            parts.append(r"[\W_]*" if is_cjk or pieces[index - 1][1] else r"[\W_]+")
        parts.append(re.escape(piece) if is_cjk else _NOT_WORD_BEFORE + re.escape(word_root(piece)) + _LATIN_TAIL)
    single = pieces[0][0] if len(pieces) == 1 and not pieces[0][1] else None
    return re.compile("".join(parts)), single


def _accepts(found: str, word: str) -> bool:
    """Whether a text word found by a root pattern really is a form of the query word."""
    return found.startswith(word) or word_root(found) == word_root(word)


def find_matches(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping ``(start, end)`` spans of ``text`` where any term occurs.

    Args:
        text: The original text (a title, a snippet, an article body).
        terms: Words and phrases as in ``SearchResult.terms``; a trailing
            ``*`` is allowed and means a prefix (it is the default anyway).
    """
    patterns = [p for p in (_term_pattern(term) for term in terms if term.strip()) if p is not None]
    if not patterns or not text:
        return []
    folded = fold_for_match(text)
    spans: list[tuple[int, int]] = []
    for pattern, single in patterns:
        for match in pattern.finditer(folded):
            if match.end() > match.start() and (single is None or _accepts(match.group(), single)):
                spans.append(match.span())
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
