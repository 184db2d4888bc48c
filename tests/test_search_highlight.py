"""Finding terms in original text (for highlights) and cutting one-line snippets around them."""

from __future__ import annotations

from uninews_tui.search.highlight import find_matches
from uninews_tui.search.snippet import cut_snippet, make_snippet


def spans_text(text: str, terms: list[str]) -> list[str]:
    return [text[start:end] for start, end in find_matches(text, terms)]


def test_english_forms_case_and_diacritics():
    text = "Nurses and NURSING staff met in Zürich; a nurse spoke. Nursery rhymes too."
    assert spans_text(text, ["nurse"]) == ["Nurses", "NURSING", "nurse", "Nursery"]
    assert spans_text(text, ["zurich"]) == ["Zürich"]
    # As with the Porter stemmer, "universe" shares the root of "university".
    assert spans_text("Universities and the universe", ["university"]) == ["Universities", "universe"]


def test_word_boundaries_are_respected():
    assert spans_text("unnursed cursing", ["nurse"]) == []


def test_phrase_and_prefix():
    text = "A clinical  trial began; the trial was clinical."
    assert spans_text(text, ["clinical trial"]) == ["clinical  trial"]
    assert spans_text("collaborative collaborations", ["collab*"]) == ["collaborative", "collaborations"]


def test_chinese_across_scripts():
    text = "香港理工大學醫學院與北京大学医学部合作"
    assert spans_text(text, ["医学"]) == ["醫學", "医学"]
    assert spans_text(text, ["香港理工大学"]) == ["香港理工大學"]
    assert spans_text("AI醫學影像", ["ai医学"]) == ["AI醫學"]


def test_overlapping_terms_merge():
    assert find_matches("北京大学", ["北京", "京大"]) == [(0, 3)]


def test_empty_inputs():
    assert find_matches("", ["x"]) == []
    assert find_matches("text", []) == []
    assert find_matches("text", ["", "  ", "!!!"]) == []


def test_snippet_centres_on_the_first_match_and_stays_one_line():
    text = (
        ("Lorem ipsum dolor sit amet. " * 20) + "The nurses\nvolunteered at the fair. " + ("More text. " * 30)
    )
    snippet, found = cut_snippet(text, ["nurse"])
    assert found
    assert "nurses volunteered" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "\n" not in snippet and len(snippet) <= 170


def test_snippet_without_a_match_is_the_start():
    snippet, found = cut_snippet("Short summary.", ["absent"])
    assert (snippet, found) == ("Short summary.", False)


def test_chinese_snippets_are_shorter_and_unsegmented():
    text = "校園消息。" * 40 + "港大醫學院將舉辦公開講座。" + "其他內容。" * 40
    snippet, found = cut_snippet(text, ["港大"])
    assert found and "港大醫學院將舉辦公開講座" in snippet
    assert len(snippet) <= 85


def test_make_snippet_prefers_the_text_that_matches():
    assert make_snippet(["Summary without it.", "Body with the keyword here."], ["keyword"]) == (
        "Body with the keyword here."
    )
    assert make_snippet(["Summary without it.", "Body neither."], ["keyword"]) == "Summary without it."
    assert make_snippet(["", "  "], ["keyword"]) == ""


def test_snippet_strips_terminal_escapes():
    snippet, _ = cut_snippet("Alert \x1b[31mred\x1b[0m nurse news", ["nurse"])
    assert "\x1b" not in snippet and "nurse" in snippet


def test_skipping_ahead_never_misses_accented_or_odd_case_forms():
    assert spans_text("Plain text then Zürich", ["zurich"]) == ["Zürich"]
    assert spans_text("İstanbul nurses", ["nurse"]) == ["nurses"]  # lower() lengthens İ
    assert spans_text("ＮＵＲＳＥ full width", ["nurse"]) == ["ＮＵＲＳＥ"]
