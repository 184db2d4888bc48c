"""Reading articles for the list, the counts and the CLI; read state and full text.

The list and the counts are single indexed SQL queries: ``article_ids`` walks
``idx_articles_published`` (or the institution / unread indexes) and returns
only ids, so the reader can hold 100,000 of them and fetch one page of rows at
a time with ``articles_by_ids``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..models import Article, ArticleFilter, InstitutionCount
from ..parse.text import clean_text
from .connection import StoreBase, locked
from .filters import ALL_ARTICLES, Where, build_where, split_matches, with_keyword
from .normalize import epoch, iso_utc
from .rows import ARTICLE_SELECT, row_to_article, snapshot_to_article

ORDER = "ORDER BY articles.published_ts DESC, articles.id DESC"
FACETS_INDEX = "idx_articles_facets"


def counted(where: Where) -> str:
    """What a count reads: with a full-text or language condition, the narrow facets index.

    SQLite answers ``articles.id IN (SELECT rowid FROM articles_fts ...)`` by
    rowid lookups in the table itself, one 3 KB row (a page) per match; the
    facets index holds the id and every column the filters test in a few
    bytes. Counting a common keyword at 100k articles: 140 ms -> 35 ms.
    """
    condition = where.condition
    narrow = "articles_fts" in condition or _by_language(condition)
    return f"articles INDEXED BY {FACETS_INDEX}" if narrow else "articles"


def counted_rows(where: Where) -> str:
    """``FROM ... WHERE ...`` of a count under ``where``.

    Two or more full-text conditions AND-ed (a search and a keyword) are
    handed to FTS5 together, which intersects them in the index; the rows
    it finds are tested against the rest on the facets index. As separate
    ``articles.id IN (...)`` lists, SQLite built one of tens of thousands of
    ids per condition: 7 keyword counts under ``is:unread research`` at 100k
    articles 410 ms; each count 71 -> 23 ms.
    """
    matches, rest = split_matches(where.condition)
    if len(matches) < 2:
        return f"FROM {counted(where)} {where.sql}"
    conditions = [f"articles_fts MATCH {param}" for param in matches] + rest
    return (
        f"FROM articles_fts CROSS JOIN articles INDEXED BY {FACETS_INDEX}"
        f" ON articles.id = articles_fts.rowid WHERE {' AND '.join(conditions)}"
    )


def listed(where: Where) -> str:
    """What a listing reads: with a language condition (``lang:``), the facets index.

    The date-ordered indexes do not hold the language, so walking one looks
    up every article's row; the facets index does (schema version 3), and
    sorting what passes by date is cheaper: ``lang:zh`` at 100k articles
    329 -> 26 ms.
    """
    return f"articles INDEXED BY {FACETS_INDEX}" if _by_language(where.condition) else "articles"


def _by_language(condition: str) -> bool:
    return "articles.language" in condition


_CHUNK = 500  # ids per IN (...) list, well under SQLite's parameter limit


class ArticlesMixin(StoreBase):
    """Article queries, facet counts, read state and bodies."""

    @locked
    def articles(
        self, filt: ArticleFilter = ALL_ARTICLES, *, offset: int = 0, limit: int = 200
    ) -> list[Article]:
        """Articles matching ``filt``, newest first (``body`` left empty; see ``article``)."""
        where = build_where(filt)
        params: dict[str, Any] = {**where.params, "_limit": limit, "_offset": offset}
        rows = self._rows(f"{ARTICLE_SELECT} {where.sql} {ORDER} LIMIT :_limit OFFSET :_offset", params)
        return [row_to_article(row) for row in rows]

    @locked
    def count(self, filt: ArticleFilter = ALL_ARTICLES) -> int:
        """How many articles match ``filt``."""
        where = build_where(filt)
        return int(self._scalar(f"SELECT count(*) {counted_rows(where)}", where.params))

    @locked
    def article_ids(self, filt: ArticleFilter = ALL_ARTICLES) -> list[int]:
        """Ids of the matching articles, newest first: cheap enough for 100k rows."""
        where = build_where(filt)
        # One JSON array instead of 100k Python row tuples: about twice as fast. The
        # aggregate consumes the ordered subquery in order (tested in test_store_queries).
        ordered = f"SELECT articles.id AS id FROM {listed(where)} {where.sql} {ORDER}"
        packed = self._scalar(f"SELECT json_group_array(id) FROM ({ordered})", where.params)
        return list(json.loads(packed)) if packed else []

    @locked
    def articles_by_ids(self, ids: Iterable[int]) -> list[Article]:
        """The articles with these ids, in the order given (missing ids are skipped)."""
        wanted = list(ids)
        found: dict[int, Article] = {}
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            placeholders = ", ".join("?" for _ in chunk)
            for row in self._rows(f"{ARTICLE_SELECT} WHERE articles.id IN ({placeholders})", tuple(chunk)):
                found[row["id"]] = row_to_article(row)
        return [found[i] for i in wanted if i in found]

    @locked
    def article(self, article_id: int) -> Article | None:
        """One article with its Markdown body; a bookmark whose article is gone comes from its snapshot."""
        rows = self._rows(f"{ARTICLE_SELECT} WHERE articles.id = ?", (article_id,))
        if rows:
            return row_to_article(rows[0], with_body=True)
        # Bookmarked rows are never deleted, but a bookmark must outlive even that.
        snapshots = self._rows("SELECT * FROM bookmarks WHERE article_id = ?", (article_id,))
        return snapshot_to_article(snapshots[0]) if snapshots else None

    @locked
    def institution_counts(self, filt: ArticleFilter = ALL_ARTICLES) -> list[InstitutionCount]:
        """Unread/total per institution under every part of ``filt`` except its institutions.

        Institutions from the config come in config order, even when empty; an
        institution removed from the config is listed only while it still has articles.
        """
        where = build_where(filt, ignore_institutions=True)
        counts = {
            row[0]: (row[1], row[2])
            for row in self._conn.execute(
                "SELECT articles.institution, count(*), total(articles.is_read = 0)"
                f" {counted_rows(where)} GROUP BY articles.institution",
                where.params,
            )
        }
        result = []
        rows = self._rows(
            "SELECT id, name, short, removed FROM institutions ORDER BY removed, position, name"
        )
        known = set()
        for row in rows:
            known.add(row["id"])
            total, unread = counts.get(row["id"], (0, 0))
            if row["removed"] and not total:
                continue
            label = row["short"] or row["name"] or row["id"]
            result.append(InstitutionCount(row["id"], label, int(unread), int(total)))
        for institution_id in sorted(set(counts) - known):
            total, unread = counts[institution_id]
            result.append(InstitutionCount(institution_id, institution_id, int(unread), int(total)))
        return result

    @locked
    def keyword_counts(self, filt: ArticleFilter = ALL_ARTICLES) -> list[tuple[str, int]]:
        """Each saved keyword with its matches under every part of ``filt`` except its keywords."""
        base = build_where(filt, ignore_keywords=True)
        result = []
        for (keyword,) in self._conn.execute("SELECT text FROM keywords ORDER BY rowid").fetchall():
            where = with_keyword(base, keyword)
            sql = f"SELECT count(*) {counted_rows(where)}"
            matches, rest = split_matches(where.condition)
            if matches and not rest:
                # Nothing but full-text matches: the index has one row per article, so count
                # there, its MATCHes AND-ed by FTS5 itself (a search plus a keyword at 100k:
                # two id sets of tens of thousands intersected row by row took 0.4-1.1 s).
                sql = "SELECT count(*) FROM articles_fts WHERE " + " AND ".join(
                    f"articles_fts MATCH {param}" for param in matches
                )
            result.append((keyword, int(self._scalar(sql, where.params))))
        return result

    @locked
    def set_read(self, ids: Iterable[int], read: bool = True) -> None:
        """Mark articles read (or unread)."""
        wanted = list(ids)
        with self._write():
            for start in range(0, len(wanted), _CHUNK):
                chunk = wanted[start : start + _CHUNK]
                placeholders = ", ".join("?" for _ in chunk)
                self._conn.execute(
                    f"UPDATE articles SET is_read = ? WHERE id IN ({placeholders})", (int(read), *chunk)
                )

    @locked
    def mark_all_read(self, filt: ArticleFilter = ALL_ARTICLES) -> int:
        """Mark every unread article matching ``filt`` read; returns how many changed."""
        where = build_where(filt)
        clauses = " AND ".join([where.condition, "articles.is_read = 0"])
        with self._write():
            cursor = self._conn.execute(f"UPDATE articles SET is_read = 1 WHERE {clauses}", where.params)
        return int(cursor.rowcount)

    @locked
    def set_body(self, article_id: int, markdown: str, *, full_text: bool = True) -> None:
        """Store an article's extracted Markdown body; its bookmark copy follows."""
        body = clean_text(markdown).strip()
        with self._write():
            # A partial body never replaces full text already known.
            self._conn.execute(
                "UPDATE articles SET body = ?, has_full_text = ? WHERE id = ? AND (? OR has_full_text = 0)",
                (body, int(full_text), article_id, int(full_text)),
            )
            self._conn.execute(
                "UPDATE bookmarks SET body = ?, full_text = ? WHERE article_id = ? AND (? OR full_text = 0)",
                (body, int(full_text), article_id, int(full_text)),
            )

    @locked
    def fill_published(self, article_id: int, published: datetime) -> bool:
        """Give an undated article (dated by its fetch time) the date its page states.

        Returns True when the date was filled; a feed-given date is never replaced.
        """
        with self._write():
            cursor = self._conn.execute(
                "UPDATE articles SET published = ?, published_ts = ?, date_from_fetch = 0"
                " WHERE id = ? AND date_from_fetch = 1",
                (iso_utc(published), epoch(published), article_id),
            )
            self._conn.execute(
                "UPDATE bookmarks SET published = ? WHERE article_id = ? AND ? > 0",
                (iso_utc(published), article_id, cursor.rowcount),
            )
        return bool(cursor.rowcount)

    @locked
    def record_body_failure(self, article_id: int) -> None:
        """Note a failed full-text fetch, so ``articles_needing_body`` tries others first."""
        with self._write():
            self._conn.execute(
                "UPDATE articles SET body_attempts = body_attempts + 1 WHERE id = ?", (article_id,)
            )

    @locked
    def articles_needing_body(self, limit: int, source_id: str | None = None) -> list[Article]:
        """Articles without full text: bookmarks first, then fewest failed tries, newest."""
        source_clause = "AND articles.source = :source" if source_id is not None else ""
        rows = self._rows(
            f"{ARTICLE_SELECT} WHERE articles.has_full_text = 0 AND articles.url != '' {source_clause}"
            " AND (bookmarks.id IS NOT NULL OR articles.body_attempts < 3)"
            " ORDER BY bookmarks.id IS NULL, articles.body_attempts,"
            " articles.published_ts DESC, articles.id DESC"
            " LIMIT :limit",
            {"source": source_id, "limit": limit},
        )
        return [row_to_article(row) for row in rows]
