"""Institutions, sources and their fetch state; saved keywords; settings.

``sync_config`` mirrors feeds.toml into the database without ever deleting an
article or a bookmark: a source that left the config is flagged
``enabled = 0, removed = 1`` and its articles stay readable.
"""

from __future__ import annotations

import json
from typing import Any

from ..config_model import Config
from ..models import FetchResult, SourceStatus
from ..parse.text import clean_line
from .connection import StoreBase, locked
from .normalize import iso_utc, now_utc, parse_iso

SEEDED_KEYWORDS = "seeded_keywords"
"""Setting holding every config keyword already seeded once (deleted ones stay deleted)."""


class CatalogMixin(StoreBase):
    """Config mirror, fetch bookkeeping, keywords and settings."""

    @locked
    def sync_config(self, config: Config) -> None:
        """Upsert institutions and sources from ``config``; flag the ones it no longer has."""
        with self._write():
            self._conn.execute("UPDATE institutions SET removed = 1")
            for position, inst in enumerate(config.institutions.values()):
                self._conn.execute(
                    "INSERT INTO institutions (id, name, short, local_name, country, region, timezone,"
                    " homepage,"
                    " tags, position, removed) VALUES (:id, :name, :short, :local_name, :country, :region,"
                    " :timezone, :homepage, :tags, :position, 0) ON CONFLICT(id) DO UPDATE SET"
                    " name = excluded.name, short = excluded.short, local_name = excluded.local_name,"
                    " country = excluded.country, region = excluded.region, timezone = excluded.timezone,"
                    " homepage = excluded.homepage, tags = excluded.tags, position = excluded.position,"
                    " removed = 0",
                    {
                        "id": inst.id,
                        "name": inst.name,
                        "short": inst.short,
                        "local_name": inst.local_name,
                        "country": inst.country,
                        "region": inst.region,
                        "timezone": inst.timezone,
                        "homepage": inst.homepage,
                        "tags": json.dumps(list(inst.tags), ensure_ascii=False),
                        "position": position,
                    },
                )
            self._conn.execute("UPDATE sources SET removed = 1, enabled = 0")
            for position, source in enumerate(config.sources):
                self._sync_source(
                    position,
                    source.id,
                    source.institution,
                    source.kind,
                    source.url,
                    source.title,
                    source.language,
                    source.enabled,
                )
            self._seed_keywords(config.keywords)

    def _sync_source(
        self,
        position: int,
        source_id: str,
        institution: str,
        kind: str,
        url: str,
        title: str,
        language: str,
        enabled: bool,
    ) -> None:
        old = self._conn.execute("SELECT url, institution FROM sources WHERE id = ?", (source_id,)).fetchone()
        values = {
            "id": source_id,
            "institution": institution,
            "kind": kind,
            "url": url,
            "title": title,
            "language": language,
            "position": position,
            "enabled": int(enabled),
        }
        if old is None:
            self._conn.execute(
                "INSERT INTO sources (id, institution, kind, url, title, language, position, enabled,"
                " removed)"
                " VALUES (:id, :institution, :kind, :url, :title, :language, :position, :enabled, 0)",
                values,
            )
            return
        self._conn.execute(
            "UPDATE sources SET institution = :institution, kind = :kind, url = :url, title = :title,"
            " language = :language, position = :position, enabled = :enabled, removed = 0 WHERE id = :id",
            values,
        )
        if old[0] != url:
            # Validators belong to the old URL; a new URL starts from a clean slate.
            self._conn.execute(
                "UPDATE sources SET etag = NULL, last_modified = NULL, next_allowed = NULL,"
                " consecutive_failures = 0 WHERE id = ?",
                (source_id,),
            )
        if old[1] != institution:
            self._conn.execute(
                "UPDATE articles SET institution = ? WHERE source = ?", (institution, source_id)
            )

    def _seed_keywords(self, keywords: tuple[str, ...]) -> None:
        raw = self._scalar("SELECT value FROM settings WHERE key = ?", (SEEDED_KEYWORDS,))
        seeded: list[str] = json.loads(raw) if raw else []
        fresh = [k for k in dict.fromkeys(clean_line(k) for k in keywords) if k and k not in seeded]
        if not fresh:
            return
        created = iso_utc(now_utc())
        for keyword in fresh:
            self._conn.execute(
                "INSERT OR IGNORE INTO keywords (text, created_at, seeded) VALUES (?, ?, 1)",
                (keyword, created),
            )
        self._put_setting(SEEDED_KEYWORDS, json.dumps(seeded + fresh, ensure_ascii=False))

    @locked
    def fetch_state(self, source_id: str) -> dict[str, Any]:
        """``etag``, ``last_modified``, ``next_allowed`` (aware datetime|None), ``consecutive_failures``."""
        row = self._conn.execute(
            "SELECT etag, last_modified, next_allowed, consecutive_failures FROM sources WHERE id = ?",
            (source_id,),
        ).fetchone()
        if row is None:
            return {"etag": None, "last_modified": None, "next_allowed": None, "consecutive_failures": 0}
        return {
            "etag": row[0],
            "last_modified": row[1],
            "next_allowed": parse_iso(row[2]),
            "consecutive_failures": int(row[3]),
        }

    @locked
    def record_fetch(
        self, source_id: str, result: FetchResult, *, new_articles: int = 0, error: str | None = None
    ) -> None:
        """Record one fetch of a source; ``error`` marks a fetched-but-unusable body (parse failure)."""
        if result.status == "skipped":
            return
        failed = result.status == "error" or error is not None
        values: dict[str, Any] = {
            "id": source_id,
            "status": "error" if failed else result.status,
            "error": (error or result.error or "failed") if failed else None,
            "fetched": iso_utc(now_utc()),
            "new": new_articles,
            "next": iso_utc(result.retry_after),
        }
        sets = [
            "last_status = :status",
            "last_error = :error",
            "last_fetched = :fetched",
            "last_new_articles = :new",
            "next_allowed = :next",
        ]
        if failed:
            sets.append("consecutive_failures = consecutive_failures + 1")
        else:
            sets.append("consecutive_failures = 0")
        if result.status == "ok" and not failed:
            # Validators are only worth keeping for a body we could use.
            sets += ["etag = :etag", "last_modified = :last_modified"]
            values.update(etag=result.etag, last_modified=result.last_modified)
        elif result.status == "not_modified":
            sets += [
                "etag = coalesce(:etag, etag)",
                "last_modified = coalesce(:last_modified, last_modified)",
            ]
            values.update(etag=result.etag, last_modified=result.last_modified)
        with self._write():
            self._conn.execute(f"UPDATE sources SET {', '.join(sets)} WHERE id = :id", values)

    @locked
    def sources(self) -> list[SourceStatus]:
        """Every source in the config, in config order, with its fetch state and article count."""
        rows = self._rows(
            "SELECT sources.*,"
            " (SELECT count(*) FROM articles WHERE articles.source = sources.id) AS article_count"
            " FROM sources WHERE sources.removed = 0 ORDER BY sources.position, sources.id"
        )
        return [
            SourceStatus(
                id=row["id"],
                institution=row["institution"],
                kind=row["kind"],
                url=row["url"],
                enabled=bool(row["enabled"]),
                last_status=row["last_status"],
                last_error=row["last_error"],
                last_fetched=parse_iso(row["last_fetched"]),
                title=row["title"],
                article_count=int(row["article_count"]),
                consecutive_failures=int(row["consecutive_failures"]),
                next_allowed=parse_iso(row["next_allowed"]),
            )
            for row in rows
        ]

    @locked
    def keywords(self) -> list[str]:
        """Saved keyword filters, oldest first."""
        return [row[0] for row in self._conn.execute("SELECT text FROM keywords ORDER BY rowid")]

    @locked
    def add_keyword(self, text: str) -> None:
        """Save a keyword filter (a no-op when it exists or is blank)."""
        keyword = clean_line(text)
        if keyword:
            with self._write():
                self._conn.execute(
                    "INSERT OR IGNORE INTO keywords (text, created_at) VALUES (?, ?)",
                    (keyword, iso_utc(now_utc())),
                )

    @locked
    def delete_keyword(self, text: str) -> None:
        """Forget a keyword filter (config keywords are not seeded again)."""
        with self._write():
            self._conn.execute("DELETE FROM keywords WHERE text = ?", (clean_line(text),))

    @locked
    def get_setting(self, key: str) -> str | None:
        """A stored setting (theme, search history ...) or None."""
        value = self._scalar("SELECT value FROM settings WHERE key = ?", (key,))
        return None if value is None else str(value)

    @locked
    def set_setting(self, key: str, value: str) -> None:
        """Store a setting."""
        with self._write():
            self._put_setting(key, value)

    def _put_setting(self, key: str, value: str) -> None:
        self._conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?)"
            " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
