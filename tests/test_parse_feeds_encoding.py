"""Character encodings of feeds: BOM, XML declaration, HTTP charset, and their known conflicts.

The conflicts are the ones miniflux collected from real sites: a declaration
that lies about UTF-8 bytes, an HTTP header that lies about legacy bytes, a
made-up encoding name, no declaration over Latin-1 bytes.
"""

from __future__ import annotations

import pytest

from uninews_tui.parse import parse_feed


def rss(title: str, declaration: str = "") -> str:
    """A one-item RSS document (the item repeats the title)."""
    prolog = f'<?xml version="1.0" encoding="{declaration}"?>\n' if declaration else ""
    return (
        f'{prolog}<rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{title}</title><link>https://www.example.edu/n/1</link></item></channel></rss>"
    )


def titles(data: bytes, headers: dict[str, str] | None = None) -> tuple[str, str]:
    feed = parse_feed(data, headers=headers)
    return feed.title, feed.entries[0].title


def test_utf8_bytes_win_over_a_latin1_declaration():
    data = rss("Université de Genève – 테스트", "ISO-8859-1").encode("utf-8")
    assert titles(data) == ("Université de Genève – 테스트",) * 2


def test_utf8_bytes_win_over_a_wrong_http_charset():
    data = rss("Universität Zürich").encode("utf-8")
    assert titles(data, {"Content-Type": "application/rss+xml; charset=windows-1251"}) == (
        "Universität Zürich",
        "Universität Zürich",
    )


def test_declared_legacy_encodings_are_used_for_legacy_bytes():
    assert titles(rss("Café €", "windows-1252").encode("cp1252")) == ("Café €", "Café €")
    assert titles(rss("Новости университета", "koi8-r").encode("koi8_r")) == ("Новости университета",) * 2
    assert titles(rss("大学ニュース", "Shift_JIS").encode("cp932")) == ("大学ニュース", "大学ニュース")


def test_iso_8859_1_label_means_windows_1252_as_in_browsers():
    data = rss("“Quoted” – dash", "iso-8859-1").encode("cp1252")
    assert titles(data) == ("“Quoted” – dash", "“Quoted” – dash")


def test_http_charset_wins_over_the_declaration_when_the_bytes_are_not_utf8():
    data = rss("Łódź University", "iso-8859-1").encode("iso-8859-2")
    headers = {"content-type": "text/xml; charset=ISO-8859-2"}
    assert titles(data, headers) == ("Łódź University", "Łódź University")


def test_an_http_utf8_charset_over_latin1_bytes_is_ignored():
    data = rss("Café society", "windows-1252").encode("cp1252")
    assert titles(data, {"Content-Type": "application/xml; charset=utf-8"}) == ("Café society",) * 2


def test_unknown_encoding_name_and_missing_declaration_still_parse():
    assert titles(rss("Zoë", "invalid").encode("utf-8")) == ("Zoë", "Zoë")
    # No declaration, Latin-1 bytes: not UTF-8, so the bytes are detected / taken as windows-1252.
    assert titles(rss("Le Café des Sciences").encode("latin-1")) == ("Le Café des Sciences",) * 2


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_marks_and_utf16_without_bom(codec):
    data = rss("Universidade de São Paulo", codec.replace("-sig", "")).encode(codec)
    assert titles(data) == ("Universidade de São Paulo",) * 2


def test_bom_wins_over_a_contradicting_declaration_and_header():
    data = rss("Københavns Universitet", "iso-8859-1").encode("utf-8-sig")
    assert titles(data, {"Content-Type": "text/xml; charset=koi8-r"}) == ("Københavns Universitet",) * 2


def test_seven_bit_iso_2022_jp_is_decoded_as_declared():
    data = rss("東京大学のお知らせ", "ISO-2022-JP").encode("iso2022_jp")
    assert data.isascii()
    assert titles(data) == ("東京大学のお知らせ", "東京大学のお知らせ")


def test_gb2312_label_decodes_gbk_only_characters():
    data = rss("朱镕基", "gb2312").encode("gbk")
    assert titles(data) == ("朱镕基", "朱镕基")


def test_misplaced_xml_declaration_is_tolerated():
    data = ("\n<!-- generated -->" + rss("Campus", "utf-8")).encode("utf-8")
    assert titles(data) == ("Campus", "Campus")
