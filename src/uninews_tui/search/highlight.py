"""Where a search's terms occur in a text: spans for highlighting and for cutting snippets.

FTS5 says *which* articles match; to show *where*, the terms are looked for
again in the original text. Rather than folding every text (slow in Python),
each term is folded once and compiled into a regex whose characters are
classes of everything that folds to them: ``zurich`` becomes
``[zźżž][uùúûü…][r…]…`` with case ignored, ``医学`` becomes ``[医醫][学學…]``.
Its spans are positions in the original. The regex is only tried where a
match can start: at the term's ASCII root found by ``str.find`` in a copy of
the text with ASCII letters lower-cased, next to an accented form of that root,
or at a character of a CJK term's first class (running a character-class
regex along a whole body costs ~15 ns a character).

English words are compared by a light suffix-stripping root, close to what
FTS5's Porter stemmer merges (``nurse`` ~ ``nursing`` ~ ``nurses``); CJK terms
are plain substrings. The reader calls :func:`find_matches` with
``SearchResult.terms``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
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
# (dotless i, the Angstrom and Kelvin signs): looked for like accented forms.
_ALSO = {"i": "\u0131", "a": "\u212b", "k": "\u212a"}
_ASCII_BYTES = bytes(range(128))


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
    """A text with its ASCII letters lower-cased (same length, same positions), for ``str.find``.

    ``str.lower`` on a text with any accented letter takes ~12 ns a character;
    lower-casing the UTF-8 bytes (ASCII only) is 4x cheaper, and non-ASCII
    letters are looked up by themselves (``_Compiled.exotic``) anyway.
    """

    __slots__ = ("text", "lowered", "_raw", "_others")

    def __init__(self, text: str) -> None:
        self.text = text
        self._raw = b""
        self._others: frozenset[str] | None = None
        if text.isascii():
            self.lowered = text.lower()
            self._others = frozenset()
        else:
            self._raw = text.encode("utf-8", "surrogatepass")
            self.lowered = self._raw.lower().decode("utf-8", "surrogatepass")

    def first_of(self, chars: frozenset[str], pos: int, end: int) -> int:
        """Where the first of ``chars`` (non-ASCII) is in ``pos..end-1``; -1 for nowhere."""
        if self._others is None:
            self._others = frozenset(self._raw.translate(None, _ASCII_BYTES).decode("utf-8", "surrogatepass"))
        return _first_of(self.text, self._others & chars, pos, end)


def _first_of(text: str, chars: frozenset[str], pos: int, end: int) -> int:
    """Where the first of ``chars`` is in ``text[pos:end]`` (an index of ``text``); -1 for nowhere."""
    best = -1
    for char in chars:
        found = text.find(char, pos, end if best < 0 else best)
        if found >= 0:
            best = found
    return best


@dataclass(frozen=True, slots=True)
class _Compiled:
    """One term ready to look for."""

    pattern: re.Pattern[str]
    single: str | None
    """For a one-word term: the folded word, to re-check what the root pattern found."""
    anchor: str | None
    """The ASCII root the term starts with: ``str.find`` on the lower-cased text skips to it."""
    exotic: frozenset[str]
    """Non-ASCII characters the anchor's letters match (accented, full-width forms)."""
    lead: frozenset[str]
    """For a term that starts with a CJK character: every character its first class matches."""

    def matches(self, text: str, lowered: _Lowered, end: int) -> Iterator[re.Match[str]]:
        """``pattern.finditer(text)``'s matches that start before ``end``.

        The regex is tried only where a match can start (the anchor in the
        lower-cased text, or up to its length before an accented form of it; a
        character of a CJK term's first class) instead of being run along the text.
        """
        if self.anchor is None and not self.lead:
            for scanned in self.pattern.finditer(text):
                if scanned.start() >= end:
                    return
                yield scanned
            return
        size = len(self.anchor or " ")
        reach = min(len(text), end + size - 1)
        pos = 0
        while pos < end:
            if self.anchor is None:
                candidate = _first_of(text, self.lead, pos, end)
            else:
                candidate = lowered.lowered.find(self.anchor, pos, reach)
            if self.exotic:
                # A match spelt with an accented form has one among its first len(anchor) characters.
                accented = lowered.first_of(self.exotic, pos, reach if candidate < 0 else candidate + size)
                if accented >= 0:
                    candidate = max(pos, accented - size + 1)
            if candidate < 0 or candidate >= end:
                return
            match = self.pattern.match(text, candidate)
            if match is None:
                pos = candidate + 1
                continue
            yield match
            pos = max(match.end(), candidate + 1)  # as finditer: the next match starts after this one

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
    exotic: frozenset[str] = frozenset()
    if anchor is not None:
        letters = {c for a in set(anchor) for c in _variants().get(a, "") + _ALSO.get(a, "")}
        exotic = frozenset(c for c in letters if not c.isascii())
    # Han and kana have no case: the first class matches exactly its own characters.
    lead = frozenset(_variants().get(first[0]) or first[0]) if first_is_cjk else frozenset()
    return _Compiled(re.compile("".join(parts), re.IGNORECASE), single, anchor, exotic, lead)


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
    lowered = _Lowered(text)
    spans: list[tuple[int, int]] = []
    for compiled in patterns:
        spans += [
            match.span() for match in compiled.matches(text, lowered, len(text)) if compiled.accepts(match)
        ]
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
        end = len(text) if best is None else best[0]
        best = next((m.span() for m in compiled.matches(text, lowered, end) if compiled.accepts(m)), best)
    return best
