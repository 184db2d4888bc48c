"""ArticleFilter → a parameterised WHERE clause over ``articles`` (datasette filters.py style).

Every value travels as a named parameter (``:p0``, ``:p1`` ...); only column
names written here in code are spliced into SQL. The clauses reference the
table by its name, ``articles``, so they combine with the search module's
fragments (``articles.id IN (SELECT rowid FROM articles_fts ...)``).

Keywords and the query go through the search module's ``keyword_where`` (FTS5)
when it is installed; until then a LIKE over title and summary stands in
(:func:`like_where`, the FALLBACK).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..models import ArticleFilter
from .normalize import epoch

KeywordWhere = Callable[[str, str], tuple[str, dict[str, Any]]]

ALL_ARTICLES = ArticleFilter()
"""The empty filter (every article): the default of the store's query methods."""
_FULL_TEXT = re.compile(r"articles\.id IN \(SELECT rowid FROM articles_fts WHERE articles_fts MATCH (:\w+)\)")
"""A full-text condition as ``search_sql.text_condition`` writes it; group 1 is its MATCH parameter."""


@dataclass
class Where:
    """Clauses AND-ed together plus their named parameters."""

    clauses: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)

    def param(self, value: Any) -> str:
        """Register a value and return its placeholder (``:p0``...)."""
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f":{name}"

    def prefix(self) -> str:
        """A fresh parameter prefix for fragments built elsewhere (search)."""
        return f"k{len(self.params)}_"

    def add_in(self, column: str, values: tuple[str, ...]) -> None:
        placeholders = ", ".join(self.param(v) for v in values)
        self.clauses.append(f"{column} IN ({placeholders})")

    @property
    def sql(self) -> str:
        """``WHERE ...`` or the empty string."""
        return "WHERE " + " AND ".join(self.clauses) if self.clauses else ""

    @property
    def condition(self) -> str:
        """The AND-ed clauses without ``WHERE`` (``1`` when there are none)."""
        return " AND ".join(self.clauses) if self.clauses else "1"


def escape_like(text: str) -> str:
    """Escape LIKE wildcards (``ESCAPE '\\'``)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_where(text: str, prefix: str) -> tuple[str, dict[str, Any]]:
    """FALLBACK for keyword/query matching while FTS5 search is not installed.

    Every word must appear in the title or the summary (case-insensitive for ASCII).
    """
    words = text.split() or [text]
    clauses = []
    params: dict[str, Any] = {}
    for index, word in enumerate(words):
        name = f"{prefix}{index}"
        params[name] = f"%{escape_like(word)}%"
        clauses.append(
            f"(articles.title LIKE :{name} ESCAPE '\\' OR articles.summary LIKE :{name} ESCAPE '\\')"
        )
    return "(" + " AND ".join(clauses) + ")", params


def text_matcher() -> KeywordWhere:
    """The search module's ``keyword_where`` when installed, else the LIKE fallback."""
    try:
        from .search_index import keyword_where
    except ImportError:
        return like_where
    return keyword_where


def build_where(
    filt: ArticleFilter,
    *,
    ignore_institutions: bool = False,
    ignore_keywords: bool = False,
    matcher: KeywordWhere | None = None,
) -> Where:
    """The WHERE clause for ``filt``; the ``ignore_*`` flags serve the facet counts."""
    where = Where()
    if filt.institutions and not ignore_institutions:
        where.add_in("articles.institution", filt.institutions)
    if filt.sources:
        where.add_in("articles.source", filt.sources)
    if filt.unread_only:
        where.clauses.append("articles.is_read = 0")
    if filt.bookmarked_only:
        where.clauses.append("articles.id IN (SELECT article_id FROM bookmarks WHERE article_id IS NOT NULL)")
    if filt.since is not None:
        where.clauses.append(f"articles.published_ts >= {where.param(epoch(filt.since))}")
    if filt.until is not None:
        where.clauses.append(f"articles.published_ts < {where.param(epoch(filt.until))}")
    match = matcher or text_matcher()
    keywords = [k for k in filt.keywords if k.strip()] if not ignore_keywords else []
    if keywords:
        parts = []
        for keyword in keywords:
            sql, params = match(keyword, where.prefix())
            where.params.update(params)
            parts.append(sql)
        where.clauses.append("(" + " OR ".join(parts) + ")")
    if filt.query.strip():
        sql, params = match(filt.query, where.prefix())
        where.params.update(params)
        where.clauses.append(sql)
    return where


def with_keyword(base: Where, keyword: str, matcher: KeywordWhere | None = None) -> Where:
    """``base`` AND-ed with one keyword's match (for the keyword counts)."""
    where = Where(list(base.clauses), dict(base.params))
    sql, params = (matcher or text_matcher())(keyword, where.prefix())
    where.params.update(params)
    where.clauses.append(sql)
    return where


def split_matches(condition: str) -> tuple[list[str], list[str]]:
    """The MATCH parameters of the full-text conditions AND-ed into ``condition``, and the rest.

    ``condition`` holds exactly when every ``articles_fts MATCH <param>`` and
    every other part holds (each in brackets, to be AND-ed as they are); a
    full-text condition under an OR stays in the rest.
    """
    matches: list[str] = []
    rest: list[str] = []
    for part in conjuncts(condition):
        found = _FULL_TEXT.fullmatch(part)
        if found:
            matches.append(found.group(1))
        else:
            rest.append(f"({part})")
    return matches, rest


def conjuncts(condition: str) -> list[str]:
    """The parts AND-ed at the top of ``condition``, without the brackets around them."""
    text = condition.strip()
    while _wrapped(text):
        text = text[1:-1].strip()
    parts = _split_and(text)
    if len(parts) == 1:
        return [text]
    return [piece for part in parts for piece in conjuncts(part)]


def _wrapped(text: str) -> bool:
    """Whether the bracket opening ``text`` closes at its very end (and holds no subquery)."""
    if not text.startswith("(") or _close_of(text) != len(text) - 1:
        return False
    return not text[1:].lstrip().upper().startswith(("SELECT ", "WITH "))


def _outside_quotes(text: str) -> Iterator[tuple[int, str, int]]:
    """Each character outside '…' quotes as ``(index, char, bracket depth after it)``."""
    depth = 0
    quoted = False
    for index, char in enumerate(text):
        if char == "'":
            quoted = not quoted
        elif not quoted:
            if char == "(":
                depth += 1
            elif char == ")":
                depth -= 1
            yield index, char, depth


def _close_of(text: str) -> int:
    """Where the bracket opening ``text`` closes (-1: never)."""
    return next((index for index, char, depth in _outside_quotes(text) if char == ")" and depth == 0), -1)


def _split_and(text: str) -> list[str]:
    """``text`` cut at each `` AND `` outside brackets and quotes."""
    parts: list[str] = []
    start = 0
    for index, _char, depth in _outside_quotes(text):
        if depth == 0 and index >= start and text.startswith(" AND ", index):
            parts.append(text[start:index])
            start = index + len(" AND ")
    parts.append(text[start:])
    return parts
