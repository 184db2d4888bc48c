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
"""

from __future__ import annotations

import sqlite3
from typing import Any

RANK_WINDOW = 500
"""How many of the newest matches bm25 orders: 3-10 ms of CPU for common words at 100k articles."""


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
    bounds = {**params, "search_rank_offset": size - 1, "search_rank_limit": limit}
    row = conn.execute(
        f"SELECT rowid FROM articles_fts WHERE articles_fts MATCH {match_param}"
        " ORDER BY rowid DESC LIMIT 1 OFFSET :search_rank_offset",
        bounds,
    ).fetchone()
    threshold = None if row is None else int(row[0])
    window_condition = "" if threshold is None else " AND rowid >= :search_rank_threshold"
    ranked = [
        article_id
        for (article_id,) in conn.execute(
            "SELECT articles.id FROM (SELECT rowid AS id, rank AS score FROM articles_fts"
            f" WHERE articles_fts MATCH {match_param}{window_condition}) AS matched"
            f" JOIN articles ON articles.id = matched.id WHERE {where}"
            " ORDER BY matched.score, articles.published_ts DESC LIMIT :search_rank_limit",
            {**bounds, "search_rank_threshold": threshold},
        )
    ]
    if threshold is None or len(ranked) >= limit:
        return ranked
    older = conn.execute(
        "SELECT articles.id FROM articles WHERE articles.id < :search_rank_threshold AND articles.id IN"
        f" (SELECT rowid FROM articles_fts WHERE articles_fts MATCH {match_param}) AND {where}"
        " ORDER BY articles.id DESC LIMIT :search_rank_rest",
        {**bounds, "search_rank_threshold": threshold, "search_rank_rest": limit - len(ranked)},
    )
    return ranked + [article_id for (article_id,) in older]
