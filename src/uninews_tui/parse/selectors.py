"""The small selector language of ``list.*`` keys in feeds.toml, over selectolax nodes.

A field spec is one of:

* ``""`` — not configured;
* ``":text"`` or ``":self"`` — the item's own text (``:self`` on ``link``
  means the item's own ``href``);
* ``"@attr"`` — an attribute of the item itself;
* ``"css"`` — the text of the first element inside the item matching ``css``;
* ``"css@attr"`` — that element's attribute.

Texts are read with a space at block-element boundaries (so ``<p>24</p>
<span>2025.02</span>`` reads ``"24 2025.02"``) and none around inline
elements (so ``Wor<b>d</b>`` stays one word); scripts and styles are skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

__all__ = [
    "FieldSpec",
    "css_is_valid",
    "node_text",
    "parse_spec",
    "select_all_texts",
    "select_node",
    "select_value",
]

_ATTR_NAME = re.compile(r"^[A-Za-z_:][-A-Za-z0-9_:.]*$")
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "head", "svg", "button"})
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "details", "dialog", "div", "dl",
        "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
        "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "img",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """A parsed field spec: ``css`` ("" = the item itself) and ``attr`` ("" = text)."""

    css: str
    attr: str

    @property
    def on_item(self) -> bool:
        return not self.css


@lru_cache(maxsize=256)
def parse_spec(spec: str) -> FieldSpec | None:
    """Split ``"css@attr"`` / ``"@attr"`` / ``":text"`` / ``"css"``; None for ``""``."""
    spec = spec.strip()
    if not spec:
        return None
    if spec in {":text", ":self"}:
        return FieldSpec("", "")
    css, sep, attr = spec.rpartition("@")
    # "a[href*='@']" has an "@" that is not an attribute suffix.
    if sep and _ATTR_NAME.match(attr):
        css = css.strip()
        return FieldSpec("" if css in {"", ":self"} else css, attr)
    return FieldSpec(spec, "")


@lru_cache(maxsize=256)
def css_is_valid(css: str) -> bool:
    """Whether selectolax (lexbor) can parse the CSS selector ``css``."""
    try:
        _PROBE.css(css)
    except SelectolaxError:
        return False
    return True


_PROBE = LexborHTMLParser("<p></p>")


def node_text(node: LexborNode) -> str:
    """The visible text of ``node`` with spaces at block boundaries (not cleaned).

    Iterative, so a hostile page nested ten thousand levels deep cannot
    exhaust Python's recursion limit.
    """
    parts: list[str] = []
    stack: list[LexborNode | str] = _children_reversed(node)
    while stack:
        current = stack.pop()
        if isinstance(current, str):
            parts.append(current)
            continue
        tag = current.tag
        if tag == "-text":
            parts.append(current.text_content or "")
        elif tag in _BLOCK_TAGS:
            parts.append(" ")
            stack.append(" ")
            stack.extend(_children_reversed(current))
        elif tag and not tag.startswith("-") and tag not in _SKIPPED_TAGS:
            stack.extend(_children_reversed(current))
    return "".join(parts)


def _children_reversed(node: LexborNode) -> list[LexborNode | str]:
    children: list[LexborNode | str] = []
    child = node.child
    while child is not None:
        children.append(child)
        child = child.next
    children.reverse()
    return children


def _target(item: LexborNode, spec: FieldSpec) -> LexborNode | None:
    if spec.on_item:
        return item
    return item.css_first(spec.css)


def _value_of(node: LexborNode, attr: str) -> str:
    if attr:
        return node.attributes.get(attr) or ""
    return node_text(node)


def select_value(item: LexborNode, spec: FieldSpec | None) -> str:
    """The raw (uncleaned) value of ``spec`` inside ``item``; "" when absent."""
    if spec is None:
        return ""
    node = _target(item, spec)
    if node is None:
        return ""
    return _value_of(node, spec.attr)


def select_node(item: LexborNode, spec: FieldSpec | None) -> LexborNode | None:
    """The element ``spec`` points at inside ``item`` (the item for ``:text``/``@attr``)."""
    if spec is None:
        return None
    return _target(item, spec)


def select_all_texts(item: LexborNode, spec: FieldSpec | None) -> list[str]:
    """Values of every element matching ``spec`` (categories can be several)."""
    if spec is None:
        return []
    if spec.on_item:
        return [_value_of(item, spec.attr)]
    return [_value_of(node, spec.attr) for node in item.css(spec.css)]
