"""Hostile text for the terminal-safety tests: every escape a server could try, in every field.

The payload mixes what a terminal obeys (CSI colours and clear screen, OSC 0/2
window titles, OSC 8 hyperlinks, OSC 52 clipboard writes, C1 controls, BEL,
BS) with what reorders text (bidi overrides and isolates) and with Textual
markup that must stay literal.
"""

from __future__ import annotations

import json

PAYLOAD = (
    "\x1b[31mRED\x1b[0m \x1b[2J\x1b[H \x1b]0;pwned-title\x07 \x1b]2;pwned-two\x1b\\ "
    "\x1b]8;;https://evil.example/\x1b\\osc8\x1b]8;;\x1b\\ \x1b]52;c;cm0gLXJmIH4=\x07 "
    "\x9b31m \x85\x8d\x90q\x9c \x07bell \x08\x08bs \u202eevil\u202c \u2066iso\u2069 \u200f\u061c"
)
"""Everything here must vanish; the visible words RED, osc8, bell, bs, evil, iso may stay."""
MARKUP = "[bold]Not bold[/bold] [link=https://evil.example/]click[/link] [@click=app.quit]quit[/]"
"""Textual markup that must be shown literally and do nothing."""
# Sequence bodies that must not survive as text (only possible if the escape was cut in half).
RESIDUE = ("[31m", "[2J", "]0;", "]2;", "]8;", "]52;", "cm0gLXJmIH4=", "pwned")


def json_feed(base: str) -> bytes:
    """A JSON Feed (escapes are legal JSON) with the payload in every field."""
    items = [
        {
            "id": "json-1",
            "url": f"{base}/article/json-1",
            "title": f"JSON title {PAYLOAD} end",
            "summary": f"JSON summary {PAYLOAD}",
            "content_html": f"<p>JSON body {PAYLOAD}</p><p><a href=\"https://ok.example/\">link text "
                            f"{PAYLOAD}</a></p><h2>Heading {PAYLOAD}</h2><pre>code {PAYLOAD}</pre>",
            "authors": [{"name": f"Author {PAYLOAD}"}],
            "tags": [f"tag {PAYLOAD}"],
            "date_published": "2026-11-02T09:00:00Z",
        },
        {
            "id": "json-markup",
            "url": f"{base}/article/json-markup",
            "title": MARKUP,
            "content_html": f"<p>{MARKUP}</p>",
            "date_published": "2026-11-01T09:00:00Z",
        },
    ]
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": f"Feed title {PAYLOAD}", "items": items}
    return json.dumps(feed).encode()


def rss_feed(base: str) -> bytes:
    """RSS with the payload as raw bytes (ESC makes it ill-formed) and as character references."""
    refs = "".join(f"&#{ord(ch)};" if ch in "\x1b\x07\x08" else ch for ch in PAYLOAD)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
        f"<title>RSS feed {PAYLOAD}</title><link>{base}/</link>"
        f"<item><title>RSS raw {PAYLOAD} end</title><link>{base}/article/rss-1</link><guid>rss-1</guid>"
        f"<dc:creator>Creator {PAYLOAD}</dc:creator><pubDate>Mon, 02 Nov 2026 08:00:00 +0000</pubDate>"
        f"<description><![CDATA[<p>RSS summary {PAYLOAD}</p>]]></description></item>"
        f"<item><title>RSS refs {refs} end</title><link>{base}/article/rss-2</link><guid>rss-2</guid>"
        f"<author>ed@example.edu (Editor {refs})</author><pubDate>Mon, 02 Nov 2026 07:00:00 +0000</pubDate>"
        f"<description>RSS summary {refs}</description></item>"
        "</channel></rss>"
    ).encode()


def list_page(base: str) -> bytes:
    """An HTML news list page (for a ``kind = "html"`` source)."""
    return (
        f"<html><head><title>News {PAYLOAD}</title></head><body><ul class='news'>"
        f"<li><a href='/article/html-1'>HTML list {PAYLOAD} end</a><span class='date'>2026-11-02</span>"
        f"<p class='sum'>HTML summary {PAYLOAD}</p></li></ul></body></html>"
    ).encode()


def article_page(title: str) -> bytes:
    """An article page for full-text extraction."""
    paragraph = f"Full text paragraph with a {PAYLOAD} inside, long enough to count as the article. "
    return (
        f"<html><head><title>{title} {PAYLOAD}</title><meta name='author' content='Page {PAYLOAD}'></head>"
        f"<body><nav>Menu</nav><article><h1>{title} {PAYLOAD}</h1>"
        + "".join(f"<p>{paragraph * 3}</p>" for _ in range(4))
        + f"<p>Markup as text: {MARKUP}</p>"
        + f"<p><a href='https://ok.example/more'>More {PAYLOAD}</a></p></article></body></html>"
    ).encode()


def opml(base: str) -> bytes:
    """An OPML list whose titles carry bidi and C1 controls (legal XML) and raw escapes (not)."""
    return (
        '<?xml version="1.0" encoding="utf-8"?><opml version="2.0"><head><title>Subs</title></head><body>'
        f'<outline text="Folder \u202eredlof\u202c \x85"><outline type="rss" '
        f'text="OPML source \x1b]0;pwned\x07 \u2066x\u2069 \x9b2J" xmlUrl="{base}/opml.xml"/></outline>'
        "</body></opml>"
    ).encode()
