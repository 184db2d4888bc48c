"""Running a search: ranked ids from FTS5 under the store's filter, then snippets.

:func:`search` never raises for anything the user typed: the query is parsed
into quoted FTS5 strings and SQL conditions with named parameters, and should
SQLite still refuse the MATCH string, the query is retried as plain words and
the result carries a warning.

Ranking is FTS5's ``rank`` (bm25 with title 10, summary 4, body 1, author 2,
set by ``search_index.install``), newest first among equal ranks, over the
newest matches (``search_rank``). A query of one phrase is ranked by its
words next to each other (``NEAR(..., 0)``): bm25's order for the phrase
wherever its words never stand the other way round, for half the CPU. A
query of qualifiers or exclusions only has nothing to rank by and lists
newest first.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from uninews_tui.search.document import body_text
from uninews_tui.search.parsed import ParsedQuery
from uninews_tui.search.query import parse_query, plain_words
from uninews_tui.search.snippet import make_snippet
from uninews_tui.store.connection import Database
from uninews_tui.store.search_language import stored_languages
from uninews_tui.store.search_rank import ranked_ids
from uninews_tui.store.search_sql import Params, adjacency_expression, qualifier_conditions, text_condition

PARAM_PREFIX = "search_"


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits best first as ``(article id, snippet)``; the store turns ids into Articles."""

    hits: list[tuple[int, str]] = field(default_factory=list)
    warning: str | None = None
    """Set when (part of) the query was not understood and was read differently."""
    terms: list[str] = field(default_factory=list)
    """The words and phrases to highlight (see ``search.highlight.find_matches``)."""


def search(
    db: Database,
    query: str,
    where_sql: str = "1",
    params: dict[str, Any] | None = None,
    limit: int = 50,
    *,
    snippets: bool = True,
) -> SearchResult:
    """Search the articles matching ``where_sql`` (the store's filter) for ``query``.

    Args:
        db: The store's database (the connection must have run ``register_functions``).
        query: What the user typed, in the query language of ``search.query``.
        where_sql: A condition over ``articles`` (no ``WHERE``); ``"1"`` for all.
        params: Its named parameters (none may start with ``search_``).
        limit: Most hits to return.
        snippets: False for hits with empty snippets and no snippet work (search as you type).
    """
    parsed = parse_query(query)
    try:
        return _run(db, parsed, where_sql, params or {}, limit, snippets)
    except sqlite3.OperationalError:
        # Should not happen (every token is quoted), but a query must never crash the reader.
        fallback = plain_words(query, "could not run the query: searched for the words instead")
        try:
            return _run(db, fallback, where_sql, params or {}, limit, snippets)
        except sqlite3.OperationalError:
            return SearchResult([], "could not run the query", [])


def _run(
    db: Database, parsed: ParsedQuery, where_sql: str, params: dict[str, Any], limit: int, snippets: bool
) -> SearchResult:
    values = Params(PARAM_PREFIX)
    languages = stored_languages(db.conn) if parsed.qualifiers.languages else None
    conditions = qualifier_conditions(parsed.qualifiers, values, languages)
    conditions.append(f"({where_sql or '1'})")
    match = parsed.match_expression()
    if match is not None:
        match_param = values.add(match)
        adjacency = adjacency_expression(parsed)
        score_param = None if adjacency is None else values.add(adjacency)
        all_params = {**params, **values.values}
        ids = ranked_ids(db.conn, match_param, conditions, all_params, limit, score_param=score_param)
    elif parsed.has_text or not parsed.qualifiers.is_empty():
        text = text_condition(parsed, values)
        if text is not None:
            conditions.insert(0, text)
        limit_param = values.add(max(0, int(limit)))
        sql = (
            f"SELECT articles.id FROM articles WHERE {' AND '.join(conditions)}"
            f" ORDER BY articles.published_ts DESC, articles.id DESC LIMIT {limit_param}"
        )
        ids = [row[0] for row in db.conn.execute(sql, {**params, **values.values})]
    else:
        return SearchResult([], parsed.warning, [])
    terms = parsed.terms
    hits = _with_snippets(db, ids, terms) if snippets else [(article_id, "") for article_id in ids]
    return SearchResult(hits, parsed.warning, terms)


def _with_snippets(db: Database, ids: list[int], terms: list[str]) -> list[tuple[int, str]]:
    """Pair each id with a snippet from its summary or body (in the order of ``ids``)."""
    if not ids:
        return []
    values = Params("id")
    placeholders = ", ".join(values.add(article_id) for article_id in ids)
    rows = db.conn.execute(
        f"SELECT id, summary, body, content_html FROM articles WHERE id IN ({placeholders})", values.values
    )
    snippets = {row[0]: make_snippet(_texts(row[1], row[2], row[3]), terms) for row in rows}
    return [(article_id, snippets.get(article_id, "")) for article_id in ids]


def _texts(summary: str | None, body: str | None, content_html: str | None) -> Iterator[str]:
    """The summary, then the body's text: made only when the summary holds no match."""
    yield summary or ""
    yield body_text(body, content_html)
