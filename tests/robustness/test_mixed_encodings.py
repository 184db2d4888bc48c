"""Mixed encodings: one stray Windows-1252 item must not garble a UTF-8 feed or page.

Found by the robustness suite: charset detection used to read a mostly UTF-8
document with a few invalid bytes as Mac Roman, turning every item into
mojibake. Legacy-encoded documents must still go to their own codec.
"""

from __future__ import annotations

import pytest

from uninews_tui.parse import decode_html, parse_feed
from uninews_tui.parse.encoding import decode_mostly_utf8

from .support import rss, rss_item

UTF8_TITLE = "Café “quoted” 北京"
PASTED = "Pasted “from Word” – café"


@pytest.mark.parametrize("declaration", ['<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>'])
@pytest.mark.parametrize("header", [None, {"content-type": "application/rss+xml; charset=utf-8"}])
def test_feed_with_one_cp1252_item(declaration: str, header: dict[str, str] | None) -> None:
    body = rss([rss_item(1, title=UTF8_TITLE), rss_item(2, title="PASTED")], declaration=declaration)
    body = body.replace(b"PASTED", PASTED.encode("cp1252"))
    assert [e.title for e in parse_feed(body, "", header).entries] == [UTF8_TITLE, PASTED]


@pytest.mark.parametrize("meta", [b"<meta charset=utf-8>", b""])
def test_page_with_one_cp1252_paragraph(meta: bytes) -> None:
    page = (b"<html><head>" + meta + b"<title>t</title></head><body><p>" + UTF8_TITLE.encode()
            + b"</p><p>" + PASTED.encode("cp1252") + b"</p></body></html>")
    text = decode_html(page)
    assert UTF8_TITLE in text and PASTED in text


LEGACY = {
    "gb18030": "北京大学新闻网报道，学校召开会议，研究部署本学期教学工作。清华大学与复旦大学合作。",
    "big5hkscs": "香港中文大學新聞稿：本校研究團隊獲得國際獎項，表彰其在醫學領域的貢獻。",
    "cp1252": "Université de Genève – “Les étudiants” présentent leur thèse à Zürich. Œuvre…",
    "shift_jis": "東京大学の研究チームは、新しい材料を開発したと発表しました。ｶﾀｶﾅもあります。",
    "euc_kr": "서울대학교 연구팀이 새로운 소재를 개발했다고 발표했습니다.",
    "euc_jp": "東京大学の研究チームは、新しい材料を開発したと発表しました。",
}


@pytest.mark.parametrize("codec", sorted(LEGACY))
def test_legacy_text_is_not_taken_for_mostly_utf8(codec: str) -> None:
    assert decode_mostly_utf8((LEGACY[codec] * 20).encode(codec)) is None


@pytest.mark.parametrize("codec", ["gb18030", "big5hkscs"])
def test_undeclared_legacy_feed_still_decodes(codec: str) -> None:
    title = LEGACY[codec]
    body = rss([rss_item(n, title=title) for n in range(5)]).decode().encode(codec)
    assert {e.title for e in parse_feed(body).entries} == {title}
