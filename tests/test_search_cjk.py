"""CJK folding and segmentation: what the index stores and what queries look for."""

from __future__ import annotations

import pytest

from uninews_tui.search.cjk import fold_hanzi, has_cjk, index_text, query_tokens, run_tokens


def test_traditional_and_variants_fold_to_simplified_one_for_one():
    traditional = "香港理工大學醫學院護理學系"
    folded = fold_hanzi(traditional)
    assert folded == "香港理工大学医学院护理学系"
    assert len(folded) == len(traditional)
    # Hong Kong / Taiwan variant forms fold too.
    assert fold_hanzi("綫線") == "线线"
    assert fold_hanzi("裏裡") == "里里"


def test_folding_leaves_simplified_latin_and_kana_alone():
    text = "北京大学 Zürich ひらがな カタカナ 한국어"
    assert fold_hanzi(text) == text


def test_index_text_writes_cjk_runs_as_bigrams_plus_last_character():
    assert index_text("北京大学").split() == ["北京", "京大", "大学", "学"]
    assert index_text("大").split() == ["大"]
    assert index_text("香港大學").split() == ["香港", "港大", "大学", "学"]


def test_index_text_splits_runs_at_latin_and_punctuation():
    assert index_text("AI医学影像。港大").split() == ["AI", "医学", "学影", "影像", "像", "。", "港大", "大"]


def test_index_text_leaves_latin_for_the_fts_tokenizer():
    assert index_text("Nursing in Zürich") == "Nursing in Zürich"
    assert index_text("ＡＢＣ　full width") == "ABC full width"  # NFKC
    assert index_text(None) == ""


def test_run_tokens():
    assert run_tokens("医学", trailing_unigram=False) == ["医学"]
    assert run_tokens("医学", trailing_unigram=True) == ["医学", "学"]
    assert run_tokens("学", trailing_unigram=False) == ["学"]


@pytest.mark.parametrize(
    ("query", "tokens", "prefix"),
    [
        ("北大", ["北大"], False),
        ("香港理工大學", ["香港", "港理", "理工", "工大", "大学"], False),
        ("学", ["学"], True),
        ("AI医学", ["ai", "医学"], False),
        ("北大 AI", ["北大", "大", "ai"], False),  # a run followed by more keeps its last character
        ("news 大", ["news", "大"], True),
        ("Zürich", ["zürich"], False),
        ("!!!", [], False),
    ],
)
def test_query_tokens(query, tokens, prefix):
    assert query_tokens(query) == (tokens, prefix)


def test_query_tokens_are_a_run_of_index_tokens():
    """Any substring of a text (not cutting a Latin word) gives tokens found in a row in the index."""
    text = "北京大学医学部AI研究中心"
    indexed = index_text(text).lower().split()
    inside_latin_word = {text.index("AI") + 1}
    for start in range(len(text)):
        for end in range(start + 2, len(text) + 1):
            if start in inside_latin_word or end in inside_latin_word:
                continue
            tokens, prefix = query_tokens(text[start:end])
            if prefix:
                tokens = tokens[:-1]
            if not tokens:
                continue
            windows = [indexed[i : i + len(tokens)] for i in range(len(indexed))]
            assert tokens in windows, text[start:end]


def test_has_cjk():
    assert has_cjk("abc 大")
    assert has_cjk("カタカナ")
    assert not has_cjk("Zürich café")
