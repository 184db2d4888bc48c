"""Writing a source's parsed entries: new vs edited, dedup, bookmark snapshots kept current.

One call of :meth:`IngestMixin.upsert_entries` is one transaction, so a crash
mid-refresh leaves each source either fully written or untouched.

Dedup: an entry is the article already stored under the same ``(source, guid)``;
failing that, the article of the same institution with the same canonical URL
(a feed that changed its guids, or two feeds of one university carrying the
same story). Read state and bookmarks live on the article row and its
bookmark, so an edited entry keeps both.
"""

from __future__ import annotations

import functools
import json
import sqlite3
from datetime import datetime
from typing import Any

from ..errors import StoreError
from ..models import FeedEntry
from .connection import StoreBase, locked
from .index_forms import index_new_rows
from .normalize import canonical_url, epoch, iso_utc, looks_like_full_text, to_utc
from .rows import render_markdown

# Fields compared to decide whether a stored entry was edited.
_EDITABLE = ("url", "canonical_url", "title", "author", "summary", "content_html", "categories", "image")


def entry_values(entry: FeedEntry, fetched_at: datetime) -> dict[str, Any]:
    """The article columns an entry determines (dates fall back to the fetch time).

    A date later than ``fetched_at`` counts as no date: an item dated 2999 (or
    a few hours ahead, a time-zone slip) would otherwise sit at the top of the
    newest-first list until that time came. It is listed at the time it was
    first seen and keeps that place; once its date is no longer in the future
    it takes it, like any newly dated entry.

    ``canonical_url`` is left out: it is only computed when the URL is new to the store.
    """
    published = entry.published or entry.updated
    if published is not None and to_utc(published) > to_utc(fetched_at):
        published = None
    when = published or fetched_at
    return {
        "guid": entry.guid,
        "url": entry.url,
        "title": entry.title,
        "author": entry.author,
        "summary": entry.summary,
        "content_html": entry.content_html,
        "categories": json.dumps(list(entry.categories), ensure_ascii=False) if entry.categories else "[]",
        "image": entry.image,
        "published": iso_utc(when),
        "published_ts": epoch(when),
        "date_from_fetch": 0 if published else 1,
    }


INSERT_CHUNK = 200
"""New articles per INSERT statement (200 rows x 20 columns stays under SQLite's 32,766 parameters)."""


@functools.lru_cache(maxsize=16)
def insert_many_sql(columns: tuple[str, ...], count: int) -> str:
    """INSERT of ``count`` rows of these article columns, RETURNING their ids (names from code)."""
    row = "(" + ", ".join("?" for _ in columns) + ")"
    return f"INSERT INTO articles ({', '.join(columns)}) VALUES {', '.join([row] * count)} RETURNING id"


class IngestMixin(StoreBase):
    """``upsert_entries`` and the bookmark snapshot refresh it triggers."""

    @locked
    def upsert_entries(self, source_id: str, entries: list[FeedEntry], *, fetched_at: datetime) -> list[int]:
        """Store a source's entries; returns the ids of the NEW articles, in entry order.

        Args:
            source_id: A source known from ``sync_config``.
            entries: Cleaned entries as the parsers return them.
            fetched_at: When the feed was fetched (the date of undated entries).
        """
        source = self._conn.execute(
            "SELECT institution, language FROM sources WHERE id = ?", (source_id,)
        ).fetchone()
        if source is None:
            raise StoreError(f"unknown source {source_id!r}: sync the configuration first")
        institution, language = source
        fetched = iso_utc(fetched_at)
        with self._write():
            known = self._stored_by_guid(source_id, [entry.guid for entry in entries])
            prepared: list[tuple[FeedEntry, dict[str, Any]]] = []
            for entry in entries:
                values = entry_values(entry, fetched_at)
                existing = known.get(entry.guid)
                if existing is not None and existing["url"] == entry.url:
                    values["canonical_url"] = existing["canonical_url"]
                else:
                    values["canonical_url"] = canonical_url(entry.url)
                prepared.append((entry, values))
            # One query for every URL a new guid may be known under (not one per entry:
            # each query gives up the GIL and waits for it again in a busy refresh).
            wanted = {v["canonical_url"] for e, v in prepared if e.guid not in known and v["canonical_url"]}
            by_url = self._stored_by_canonical_urls(institution, wanted, source_id, known)
            requery: set[str] = set()  # URLs whose stored rows this batch changed
            new_rows: list[dict[str, Any]] = []
            new_by_url: dict[str, dict[str, Any]] = {}
            for entry, values in prepared:
                url = values["canonical_url"]
                existing = known.get(entry.guid)
                if existing is None and url:
                    existing = new_by_url.get(url) or (
                        self._stored_by_canonical_url(institution, url) if url in requery else by_url.get(url)
                    )
                if existing is None:
                    row = self._new_row(source_id, institution, language, values, fetched)
                    new_rows.append(row)
                    known[entry.guid] = row
                    if row["canonical_url"]:
                        new_by_url.setdefault(row["canonical_url"], row)
                elif existing["source"] == source_id and "id" not in existing:
                    # The same item twice in one batch: the later one wins, as an edit would.
                    existing.update(self._edits(existing, values, fetched))
                elif existing["source"] == source_id:
                    before = existing["canonical_url"]
                    existing.update(self._update_if_edited(existing, values, fetched))
                    if existing["canonical_url"] != before:
                        requery.update({before, existing["canonical_url"]})
            return self._insert_rows(new_rows)

    def _stored_by_guid(self, source_id: str, guids: list[str]) -> dict[str, dict[str, Any]]:
        """The source's stored rows for these guids, in one query per 500 guids."""
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(guids), 500):
            chunk = guids[start : start + 500]
            placeholders = ", ".join("?" for _ in chunk)
            rows = self._rows(
                f"SELECT * FROM articles WHERE source = ? AND guid IN ({placeholders})", (source_id, *chunk)
            )
            found.update((row["guid"], dict(row)) for row in rows)
        return found

    def _stored_by_canonical_urls(
        self, institution: str, urls: set[str], source_id: str, known: dict[str, dict[str, Any]]
    ) -> dict[str, dict[str, Any]]:
        """The institution's first stored article (lowest id) for each URL, 500 URLs per query.

        A row already read by guid is returned as that same dict, so an edit made
        through either is seen by both.
        """
        found: dict[str, dict[str, Any]] = {}
        ordered = sorted(urls)
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            placeholders = ", ".join("?" for _ in chunk)
            rows = self._rows(
                f"SELECT * FROM articles WHERE institution = ? AND canonical_url IN ({placeholders})"
                " ORDER BY id",
                (institution, *chunk),
            )
            for row in rows:
                if row["canonical_url"] in found:
                    continue
                same = known.get(row["guid"]) if row["source"] == source_id else None
                found[row["canonical_url"]] = (
                    same if same is not None and same.get("id") == row["id"] else dict(row)
                )
        return found

    def _stored_by_canonical_url(self, institution: str, url: str) -> dict[str, Any] | None:
        rows = self._rows(
            "SELECT * FROM articles WHERE institution = ? AND canonical_url = ? ORDER BY id LIMIT 1",
            (institution, url),
        )
        return dict(rows[0]) if rows else None

    def _new_row(
        self, source_id: str, institution: str, language: str, values: dict[str, Any], fetched: str | None
    ) -> dict[str, Any]:
        """A new article's columns (inserted with the rest of the batch by :meth:`_insert_rows`)."""
        row = dict(values)
        row.update(
            source=source_id,
            institution=institution,
            language=language,
            fetched_at=fetched,
            updated_at=fetched,
            has_full_text=int(looks_like_full_text(values["content_html"], values["summary"])),
        )
        return row

    def _insert_rows(self, rows: list[dict[str, Any]]) -> list[int]:
        """Insert new articles, a chunk per statement; returns their ids in ``rows`` order.

        One multi-row INSERT instead of one per article (storing 9,000 articles
        took 2.5x the CPU a row at a time), then their full-text rows the same
        way, in the same transaction.
        """
        ids: list[int] = []
        for start in range(0, len(rows), INSERT_CHUNK):
            chunk = rows[start : start + INSERT_CHUNK]
            columns = tuple(chunk[0])
            params = [row[name] for row in chunk for name in columns]
            # Rowids are handed out in increasing order within the statement: sorted = row order.
            cursor = self._conn.execute(insert_many_sql(columns, len(chunk)), params)
            ids += sorted(row_id for (row_id,) in cursor)
        for row, row_id in zip(rows, ids, strict=True):
            row.update(id=row_id, body=None)
        index_new_rows(self._conn, rows)
        return ids

    def _edits(self, existing: dict[str, Any], values: dict[str, Any], fetched: str | None) -> dict[str, Any]:
        """The columns an entry changes in a stored (or batched) article; empty when it is unchanged."""
        changes = {name: values[name] for name in _EDITABLE if existing[name] != values[name]}
        # An undated entry keeps the date it was first seen; a newly dated one takes its date.
        if not values["date_from_fetch"] and (
            existing["published_ts"] != values["published_ts"] or existing["date_from_fetch"]
        ):
            changes.update(
                published=values["published"], published_ts=values["published_ts"], date_from_fetch=0
            )
        if not changes:
            return changes
        has_full_text = bool(existing.get("body")) and bool(existing["has_full_text"])
        has_full_text = has_full_text or looks_like_full_text(values["content_html"], values["summary"])
        changes.update(updated_at=fetched, has_full_text=int(has_full_text))
        return changes

    def _update_if_edited(
        self, existing: dict[str, Any], values: dict[str, Any], fetched: str | None
    ) -> dict[str, Any]:
        """Update a stored article whose entry changed; returns the columns changed."""
        changes = self._edits(existing, values, fetched)
        if not changes:
            return changes
        assignments = ", ".join(f"{name} = :{name}" for name in changes)
        self._conn.execute(
            f"UPDATE articles SET {assignments} WHERE id = :id", {**changes, "id": existing["id"]}
        )
        self._refresh_snapshot(int(existing["id"]))
        return changes

    def _refresh_snapshot(self, article_id: int) -> None:
        """Bring a bookmark's copy up to date with its edited article (never downgrading full text)."""
        cursor = self._conn.execute(
            "SELECT articles.*, bookmarks.full_text AS snapshot_full_text, bookmarks.body AS snapshot_body"
            " FROM articles JOIN bookmarks ON bookmarks.article_id = articles.id WHERE articles.id = ?",
            (article_id,),
        )
        cursor.row_factory = sqlite3.Row
        row = cursor.fetchone()
        if row is None:
            return
        body, full_text = row["body"], bool(row["body"]) and bool(row["has_full_text"])
        if not body:
            body = render_markdown(row["content_html"], row["url"]) or row["summary"]
            full_text = bool(row["has_full_text"])
        if row["snapshot_full_text"] and not full_text:
            body, full_text = row["snapshot_body"], True
        self._conn.execute(
            "UPDATE bookmarks SET title = ?, url = ?, published = ?, author = ?, summary = ?, body = ?,"
            " full_text = ? WHERE article_id = ?",
            (
                row["title"],
                row["url"],
                row["published"],
                row["author"],
                row["summary"],
                body,
                int(full_text),
                article_id,
            ),
        )
