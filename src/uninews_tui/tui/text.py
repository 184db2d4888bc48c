"""Turning untrusted feed text into Textual ``Content``: plain, never markup.

Every string that came from the network (titles, authors, institution names
from imported config) goes through ``Content(text)``, which never parses
``[bold]``-style markup, and is then styled by span, so a hostile title shows
exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from textual.content import Content
from textual.style import Style


def format_date(value: datetime | None) -> str:
    """A published date as ``YYYY-MM-DD`` in local time (10 blanks when unknown)."""
    if value is None:
        return " " * 10
    return value.astimezone().strftime("%Y-%m-%d")


def format_datetime(value: datetime | None) -> str:
    """A timestamp as ``YYYY-MM-DD HH:MM`` in local time, or ``never``."""
    if value is None:
        return "never"
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def terms_pattern(terms: Sequence[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex matching any of the search terms, or None.

    Prefix terms (``nurs*``) match the whole word they start; CJK terms match
    as substrings, since CJK has no spaces between words.
    """
    words = sorted({t.strip("*\"' ").lower() for t in terms if t.strip("*\"' ")}, key=len, reverse=True)
    if not words:
        return None
    alternatives = []
    for word in words:
        escaped = re.escape(word)
        alternatives.append(escaped if not word.isascii() else rf"\b{escaped}\w*")
    return re.compile("|".join(alternatives), re.IGNORECASE)


def highlighted(text: str, pattern: re.Pattern[str] | None, style: Style | str) -> Content:
    """``text`` as plain Content with every match of ``pattern`` styled."""
    content = Content(text)
    if pattern is None:
        return content
    return content.highlight_regex(pattern, style=style)


def highlight_content(content: Content, pattern: re.Pattern[str] | None, style: Style | str) -> Content:
    """Already-built Content with every match of ``pattern`` styled."""
    if pattern is None:
        return content
    return content.highlight_regex(pattern, style=style)


def fit(text: str, width: int) -> str:
    """``text`` cut or padded to exactly ``width`` cells (an ellipsis marks a cut)."""
    content = Content(text)
    if content.cell_length > width:
        return content.truncate(width, ellipsis=True).plain
    return content.pad_right(width - content.cell_length).plain
