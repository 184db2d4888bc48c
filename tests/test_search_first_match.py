"""``first_match``/``find_matches`` try the regex only where a match can start: same as a full scan.

The references below are the plain definitions (every term's regex run along
the whole text); the fast path finds the anchor in a text whose ASCII letters
are lower-cased, and looks up accented forms of it character by character.
"""

from __future__ import annotations

import re
import string

from hypothesis import given, settings
from hypothesis import strategies as st

from uninews_tui.search.highlight import (
    _ALSO,
    _char_class,
    _term_pattern,
    _variants,
    find_matches,
    first_match,
    fold_for_match,
)
from uninews_tui.search.snippet import cut_snippet


def scanned_first_match(text: str, terms: list[str]) -> tuple[int, int] | None:
    """Earliest accepted match of any term, found by scanning the whole text with each regex."""
    best = None
    for term in terms:
        compiled = _term_pattern(term) if term.strip() else None
        if compiled is None:
            continue
        for match in compiled.pattern.finditer(text):
            if compiled.accepts(match):
                if best is None or match.start() < best[0]:
                    best = match.span()
                break
    return best


def scanned_matches(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Every accepted match of every term, merged like ``find_matches``, by full scans."""
    spans = []
    for term in terms:
        compiled = _term_pattern(term) if term.strip() else None
        if compiled is not None:
            spans += [m.span() for m in compiled.pattern.finditer(text) if compiled.accepts(m)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


WORDS = [
    "nursing",
    "Nurses",
    "NURSERY",
    "nürsing",
    "ṅursing",
    "unnursed",
    "clinical",
    "trial",
    "Clinical  trial",
    "zürich",
    "café",
    "İstanbul",
    "\u0131llinois state",
    "\u212bland",
    "research",
    "re-search",
    "医学",
    "醫學",
    "香港大學醫學院",
    "北京大学",
    "AI醫學",
    "学医",
    "the",
    "nurse's",
]
TERMS = [
    "kent",
    "nursing",
    "clinical trial",
    "zurich",
    "illinois state",
    "aland",
    "research",
    "医学",
    "大学",
    "港大 医学院",
    "ai医学",
    "istanbul",
    "nurs*",
]


def test_agrees_with_a_full_scan_on_hand_picked_texts():
    filler = "lorem ipsum dolor " * 70  # past the first lower-cased prefix (1,024 characters)
    texts = [
        "A zürich note, then nursing staff.",
        "unnursed cursing, nursery, then Nurses.",
        filler + "nursing at the end",
        filler[:1020] + "nursing straddles the prefix",
        "İstanbul first: the lower-cased text is longer, so positions shift. nursing",
        "\u0131llinois state and \u212bland: letters outside the folded blocks that match with case ignored",
        "\u212aelvin: nursing in \u212aent",
        "Clinical  trial and a clinical trial",
        "医学 and 醫學 and nursing",
    ]
    for text in texts:
        for terms in (
            ["nursing"],
            ["zurich", "nursing"],
            ["clinical trial"],
            ["illinois state"],
            ["aland"],
            TERMS,
        ):
            assert first_match(text, terms) == scanned_first_match(text, terms), (text, terms)
            assert find_matches(text, terms) == scanned_matches(text, terms), (text, terms)


def test_a_match_past_the_first_prefix_is_found():
    text = "x " * 2000 + "Nursing"
    assert first_match(text, ["nursing"]) == (4000, 4007)
    snippet, found = cut_snippet(text, ["nursing"])
    assert found and snippet.endswith("Nursing")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS + ["x" * 40, "y " * 300]), max_size=40),
    st.lists(st.sampled_from(TERMS), min_size=1, max_size=3),
)
def test_agrees_with_a_full_scan(words: list[str], terms: list[str]):
    text = " ".join(words)
    assert first_match(text, terms) == scanned_first_match(text, terms)
    assert find_matches(text, terms) == scanned_matches(text, terms)


def test_every_non_ascii_letter_an_anchor_letter_matches_is_looked_up():
    """The skipping is exact only if no other character can stand for an ASCII letter of the anchor."""
    others = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)
    for letter in string.ascii_lowercase + string.digits:
        matched = set(re.compile(_char_class(letter), re.IGNORECASE).findall(others))
        assert matched <= set(_variants().get(letter, "") + _ALSO.get(letter, "")), letter


def reference_make_snippet(texts: list[str], terms: list[str], width: int = 160) -> str:
    """make_snippet as first written: every text cut in full, clean_line then a \\s+ collapse."""
    from uninews_tui.parse.text import clean_line
    from uninews_tui.search.snippet import _WIDE, SCAN_CHARS, _window

    def cut(text: str) -> tuple[str, bool]:
        line = text[:SCAN_CHARS].replace("\n", " ").replace("\t", " ")
        if not line.strip():
            return "", False
        found = scanned_first_match(line, terms)
        budget = width // 2 if len(_WIDE.findall(line[:width])) > width // 4 else width
        start = found[0] if found else len(line) - len(line.lstrip())
        low, high = (0, len(line)) if len(line) <= budget else _window(line, start, budget)
        snippet = re.sub(r"\s+", " ", clean_line(line[low:high])).strip()
        return ("…" if low > 0 else "") + snippet + ("…" if high < len(text) else ""), found is not None

    fallback = ""
    for text in texts:
        if not text or not text.strip():
            continue
        snippet, found = cut(text)
        if found:
            return snippet
        fallback = fallback or snippet
    return fallback


PIECES = [
    "nursing",
    "Zürich",
    "医学",
    " ",
    "\n",
    "\t",
    "\u00a0",
    "\u3000",
    "\x1b[31m",
    "\x00",
    "\u202e",
    "\r\n",
    "word",
]


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(PIECES + ["x" * 90]), max_size=30).map("".join), max_size=3),
    st.lists(st.sampled_from(["nursing", "zurich", "医学", "absent"]), min_size=1, max_size=2),
)
def test_make_snippet_is_unchanged(texts: list[str], terms: list[str]):
    from uninews_tui.search.snippet import make_snippet

    assert make_snippet(texts, terms) == reference_make_snippet(texts, terms)


def test_a_cjk_term_is_tried_only_at_its_first_characters():
    """Han has no case: the first class of a CJK term matches exactly the characters it lists."""
    others = "".join(chr(c) for c in range(128, 0x110000) if not 0xD800 <= c < 0xE000)
    for term in ["医学", "大学", "港大", "學", "の"]:
        compiled = _term_pattern(term)
        assert compiled is not None and compiled.lead
        pattern = re.compile(_char_class(fold_for_match(term)[0]), re.IGNORECASE)  # the first class
        assert set(pattern.findall(others)) == set(compiled.lead), term
