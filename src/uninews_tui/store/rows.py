"""Rows to :class:`~uninews_tui.models.Article`, and the SELECT that feeds them.

``ARTICLE_SELECT`` is shared with the search module: any query that selects
``ARTICLE_COLUMNS`` from ``ARTICLE_FROM`` can hand its rows to
:func:`row_to_article`. List queries leave ``body`` empty (rendering Markdown
for a page of 200 rows would be wasted work); :func:`article_body` gives the
body of one article.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Mapping
from typing import Any

from ..models import Article
from .normalize import parse_iso

ARTICLE_COLUMNS = """
    articles.id, articles.institution, articles.source, articles.title, articles.url,
    articles.published, articles.summary, articles.is_read, articles.author,
    articles.has_full_text, articles.content_html AS _content_html,
    articles.body AS _stored_body,
    institutions.short AS _institution_short, institutions.name AS _institution_name,
    sources.title AS _source_title,
    bookmarks.id AS _bookmark_id, bookmarks.note AS _note, bookmarks.body AS _bookmark_body
"""
"""The columns :func:`row_to_article` reads (its ``_`` names are private to the store)."""

ARTICLE_FROM = """
    articles
    LEFT JOIN institutions ON institutions.id = articles.institution
    LEFT JOIN sources ON sources.id = articles.source
    LEFT JOIN bookmarks ON bookmarks.article_id = articles.id
"""

ARTICLE_SELECT = f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM}"

_TAG = re.compile(r"<[^>]*>")


def row_to_article(row: Mapping[str, Any] | sqlite3.Row, *, with_body: bool = False) -> Article:
    """Build an Article from a row of ``ARTICLE_SELECT``; ``with_body`` renders the body."""
    institution_short = row["_institution_short"] or row["_institution_name"] or row["institution"]
    return Article(
        id=row["id"],
        institution=row["institution"],
        source=row["source"],
        title=row["title"],
        url=row["url"],
        published=parse_iso(row["published"]),
        summary=row["summary"],
        is_read=bool(row["is_read"]),
        is_bookmarked=row["_bookmark_id"] is not None,
        author=row["author"],
        body=article_body(row) if with_body else "",
        institution_short=institution_short,
        source_title=row["_source_title"] or row["source"],
        has_full_text=bool(row["has_full_text"]),
        note=row["_note"] or "",
    )


def article_body(row: Mapping[str, Any] | sqlite3.Row) -> str:
    """The Markdown body: stored full text, else the bookmark's copy, else rendered content, else summary."""
    if row["_stored_body"]:
        return str(row["_stored_body"])
    if row["_bookmark_body"]:
        return str(row["_bookmark_body"])
    return render_markdown(row["_content_html"] or "", row["url"] or "") or str(row["summary"] or "")


def render_markdown(html: str, base_url: str = "") -> str:
    """Feed HTML as Markdown, with the parse package's converter when it is there."""
    if not html.strip():
        return ""
    try:
        from ..parse import html_to_markdown
    except ImportError:
        pass
    else:
        return html_to_markdown(html, base_url)
    try:
        from ..parse import html_to_text
    except ImportError:
        # Until the parse package lands: tags dropped, text kept (never shown as markup anyway).
        return re.sub(r"\n{3,}", "\n\n", _TAG.sub("", html)).strip()
    return html_to_text(html)


def snapshot_to_article(row: Mapping[str, Any] | sqlite3.Row) -> Article:
    """A bookmark whose live article row is gone, rebuilt from its snapshot alone."""
    article_id = row["article_id"] if row["article_id"] is not None else -int(row["id"])
    return Article(
        id=article_id,
        institution=row["institution"],
        source=row["source"],
        title=row["title"],
        url=row["url"],
        published=parse_iso(row["published"]),
        summary=row["summary"],
        is_read=True,
        is_bookmarked=True,
        author=row["author"],
        body=row["body"] or row["summary"],
        institution_short=row["institution_name"] or row["institution"],
        source_title=row["source"],
        has_full_text=bool(row["full_text"]),
        note=row["note"],
    )
