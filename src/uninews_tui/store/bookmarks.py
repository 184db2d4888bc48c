"""Bookmarks: a promise that the article stays, whole, until the user removes it.

Each bookmark is a row of its own table holding a snapshot (title, link,
institution, source, date, author, summary, Markdown body, note). Nothing
deletes it but ``set_bookmark(id, False)``: purge and retention skip bookmarked
articles (and a trigger refuses to delete them anyway), config changes only
flag sources, and an edited or vanished feed item leaves the copy in place.
"""

from __future__ import annotations

from ..errors import StoreError
from ..models import Article, ArticleFilter
from ..parse.text import clean_text
from .connection import StoreBase, locked
from .filters import ALL_ARTICLES, build_where
from .normalize import iso_utc, now_utc
from .rows import ARTICLE_COLUMNS, ARTICLE_FROM, article_body, row_to_article, snapshot_to_article


def _bookmark_row(statement: str, article_id: int) -> tuple[str, tuple[int]]:
    """``statement`` limited to the bookmark of ``article_id`` (negative: an orphan's snapshot id)."""
    if article_id < 0:
        return f"{statement} WHERE id = ? AND article_id IS NULL", (-article_id,)
    return f"{statement} WHERE article_id = ?", (article_id,)


class BookmarksMixin(StoreBase):
    """Toggle, annotate and list bookmarks."""

    @locked
    def set_bookmark(self, article_id: int, on: bool = True) -> None:
        """Bookmark an article (taking a snapshot of it now) or remove its bookmark.

        A bookmark whose article row is gone is listed with the negative id of
        its snapshot (see ``rows.snapshot_to_article``); that id removes it too.

        Raises StoreError when bookmarking an id that does not exist.
        """
        with self._write():
            if not on:
                self._conn.execute(*_bookmark_row("DELETE FROM bookmarks", article_id))
                return
            if self._scalar("SELECT 1 FROM bookmarks WHERE article_id = ?", (article_id,)):
                return
            self._insert_snapshot(article_id, note="")

    @locked
    def set_bookmark_note(self, article_id: int, note: str) -> None:
        """Set the note of a bookmark; bookmarks the article first if needed."""
        text = clean_text(note).strip()
        with self._write():
            sql, params = _bookmark_row("UPDATE bookmarks SET note = ?", article_id)
            cursor = self._conn.execute(sql, (text, *params))
            if cursor.rowcount == 0:
                self._insert_snapshot(article_id, note=text)

    def _insert_snapshot(self, article_id: int, *, note: str) -> None:
        rows = self._rows(
            f"SELECT {ARTICLE_COLUMNS} FROM {ARTICLE_FROM} WHERE articles.id = ?", (article_id,)
        )
        if not rows:
            raise StoreError(f"no article with id {article_id}")
        row = rows[0]
        article = row_to_article(row)
        self._conn.execute(
            "INSERT INTO bookmarks (article_id, title, url, institution, institution_name, source, published,"
            " author, summary, body, full_text, note, created_at)"
            " VALUES (:article_id, :title, :url, :institution, :institution_name, :source, :published,"
            " :author, :summary, :body, :full_text, :note, :created_at)",
            {
                "article_id": article_id,
                "title": article.title,
                "url": article.url,
                "institution": article.institution,
                "institution_name": article.institution_short,
                "source": article.source,
                "published": row["published"],
                "author": article.author,
                "summary": article.summary,
                "body": article_body(row),
                "full_text": int(article.has_full_text),
                "note": note,
                "created_at": iso_utc(now_utc()),
            },
        )

    @locked
    def bookmarks(self, filt: ArticleFilter = ALL_ARTICLES) -> list[Article]:
        """Bookmarked articles matching ``filt``, newest bookmark first, bodies included.

        A bookmark whose article row is gone still lists from its snapshot
        (filters on institutions/sources then apply to the snapshot's values).
        """
        where = build_where(filt)
        live = self._rows(
            f"SELECT {ARTICLE_COLUMNS}, bookmarks.created_at AS _created FROM {ARTICLE_FROM}"
            f" WHERE bookmarks.id IS NOT NULL AND {where.condition}",
            where.params,
        )
        found: list[tuple[str, int, Article]] = [
            (row["_created"], int(row["_bookmark_id"]), row_to_article(row, with_body=True)) for row in live
        ]
        orphans = self._rows(
            "SELECT * FROM bookmarks WHERE article_id IS NULL"
            " OR NOT EXISTS (SELECT 1 FROM articles WHERE articles.id = bookmarks.article_id)"
        )
        for row in orphans:
            if filt.unread_only or filt.query or filt.keywords:
                break  # a snapshot counts as read and is not in the search index
            if filt.institutions and row["institution"] not in filt.institutions:
                continue
            if filt.sources and row["source"] not in filt.sources:
                continue
            found.append((row["created_at"], int(row["id"]), snapshot_to_article(row)))
        found.sort(key=lambda item: (item[0], item[1]), reverse=True)
        return [article for _, _, article in found]

    @locked
    def bookmark_count(self) -> int:
        """How many bookmarks there are."""
        return int(self._scalar("SELECT count(*) FROM bookmarks"))
