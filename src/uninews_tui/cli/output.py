"""Printing for the command line: JSON on stdout, article lines, terminal-safe text.

``--json`` prints exactly one JSON value on stdout; everything else a command
has to say goes to stderr. Text from feeds is already cleaned at ingestion;
it is printed as plain text (rich markup is never interpreted).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import click

from uninews_tui.models import Article


def print_json(value: Any) -> None:
    """One JSON value on stdout, UTF-8, not ASCII-escaped."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def format_date(value: datetime | None) -> str:
    """A date as YYYY-MM-DD in local time, or dashes."""
    return value.astimezone().strftime("%Y-%m-%d") if value else "----------"


def article_line(article: Article, width: int) -> str:
    """One list line: id, date, read/bookmark marks, institution, title (cut to ``width``)."""
    marks = ("*" if not article.is_read else " ") + ("B" if article.is_bookmarked else " ")
    inst = (article.institution_short or article.institution)[:10]
    line = f"{article.id:>7}  {format_date(article.published)}  {marks} {inst:<10}  {article.title}"
    return line if len(line) <= width else line[: max(20, width - 1)] + "…"


def print_articles(articles: Iterable[Article]) -> int:
    """Print article lines; returns how many were printed."""
    width = shutil.get_terminal_size((120, 24)).columns
    count = 0
    for article in articles:
        click.echo(article_line(article, width))
        count += 1
    return count


def print_article(article: Article) -> None:
    """A whole article: header lines, then the Markdown body."""
    click.echo(f"# {article.title}")
    click.echo()
    click.echo(f"Institution: {article.institution_short or article.institution}")
    click.echo(f"Source:      {article.source_title or article.source}")
    click.echo(f"Published:   {article.published.isoformat() if article.published else 'unknown'}")
    if article.author:
        click.echo(f"Author:      {article.author}")
    click.echo(f"Link:        {article.url}")
    state = ("read" if article.is_read else "unread") + (", bookmarked" if article.is_bookmarked else "")
    click.echo(f"State:       {state}")
    if article.note:
        click.echo(f"Note:        {article.note}")
    click.echo()
    click.echo(article.body or article.summary or "(no text)")
