"""Reading a query string into items (terms, ``OR``, qualifiers) and joining them into clauses.

The reader is a hand-written scanner rather than a grammar: every input has a
reading, and whatever is odd is noted in ``warnings`` and read as plain words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from uninews_tui.search.parsed import Clause, Qualifiers, Term, make_term
from uninews_tui.search.qualifiers import QUALIFIER_KEYS, QualifierReader

_QUALIFIER = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)


@dataclass(slots=True)
class Item:
    """One piece of a query in reading order."""

    kind: Literal["term", "or", "qualifier"]
    term: Term | None = None
    negated: bool = False


def read_items(query: str, warnings: list[str]) -> tuple[list[Item], Qualifiers]:
    """Scan ``query`` into items and the qualifiers it holds."""
    items: list[Item] = []
    qualifiers = QualifierReader(warnings)
    pending_not = False
    position, length = 0, len(query)
    if "(" in query or ")" in query:
        warnings.append("parentheses are not supported: searched for the words without them")
    while position < length:
        char = query[position]
        if char.isspace():
            position += 1
            continue
        negated = pending_not
        pending_not = False
        if char == "-" and position + 1 < length and not query[position + 1].isspace():
            negated = True
            position += 1
            while position < length and query[position] == "-":
                position += 1
        if position < length and query[position] == '"':
            position = _read_phrase(query, position, negated, items, warnings)
            continue
        end = position
        while end < length and not query[end].isspace() and query[end] != '"':
            end += 1
        word, position = query[position:end], end
        match = _QUALIFIER.fullmatch(word)
        if match and match.group(1).lower() in QUALIFIER_KEYS:
            value = match.group(2)
            if not value and position < length and query[position] == '"':
                closing = query.find('"', position + 1)
                closing = length if closing < 0 else closing
                value, position = query[position + 1 : closing], closing + 1
            qualifiers.add(match.group(1).lower(), value.strip(), negated=negated)
            items.append(Item("qualifier"))
        elif word == "OR" and not negated:
            items.append(Item("or"))
        elif word == "AND" and not negated:
            continue
        elif word == "NOT" and not negated:
            pending_not = True
        else:
            _add_word(word, negated, items, warnings)
    if pending_not:
        warnings.append("NOT needs a word after it: ignored it")
    return items, qualifiers.build()


def _read_phrase(query: str, start: int, negated: bool, items: list[Item], warnings: list[str]) -> int:
    """Read a quoted phrase starting at ``query[start] == '"'``; returns the position after it."""
    closing = query.find('"', start + 1)
    if closing < 0:
        warnings.append("unbalanced quote: searched for the words instead")
        for word in query[start + 1 :].split():
            _add_word(word.replace('"', ""), negated, items, warnings)
        return len(query)
    position = closing + 1
    prefix = False
    while position < len(query) and query[position] == "*":
        prefix, position = True, position + 1
    text = query[start + 1 : closing]
    term = make_term(text, prefix=prefix)
    if term is not None:
        items.append(Item("term", term, negated))
    return position


def _add_word(word: str, negated: bool, items: list[Item], warnings: list[str]) -> None:
    """One bare word: ``word``, ``word*``; a lone operator character is ignored with a warning."""
    stem = word.rstrip("*")
    term = make_term(stem, prefix=stem != word)
    if term is not None:
        items.append(Item("term", term, negated))
    elif word.strip("*") == "" and word:
        warnings.append("a lone '*' was ignored (write it after a word: nurs*)")
    elif word == "-" or (negated and not stem):
        warnings.append("a lone '-' was ignored (write it before a word: -covid)")


def join_clauses(items: list[Item], warnings: list[str]) -> list[Clause]:
    """Group terms joined by ``OR`` into clauses; a stray ``OR`` is dropped with a warning."""
    clauses: list[Clause] = []
    joins_previous = False
    for index, item in enumerate(items):
        if item.kind == "or":
            before = items[index - 1] if index > 0 else None
            after = items[index + 1] if index + 1 < len(items) else None
            if _joinable(before) and _joinable(after) and clauses:
                joins_previous = True
            elif not (before and after and before.kind == after.kind == "qualifier"):
                # Same-kind qualifiers are OR-ed anyway ("inst:a OR inst:b"), so only warn otherwise.
                warnings.append("OR needs a word on each side: ignored it")
            continue
        if item.kind == "term" and item.term is not None:
            if joins_previous:
                last = clauses[-1]
                clauses[-1] = Clause((*last.alternatives, item.term), negated=False)
            else:
                clauses.append(Clause((item.term,), negated=item.negated))
        joins_previous = False
    return clauses


def _joinable(item: Item | None) -> bool:
    """Whether ``item`` can stand on one side of an ``OR``: a term that is not excluded."""
    return item is not None and item.kind == "term" and not item.negated
