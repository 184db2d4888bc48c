"""``first_match`` tries the regex only where a match can start: it must agree with a full scan.

The reference below is the plain definition (every term's regex run along the
whole text, the earliest accepted match wins); the fast path skips to the
anchor, to accented forms of it, and lower-cases long texts a prefix at a time.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from uninews_tui.search.highlight import _term_pattern, first_match
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
    "the",
    "nurse's",
]
TERMS = [
    "nursing",
    "clinical trial",
    "zurich",
    "illinois state",
    "aland",
    "research",
    "医学",
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
