"""Where a search's terms occur in a text: spans for highlighting and for cutting snippets.

FTS5 says *which* articles match; to show *where*, the terms are looked for
again in the original text. Rather than folding every text (slow in Python),
each term is folded once and compiled into a regex whose characters are
classes of everything that folds to them: ``zurich`` becomes
``[zźżž][uùúûü…][r…]…`` with case ignored, ``医学`` becomes ``[医醫][学學…]``.
The regex then runs over the original text at C speed, and its spans are
positions in the original.

English words are compared by a light suffix-stripping root, close to what
FTS5's Porter stemmer merges (``nurse`` ~ ``nursing`` ~ ``nurses``); CJK terms
are plain substrings. The reader calls :func:`find_matches` with
``SearchResult.terms``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from uninews_tui.search.cjk import CJK_RUN, WORD, hanzi_fold_table

_SUFFIXES = sorted(
    (
        "ational",
        "ations",
        "ation",
        "ities",
        "ings",
        "ing",
        "ness",
        "ments",
        "ment",
        "ers",
        "er",
        "ies",
        "ied",
        "ed",
        "es",
        "ly",
        "s",
        "e",
        "y",
        "ic",
        "al",
        "ity",
        "ive",
        "ize",
        "ise",
    ),
    key=len,
    reverse=True,
)
# Letters and digits that are not CJK: what continues a Latin word.
_LATIN_TAIL = r"[^\W_\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff]*"
_NOT_WORD_BEFORE = r"(?<![^\W_])"
# Blocks whose characters fold to another one (besides case): Latin-1, Latin
# Extended A/B, Greek, Cyrillic, Latin Extended Additional, full-width ASCII.
_FOLDED_BLOCKS = ((0x80, 0x24F), (0x370, 0x52F), (0x1E00, 0x1EFF), (0xFF01, 0xFF5E))
# Letters outside those blocks that a pattern's character class matches with case ignored
# (dotless i; the Angstrom sign, lower-cased to å): accented forms too, for skipping.
_ALSO = {"i": "\u0131", "a": "\u212b"}
_FIRST_LOWERED = 1024


def _fold_char(char: str) -> str:
    """One character folded (diacritics, width, case, script); always exactly one character."""
    decomposed = unicodedata.normalize("NFKD", char)
    base = decomposed[0] if decomposed and not unicodedata.combining(decomposed[0]) else char
    base = hanzi_fold_table().get(ord(base), base)
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


@lru_cache(maxsize=1)
def _variants() -> dict[str, str]:
    """Folded character → every character that folds to it (itself included)."""
    sources: dict[str, set[str]] = {}
    chars = [chr(c) for low, high in _FOLDED_BLOCKS for c in range(low, high + 1)]
    chars += [chr(c) for c in hanzi_fold_table()]
    for char in chars:
        folded = _fold_char(char)
        if folded != char.lower():
            sources.setdefault(folded, {folded}).add(char)
    return {folded: "".join(sorted(group)) for folded, group in sources.items()}


def fold_for_match(text: str) -> str:
    """``text`` folded character by character (same length): for comparing short strings."""
    return text.lower() if text.isascii() else "".join(_fold_char(char) for char in text)


def _char_class(char: str) -> str:
    group = _variants().get(char)
    return f"[{re.escape(group)}]" if group else re.escape(char)


def word_root(word: str) -> str:
    """A crude stem: the word without one common English suffix (at least 3 letters kept)."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


class _Lowered:
    """``text.lower()`` made a prefix at a time: most first matches are near the start of a body."""

    __slots__ = ("text", "done", "prefix")

    def __init__(self, text: str) -> None:
        self.text = text
        self.done = 0
        self.prefix = ""

    @property
    def shifted(self) -> bool:
        """Whether lower-casing changed the length (positions no longer line up with the text)."""
        return len(self.prefix) != self.done

    def find(self, anchor: str, pos: int, end: int) -> int:
        """Where ``anchor`` first starts in ``pos..end-1`` of the lower-cased text; -1 for nowhere."""
        reach = min(len(self.text), end + len(anchor) - 1)
        while True:
            found = self.prefix.find(anchor, pos, reach)
            if found >= 0 or self.done >= reach or self.shifted:
                return found
            self.done = min(len(self.text), max(_FIRST_LOWERED, self.done * 4))
            self.prefix = self.text[: self.done].lower()


@dataclass(frozen=True, slots=True)
class _Compiled:
    """One term ready to look for."""

    pattern: re.Pattern[str]
    single: str | None
    """For a one-word term: the folded word, to re-check what the root pattern found."""
    anchor: str | None
    """The ASCII root the term starts with: ``str.find`` on the lower-cased text skips to it."""
    exotic: re.Pattern[str] | None
    """Accented or full-width forms of the anchor's letters: where present, no skipping."""

    def start(self, text: str, lowered: str) -> int | None:
        """Where a match can begin at the earliest; None when the text cannot hold one."""
        if self.anchor is None or len(lowered) != len(text):
            return 0
        found = lowered.find(self.anchor)
        return self._accented_before(text, 0, len(text) if found < 0 else found + len(self.anchor), found)

    def _accented_before(self, text: str, pos: int, limit: int, found: int) -> int | None:
        """``found`` (-1: none), or earlier where an accented anchor form before ``limit`` can start."""
        if self.exotic is not None:
            # A match spelt with an accented form has one among its first len(anchor) characters.
            accented = self.exotic.search(text, pos, limit)
            if accented is not None:
                return max(pos, accented.start() - len(self.anchor or "") + 1)
        return None if found < 0 else found

    def first(self, text: str, lowered: _Lowered, end: int) -> tuple[int, int] | None:
        """The earliest accepted match starting before ``end``.

        The regex is tried only where a match can start (at the anchor, or next
        to an accented form of it) instead of scanning along the text: the same
        matches in the same order as ``pattern.finditer``, at a fraction of the cost.
        """
        if self.anchor is None:
            return self._scanned(text, end)
        size = len(self.anchor)
        pos = 0
        while pos < end:
            found = lowered.find(self.anchor, pos, end)
            if lowered.shifted:
                return self._scanned(text, end)
            limit = found + size if found >= 0 else min(len(text), end + size - 1)
            candidate = self._accented_before(text, pos, limit, found)
            if candidate is None or candidate >= end:
                return None
            match = self.pattern.match(text, candidate)
            if match is None:
                pos = candidate + 1
            elif self.accepts(match):
                return match.span()
            else:
                pos = match.end()  # as finditer: the next match starts after this one
        return None

    def _scanned(self, text: str, end: int) -> tuple[int, int] | None:
        for match in self.pattern.finditer(text):
            if match.start() >= end:
                return None
            if self.accepts(match):
                return match.span()
        return None

    def accepts(self, match: re.Match[str]) -> bool:
        """Whether a regex match is a real occurrence (non-empty; for one word, a form of it)."""
        if match.end() == match.start():
            return False
        return self.single is None or _accepts(match.group(), self.single)


@lru_cache(maxsize=256)
def _term_pattern(term: str) -> _Compiled | None:
    """A regex over original text for one term, and what speeds up or re-checks its matches."""
    folded = fold_for_match(unicodedata.normalize("NFKC", term))
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
        text = piece if is_cjk else word_root(piece)
        classes = "".join(_char_class(char) for char in text)
        parts.append(classes if is_cjk else _NOT_WORD_BEFORE + classes + _LATIN_TAIL)
    single = pieces[0][0] if len(pieces) == 1 and not pieces[0][1] else None
    first, first_is_cjk = pieces[0]
    anchor = word_root(first) if not first_is_cjk and first.isascii() else None
    exotic = None
    if anchor is not None:
        letters = {c for a in set(anchor) for c in _variants().get(a, "") + _ALSO.get(a, "")}
        forms = "".join(sorted(c for c in letters if not c.isascii()))
        exotic = re.compile(f"[{re.escape(forms)}]") if forms else None
    return _Compiled(re.compile("".join(parts), re.IGNORECASE), single, anchor, exotic)


def _accepts(found: str, word: str) -> bool:
    """Whether a text word found by a root pattern really is a form of the query word."""
    found = fold_for_match(found)
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
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    for compiled in patterns:
        start = compiled.start(text, lowered)
        if start is None:
            continue
        spans += [match.span() for match in compiled.pattern.finditer(text, start) if compiled.accepts(match)]
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def first_match(text: str, terms: Iterable[str]) -> tuple[int, int] | None:
    """The earliest ``(start, end)`` where any term occurs, or None (cheaper than all matches)."""
    best: tuple[int, int] | None = None
    lowered = _Lowered(text)
    for compiled in (_term_pattern(term) for term in terms if term.strip()):
        if compiled is None:
            continue
        found = compiled.first(text, lowered, len(text) if best is None else best[0])
        best = found or best
    return best
