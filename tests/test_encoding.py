"""Decoding HTML bytes: header, BOM, <meta>, detection, and what wins when they disagree."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from uninews_tui.parse.encoding import charset_from_headers, decode_html, meta_charset, normalise_charset

HTML_DIR = Path(__file__).parent / "data" / "html"

# 喆 is in GBK but not GB2312; 邨 is in Big5-HKSCS but not plain Big5.
SIMPLIFIED = "北京大学物理学院王喆课题组发表量子材料研究成果，师生共话科研创新与人才培养。"
TRADITIONAL = "香港中文大學研究記錄新界圍村及邨落的口述歷史，師生共話科研創新與人才培養。"


def page(body: str, meta: str = "") -> str:
    head = f'<meta charset="{meta}">' if meta else ""
    items = "".join(f"<li><a href='/n{i}.htm'>{body}</a><span>2025/02/2{i}</span></li>" for i in range(6))
    head += f"<title>{body[:4]}</title>"
    return f"<!DOCTYPE html><html><head>{head}</head><body><ul>{items}</ul></body></html>"


@pytest.mark.parametrize(
    ("label", "codec"),
    [
        ("gb2312", "gb18030"),
        ("GBK", "gb18030"),
        ("x-gbk", "gb18030"),
        ("gb18030", "gb18030"),
        ("big5", "big5hkscs"),
        ("Big5-HKSCS", "big5hkscs"),
        ("utf8", "utf-8"),
        ("iso-8859-1", "cp1252"),
        ("no-such-charset", None),
        ("", None),
    ],
)
def test_labels_map_to_supersets(label: str, codec: str | None) -> None:
    assert normalise_charset(label) == codec


def test_charset_from_headers_accepts_mappings_and_pairs() -> None:
    assert charset_from_headers({"Content-Type": 'text/html; charset="GBK"'}) == "gb18030"
    assert charset_from_headers([("content-type", "text/html;charset=big5")]) == "big5hkscs"
    assert charset_from_headers({"Content-Type": "text/html"}) is None
    assert charset_from_headers(None) is None


def test_meta_charset_only_looks_at_the_start() -> None:
    assert meta_charset(b'<meta charset="gbk">') == "gb18030"
    http_equiv = b'<meta http-equiv="Content-Type" content="text/html; charset=big5">'
    assert meta_charset(http_equiv) == "big5hkscs"
    assert meta_charset(b" " * 5000 + b'<meta charset="gbk">') is None


@pytest.mark.parametrize(
    ("text", "codec"), [(SIMPLIFIED, "gbk"), (SIMPLIFIED, "gb18030"), (TRADITIONAL, "big5hkscs")]
)
def test_http_header_alone(text: str, codec: str) -> None:
    data = page(text).encode(codec)
    header = "big5" if codec == "big5hkscs" else codec
    assert text in decode_html(data, {"Content-Type": f"text/html; charset={header}"})


@pytest.mark.parametrize(
    ("text", "codec", "label"), [(SIMPLIFIED, "gbk", "gbk"), (TRADITIONAL, "big5hkscs", "big5")]
)
def test_meta_alone(text: str, codec: str, label: str) -> None:
    assert text in decode_html(page(text, meta=label).encode(codec))


@pytest.mark.parametrize(
    ("bom", "codec"),
    [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_bom_wins_even_over_a_contradicting_header(bom: bytes, codec: str) -> None:
    data = bom + page(SIMPLIFIED, meta="gbk").encode(codec)
    decoded = decode_html(data, {"Content-Type": "text/html; charset=gbk"})
    assert SIMPLIFIED in decoded
    assert not decoded.startswith("\ufeff")


@pytest.mark.parametrize(
    ("text", "codec"), [(SIMPLIFIED, "gbk"), (SIMPLIFIED, "gb18030"), (TRADITIONAL, "big5hkscs")]
)
def test_undeclared_pages_are_detected(text: str, codec: str) -> None:
    assert text in decode_html(page(text).encode(codec))


def test_undeclared_utf8_is_read_as_utf8() -> None:
    assert SIMPLIFIED in decode_html(page(SIMPLIFIED).encode("utf-8"))


def test_header_beats_meta_when_it_decodes() -> None:
    # The page says big5 in <meta> but the server says gbk, and gbk is right.
    data = page(SIMPLIFIED, meta="big5").encode("gbk")
    assert SIMPLIFIED in decode_html(data, {"Content-Type": "text/html; charset=gbk"})


def test_meta_takes_over_when_the_header_does_not_decode() -> None:
    # A server default of utf-8 in front of a GBK page: invalid UTF-8, so <meta> decides.
    data = page(SIMPLIFIED, meta="gbk").encode("gbk")
    assert SIMPLIFIED in decode_html(data, {"Content-Type": "text/html; charset=utf-8"})


def test_wrong_header_and_no_meta_falls_back_to_detection() -> None:
    data = page(TRADITIONAL).encode("big5hkscs")
    assert TRADITIONAL in decode_html(data, {"Content-Type": "text/html; charset=utf-8"})


def test_a_few_stray_bytes_do_not_reject_a_declared_legacy_encoding() -> None:
    data = page(SIMPLIFIED, meta="gbk").encode("gbk").replace(b"<ul>", b"<ul>\x80\xff")
    decoded = decode_html(data)
    assert SIMPLIFIED in decoded


def test_forced_source_encoding_is_used_first() -> None:
    data = page(TRADITIONAL, meta="utf-8").encode("big5hkscs")
    assert TRADITIONAL in decode_html(data, encoding="big5")
    assert TRADITIONAL in decode_html(data, encoding="auto")  # meta fails to decode: detection reads it


def test_never_raises() -> None:
    assert decode_html(b"") == ""
    assert decode_html("already text") == "already text"
    assert isinstance(decode_html(bytes(range(256)) * 10, {"Content-Type": "text/html; charset=bogus"}), str)
    assert isinstance(decode_html(b"<meta charset='utf-16'>\xff\xfe\xfd"), str)


def test_fixture_pages_decode() -> None:
    gbk = decode_html((HTML_DIR / "pku_xwzh_gbk.html").read_bytes())
    assert "物理学院王喆课题组发表量子材料研究成果" in gbk
    big5 = decode_html((HTML_DIR / "cuhk_press_zh_big5.html").read_bytes())
    assert "中大研究記錄新界圍村及邨落的口述歷史" in big5
