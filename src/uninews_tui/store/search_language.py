"""``lang:xx`` as SQL over ``articles`` that indexes answer (schema version 3).

An article is in ``lang:xx`` when its source declared ``xx`` or ``xx-...``
(ASCII case ignored, as SQLite's LIKE); when it declared nothing, a title
with Han or kana characters counts as ``zh``/``ja`` and any other title as
``en``; ``lang:zh-hk`` needs the declared region.

The declared part is an IN over the few distinct values of
``articles.language``, so each article is tested by the language in its
facets index entry; only the articles that declare none have their titles
read (once per statement). A search reads the distinct values first
(:func:`stored_languages`, one index seek each) and lists the matching ones
as parameters: with one, the older matches of a search are merged with the
language's ids straight from ``idx_articles_language`` in id order, not
sorted first (``lang:zh research`` at 100k: 19 -> 11-14 ms for that step).
Saved keywords, which are SQL fragments without a connection, find them in
a subquery instead. (A LIKE on every article's row took 170-210 ms for
``lang:zh research`` at 100k articles.)
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from uninews_tui.store.search_sql import Params

# Titles containing a Han or kana character: the fallback for lang:zh/ja when a
# source declares no language. (GLOB ranges compare code points, UTF-8 aware.)
CJK_TITLE_GLOB = "*[\u3041-\u30ff\u3400-\u9fff\uf900-\ufaff]*"
_CJK_LANGUAGES = ("zh", "ja")
# The distinct values of articles.language, one index seek each (a skip scan of idx_articles_language).
_LANGUAGES = (
    "WITH RECURSIVE languages(value) AS (SELECT min(language) FROM articles"
    " UNION ALL SELECT (SELECT min(language) FROM articles WHERE language > value)"
    " FROM languages WHERE value IS NOT NULL) SELECT value FROM languages"
)
_UNDECLARED = "SELECT id FROM articles WHERE language = ''"
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def stored_languages(conn: sqlite3.Connection) -> list[str]:
    """Every distinct ``articles.language`` ('' included when an article declares none)."""
    return [value for (value,) in conn.execute(_LANGUAGES) if value is not None]


def language_condition(code: str, params: Params, languages: Sequence[str] | None = None) -> str:
    """The condition for ``lang:<code>`` (lower case, checked by the query parser).

    Args:
        code: The language code.
        params: Where the values go.
        languages: The distinct stored languages (:func:`stored_languages`), or None to
            find them in a subquery.
    """
    base = code.split("-")[0]
    glob = f"'{CJK_TITLE_GLOB}'"  # a constant of this module, not user text
    if len(code) > len(base):  # lang:zh-hk: only a declared region can say
        guessed = None
    elif base in _CJK_LANGUAGES:
        guessed = f"{_UNDECLARED} AND title GLOB {glob}"
    elif base == "en":
        guessed = f"{_UNDECLARED} AND NOT title GLOB {glob}"
    else:
        guessed = None
    undeclared = guessed is not None and (languages is None or "" in languages)
    if languages is None:
        # LIKE: case-insensitive ("zh-HK"); codes are letters, digits and "-", so no wildcards.
        declared = f"value LIKE {params.add(code)} OR value LIKE {params.add(code + '-%')}"
        values = f"{_LANGUAGES} WHERE {declared}" + (" OR value = ''" if undeclared else "")
    else:
        matching = [value for value in languages if _declares(value, code)] + ([""] if undeclared else [])
        values = ", ".join(params.add(value) for value in matching)
    # The unary + keeps the term off the planner's index lookups: driven by the language index,
    # lang:zh alone sorted a third of the table by date (100 ms) instead of walking the date index.
    if not undeclared:
        return f"+articles.language IN ({values})"
    # The title guess only for articles declaring nothing, AND-ed (not OR-ed) with the IN, so the
    # language index can list the ids (search_rank) rather than a MULTI-INDEX OR.
    return f"(+articles.language IN ({values}) AND (articles.language != '' OR articles.id IN ({guessed})))"


def _declares(value: str, code: str) -> bool:
    """``value LIKE code OR value LIKE code || '-%'`` as SQLite's LIKE reads it."""
    folded = value.translate(_ASCII_LOWER)
    return folded == code or folded.startswith(code + "-")
