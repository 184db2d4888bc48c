"""Bookmark export as Markdown, JSON or one self-contained HTML page.

Bodies are stored as Markdown. The HTML export renders them with markdown-it
(already installed with Textual) and then sanitises the result with nh3, so
nothing a feed sent can run script in the exported page.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from uninews_tui.models import Article

FORMATS = ("md", "json", "html")


def bookmark_json(article: Article) -> dict[str, Any]:
    """Every field of a bookmark, for the JSON export."""
    data = article.to_json(with_body=True)
    data.update(
        {
            "author": article.author,
            "institution_name": article.institution_short or article.institution,
            "source_title": article.source_title,
            "note": article.note,
            "full_text": article.has_full_text,
        }
    )
    return data


def to_json(articles: Sequence[Article]) -> str:
    return json.dumps([bookmark_json(a) for a in articles], ensure_ascii=False, indent=2) + "\n"


def _date(article: Article) -> str:
    return article.published.strftime("%Y-%m-%d") if article.published else "undated"


def to_markdown(articles: Sequence[Article]) -> str:
    """A Markdown document readable as is: one section per bookmark."""
    now = datetime.now(UTC).strftime("%Y-%m-%d")
    parts = [f"# uninews bookmarks\n\n{len(articles)} bookmarks, exported {now}.\n"]
    for article in articles:
        meta = f"*{article.institution_short or article.institution} · {_date(article)}"
        meta += f" · {article.author}*" if article.author else "*"
        section = [f"## {article.title}", "", meta, "", f"<{article.url}>", ""]
        if article.note:
            section += [f"> Note: {article.note}", ""]
        if not article.has_full_text:
            section += ["*(summary only)*", ""]
        section += [article.body or article.summary or "", ""]
        parts.append("\n".join(section))
    return "\n---\n\n".join(parts).rstrip() + "\n"


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>uninews bookmarks</title>
<style>
body {{ font: 16px/1.55 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; color: #222; }}
article {{ border-top: 1px solid #ccc; padding-top: 1rem; margin-top: 2rem; }}
.meta {{ color: #666; font-size: .9rem; }} .note {{ background: #fff8dc; padding: .5rem .75rem; }}
img {{ max-width: 100%; }}
</style></head>
<body><h1>uninews bookmarks</h1><p class="meta">{count} bookmarks, exported {date}.</p>
{articles}
</body></html>
"""


def _render_body(markdown_text: str) -> str:
    import nh3
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": False}).render(markdown_text)
    return nh3.clean(rendered, url_schemes={"http", "https", "mailto"}, link_rel="noopener noreferrer")


def to_html(articles: Sequence[Article]) -> str:
    """One self-contained page (inline CSS, no script), every body sanitised."""
    blocks = []
    for article in articles:
        esc = html.escape
        url = article.url if article.url.startswith(("http://", "https://")) else ""
        meta = f"{esc(article.institution_short or article.institution)} · {esc(_date(article))}"
        if article.author:
            meta += f" · {esc(article.author)}"
        note = f'<p class="note">Note: {esc(article.note)}</p>' if article.note else ""
        blocks.append(
            f'<article><h2><a href="{esc(url, quote=True)}">{esc(article.title)}</a></h2>'
            f'<p class="meta">{meta}</p>{note}'
            f"{_render_body(article.body or article.summary or '')}</article>"
        )
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    return _PAGE.format(count=len(articles), date=date, articles="\n".join(blocks))


def export(articles: Sequence[Article], fmt: str) -> str:
    """The bookmarks in format ``fmt`` (one of FORMATS)."""
    if fmt == "json":
        return to_json(articles)
    if fmt == "html":
        return to_html(articles)
    return to_markdown(articles)
