"""The block and inline walker behind :mod:`uninews_tui.parse.markdown`.

``BlockWriter.blocks(element)`` turns an element's content into a list of
Markdown blocks (paragraphs, headings, lists, quotes, code, tables); inline
runs between block children become paragraphs.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from uninews_tui.parse.markdown_inline import (
    HARD_BREAK,
    absolute_url,
    code_block,
    code_span,
    escape_heading,
    escape_inline,
    finish_paragraph,
    squash,
    wrap_emphasis,
)
from uninews_tui.parse.markdown_tables import table_blocks

DROPPED = frozenset(
    "script style noscript iframe frame frameset object embed applet template svg math canvas video audio "
    "source track picture-source form button input select textarea option optgroup datalist output "
    "head title meta link base map area dialog portal param".split()
)
BLOCKS = frozenset(
    "address article aside blockquote body center details dd div dl dt fieldset figcaption figure footer "
    "h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table tbody thead "
    "tfoot tr td th caption ul".split()
)
_STRONG = frozenset({"strong", "b"})
_EMPHASIS = frozenset({"em", "i", "cite", "dfn", "var"})
_CODE = frozenset({"code", "kbd", "samp", "tt"})
_STRIKE = frozenset({"del", "s", "strike"})
_LAZY_SRC = ("src", "data-src", "data-original", "data-lazy-src")


@dataclass(frozen=True, slots=True)
class WriterOptions:
    """What the writer keeps: links (else their text), images, emphasis."""

    links: bool = True
    images: bool = True
    emphasis: bool = True


def tag_of(element: etree._Element) -> str:
    """Lower-case tag name; ``""`` for comments and processing instructions."""
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


class BlockWriter:
    """Walks an lxml tree and writes Markdown blocks."""

    def __init__(self, base_url: str, options: WriterOptions) -> None:
        self.base_url = base_url
        self.options = options
        self._in_link = False
        self._marks: set[str] = set()

    def text(self, raw: str | None) -> str:
        """One text node, cleaned, whitespace-collapsed and escaped."""
        return escape_inline(squash(raw))

    # -- blocks -------------------------------------------------------------

    def blocks(self, element: etree._Element) -> list[str]:
        """The element's content as blocks: inline runs become paragraphs."""
        out: list[str] = []
        run: list[str] = [self.text(element.text)]
        for child in element:
            tag = tag_of(child)
            if tag in BLOCKS:
                self._flush(run, out)
                out.extend(self.block(child, tag))
            elif tag and tag not in DROPPED:
                run.append(self.inline(child, tag))
            run.append(self.text(child.tail))
        self._flush(run, out)
        return out

    def _flush(self, run: list[str], out: list[str]) -> None:
        paragraph = finish_paragraph(run)
        if paragraph:
            out.append(paragraph)
        run.clear()

    def block(self, element: etree._Element, tag: str) -> list[str]:
        """One block-level element as zero or more blocks."""
        if tag[0] == "h" and tag[1:].isdigit():
            text = self.one_line(element)
            return [] if not text else ["#" * int(tag[1]) + " " + escape_heading(text)]
        if tag in ("ul", "ol", "menu"):
            return self.list_block(element, ordered=tag == "ol")
        if tag == "blockquote":
            inner = "\n\n".join(self.blocks(element))
            if not inner:
                return []
            return ["\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))]
        if tag == "pre":
            return [code_block(_pre_text(element))] if _pre_text(element).strip() else []
        if tag == "hr":
            return ["---"]
        if tag == "table":
            return table_blocks(self, element)
        if tag == "dt" and self.options.emphasis:
            text = self.one_line(element)
            return [wrap_emphasis(text, "**")] if text else []
        return self.blocks(element)

    def one_line(self, element: etree._Element) -> str:
        """Everything inside ``element`` on one line (headings, table cells)."""
        text = " ".join(self.blocks(element)).replace("\\\n", " ").replace("\n", " ")
        return " ".join(text.split())

    def list_block(self, element: etree._Element, *, ordered: bool) -> list[str]:
        number = _start(element) if ordered else 0
        items: list[str] = []
        for child in element:
            tag = tag_of(child)
            if not tag or tag in DROPPED:
                continue
            parts = self.blocks(child) if tag == "li" or tag in BLOCKS else [self.inline(child, tag).strip()]
            parts = [part for part in parts if part.strip()]
            if not parts:
                continue
            marker = f"{number}. " if ordered else "- "
            number += 1
            body = parts[0]
            for part in parts[1:]:
                body += ("\n" if part.startswith(("- ", "1. ")) or part[:1].isdigit() else "\n\n") + part
            pad = " " * len(marker)
            lines = body.split("\n")
            items.append(
                marker + lines[0] + "".join("\n" + (pad + line if line else "") for line in lines[1:])
            )
        return ["\n".join(items)] if items else []

    # -- inline -------------------------------------------------------------

    def inline(self, element: etree._Element, tag: str) -> str:
        """One inline element (without its tail) as Markdown text."""
        if tag == "br":
            return HARD_BREAK
        if tag == "img":
            return self.image(element)
        if tag in _CODE:
            return code_span("".join(element.itertext()))
        if tag == "a":
            return self.link(element)
        if not self.options.emphasis:
            return self.inline_children(element)
        for names, marker in ((_STRONG, "**"), (_EMPHASIS, "*"), (_STRIKE, "~~")):
            if tag in names and marker not in self._marks:
                self._marks.add(marker)
                try:
                    return wrap_emphasis(self.inline_children(element), marker)
                finally:
                    self._marks.discard(marker)
        return self.inline_children(element)

    def inline_children(self, element: etree._Element) -> str:
        pieces = [self.text(element.text)]
        for child in element:
            tag = tag_of(child)
            if tag and tag not in DROPPED:
                piece = self.inline(child, tag)
                pieces.append(f" {piece} " if tag in BLOCKS and tag != "br" else piece)
            pieces.append(self.text(child.tail))
        return "".join(pieces)

    def link(self, element: etree._Element) -> str:
        url = None
        if self.options.links and not self._in_link:
            url = absolute_url(element.get("href"), self.base_url)
        if url is None:
            return self.inline_children(element)
        self._in_link = True
        try:
            text = self.inline_children(element).replace(HARD_BREAK, " ")
        finally:
            self._in_link = False
        stripped = text.strip()
        if not stripped:
            return text
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
        return f"{lead}[{stripped}]({url}){trail}"

    def image(self, element: etree._Element) -> str:
        if not self.options.images or _tiny(element):
            return ""
        url = next((u for u in (absolute_url(element.get(a), self.base_url) for a in _LAZY_SRC) if u), None)
        if url is None or url.startswith("mailto:"):
            return ""
        alt = self.text(element.get("alt") or element.get("title") or "")
        return f"![{alt}]({url})"


def _start(element: etree._Element) -> int:
    try:
        return max(0, min(int(element.get("start", "1")), 999_999_999))
    except ValueError:
        return 1


def _tiny(element: etree._Element) -> bool:
    """Tracking pixels: an image declared 0 or 1 pixel wide or high."""
    return any((element.get(side) or "").strip() in ("0", "1", "0px", "1px") for side in ("width", "height"))


def _pre_text(element: etree._Element) -> str:
    """Raw text of a ``<pre>``: whitespace kept, ``<br>`` as newlines."""
    parts: list[str] = [element.text or ""]
    for child in element:
        tag = tag_of(child)
        if tag == "br":
            parts.append("\n")
        elif tag and tag not in DROPPED:
            parts.append(_pre_text(child))
        parts.append(child.tail or "")
    return "".join(parts)
