"""What a parsed query is made of: terms, OR-clauses, qualifiers; the FTS5 strings they become.

Every term is a quoted FTS5 string of tokens produced by
:func:`~uninews_tui.search.cjk.query_tokens` (letters and digits only), so no
user character ever reaches FTS5 as syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from uninews_tui.search.cjk import CJK_CLASS, query_tokens

_EDGE_PUNCTUATION = re.compile(r"^[\W_]+|[\W_]+$")
_SPACE_BETWEEN_CJK = re.compile(f"(?<=[{CJK_CLASS}])\\s+(?=[{CJK_CLASS}])")


@dataclass(frozen=True, slots=True)
class Term:
    """One searchable unit: a word or a phrase, already in index form."""

    tokens: tuple[str, ...]
    prefix: bool
    text: str
    """What the user typed (without quotes, ``-`` or ``*``): what to highlight."""
    joined: tuple[str, ...] = ()
    """For a phrase with spaces between Chinese words: its tokens with those spaces removed.

    Chinese is written without spaces, so ``"港大 醫學院"`` should also find
    ``港大醫學院``; the term then matches either form.
    """
    joined_prefix: bool = False

    def to_fts(self) -> str:
        """A quoted FTS5 string; tokens contain only letters and digits, so quoting is safe."""
        quoted = '"' + " ".join(self.tokens) + '"' + (" *" if self.prefix else "")
        if not self.joined:
            return quoted
        return f'({quoted} OR "{" ".join(self.joined)}"{" *" if self.joined_prefix else ""})'


@dataclass(frozen=True, slots=True)
class Clause:
    """Terms joined by OR; a negated clause excludes what it matches."""

    alternatives: tuple[Term, ...]
    negated: bool = False

    def to_fts(self) -> str:
        """The clause as an FTS5 expression (parenthesised when it has alternatives)."""
        if len(self.alternatives) == 1:
            return self.alternatives[0].to_fts()
        return "(" + " OR ".join(term.to_fts() for term in self.alternatives) + ")"


@dataclass(frozen=True, slots=True)
class Qualifiers:
    """The ``key:value`` parts of a query; the store turns them into SQL conditions."""

    institutions: tuple[str, ...] = ()
    excluded_institutions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    excluded_sources: tuple[str, ...] = ()
    after: date | None = None
    """Published on or after this day."""
    before: date | None = None
    """Published before this day (exclusive)."""
    unread: bool | None = None
    bookmarked: bool | None = None
    languages: tuple[str, ...] = ()
    """Language codes as given (``zh``, ``en``), lower case; matched as prefixes."""

    def is_empty(self) -> bool:
        """True when the query had no qualifier."""
        return self == Qualifiers()


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """A parsed query: text clauses, qualifiers and what was degraded on the way."""

    clauses: tuple[Clause, ...] = ()
    qualifiers: Qualifiers = field(default_factory=Qualifiers)
    warnings: tuple[str, ...] = ()

    @property
    def positive(self) -> tuple[Clause, ...]:
        """Clauses an article must match."""
        return tuple(clause for clause in self.clauses if not clause.negated)

    @property
    def negative(self) -> tuple[Clause, ...]:
        """Clauses an article must not match."""
        return tuple(clause for clause in self.clauses if clause.negated)

    def match_expression(self) -> str | None:
        """The FTS5 MATCH string for the positive clauses minus the negative ones, or None.

        None when there is no positive clause: FTS5 cannot express "NOT x"
        alone; :meth:`exclusion_expression` then gives what to exclude.
        """
        if not self.positive:
            return None
        expression = " AND ".join(clause.to_fts() for clause in self.positive)
        for clause in self.negative:
            expression = f"({expression}) NOT {clause.to_fts()}"
        return expression

    def exclusion_expression(self) -> str | None:
        """For a query of exclusions only: the MATCH string of what to leave out."""
        if self.positive or not self.negative:
            return None
        return " OR ".join(clause.to_fts() for clause in self.negative)

    @property
    def terms(self) -> list[str]:
        """The user's words and phrases to highlight (positive clauses only), deduplicated."""
        seen: dict[str, None] = {}
        for clause in self.positive:
            for term in clause.alternatives:
                seen.setdefault(term.text, None)
        return list(seen)

    @property
    def warning(self) -> str | None:
        """All warnings as one line, or None."""
        return "; ".join(self.warnings) if self.warnings else None

    @property
    def has_text(self) -> bool:
        """True when any clause (positive or negative) searches the text."""
        return bool(self.clauses)


def make_term(text: str, *, prefix: bool = False) -> Term | None:
    """A Term for ``text`` in index form, or None when it has no searchable character."""
    tokens, needs_prefix = query_tokens(text)
    if not tokens:
        return None
    shown = _EDGE_PUNCTUATION.sub("", text.strip())
    joined_text = _SPACE_BETWEEN_CJK.sub("", text)
    if joined_text == text:
        return Term(tuple(tokens), prefix or needs_prefix, shown)
    joined, joined_needs_prefix = query_tokens(joined_text)
    return Term(tuple(tokens), prefix or needs_prefix, shown, tuple(joined), prefix or joined_needs_prefix)
