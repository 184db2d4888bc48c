"""The reader screen's keys: each a Binding with an id (``[keys]`` in feeds.toml remaps by id).

The help screen and the command palette list them from here, through the
screen's ``BINDINGS``; what each action does is :class:`ReaderScreen`'s.
"""

from __future__ import annotations

from textual.binding import Binding, BindingType

READER_BINDINGS: list[BindingType] = [
    Binding("tab", "app.focus_next", "Next pane", show=False, id="focus-next",
            tooltip="Focus the next pane"),
    Binding("shift+tab", "app.focus_previous", "Previous pane", show=False, id="focus-previous",
            tooltip="Focus the previous pane"),
    # While searching, n/N jump between matches in the article; otherwise the
    # same keys fall through (check_action) to next unread and the bookmark note.
    Binding("n", "jump_match(True)", "Next match", show=False, id="next-match",
            tooltip="While searching: next match in the article"),
    Binding("N", "jump_match(False)", "Previous match", show=False, id="previous-match",
            tooltip="While searching: previous match in the article"),
    Binding("n", "find_unread(True)", "Next unread", show=False, id="next-unread",
            tooltip="Move to the next unread article"),
    Binding("p", "find_unread(False)", "Previous unread", show=False, id="previous-unread",
            tooltip="Move to the previous unread article"),
    Binding("m", "toggle_read", "Read", id="toggle-read", tooltip="Toggle read / unread"),
    Binding("A", "mark_all_read", "Mark all read", show=False, id="mark-all-read",
            tooltip="Mark everything listed read (asks first)"),
    Binding("o", "open_link", "Open link", id="open-link", tooltip="Open the article in the web browser"),
    Binding("b", "toggle_bookmark", "Bookmark", id="bookmark", tooltip="Bookmark (keeps the full text)"),
    Binding("B", "show_bookmarks", "Bookmarks", show=False, id="bookmarks",
            tooltip="Show only bookmarks, newest first"),
    Binding("N", "edit_note", "Note", show=False, id="bookmark-note", tooltip="Edit the bookmark's note"),
    Binding("R", "refresh_source", "Refresh source", show=False, id="refresh-source",
            tooltip="Refresh the selected article's source"),
    # A priority binding: it runs as the app reads the key, so keys right behind it (a
    # paste, "/robot" arriving in one read) already go to the search line, not the list.
    Binding("slash", "search", "Search", id="search", tooltip="Search the cache as you type",
            priority=True),
    Binding("backslash", "toggle_filters", "Filters", show=False, id="toggle-filters",
            tooltip="Hide or show the left column"),
    Binding("escape", "back", "Back", id="back", tooltip="Close the article / clear the search"),
]  # fmt: skip
