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
_FACET_COLUMNS = frozenset({"id", "institution", "source", "is_read", "published_ts"})
_COLUMN = re.compile(r"\barticles\.(\w+)")


def ranked_ids(
    conn: sqlite3.Connection,
    match_param: str,
    conditions: list[str],
    params: dict[str, Any],
    limit: int,
    window: int | None = None,
) -> list[int]:
    """Article ids best first for the MATCH string in ``params[match_param]``.

    Args:
        conn: The connection.
        match_param: The placeholder (``:name``) holding the FTS5 MATCH string.
        conditions: SQL conditions over ``articles`` AND-ed with the match.
        params: Every parameter the match and conditions use.
        limit: Most ids to return.
        window: Override of ``RANK_WINDOW`` (tests).
    """
    size = RANK_WINDOW if window is None else window
    if limit <= 0:
        return []
    where = " AND ".join(conditions) or "1"
    narrow = set(_COLUMN.findall(where)) <= _FACET_COLUMNS
    table = FACETS if narrow else "articles"
    threshold = _nth_newest(conn, match_param, params, size, None)
    window_condition = "" if threshold is None else " AND rowid >= :search_rank_threshold"
    ranked = [
        article_id
        for (article_id,) in conn.execute(
            "SELECT articles.id FROM (SELECT rowid AS id, rank AS score FROM articles_fts"
            f" WHERE articles_fts MATCH {match_param}{window_condition}) AS matched"
            f" JOIN {table} ON articles.id = matched.id WHERE {where}"
            " ORDER BY matched.score, articles.published_ts DESC LIMIT :search_rank_limit",
            {**params, "search_rank_threshold": threshold, "search_rank_limit": limit},
        )
    ]
    if threshold is None or len(ranked) >= limit:
        return ranked
    return ranked + _older(conn, match_param, where, narrow, params, threshold, limit - len(ranked))


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
        # The filter's ids (from its index), then the matches walked newest first against them.
        sql = (
            f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH {match_param}"
            " AND rowid < :search_rank_floor AND +rowid IN"
            f" (SELECT articles.id FROM articles WHERE articles.id < :search_rank_floor AND {where})"
            " ORDER BY rowid DESC LIMIT :search_rank_rest"
        )
    else:
        sql = (
            "SELECT articles.id FROM articles WHERE articles.id < :search_rank_floor AND articles.id IN"
            f" (SELECT rowid FROM articles_fts WHERE articles_fts MATCH {match_param}) AND {where}"
            " ORDER BY articles.id DESC LIMIT :search_rank_rest"
        )
    rest = conn.execute(sql, {**bounds, "search_rank_rest": wanted - len(streamed)})
    return streamed + [article_id for (article_id,) in rest]
