"""HTML list pages: the shipped selectors on each site's fixture, and the selector rules themselves."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from uninews_tui.config import load_config
from uninews_tui.config_model import Config, ListRules, Pagination, Source
from uninews_tui.errors import ParseError
from uninews_tui.parse.listing import page_urls, parse_listing

ROOT = Path(__file__).parent.parent
HTML_DIR = Path(__file__).parent / "data" / "html"
CST = timezone(timedelta(hours=8))  # Hong Kong and the Mainland
JST = timezone(timedelta(hours=9))

# source id -> (fixture, items expected, items skipped, {index: (title, url, date)})
EXPECTED: dict[str, tuple[str, int, int, dict[int, tuple[str, str, datetime | None]]]] = {
    "polyu-media-releases": ("polyu_media_releases.html", 5, 1, {
        0: ("PolyU team builds a low-cost sensor that reads seawater salinity in real time",
            "https://www.polyu.edu.hk/media/media-releases/2026/0910_polyu-team-builds-low-cost-seawater-salinity-sensor/",
            datetime(2026, 9, 10, tzinfo=CST)),
        3: ("PolyU and industry partners launch a centre for the low-altitude economy",
            "https://www.polyu.edu.hk/media/media-releases/2026/0815_polyu-and-partners-launch-low-altitude-economy-centre/",
            datetime(2026, 8, 15, tzinfo=CST)),  # no .p-date on the tile: read from the URL
    }),
    "cuhk-press": ("cuhk_press_releases.html", 6, 1, {
        0: ("CUHK unveils a smart ward that helps nurses look after elderly patients at night",
            "https://www.cpr.cuhk.edu.hk/en/press/cuhk-unveils-a-smart-ward-for-elderly-patients/",
            datetime(2026, 8, 6, tzinfo=CST)),
        2: ("New scholarship fund supports first-generation university students",
            "https://www.cpr.cuhk.edu.hk/en/press/new-scholarship-fund-for-first-generation-students/",
            datetime(2026, 7, 22, tzinfo=CST)),
        4: ("2026 graduates join a rural health volunteer scheme in Guangxi",
            "https://www.cpr.cuhk.edu.hk/en/press/2026-graduates-join-rural-health-volunteer-scheme/",
            datetime(2026, 7, 2, tzinfo=CST)),
    }),
    "pku-news": ("pku_xwzh.html", 6, 0, {
        0: ("北京大学举行2025年春季学期教学工作会议",
            "https://news.pku.edu.cn/xwzh/5f2a9c0d1e3b4a6f8c7d2e1f0a9b8c7d.htm",
            datetime(2025, 2, 24, tzinfo=CST)),
        2: ("媒体关注：燕园里的冬季长跑",
            "https://news.pku.edu.cn/mtbdnew/0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f.htm",
            datetime(2025, 2, 19, tzinfo=CST)),
        3: ("图书馆推出古籍数字化阅览新服务",
            "https://mp.weixin.qq.com/s/pkuFixtureArticle01", datetime(2025, 2, 17, tzinfo=CST)),
    }),
    "tsinghua-news": ("tsinghua_zxdt.html", 6, 0, {
        0: ("清华大学发布碳中和技术路线研究报告",
            "https://www.tsinghua.edu.cn/info/1182/119987.htm", datetime(2025, 2, 24, tzinfo=CST)),
        2: ("清华大学与地方政府共建乡村振兴研究院",
            "http://www.tsinghua.edu.cn/info/1182/119944.htm", datetime(2025, 2, 7, tzinfo=CST)),
        5: ("新年前夕校园迎来冬季音乐会",
            "https://www.tsinghua.edu.cn/info/1182/119870.htm", datetime(2024, 12, 31, tzinfo=CST)),
    }),
    "fudan-news": ("fudan_news_list.html", 6, 0, {
        0: ("复旦大学举办第二十届研究生学术论坛",
            "https://news.fudan.edu.cn/2025/1124/c31a147457/page.htm", datetime(2025, 11, 24, tzinfo=CST)),
        3: ("光华楼前银杏进入最佳观赏期", "https://mp.weixin.qq.com/s/fudanFixtureArticle03", None),
    }),
    "ustc-news": ("ustc_xwbl.html", 5, 0, {
        0: ("中国科大在量子精密测量领域取得新突破",
            "https://news.ustc.edu.cn/info/1055/90011.htm", datetime(2025, 2, 24, tzinfo=CST)),
        4: ("科大学子在全国大学生数学竞赛中获佳绩",
            "https://news.ustc.edu.cn/info/1055/89971.htm", datetime(2025, 1, 8, tzinfo=CST)),
    }),
    "utokyo-press": ("utokyo_press.html", 5, 0, {
        0: ("Deep-sea microbes recycle nitrogen faster than models assumed",
            "https://www.u-tokyo.ac.jp/focus/en/press/z0508_00401.html", datetime(2025, 2, 24, tzinfo=JST)),
        3: ("Earthquake early-warning model learns from seafloor cable data",
            "https://www.u-tokyo.ac.jp/focus/en/press/z0508_00398.html", datetime(2025, 2, 7, tzinfo=JST)),
    }),
}  # fmt: skip


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "feeds.toml")


def parse_fixture(config: Config, source: Source, name: str, page_url: str = "", **kwargs: object):
    tz = config.institutions[source.institution].timezone
    return parse_listing(
        (HTML_DIR / name).read_bytes(), source, page_url or source.url, timezone=tz, **kwargs
    )


def test_every_enabled_html_source_has_a_fixture(config: Config) -> None:
    enabled_html = {s.id for s in config.enabled_sources if s.kind == "html"}
    assert enabled_html == set(EXPECTED)
    for fixture, *_ in EXPECTED.values():
        assert (HTML_DIR / fixture).is_file()


@pytest.mark.parametrize("source_id", sorted(EXPECTED))
def test_shipped_selectors_read_the_fixture(config: Config, source_id: str) -> None:
    fixture, count, skipped, checks = EXPECTED[source_id]
    source = config.source(source_id)
    assert source is not None
    feed = parse_fixture(config, source, fixture)
    assert feed.kind == "html"
    assert len(feed.entries) == count
    assert feed.skipped == skipped
    for index, (title, url, published) in checks.items():
        entry = feed.entries[index]
        assert (entry.title, entry.url, entry.guid) == (title, url, url)
        assert entry.published == published
        if published is not None:
            assert entry.published.utcoffset() == published.utcoffset()
    assert all(e.url.startswith(("http://", "https://")) for e in feed.entries)
    assert len({e.guid for e in feed.entries}) == count


def test_categories_are_read(config: Config) -> None:
    polyu = parse_fixture(config, config.source("polyu-media-releases"), "polyu_media_releases.html")
    assert polyu.entries[0].categories == ("Research & Innovation",)
    utokyo = parse_fixture(config, config.source("utokyo-press"), "utokyo_press.html")
    assert [e.categories for e in utokyo.entries[1:3]] == [("Research news",), ("Announcement",)]


def test_gbk_page_with_the_shipped_pku_selectors(config: Config) -> None:
    feed = parse_fixture(config, config.source("pku-news"), "pku_xwzh_gbk.html")
    assert len(feed.entries) == 5
    assert feed.entries[1].title == "物理学院王喆课题组发表量子材料研究成果"
    assert feed.entries[1].published == datetime(2025, 2, 28, tzinfo=CST)
    assert feed.entries[3].title == "“未名湖畔话科学”系列讲座第三讲举行"


def test_gbk_page_declared_only_by_the_http_header(config: Config) -> None:
    data = (HTML_DIR / "pku_xwzh_gbk.html").read_bytes().replace(b'<meta charset="gbk">', b"")
    source = config.source("pku-news")
    feed = parse_listing(
        data,
        source,
        source.url,
        timezone="Asia/Shanghai",
        headers={"Content-Type": "text/html; charset=GB2312"},
    )
    assert feed.entries[1].title == "物理学院王喆课题组发表量子材料研究成果"


def test_big5_page_with_chinese_dates() -> None:
    source = Source(
        id="cuhk-press-zh", institution="cuhk", kind="html",
        url="https://www.cpr.cuhk.edu.hk/tc/news-centre/press-releases/",
        list=ListRules(item=".press-item", title=".title", date=".date", date_format=("%Y年%m月%d日",)),
    )  # fmt: skip
    feed = parse_listing(
        (HTML_DIR / "cuhk_press_zh_big5.html").read_bytes(), source, source.url, timezone="Asia/Hong_Kong"
    )
    assert feed.title == "新聞稿 - 香港中文大學傳訊及公共關係處"
    assert len(feed.entries) == 5
    assert feed.entries[0].title == "中大護理學院推出長者家居探訪計劃"
    assert feed.entries[0].url == "https://www.cpr.cuhk.edu.hk/tc/press/cuhk-nursing-home-visit-programme/"
    assert feed.entries[0].published == datetime(2025, 2, 4, tzinfo=CST)
    assert feed.entries[3].title == "中大研究記錄新界圍村及邨落的口述歷史"


def test_pagination_urls(config: Config) -> None:
    fudan = config.source("fudan-news")
    assert page_urls(fudan) == ["https://news.fudan.edu.cn/64/list.htm"]
    three = dataclasses.replace(fudan, pagination=dataclasses.replace(fudan.pagination, max_pages=3))
    assert page_urls(three) == [
        "https://news.fudan.edu.cn/64/list.htm",
        "https://news.fudan.edu.cn/64/list2.htm",
        "https://news.fudan.edu.cn/64/list3.htm",
    ]
    same_first = Source(
        id="x",
        institution="x",
        kind="html",
        url="https://e.edu/news?page=1",
        pagination=Pagination(url="https://e.edu/news?page={page}", start=1, max_pages=3),
    )
    assert page_urls(same_first) == [
        "https://e.edu/news?page=1",
        "https://e.edu/news?page=2",
        "https://e.edu/news?page=3",
    ]
    assert page_urls(dataclasses.replace(same_first, pagination=None)) == ["https://e.edu/news?page=1"]


def test_second_page_and_an_empty_later_page(config: Config) -> None:
    fudan = config.source("fudan-news")
    page2 = parse_fixture(config, fudan, "fudan_news_list2.html", "https://news.fudan.edu.cn/64/list2.htm")
    assert len(page2.entries) == 5
    assert page2.entries[0].title == "复旦大学与企业共建智能制造联合实验室"
    assert page2.entries[0].published == datetime(2025, 11, 12, tzinfo=CST)
    # A later page (recognised from its URL, or said explicitly) may be empty.
    empty = parse_fixture(
        config, fudan, "fudan_news_list_empty.html", "https://news.fudan.edu.cn/64/list9.htm"
    )
    assert empty.entries == [] and empty.warnings
    assert parse_fixture(config, fudan, "fudan_news_list_empty.html", page=3).entries == []
    # ... but an empty first page is a source error.
    with pytest.raises(ParseError, match=r"selectors matched no items: list\.item = 'li\.news'"):
        parse_fixture(config, fudan, "fudan_news_list_empty.html")


def test_a_changed_layout_is_an_error(config: Config) -> None:
    pku = config.source("pku-news")
    with pytest.raises(ParseError, match="selectors matched no items"):
        parse_fixture(config, pku, "tsinghua_zxdt.html")


def test_next_link_pagination() -> None:
    from uninews_tui.parse.pagination import next_page_url

    page = (HTML_DIR / "fudan_news_list.html").read_bytes()
    url = "https://news.fudan.edu.cn/64/list.htm"
    rule = Pagination(next="#wp_paging_w6 a.next", max_pages=3)
    source = Source(id="f", institution="fudan", kind="html", url=url, pagination=rule)
    assert page_urls(source) == [url]
    assert next_page_url(page, source, url) == "https://news.fudan.edu.cn/64/list2.htm"
    last = dataclasses.replace(source, pagination=Pagination(next="a.no-such-link"))
    assert next_page_url(page, last, url) is None
    assert next_page_url(page, dataclasses.replace(source, pagination=None), url) is None
