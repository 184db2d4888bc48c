"""The search line opened by ``/``: an Input that remembers earlier searches.

Typing posts ``QueryChanged`` at once, with no fixed delay: the screen debounces
by coalescing the keys typed while a search runs into one follow-up search, so
results follow typing within one search's time. ``Up``/``Down`` walk the
history; ``Esc`` asks the screen to clear the search; ``Enter`` hands focus back
to the list with the search still applied.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input

HISTORY_LIMIT = 50
OPERATORS = {"OR", "AND", "NOT"}
PREFIX_MIN = 4
"""Shortest half-typed word made a prefix: ``qua*`` matches so many index terms
that ranking them took 0.4-1.9 s at 100,000 articles (``quan*``: 15-40 ms), and a
running search cannot be stopped, so the next keystroke's results waited for it."""


def as_you_type(query: str) -> str:
    """The query with its last word made a prefix (``nurs`` -> ``nurs*``), so results follow typing.

    Only a plain Latin word of at least :data:`PREFIX_MIN` characters is
    extended: not a shorter one (searched as a word), a qualifier (``inst:x``),
    an exclusion (``-word``), a quoted phrase, an operator, or CJK text (which
    the index already matches by character pairs).
    """
    stripped = query.rstrip()
    if stripped != query or not stripped:
        return query  # a trailing space means the word is finished
    last = stripped.split()[-1]
    plain = last.isascii() and last.isalnum() and len(last) >= PREFIX_MIN
    if not plain or last in OPERATORS or stripped.count('"') % 2:
        return query
    return query + "*"


class SearchBar(Input):
    """A search query input with debounce and history."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "history(-1)", "Earlier search", show=False, id="search-history-back"),
        Binding("down", "history(1)", "Later search", show=False, id="search-history-forward"),
        Binding("escape", "clear_search", "Clear search", id="clear-search", tooltip="Clear the search"),
    ]

    @dataclass
    class QueryChanged(Message):
        """The query was edited or submitted."""

        query: str
        submitted: bool = False

    @dataclass
    class Cleared(Message):
        """Esc: the user wants the search gone."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(
            placeholder='Search: words, "phrase", prefix*, -not, institution:…',
            id=id,
            classes=classes,
            select_on_focus=False,
            compact=True,
        )
        self.history: list[str] = []
        """Earlier searches, oldest first."""
        self._history_index: int | None = None

    def remember(self, query: str) -> list[str]:
        """Add a query to the history (moving a repeat to the end); returns the history."""
        query = query.strip()
        if query:
            self.history = [q for q in self.history if q != query][-(HISTORY_LIMIT - 1) :] + [query]
        self._history_index = None
        return self.history

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        index = len(self.history) if self._history_index is None else self._history_index
        index = max(0, min(index + step, len(self.history)))
        self._history_index = index
        self.value = self.history[index] if index < len(self.history) else ""
        self.cursor_position = len(self.value)

    def action_clear_search(self) -> None:
        self.post_message(self.Cleared())

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.QueryChanged(event.value))

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.QueryChanged(event.value, submitted=True))
