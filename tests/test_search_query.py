"""The query language: each form's FTS5 string and qualifiers, degraded readings, and safety."""

from __future__ import annotations

import re
import sqlite3
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uninews_tui.search.query import parse_query


def match_of(query: str) -> str | None:
    return parse_query(query).match_expression()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nursing research", '"nursing" AND "research"'),
        ('"clinical trial" cancer', '"clinical trial" AND "cancer"'),
        ("collab*", '"collab" *'),
        ("vaccine -covid", '("vaccine") NOT "covid"'),
        ("vaccine NOT covid", '("vaccine") NOT "covid"'),
        ('vaccine -"open day"', '("vaccine") NOT "open day"'),
        ("polyu OR hku medicine", '("polyu" OR "hku") AND "medicine"'),
        ("nursing AND research", '"nursing" AND "research"'),
        ("香港理工大學", '"香港 港理 理工 工大 大学"'),
        ("医学", '"医学"'),
        ("学", '"学" *'),
        ("AI醫學", '"ai 医学"'),
        ("covid-19", '"covid 19"'),
    ],
)
def test_each_form_becomes_a_quoted_fts_string(query, expected):
    parsed = parse_query(query)
    assert parsed.match_expression() == expected
    assert parsed.warning is None


def test_terms_are_what_the_user_typed_for_highlighting():
    assert parse_query('"Clinical Trial" nurs* -covid 醫學').terms == ["Clinical Trial", "nurs", "醫學"]


def test_exclusions_only_give_an_exclusion_expression():
    parsed = parse_query("-covid -flu")
    assert parsed.match_expression() is None
    assert parsed.exclusion_expression() == '"covid" OR "flu"'


def test_qualifiers():
    parsed = parse_query(
        "inst:PolyU institution:hku -inst:cuhk source:hku-news after:2025-01-01 before:2025-06 "
        "is:unread is:bookmarked lang:zh research"
    )
    q = parsed.qualifiers
    assert q.institutions == ("polyu", "hku")
    assert q.excluded_institutions == ("cuhk",)
    assert q.sources == ("hku-news",)
    assert q.after == date(2025, 1, 1)
    assert q.before == date(2025, 6, 1)
    assert q.unread is True and q.bookmarked is True
    assert q.languages == ("zh",)
    assert parsed.match_expression() == '"research"'
    assert parsed.warning is None


def test_is_read_and_year_dates():
    q = parse_query("is:read after:2024 before:2025").qualifiers
    assert q.unread is False
    assert (q.after, q.before) == (date(2024, 1, 1), date(2025, 1, 1))


def test_or_between_qualifiers_is_silently_accepted():
    parsed = parse_query("inst:polyu OR inst:hku")
    assert parsed.qualifiers.institutions == ("polyu", "hku")
    assert parsed.warning is None


def test_unknown_key_is_read_as_words():
    assert match_of("ratio:3") == '"ratio 3"'


@pytest.mark.parametrize(
    ("query", "expected_match", "warning"),
    [
        ('"nursing school', '"nursing" AND "school"', "unbalanced quote: searched for the words instead"),
        ("OR nursing", '"nursing"', "OR needs a word on each side"),
        ("nursing OR", '"nursing"', "OR needs a word on each side"),
        ("nursing OR OR hku", '"nursing" AND "hku"', "OR needs a word on each side"),
        ("nursing OR -hku", '("nursing") NOT "hku"', "OR needs a word on each side"),
        ("- nursing", '"nursing"', "a lone '-'"),
        ("* nursing", '"nursing"', "a lone '*'"),
        ("nursing NOT", '"nursing"', "NOT needs a word"),
        ("(nursing OR hku) school", '("nursing" OR "hku") AND "school"', "parentheses are not supported"),
        ("nursing is:favourite", '"nursing"', "ignored is:favourite"),
        ("nursing after:yesterday", '"nursing"', "ignored after:yesterday"),
        ("nursing inst:", '"nursing"', "institution: needs a value"),
        ("nursing inst:#$%", '"nursing"', "ignored institution:#$%"),
    ],
)
def test_malformed_queries_degrade_with_a_warning(query, expected_match, warning):
    parsed = parse_query(query)
    assert parsed.match_expression() == expected_match
    assert parsed.warning is not None and warning in parsed.warning


def test_fts_syntax_characters_are_only_separators():
    parsed = parse_query('a^b {c} NEAR(d e) col:x "x" + y')
    assert parsed.match_expression() == '"a b" AND "c" AND "near d" AND "e" AND "col x" AND "x" AND "y"'


def test_overlong_query_is_cut_with_a_warning():
    parsed = parse_query("word " * 600)
    assert parsed.warning is not None and "cut" in parsed.warning
    assert len(parsed.clauses) <= 32


def test_empty_and_punctuation_only_queries_have_nothing_to_match():
    for query in ("", "   ", "!!!", '""', "-", "*"):
        parsed = parse_query(query)
        assert parsed.match_expression() is None
        assert parsed.exclusion_expression() is None


_FTS_STRING = re.compile(r'"[^"]*"( \*)?')


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_any_input_parses_and_fts5_accepts_the_result(query):
    parsed = parse_query(query)
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE t USING fts5(a, tokenize='porter unicode61 remove_diacritics 2')")
    for expression in (parsed.match_expression(), parsed.exclusion_expression()):
        if expression is not None:
            # Outside the quoted strings only our operators and parentheses remain.
            assert set(_FTS_STRING.sub("", expression)) <= set("ANDORT ()")
            conn.execute("SELECT * FROM t WHERE t MATCH ?", (expression,)).fetchall()
