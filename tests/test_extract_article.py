"""extract_article: body, title, date and author from article pages modelled on university sites."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from uninews_tui.config_model import DetailRules
from uninews_tui.parse.article import ExtractedArticle, extract_article

DATA = Path(__file__).parent / "data" / "articles"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

TSINGHUA_DETAIL = DetailRules(
    body=(".no-such-body", ".v_news_content"),
    title="h1.title",
    date=".time",
    date_regex=r"(\d{4}年\d{1,2}月\d{1,2}日\s*\d{1,2}:\d{2}:\d{2})",
    date_format=("%Y年%m月%d日 %H:%M:%S",),
)


def page(name: str) -> bytes:
    return (DATA / name).read_bytes()


def offset_hours(value: datetime | None) -> float:
    assert value is not None and value.utcoffset() is not None
    offset = value.utcoffset()
    assert offset is not None
    return offset / timedelta(hours=1)


def test_tsinghua_like_page_with_detail_selectors() -> None:
    result = extract_article(
        page("tsinghua_like.html"), "https://news.example.cn/info/1234.htm", TSINGHUA_DETAIL, "Asia/Shanghai"
    )
    assert result.title == "材料学院团队发布新型储能电池研究成果"
    assert result.text.startswith("清华新闻网2月24日电 近日，材料学院一支研究团队")
    assert "推动成果在电动交通和电网储能中的应用。" in result.text
    # scripts and the share box inside the body element are gone; so is what lies outside it
    assert "分享" not in result.text and "广告" not in result.text
    assert "相关新闻" not in result.text and "版权所有" not in result.text
    assert result.published == datetime(2025, 2, 24, 10, 30, tzinfo=timezone(timedelta(hours=8)))
    assert offset_hours(result.published) == 8


def test_tsinghua_like_page_in_gbk_bytes() -> None:
    markup = page("tsinghua_like.html").decode("utf-8").replace('charset="utf-8"', 'charset="gbk"')
    result = extract_article(markup.encode("gbk"), "", TSINGHUA_DETAIL, "Asia/Shanghai")
    assert result.title == "材料学院团队发布新型储能电池研究成果"
    assert "层状电解质结构" in result.text


def test_detail_date_falls_back_to_meta_unless_disabled() -> None:
    rules = DetailRules(body=(".press-release__content",), date=".missing-date")
    result = extract_article(page("polyu_like.html"), "https://www.example.edu.hk/en/media/1", rules)
    assert result.published == datetime(2025, 3, 10, 1, 0, tzinfo=UTC)
    strict = DetailRules(body=(".press-release__content",), date=".missing-date", meta_fallback=False)
    assert extract_article(page("polyu_like.html"), "", strict).published is None


def test_polyu_like_page_with_published_time_meta() -> None:
    result = extract_article(page("polyu_like.html"), "https://www.example.edu.hk/en/media/releases/1.html")
    assert result.title == "Researchers map urban heat islands with low-cost sensors"
    assert result.text.startswith("A research team at the university has installed more than two hundred")
    assert "## Why street-level data matters" in result.text
    assert "- Two hundred and twelve sensors in three districts" in result.text
    assert result.published == datetime(2025, 3, 10, 9, 0, tzinfo=timezone(timedelta(hours=8)))
    assert offset_hours(result.published) == 8
    assert result.author == "Communications and Public Affairs Office"
    assert result.image == "https://www.example.edu.hk/media/heat-sensors.jpg"
    assert "Copyright" not in result.text and "Share on Facebook" not in result.text


def test_json_ld_news_article_inside_graph() -> None:
    result = extract_article(page("jsonld_graph.html"), "https://news.example.edu/2025/01/telescope/")
    assert result.title == "New telescope camera sees first light"
    assert result.text.startswith("A camera built by students and staff in the physics department")
    assert "> We wanted a camera that undergraduates could take apart and understand." in result.text
    # the NewsArticle's date, not the WebPage's, and not dateModified
    assert result.published == datetime(2025, 1, 15, 14, 30, tzinfo=UTC)
    assert result.author == "Dana Whitfield, Sam Ortega"
    assert result.image == "https://news.example.edu/img/camera.jpg"
    assert result.text.endswith("from other departments and from local schools.")  # call-to-action box pruned


def test_page_with_only_a_time_element() -> None:
    result = extract_article(page("time_only.html"), "https://www.example.edu/library/news/hours")
    assert result.title == "Library extends opening hours for exam season"
    assert result.text.startswith("From next Monday the main library will stay open until two in the morning")
    assert result.published == datetime(2024, 11, 5, 8, 15, tzinfo=timezone(timedelta(hours=-5)))
    assert offset_hours(result.published) == -5
    # a closing "follow us" line made of links is page furniture
    assert result.text.endswith("returns to its normal timetable for the winter break.")


def test_naive_meta_date_takes_the_institution_zone() -> None:
    markup = page("polyu_like.html").replace(b"2025-03-10T09:00:00+08:00", b"2025-03-10")
    result = extract_article(markup, "", timezone="Asia/Hong_Kong")
    assert result.published is not None
    assert (result.published.date().isoformat(), offset_hours(result.published)) == ("2025-03-10", 8)


def test_hostile_text_is_cleaned_and_cannot_create_structure() -> None:
    result = extract_article(page("hostile.html"), "https://news.example.edu/x")
    for value in (result.title, result.text, result.author):
        assert not CONTROL.search(value), repr(value)
    assert result.title == "Campus news red title"
    assert "\\# Not a heading: this paragraph starts with a hash sign" in result.text
    assert "1\\. This line looks like a list item" in result.text
    assert "\\[brackets\\](javascript:alert(1))" in result.text
    assert "Entity escapes too: cleared the screen once" in result.text and "[2J" not in result.text
    assert "rang while blinking text flashed" in result.text
    assert not any(line.startswith(("#", "1.")) for line in result.text.splitlines())


@pytest.mark.parametrize(
    "garbage",
    [
        b"",
        "",
        b"\x00\xff\xfe\x00garbage\x1b[31m",
        "<html><body></body></html>",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>declared</p></body></html>",
        "<script>" * 5000,
        "<div>" * 20000 + "deep text" + "</div>" * 20000,
        '<script type="application/ld+json">{"@graph": [[[[[[[[[[[[[[[[[[[[{}]]]]]]]]]]]]]]]]]]]}</script>',
        '<meta property="article:published_time" content="not a date at all">',
        b"\xef\xbb\xbf<p>BOM page with a paragraph</p>",
    ],
)
def test_garbage_never_raises(garbage: bytes | str) -> None:
    result = extract_article(garbage, "::not a url::")
    assert isinstance(result, ExtractedArticle)
    assert not CONTROL.search(result.text)
    assert result.published is None


def test_huge_page_returns_in_bounded_form() -> None:
    paragraph = "<p>" + "Long paragraph of university news text. " * 40 + "</p>"
    result = extract_article("<html><body><article>" + paragraph * 3000 + "</article></body></html>")
    assert isinstance(result.text, str)
    assert len(result.text) < 6_000_000


def test_bad_detail_selector_falls_back_to_trafilatura() -> None:
    rules = DetailRules(body=("!!not css", "div[unclosed"), title="((", date="##")
    result = extract_article(page("time_only.html"), "", rules)
    assert result.text.startswith("From next Monday the main library")
    assert result.title == "Library extends opening hours for exam season"


def test_body_selector_matching_several_elements_takes_each_once() -> None:
    markup = (
        "<div class='part'><p>First part.</p><div class='part'><p>Nested part.</p></div></div>"
        "<nav class='part'>Menu</nav><div class='part'><p>Last part.</p></div>"
    )
    result = extract_article(markup, "", DetailRules(body=(".part",)))
    assert result.text == "First part.\n\nNested part.\n\nLast part."


def test_inline_code_and_tables_in_trafilatura_output() -> None:
    sentence = "The computing centre has published a guide to the new cluster for every research group. "
    markup = (
        "<html><body><article><h1>Cluster guide</h1>"
        f"<p>{sentence * 3}Start with <code>module load python</code> before anything else.</p>"
        f"<p>{sentence * 3}</p>"
        "<table><tr><th>Queue</th><th>Hours</th></tr><tr><td>short</td><td>4</td></tr></table>"
        f"<p>{sentence * 2}</p></article></body></html>"
    )
    result = extract_article(markup, "https://it.example.edu/guide")
    assert "Start with `module load python` before anything else." in result.text
    assert "| Queue | Hours |" in result.text
