"""Purge and automatic retention: removing old articles, never bookmarked ones.

``purge`` is the user's explicit ``uninews purge``: every unbookmarked article
older than N days goes, read or not. ``apply_retention`` runs after a refresh
and is gentler: only READ, unbookmarked articles go (older than ``keep_days``,
or beyond the newest ``max_per_source`` of their source). Both skip articles
with a bookmark row in SQL, and the ``articles_keep_bookmarked`` trigger would
refuse the delete anyway. A large removal is followed by ``VACUUM``.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from .connection import StoreBase, locked
from .normalize import epoch, now_utc

NOT_BOOKMARKED = "NOT EXISTS (SELECT 1 FROM bookmarks WHERE bookmarks.article_id = articles.id)"
VACUUM_MIN_ROWS = 1000
VACUUM_MIN_SHARE = 0.2


class RetentionMixin(StoreBase):
    """Deleting what the user no longer needs, and giving the space back."""

    @locked
    def purge(self, older_than_days: int, *, only_read: bool = False) -> int:
        """Remove unbookmarked articles published more than ``older_than_days`` ago.

        Args:
            older_than_days: Age limit; 0 removes every unbookmarked article.
            only_read: Keep unread articles too.

        Returns:
            How many articles were removed.
        """
        cutoff = epoch(now_utc() - timedelta(days=max(older_than_days, 0)))
        if older_than_days <= 0:
            cutoff += 1  # "older than 0 days" includes articles dated this very second
        read_clause = "AND is_read = 1" if only_read else ""
        return self._delete_where(
            f"published_ts < :cutoff {read_clause} AND {NOT_BOOKMARKED}", {"cutoff": cutoff}
        )

    @locked
    def apply_retention(self, keep_days: int, max_per_source: int) -> int:
        """Remove READ unbookmarked articles older than ``keep_days`` or beyond ``max_per_source``.

        A limit of 0 or less disables that part. Returns how many were removed.
        """
        removed = 0
        if keep_days > 0:
            cutoff = epoch(now_utc() - timedelta(days=keep_days))
            removed += self._delete_where(
                f"is_read = 1 AND published_ts < :cutoff AND {NOT_BOOKMARKED}",
                {"cutoff": cutoff},
                vacuum=False,
            )
        if max_per_source > 0:
            removed += self._delete_where(
                "is_read = 1 AND id IN (SELECT id FROM (SELECT id, row_number() OVER"
                " (PARTITION BY source ORDER BY published_ts DESC, id DESC) AS rank FROM articles)"
                f" WHERE rank > :limit) AND {NOT_BOOKMARKED}",
                {"limit": max_per_source},
                vacuum=False,
            )
        if removed:
            self._maybe_vacuum(removed)
        return removed

    def _delete_where(self, condition: str, params: dict[str, int], *, vacuum: bool = True) -> int:
        with self._write():
            cursor = self._conn.execute(f"DELETE FROM articles WHERE {condition}", params)
            removed = max(cursor.rowcount, 0)
        if vacuum and removed:
            self._maybe_vacuum(removed)
        return removed

    def _maybe_vacuum(self, removed: int) -> None:
        """VACUUM after a large removal (at least 1000 rows or 20% of what was there)."""
        remaining = int(self._scalar("SELECT count(*) FROM articles"))
        if removed < VACUUM_MIN_ROWS and removed < VACUUM_MIN_SHARE * (removed + remaining):
            return
        try:
            self._conn.execute("VACUUM")
        except sqlite3.OperationalError:
            # Another connection is reading; the space is reclaimed on a later purge.
            return
