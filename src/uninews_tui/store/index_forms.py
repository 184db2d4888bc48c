"""The text the full-text index is given for an article, and a hand-over of forms computed ahead.

The full-text index (``search_index``) holds ``text_form(title)``, ``text_form(summary)``,
``body_form(body, content_html)`` and ``text_form(author)``: new articles are indexed
by :func:`index_new_rows`, edits and deletes by triggers calling the same forms.
Computing those (CJK bigrams, folding) is Python work done while the store holds
its write lock, in the refresh's busiest thread. A refresh that parses in worker
processes has the workers compute the forms too (:func:`compute`, pure and
deterministic, so the result is the same text), hands them over with
:func:`remember`, and the store takes each one once instead of computing
it. Anything not handed over is computed as before; :func:`forget` drops
what was not used (articles that were already stored).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from uninews_tui.search.cjk import index_text
from uninews_tui.search.document import body_text

FTS_TABLE = "articles_fts"
"""The contentless FTS5 table (``search_index`` creates it); rowid = ``articles.id``."""
FTS_CHUNK = 200
"""Index rows per INSERT statement (SQLite releases the GIL once per statement, not per row)."""

Key = tuple[str, str, str]
LIMIT = 20_000
"""Forms held at most (a refresh that never stores what it handed over cannot grow without end)."""

_forms: dict[Key, str] = {}


def text_form(text: str | None) -> str:
    """What the index holds for a title, summary or author."""
    try:
        return index_text(text)
    except Exception:  # noqa: BLE001 - a trigger must not abort the write; deterministic either way
        return ""


def body_form(body: str | None, content_html: str | None) -> str:
    """What the index holds for an article's body (its Markdown body, else its feed HTML)."""
    try:
        return index_text(body_text(body, content_html))
    except Exception:  # noqa: BLE001
        return ""


def compute(articles: Iterable[tuple[str, str, str, str]]) -> dict[Key, str]:
    """Forms of new articles given as ``(title, summary, author, content_html)`` (no body yet).

    Texts that index as themselves (most English) are left out: computing
    them again is as cheap as a lookup.
    """
    forms: dict[Key, str] = {}
    for title, summary, author, content_html in articles:
        for text in (title, summary, author):
            form = text_form(text)
            if text and form != text:
                forms[("text", text, "")] = form
        forms[("body", "", content_html or "")] = body_form(None, content_html)
    return forms


def remember(forms: Mapping[Key, str]) -> None:
    """Hand over forms for the next writes (any thread)."""
    if len(_forms) + len(forms) > LIMIT:
        _forms.clear()
    _forms.update(forms)


def forget() -> None:
    """Drop the forms not taken (call when the refresh that handed them over is done)."""
    _forms.clear()


def indexed_text(text: str | None) -> str:
    """``uninews_index_text`` (and new rows' titles, summaries, authors): handed over, else computed."""
    if text and _forms:
        form = _forms.pop(("text", text, ""), None)
        if form is not None:
            return form
    return text_form(text)


def indexed_body(body: str | None, content_html: str | None) -> str:
    """``uninews_index_body`` (and new rows' bodies): a handed-over form, else computed."""
    if not body and _forms:
        form = _forms.pop(("body", "", content_html or ""), None)
        if form is not None:
            return form
    return body_form(body, content_html)


def index_new_rows(conn: sqlite3.Connection, rows: Sequence[dict[str, Any]]) -> None:
    """Index newly inserted articles (with ``id``) in the caller's transaction.

    The same forms the UPDATE/DELETE triggers compute (``uninews_index_*``), so
    a later edit or delete removes exactly these tokens.
    """
    for start in range(0, len(rows), FTS_CHUNK):
        chunk = rows[start : start + FTS_CHUNK]
        params: list[Any] = []
        for row in chunk:
            params += (
                row["id"],
                indexed_text(row.get("title")),
                indexed_text(row.get("summary")),
                indexed_body(row.get("body"), row.get("content_html")),
                indexed_text(row.get("author")),
            )
        values = ", ".join(["(?, ?, ?, ?, ?)"] * len(chunk))
        conn.execute(f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, author) VALUES {values}", params)
