"""Reading commands: ``list``, ``show``, ``search``, ``bookmark``, ``unbookmark``."""

from __future__ import annotations

from datetime import datetime

import click

from uninews_tui.cli.context import AppContext, fail, pass_app
from uninews_tui.cli.output import print_article, print_articles, print_json


def _check_institutions(app: AppContext, ids: tuple[str, ...]) -> None:
    known = app.config.institutions
    unknown = [i for i in ids if i not in known]
    if unknown:
        fail(f"unknown institution {', '.join(unknown)!s}; known: {', '.join(sorted(known))}", 2)


@click.command("list")
@click.option("--institution", "-i", "institutions", multiple=True, metavar="ID",
              help="Only this institution (repeat for several).")
@click.option("--keyword", "-k", help="Only articles matching this search (same engine as `search`).")
@click.option("--unread", is_flag=True, help="Only unread articles.")
@click.option("--bookmarked", is_flag=True, help="Only bookmarked articles.")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), help="Published on or after YYYY-MM-DD.")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_app
def list_articles(app: AppContext, institutions: tuple[str, ...], keyword: str | None, unread: bool,
                  bookmarked: bool, since: datetime | None, limit: int, as_json: bool) -> None:
    """Print articles, newest first."""
    from uninews_tui.models import ArticleFilter

    _check_institutions(app, institutions)
    store = app.open_store()
    filt = ArticleFilter(
        institutions=institutions,
        keywords=(keyword,) if keyword else (),
        unread_only=unread,
        bookmarked_only=bookmarked,
        since=since.astimezone() if since else None,
    )
    articles = store.articles(filt, limit=limit)
    if as_json:
        print_json([a.to_json() for a in articles])
    elif not print_articles(articles):
        click.echo("no articles (try `uninews refresh`)", err=True)


@click.command("show")
@click.argument("article_id", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object with the body as Markdown.")
@pass_app
def show(app: AppContext, article_id: int, as_json: bool) -> None:
    """Print one article with its body as Markdown."""
    article = app.open_store().article(article_id)
    if article is None:
        fail(f"no article with id {article_id}")
        return
    if as_json:
        print_json(article.to_json(with_body=True))
    else:
        print_article(article)


@click.command("search")
@click.argument("query")
@click.option("--limit", "-n", type=click.IntRange(min=1), default=20, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array; each article adds a snippet.")
@pass_app
def search(app: AppContext, query: str, limit: int, as_json: bool) -> None:
    """Full-text search, best match first.

    Words are AND-ed; "exact phrase", word*, -word, OR, and qualifiers
    institution:ID source:ID after:YYYY-MM-DD before:YYYY-MM-DD is:unread
    is:bookmarked lang:zh.
    """
    result = app.open_store().search(query, limit=limit)
    if result.warning:
        click.echo(f"uninews: {result.warning}", err=True)
    if as_json:
        print_json([{**a.to_json(), "snippet": snippet} for a, snippet in result.hits])
        return
    if not result.hits:
        click.echo("no matches", err=True)
        return
    for article, snippet in result.hits:
        print_articles([article])
        if snippet:
            click.echo(f"        {snippet}")


def _set_bookmark(app: AppContext, article_id: int, on: bool) -> None:
    store = app.open_store()
    article = store.article(article_id)
    if article is None:
        fail(f"no article with id {article_id}")
        return
    store.set_bookmark(article_id, on)
    if on and not article.has_full_text:
        click.echo("bookmarked (summary only; the full text is fetched on the next refresh)", err=True)
    else:
        click.echo("bookmarked" if on else "bookmark removed", err=True)


@click.command("bookmark")
@click.argument("article_id", type=int)
@pass_app
def bookmark(app: AppContext, article_id: int) -> None:
    """Bookmark an article (kept with its text until you remove it)."""
    _set_bookmark(app, article_id, True)


@click.command("unbookmark")
@click.argument("article_id", type=int)
@pass_app
def unbookmark(app: AppContext, article_id: int) -> None:
    """Remove a bookmark."""
    _set_bookmark(app, article_id, False)


COMMANDS = [list_articles, show, search, bookmark, unbookmark]
