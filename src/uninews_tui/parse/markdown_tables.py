"""HTML tables as GitHub-style Markdown tables, or as plain blocks.

Data tables (rows of short cells) become pipe tables with the first row as
the header. Layout tables (one column, or cells holding several paragraphs,
lists or tables) are written out cell by cell, since squeezing an article
into table cells would make it unreadable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

if TYPE_CHECKING:
    from uninews_tui.parse.markdown_blocks import BlockWriter

_CELL_TAGS = ("td", "th")
_MAX_COLUMNS = 30


def _rows(table: etree._Element) -> list[list[etree._Element]]:
    """Rows of this table only (not of tables nested in its cells)."""
    rows: list[list[etree._Element]] = []
    for row in table.iter("tr"):
        owner = row.getparent()
        while owner is not None and owner.tag != "table":
            owner = owner.getparent()
        if owner is table:
            rows.append([cell for cell in row if cell.tag in _CELL_TAGS])
    return [row for row in rows if row]


def _is_layout(rows: list[list[etree._Element]]) -> bool:
    columns = max(len(row) for row in rows)
    if columns < 2 or columns > _MAX_COLUMNS:
        return True
    for row in rows:
        for cell in row:
            if cell.find(".//table") is not None:
                return True
            blocks = cell.xpath("./p|./div|./ul|./ol|./blockquote|./pre|./h1|./h2|./h3|./h4")
            if len(blocks) > 1:
                return True
    return False


def table_blocks(writer: BlockWriter, table: etree._Element) -> list[str]:
    """Markdown blocks for one ``<table>``."""
    rows = _rows(table)
    caption = table.find("caption")
    head: list[str] = writer.blocks(caption) if caption is not None else []
    if not rows:
        return head + writer.blocks(table) if caption is None else head
    if _is_layout(rows):
        out = list(head)
        for row in rows:
            for cell in row:
                out.extend(writer.blocks(cell))
        return out
    cells = [
        [writer.one_line(cell).replace("|", "\\|").replace("\\\\|", "\\|") for cell in row] for row in rows
    ]
    cells = [row for row in cells if any(row)]
    if not cells:
        return head
    width = max(len(row) for row in cells)
    cells = [row + [""] * (width - len(row)) for row in cells]
    lines = ["| " + " | ".join(row) + " |" for row in cells]
    lines.insert(1, "|" + "---|" * width)
    return [*head, "\n".join(lines)]
