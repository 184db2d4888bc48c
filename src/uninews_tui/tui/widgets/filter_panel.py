"""The left column's two panels: Institutions and Keywords, multi-select with counts.

Each panel is an ``OptionList`` whose options carry a check mark; Enter or
space toggles the highlighted entry and the panel posts ``SelectionChanged``.
The reader screen ANDs the two panels and ORs the entries within each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from uninews_tui.models import InstitutionCount
from uninews_tui.tui.text import fit

ALL = "*all"
"""Option id of the Institutions panel's "All" entry (clears the selection)."""
BOOKMARKS = "*bookmarks"
"""Option id of the Institutions panel's "Bookmarks" entry."""
LABEL_WIDTH = 14


@dataclass(frozen=True)
class Facet:
    """One panel entry: an id, what the user reads, and its count text."""

    id: str
    label: str
    counts: str


class FacetList(OptionList):
    """A multi-select list of facets with counts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("space", "select", "Toggle", show=False, id="toggle-facet", tooltip="Select or unselect"),
    ]

    @dataclass
    class SelectionChanged(Message):
        """The set of selected entries of a panel changed."""

        panel: FacetList
        selected: frozenset[str]

        @property
        def control(self) -> FacetList:
            return self.panel

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.selected: set[str] = set()
        """Ids of the selected entries."""
        self._facets: list[Facet] = []

    def set_facets(self, facets: Sequence[Facet]) -> None:
        """Show these entries (new counts), keeping selection and highlight."""
        same_entries = [facet.id for facet in facets] == [facet.id for facet in self._facets]
        self._facets = list(facets)
        known = {facet.id for facet in facets}
        self.selected &= known
        if same_entries and self.option_count == len(facets):
            # New counts or check marks only: new prompts repaint the panel, where
            # set_options would rebuild it and lay the whole screen out again
            # (60-180 ms after the reader's first paint, when the counts arrive).
            for index, facet in enumerate(facets):
                self.replace_option_prompt_at_index(index, self._prompt(facet))
            return
        highlighted = self.highlighted_option.id if self.highlighted_option else None
        self.set_options(Option(self._prompt(facet), id=facet.id) for facet in facets)
        if highlighted in known:
            self.highlighted = self.get_option_index(highlighted)
        elif self.option_count:
            self.highlighted = 0

    def _prompt(self, facet: Facet) -> Content:
        checked = facet.id in self.selected or (facet.id == ALL and not self.selected)
        return Content.assemble(
            ("● " if checked else "○ ", "$accent" if checked else "$foreground-muted"),
            fit(facet.label, LABEL_WIDTH),
            " ",
            (facet.counts, "$foreground-muted"),
        )

    def set_selected(self, selected: set[str]) -> None:
        """Select exactly these ids (unknown ids are dropped) and repaint."""
        self.selected = set(selected)
        self.set_facets(self._facets)

    def toggle(self, facet_id: str) -> None:
        """Flip one entry ("All" clears the selection) and report the change."""
        if facet_id == ALL:
            self.selected.clear()
        else:
            self.selected ^= {facet_id}
        self.set_facets(self._facets)
        self.post_message(self.SelectionChanged(self, frozenset(self.selected)))

    @on(OptionList.OptionSelected)
    def _toggle_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.toggle(event.option.id)


class InstitutionsPanel(FacetList):
    """All, Bookmarks, then each institution with unread/total counts."""

    def show_counts(
        self, counts: Sequence[InstitutionCount], bookmarks: int, total: int, unread: int
    ) -> None:
        """Rebuild the entries from fresh counts."""
        facets = [Facet(ALL, "All", f"{unread}/{total}"), Facet(BOOKMARKS, "★ Bookmarks", str(bookmarks))]
        facets += [Facet(c.id, c.label, f"{c.unread}/{c.total}") for c in counts]
        self.set_facets(facets)

    @property
    def institutions(self) -> tuple[str, ...]:
        """Selected institution ids, in panel order."""
        return tuple(f.id for f in self._facets if f.id in self.selected and not f.id.startswith("*"))

    @property
    def selected_labels(self) -> list[str]:
        """What the user reads for the selected institutions (for the header)."""
        return [f.label for f in self._facets if f.id in self.selected and not f.id.startswith("*")]

    @property
    def bookmarks_only(self) -> bool:
        """True when the Bookmarks entry is selected."""
        return BOOKMARKS in self.selected


class KeywordsPanel(FacetList):
    """Saved keyword filters with their match counts; ``a`` adds, ``d`` deletes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add_keyword", "Add keyword", id="add-keyword", tooltip="Save the search (or type one)"),
        Binding(
            "d,delete",
            "delete_keyword",
            "Delete keyword",
            id="delete-keyword",
            tooltip="Delete the highlighted keyword",
        ),
    ]

    @dataclass
    class AddRequested(Message):
        """The user asked to save a keyword (the screen decides which)."""

    @dataclass
    class DeleteRequested(Message):
        """The user asked to delete this keyword."""

        keyword: str

    def show_counts(self, counts: Sequence[tuple[str, int]]) -> None:
        """Rebuild the entries from fresh counts."""
        self.set_facets([Facet(text, text, str(count)) for text, count in counts])

    @property
    def keywords(self) -> tuple[str, ...]:
        """Selected keywords, in panel order."""
        return tuple(f.id for f in self._facets if f.id in self.selected)

    def action_add_keyword(self) -> None:
        self.post_message(self.AddRequested())

    def action_delete_keyword(self) -> None:
        if (option := self.highlighted_option) is not None and option.id is not None:
            self.post_message(self.DeleteRequested(option.id))
