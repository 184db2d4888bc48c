"""``uninews refresh`` on the shipped HTML sources, served from a local server with their fixture pages.

The shipped feeds.toml is copied with every enabled ``html`` source pointed at
127.0.0.1; the real CLI fetches, parses and stores, and ``uninews list``
must show the expected titles, absolute links and dates. Pagination (Fudan
page 2), a GBK page (declared by ``<meta>`` only) and a Big5 page (declared by
the HTTP header only) are covered the same way.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from urllib.parse import urljoin

import pytest
import tomlkit
from click.testing import CliRunner
from pytest_httpserver import HTTPServer

from feed_server import FeedSite
from uninews_tui.cli import cli

ROOT = Path(__file__).parent.parent
HTML_DIR = Path(__file__).parent / "data" / "html"
CST = timezone(timedelta(hours=8))
JST = timezone(timedelta(hours=9))


def cst(year: int, month: int, day: int) -> datetime:
    """Midnight in Hong Kong / Beijing time (UTC+8)."""
    return datetime(year, month, day, tzinfo=CST)


# source id -> (path served, fixture, content type)
PAGES = {
    "polyu-media-releases": (
        "/media/media-releases/",
        "polyu_media_releases.html",
        "text/html; charset=utf-8",
    ),
    "cuhk-press": ("/en/news-centre/press-releases/", "cuhk_press_releases.html", "text/html; charset=UTF-8"),
    "pku-news": ("/xwzh/index.htm", "pku_xwzh.html", "text/html"),
    "tsinghua-news": ("/news/zxdt.htm", "tsinghua_zxdt.html", "text/html"),
    "fudan-news": ("/64/list.htm", "fudan_news_list.html", "text/html"),
    "ustc-news": ("/xwbl.htm", "ustc_xwbl.html", "text/html"),
    "utokyo-press": ("/focus/en/press/index.php", "utokyo_press.html", "text/html; charset=UTF-8"),
    "pku-news-gbk": ("/gbk/index.htm", "pku_xwzh_gbk.html", "text/html"),
    "cuhk-press-zh": (
        "/tc/news-centre/press-releases/",
        "cuhk_press_zh_big5.html",
        "text/html; charset=big5",
    ),
}

# source id -> [(title, link as written in the page, date)]
EXPECTED: dict[str, list[tuple[str, str, datetime | None]]] = {
    "polyu-media-releases": [
        ("PolyU team builds a low-cost sensor that reads seawater salinity in real time",
         "/media/media-releases/2026/0910_polyu-team-builds-low-cost-seawater-salinity-sensor/",
         cst(2026, 9, 10)),
        ("PolyU and industry partners launch a centre for the low-altitude economy",
         "/media/media-releases/2026/0815_polyu-and-partners-launch-low-altitude-economy-centre/",
         cst(2026, 8, 15)),
    ],
    "cuhk-press": [
        ("CUHK study links later sleep timing to low mood in teenagers",
         "https://www.cpr.cuhk.edu.hk/en/press/cuhk-study-links-sleep-timing-to-teen-mood/",
         cst(2026, 7, 30)),
        ("New scholarship fund supports first-generation university students",
         "/en/press/new-scholarship-fund-for-first-generation-students/", cst(2026, 7, 22)),
    ],
    "pku-news": [
        ("化学学院团队在新型催化材料研究中取得进展", "a1b2c3d4e5f60718293a4b5c6d7e8f90.htm",
         cst(2025, 2, 21)),
    ],
    "tsinghua-news": [
        ("电子工程系师生研制新型低功耗通信芯片", "../info/1181/119960.htm", cst(2025, 2, 21)),
        ("新年前夕校园迎来冬季音乐会", "../info/1182/119870.htm", cst(2024, 12, 31)),
    ],
    "fudan-news": [
        ("生命科学学院发现植物耐旱新机制", "/2025/1121/c31a147430/page.htm", cst(2025, 11, 21)),
        # page 2 (pagination.url = .../list{page}.htm)
        ("历史学系举办江南城镇史工作坊", "/2025/1110/c31a147331/page.htm", cst(2025, 11, 10)),
        ("光华楼前银杏进入最佳观赏期", "https://mp.weixin.qq.com/s/fudanFixtureArticle03", None),  # undated
    ],
    "ustc-news": [
        ("地球和空间科学学院科考队完成南极考察任务", "info/1056/90002.htm", cst(2025, 2, 12)),
    ],
    "utokyo-press": [
        ("Hongo campus library extends opening hours during examinations",
         "/focus/en/press/z0508_00399.html", datetime(2025, 2, 14, tzinfo=JST)),
    ],
    "pku-news-gbk": [
        ("物理学院王喆课题组发表量子材料研究成果", "1f2e3d4c5b6a79880716253443526170.htm",
         cst(2025, 2, 28)),
    ],
    "cuhk-press-zh": [
        ("中大研究記錄新界圍村及邨落的口述歷史", "/tc/press/cuhk-study-on-village-heritage/",
         cst(2025, 1, 13)),
    ],
}  # fmt: skip

COUNTS = {"polyu-media-releases": 5, "cuhk-press": 6, "pku-news": 6, "tsinghua-news": 6, "fudan-news": 11,
          "ustc-news": 5, "utokyo-press": 5, "pku-news-gbk": 5, "cuhk-press-zh": 5}  # fmt: skip


def local_config(site: FeedSite) -> str:
    """The shipped feeds.toml with its enabled html sources served locally, plus two encoding sources."""
    doc = tomlkit.parse((ROOT / "feeds.toml").read_text(encoding="utf-8"))
    doc["settings"]["refresh_on_start"] = False
    doc["settings"]["detail_max_per_run"] = 0
    doc["settings"]["timeout_s"] = 5
    sources = tomlkit.aot()
    shipped = {source["id"]: source for source in doc["sources"]}
    for source in doc["sources"]:
        if source["kind"] != "html" or not source.get("enabled", True):
            continue
        path, _, _ = PAGES[source["id"]]
        source["url"] = site.url(path) + ("?pageID=1" if source["id"] == "utokyo-press" else "")
        source["fetch_detail"] = False
        if source["id"] == "fudan-news":
            source["pagination"]["url"] = site.url("/64/list{page}.htm")
            source["pagination"]["max_pages"] = 3  # page 3 is empty: the loop stops there
        elif "pagination" in source:
            del source["pagination"]
        sources.append(source)
    gbk = tomlkit.table()
    gbk.update(
        {
            "id": "pku-news-gbk",
            "institution": "pku",
            "kind": "html",
            "url": site.url("/gbk/index.htm"),
            "fetch_detail": False,
            "list": dict(shipped["pku-news"]["list"]),
        }
    )
    big5 = tomlkit.table()
    big5.update({"id": "cuhk-press-zh", "institution": "cuhk", "kind": "html", "fetch_detail": False,
                 "url": site.url("/tc/news-centre/press-releases/"),
                 "list": {"item": ".press-item", "title": ".title", "date": ".date",
                          "date_format": ["%Y年%m月%d日"]}})  # fmt: skip
    sources.append(gbk)
    sources.append(big5)
    doc["sources"] = sources
    return tomlkit.dumps(doc)


@pytest.fixture
def served(httpserver: HTTPServer, tmp_path: Path) -> FeedSite:
    site = FeedSite(httpserver)
    for path, fixture, content_type in PAGES.values():
        site.put(path, (HTML_DIR / fixture).read_bytes(), content_type)
    site.put("/64/list2.htm", (HTML_DIR / "fudan_news_list2.html").read_bytes(), "text/html")
    site.put("/64/list3.htm", (HTML_DIR / "fudan_news_list_empty.html").read_bytes(), "text/html")
    (tmp_path / "feeds.toml").write_text(local_config(site), encoding="utf-8")
    return site


def run(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--config", str(tmp_path / "feeds.toml"), "--db", str(tmp_path / "u.db"), *args]
    )
    return result.exit_code, result.stdout, result.stderr


def test_refresh_stores_every_html_source(served: FeedSite, tmp_path: Path) -> None:
    code, out, err = run(tmp_path, "refresh", "--json")
    assert code == 0, err
    summary = json.loads(out)
    assert summary["failed"] == 0, err
    assert summary["fetched"] == len(PAGES)
    assert summary["new_articles"] == sum(COUNTS.values())

    code, out, err = run(tmp_path, "list", "--json", "--limit", "500")
    assert code == 0, err
    articles = json.loads(out)
    for source_id, count in COUNTS.items():
        assert sum(a["source"] == source_id for a in articles) == count, source_id
    by_title = {a["title"]: a for a in articles}
    for source_id, checks in EXPECTED.items():
        page_url = served.url(PAGES[source_id][0])
        for title, link, published in checks:
            article = by_title[title]
            assert article["source"] == source_id
            assert article["url"] == urljoin(page_url, link)
            if published is not None:  # (the store dates an undated item itself)
                assert datetime.fromisoformat(article["published"]) == published
    assert served.requests_to("/64/list3.htm"), "pagination went on to page 3"
