"""The search query language, parsed into clauses and qualifiers; never raises.

Grammar (Google-like, so ``OR`` binds tighter than the implicit AND)::

    nursing research          both words (stemmed: "nurse" finds "nursing")
    "exact phrase"            the words next to each other, in order
    nurs*                     a prefix
    -covid  -"open day"       exclude a word or phrase (NOT also works)
    polyu OR hku              either; ``a b OR c`` is a AND (b OR c)
    institution:polyu inst:hku source:ID after:2025-01-01 before:2025-06
    is:unread is:read is:bookmarked lang:zh    (qualifiers; ``-inst:hku`` excludes)

Every term becomes a quoted FTS5 string built from :func:`cjk.query_tokens`,
so no user character ever reaches FTS5 as syntax. What cannot be understood
(an unbalanced quote, a stray ``OR``/``-``/``*``, an unknown ``is:`` value, a
bad date) is dropped or read as plain words, and :attr:`ParsedQuery.warning`
says what was done. ``AND`` is accepted and ignored (it is the default).
"""

from __future__ import annotations

from uninews_tui.search import lexer
from uninews_tui.search.parsed import Clause, ParsedQuery, Qualifiers, Term, make_term

__all__ = ["Clause", "ParsedQuery", "Qualifiers", "Term", "make_term", "parse_query", "plain_words"]

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 32


def parse_query(query: str) -> ParsedQuery:
    """Parse ``query``; never raises (any failure degrades to a plain word search).

    Args:
        query: What the user typed.

    Returns:
        The parsed query; ``warning`` is set when something was ignored or
        read differently from how it was written.
    """
    try:
        return _parse(query)
    except Exception:  # noqa: BLE001 - a query must never crash the reader
        return plain_words(query, "could not read the query: searched for the words instead")


def _parse(query: str) -> ParsedQuery:
    warnings: list[str] = []
    if len(query) > MAX_QUERY_CHARS:
        query = query[:MAX_QUERY_CHARS]
        warnings.append(f"query cut to its first {MAX_QUERY_CHARS} characters")
    items, qualifiers = lexer.read_items(query, warnings)
    clauses = lexer.join_clauses(items, warnings)
    if len(clauses) > MAX_CLAUSES:
        clauses = clauses[:MAX_CLAUSES]
        warnings.append(f"only the first {MAX_CLAUSES} terms were searched")
    return ParsedQuery(tuple(clauses), qualifiers, tuple(dict.fromkeys(warnings)))


def plain_words(query: str, warning: str) -> ParsedQuery:
    """Every word of ``query`` as one AND-ed term each: the last-resort reading."""
    clauses = []
    for word in query[:MAX_QUERY_CHARS].split()[:MAX_CLAUSES]:
        term = make_term(word)
        if term is not None:
            clauses.append(Clause((term,)))
    return ParsedQuery(tuple(clauses), Qualifiers(), (warning,))
