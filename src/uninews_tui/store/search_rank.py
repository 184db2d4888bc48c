"""Ranked ids for a MATCH under the store's filter, with the bm25 work capped.

bm25 costs a few microseconds per matching row, so ranking every article
that contains a common word (50,000 of 100,000 for "university") takes
hundreds of milliseconds. Search instead ranks the ``RANK_WINDOW`` most
recently stored matches (rowid = ``articles.id``, which grows with each
refresh):

1. the rowid of the ``RANK_WINDOW``-th newest match, read straight from the
   FTS5 doclist without ranking (well under a millisecond);
2. bm25 over the matches from that rowid on, joined to ``articles`` for the
   filter, best first;
3. when the filter leaves fewer than ``limit`` hits in that window, older
   matches follow, newest first (found without ranking), so narrowing the
   search never loses a match, it only stops ranking deep history.

A query matching fewer than ``RANK_WINDOW`` articles is ranked in full.

Step 3 walks the next ``STREAM_MATCHES`` older matches newest first, testing
the filter on each (a dense filter such as ``is:unread`` is done there); a
filter that leaves fewer hits than needed is narrow, so the rest comes from
the filter's own ids (``inst:``, ``source:``: an index) checked against the
matches, instead of looking up every older match's row. Filters over the
columns of the narrow facets index read that index, not the 3 KB table rows.

A query of one phrase is scored by another MATCH (``score_param``, from
``search_sql.adjacency_expression``): ``NEAR("a" "b", 0)``, its words side
by side in any order. bm25 multiplies every row's score by the phrase's IDF,
and FTS5 finds that IDF by checking word positions in every article holding
the words (58M of 78M instructions for ``"clinical trial"`` at 100k
articles), although with one phrase it scales every score alike. The NEAR's
IDFs are its single words' (read from their doclists) and its per-row counts
are the phrase's wherever the words never stand side by side in another
order: the same order for about half the CPU. Rows the NEAR matches but the
phrase does not are dropped; should the NEAR miss a match of the phrase, the
phrase ranks itself.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

RANK_WINDOW = 500
"""How many of the newest matches bm25 orders: 3-10 ms of CPU for common words at 100k articles."""
STREAM_MATCHES = 2000
"""How many older matches are tested one by one before a narrow filter's ids are used instead."""
FACETS = "articles INDEXED BY idx_articles_facets"
_FACET_COLUMNS = frozenset({"id", "institution", "source", "is_read", "published_ts", "language"})
_COLUMN = re.compile(r"\barticles\.(\w+)")


def ranked_ids(
    conn: sqlite3.Connection,
    match_param: str,
    conditions: list[str],
    params: dict[str, Any],
    limit: int,
    window: int | None = None,
    *,
    score_param: str | None = None,
) -> list[int]:
    """Article ids best first for the MATCH string in ``params[match_param]``.

    Args:
        conn: The connection.
        match_param: The placeholder (``:name``) holding the FTS5 MATCH string.
        conditions: SQL conditions over ``articles`` AND-ed with the match.
        params: Every parameter the match and conditions use.
        limit: Most ids to return.
        window: Override of ``RANK_WINDOW`` (tests).
        score_param: The placeholder of a MATCH string whose bm25 orders the match's rows,
            matching at least those rows (a phrase's ``NEAR``); None to rank by the match itself.
    """
    size = RANK_WINDOW if window is None else window
    if limit <= 0:
        return []
    where = " AND ".join(conditions) or "1"
    narrow = set(_COLUMN.findall(where)) <= _FACET_COLUMNS
    table = FACETS if narrow else "articles"
    if score_param is None:
        threshold = _nth_newest(conn, match_param, params, size, None)
        ranked = _ranked_window(conn, match_param, table, where, params, threshold, limit)
    else:
        threshold, ranked = _ranked_by_score(
            conn, match_param, score_param, table, where, params, size, limit
        )
    if threshold is None or len(ranked) >= limit:
        return ranked
    return ranked + _older(conn, match_param, where, narrow, params, threshold, limit - len(ranked))


def _ranked_window(
    conn: sqlite3.Connection,
    match_param: str,
    table: str,
    where: str,
    params: dict[str, Any],
    threshold: int | None,
    limit: int,
) -> list[int]:
    """The filtered matches from ``threshold`` on (all when None), best first."""
    window_condition = "" if threshold is None else " AND rowid >= :search_rank_threshold"
    return [
        article_id
        for (article_id,) in conn.execute(
            "SELECT articles.id FROM (SELECT rowid AS id, rank AS score FROM articles_fts"
            f" WHERE articles_fts MATCH {match_param}{window_condition}) AS matched"
            f" JOIN {table} ON articles.id = matched.id WHERE {where}"
            " ORDER BY matched.score, articles.published_ts DESC LIMIT :search_rank_limit",
            {**params, "search_rank_threshold": threshold, "search_rank_limit": limit},
        )
    ]


def _ranked_by_score(
    conn: sqlite3.Connection,
    match_param: str,
    score_param: str,
    table: str,
    where: str,
    params: dict[str, Any],
    size: int,
    limit: int,
) -> tuple[int | None, list[int]]:
    """The window's threshold and its filtered matches best first, ordered by ``score_param``'s bm25."""
    newest = [
        rowid
        for (rowid,) in conn.execute(
            f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH {match_param}"
            " ORDER BY rowid DESC LIMIT :search_rank_size",
            {**params, "search_rank_size": size},
        )
    ]
    if not newest:
        return None, []
    threshold = newest[-1] if len(newest) >= size else None
    # A rowid range, not IN (...): FTS5 would run (and rank) the MATCH once per listed id.
    # The filter is a column, so the rows it drops still show that the score covered every match.
    scored = conn.execute(
        f"SELECT articles.id, ({where}) FROM (SELECT rowid AS id, rank AS score FROM articles_fts"
        f" WHERE articles_fts MATCH {score_param} AND rowid >= :search_rank_lowest) AS matched"
        f" JOIN {table} ON articles.id = matched.id ORDER BY matched.score, articles.published_ts DESC",
        {**params, "search_rank_lowest": newest[-1]},
    ).fetchall()
    matching = set(newest)
    if not matching <= {article_id for article_id, _ in scored}:
        # Never lose a match to the other expression: rank by the match itself.
        return threshold, _ranked_window(conn, match_param, table, where, params, threshold, limit)
    hits = [article_id for article_id, passes in scored if passes and article_id in matching]
    return threshold, hits[:limit]


def _nth_newest(
    conn: sqlite3.Connection, match_param: str, params: dict[str, Any], n: int, below: int | None
) -> int | None:
    """The rowid of the ``n``-th newest match (below ``below``), None when there are fewer."""
    below_condition = "" if below is None else " AND rowid < :search_rank_below"
    row = conn.execute(
        f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH {match_param}{below_condition}"
        " ORDER BY rowid DESC LIMIT 1 OFFSET :search_rank_offset",
        {**params, "search_rank_below": below, "search_rank_offset": max(0, n - 1)},
    ).fetchone()
    return None if row is None else int(row[0])


def _older(
    conn: sqlite3.Connection,
    match_param: str,
    where: str,
    narrow: bool,
    params: dict[str, Any],
    threshold: int,
    wanted: int,
) -> list[int]:
    """Up to ``wanted`` filtered matches below ``threshold``, newest first."""
    floor = _nth_newest(conn, match_param, params, STREAM_MATCHES, threshold)
    floor_condition = "" if floor is None else " AND articles_fts.rowid >= :search_rank_floor"
    bounds = {**params, "search_rank_threshold": threshold, "search_rank_floor": floor}
    # CROSS JOIN keeps the matches outside: they come newest first and stop at the LIMIT.
    streamed = [
        article_id
        for (article_id,) in conn.execute(
            f"SELECT articles.id FROM articles_fts CROSS JOIN {FACETS if narrow else 'articles'}"
            f" ON articles.id = articles_fts.rowid WHERE articles_fts MATCH {match_param}"
            f" AND articles_fts.rowid < :search_rank_threshold{floor_condition} AND {where}"
            " ORDER BY articles_fts.rowid DESC LIMIT :search_rank_wanted",
            {**bounds, "search_rank_wanted": wanted},
        )
    ]
    if floor is None or len(streamed) >= wanted:
        return streamed
    if narrow:
        # The filter's ids (from its index) and the matches, both in id order, merged by SQLite's
        # INTERSECT (a look-up of every match in a temporary index of the filter's ids cost 1.5x).
        # A "+" that keeps a column off the index lookups of a listing (search_sql: lang:) is
        # dropped here, where that index is the point.
        indexed = where.replace("+articles.", "articles.")
        sql = (
            f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH {match_param}"
            " AND rowid < :search_rank_floor INTERSECT"
            f" SELECT articles.id FROM articles WHERE articles.id < :search_rank_floor AND {indexed}"
            " ORDER BY 1 DESC LIMIT :search_rank_rest"
        )
    else:
        sql = (
            "SELECT articles.id FROM articles WHERE articles.id < :search_rank_floor AND articles.id IN"
            f" (SELECT rowid FROM articles_fts WHERE articles_fts MATCH {match_param}) AND {where}"
            " ORDER BY articles.id DESC LIMIT :search_rank_rest"
        )
    rest = conn.execute(sql, {**bounds, "search_rank_rest": wanted - len(streamed)})
    return streamed + [article_id for (article_id,) in rest]
