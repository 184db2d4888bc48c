"""A parsed query → SQL conditions over ``articles`` with named parameters.

The text part becomes ``articles.id IN (SELECT rowid FROM articles_fts WHERE
articles_fts MATCH :x)`` (or ``NOT IN`` for a query of exclusions only); the
qualifiers become plain column conditions. Every value is a parameter named
``<prefix><name>``; only column names written here reach the SQL text.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from uninews_tui.search.parsed import ParsedQuery, Qualifiers
from uninews_tui.store.search_language import language_condition

_MATCHING_IDS = "SELECT rowid FROM articles_fts WHERE articles_fts MATCH"


class Params:
    """Hands out parameter names under one prefix and keeps their values."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self.values: dict[str, Any] = {}

    def add(self, value: Any) -> str:
        """Register ``value``; returns its placeholder (``:prefix3``)."""
        name = f"{self.prefix}{len(self.values)}"
        self.values[name] = value
        return f":{name}"


def adjacency_expression(parsed: ParsedQuery) -> str | None:
    """For a query of one phrase, its words side by side in any order, to rank its matches by.

    ``"clinical trial"`` gives ``NEAR("clinical" "trial", 0)``; see ``search_rank``.

    None for anything else: one word, several clauses, OR, a prefix, a Chinese
    phrase with a joined form, a phrase repeating a word.
    """
    positive = parsed.positive
    if len(positive) != 1 or len(positive[0].alternatives) != 1:
        return None
    term = positive[0].alternatives[0]
    tokens = term.tokens
    if len(tokens) < 2 or term.prefix or term.joined or len(set(tokens)) != len(tokens):
        return None
    # FTS5 keeps a NEAR match when every word starts within (distance + 1) of the last one:
    # k words side by side need k - 2. Tokens are letters and digits only, so quoting is safe.
    return "NEAR(" + " ".join(f'"{token}"' for token in tokens) + f", {len(tokens) - 2})"


def local_midnight_epoch(day: date) -> int:
    """Seconds since the epoch at the start of ``day`` in this machine's time zone."""
    return int(datetime(day.year, day.month, day.day).astimezone().timestamp())


def text_condition(parsed: ParsedQuery, params: Params) -> str | None:
    """The FTS5 part of ``parsed`` as a condition on ``articles.id``, or None when it has none."""
    match = parsed.match_expression()
    if match is not None:
        return f"articles.id IN ({_MATCHING_IDS} {params.add(match)})"
    exclusion = parsed.exclusion_expression()
    if exclusion is not None:
        return f"articles.id NOT IN ({_MATCHING_IDS} {params.add(exclusion)})"
    return None


def qualifier_conditions(
    qualifiers: Qualifiers, params: Params, languages: Sequence[str] | None = None
) -> list[str]:
    """One SQL condition per qualifier kind present (AND-ed by the caller).

    ``languages``: the distinct stored languages when the caller has read them
    (``search_language.stored_languages``), else ``lang:`` finds them in a subquery.
    """
    conditions: list[str] = []
    for column, included, excluded in (
        ("articles.institution", qualifiers.institutions, qualifiers.excluded_institutions),
        ("articles.source", qualifiers.sources, qualifiers.excluded_sources),
    ):
        if included:
            conditions.append(f"{column} IN ({', '.join(params.add(v) for v in included)})")
        if excluded:
            conditions.append(f"{column} NOT IN ({', '.join(params.add(v) for v in excluded)})")
    if qualifiers.after is not None:
        conditions.append(f"articles.published_ts >= {params.add(local_midnight_epoch(qualifiers.after))}")
    if qualifiers.before is not None:
        conditions.append(f"articles.published_ts < {params.add(local_midnight_epoch(qualifiers.before))}")
    if qualifiers.unread is not None:
        conditions.append("articles.is_read = 0" if qualifiers.unread else "articles.is_read = 1")
    if qualifiers.bookmarked is not None:
        # IN over the (small) bookmarks table: evaluated once, not once per article like EXISTS.
        bookmarked = "articles.id IN (SELECT article_id FROM bookmarks WHERE article_id IS NOT NULL)"
        conditions.append(bookmarked if qualifiers.bookmarked else f"NOT {bookmarked}")
    if qualifiers.languages:
        either = " OR ".join(language_condition(code, params, languages) for code in qualifiers.languages)
        conditions.append(f"({either})")
    return conditions


def query_condition(parsed: ParsedQuery, prefix: str) -> tuple[str | None, dict[str, Any]]:
    """Text and qualifier conditions of ``parsed`` AND-ed; None when the query has neither."""
    params = Params(prefix)
    conditions = qualifier_conditions(parsed.qualifiers, params)
    text = text_condition(parsed, params)
    if text is not None:
        conditions.insert(0, text)
    if not conditions:
        return None, params.values
    return "(" + " AND ".join(conditions) + ")", params.values
