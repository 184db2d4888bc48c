"""One row of the article list: what it says, and the strip that paints it.

``●`` unread and ``★`` bookmarked marks, the date, the institution's short
name (:data:`INSTITUTION_WIDTH` cells) and the title, its search matches
highlighted and cut with an ellipsis to the list's width. Pure functions of
their arguments, so the list can cache the strips by article and width.
"""

from __future__ import annotations

import re

from textual.content import Content
from textual.strip import Strip
from textual.style import Style as VisualStyle

from uninews_tui.models import Article
from uninews_tui.tui.text import fit, format_date, highlight_content

INSTITUTION_WIDTH = 8


def row_content(
    article: Article,
    width: int,
    pattern: re.Pattern[str] | None,
    mark_style: VisualStyle,
    match_style: VisualStyle,
) -> Content:
    """The row's text, at most ``width`` cells (the title is what gets cut)."""
    institution = fit(article.institution_short or article.institution, INSTITUTION_WIDTH)
    prefix = Content.assemble(
        ("●" if not article.is_read else " ", mark_style),
        ("★" if article.is_bookmarked else " ", mark_style),
        " ",
        format_date(article.published),
        " ",
        institution,
        " ",
    )
    title = highlight_content(Content(article.title or article.url), pattern, match_style)
    room = max(width - prefix.cell_length, 1)
    if title.cell_length > room:
        title = title.truncate(room, ellipsis=True)
    return prefix + title


def paint_row(content: Content, style: VisualStyle, width: int) -> Strip:
    """``content`` over ``style``, exactly ``width`` cells wide."""
    strip = Strip(content.render_segments(style), content.cell_length)
    return strip.extend_cell_length(width, style.rich_style).crop(0, width)
