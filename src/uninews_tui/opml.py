"""OPML subscription lists: read leniently and safely, write OPML 2.0.

Reading (:func:`parse_opml`) never fetches anything and never expands
entities: a ``<!DOCTYPE>`` is dropped before parsing, and lxml runs with
``resolve_entities=False``, ``no_network=True`` and no DTD loading. Files
that other readers write broken are repaired before giving up: leading
junk before the first ``<``, a missing ``<`` before ``?xml``, a raw ``&``
in an attribute, HTML entities such as ``&nbsp;``; then lxml's recovering
parser has a last go. A missing ``<opml>`` root or
``<body>`` only adds a warning: outlines are read wherever they are.

An outline with an ``xmlUrl`` is a feed (so is ``type="rss"`` with ``url``);
``type="link"`` outlines are links, not feeds, and are counted apart; any
other outline is a folder, named by its ``text`` (else ``title``). A feed's
title is its ``title`` (else ``text``). Nothing here judges URLs: the
importer refuses commands and non-http URLs (:mod:`uninews_tui.opml_import`).

Writing is :mod:`uninews_tui.opml_export`; uninews's own attributes there
(namespace :data:`OPML_NS`) are read back here.
"""

from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from uninews_tui.errors import UninewsError
from uninews_tui.parse.feed_encoding import strip_escapes
from uninews_tui.parse.text import clean_line

__all__ = ["OPML_NS", "OpmlDocument", "OpmlError", "OpmlFeed", "parse_opml"]

OPML_NS = "urn:x-uninews:opml:1"
"""Namespace of uninews's own outline attributes (``uninews:institution`` ...)."""
MAX_OPML_BYTES = 20_000_000
MAX_FEEDS = 20_000
_FEED_TYPES = ("rss", "atom", "feed", "rdf", "json")
_RAW_AMPERSAND = re.compile(rb"&(?!#[0-9]+;|#[xX][0-9a-fA-F]+;|[A-Za-z][A-Za-z0-9._-]*;)")
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}
_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(?:\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)
_LXML_WHERE = re.compile(r"\s*\(<string>, line \d+\)$")


class OpmlError(UninewsError):
    """The file is not OPML (nor anything an OPML reader could salvage)."""


@dataclass(frozen=True, slots=True)
class OpmlFeed:
    """One feed outline, as written in the file (text cleaned, URL only stripped)."""

    url: str
    title: str = ""
    folders: tuple[str, ...] = ()
    """Names of the enclosing folder outlines, outermost first."""
    html_url: str = ""
    category: str = ""
    """The OPML 2.0 ``category`` attribute (comma-separated tags)."""
    institution_hint: str = ""
    """``uninews:institution`` of the nearest enclosing folder (our own exports)."""
    institution_keys: str = ""
    """``uninews:keys`` of that folder: JSON of the institution's other keys (our own exports)."""
    source_id: str = ""
    """``uninews:id`` (our own exports)."""
    source_keys: str = ""
    """``uninews:source``: JSON of the source's other feeds.toml keys (our own exports)."""
    kind: str = "feed"
    """"html" for an outline of ``type="html"`` (an HTML source in our own exports)."""
    ignored: tuple[str, ...] = ()
    """Names of attributes that would run something elsewhere (``filtercmd``): never used."""


@dataclass(slots=True)
class OpmlDocument:
    """What a file holds: its title, its feeds, and what was odd about it."""

    title: str = ""
    feeds: list[OpmlFeed] = field(default_factory=list)
    links: int = 0
    """``type="link"`` outlines (web pages, not feeds), not imported."""
    warnings: list[str] = field(default_factory=list)


def _safe_parser(*, recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True, recover=recover,
    )


def _named_entity(match: re.Match[bytes]) -> bytes:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    char = html.entities.html5.get(name.decode("ascii") + ";")
    return "".join(f"&#{ord(c)};" for c in char).encode("ascii") if char else b"&amp;" + name + b";"


def _repaired(data: bytes) -> bytes:
    """The usual breakage of hand-made OPML files, mended."""
    data = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    start = data.find(b"<")
    if data.startswith(b"?xml"):
        data = b"<" + data
    elif start > 0:
        data = data[start:]
    data = _RAW_AMPERSAND.sub(b"&amp;", strip_escapes(data))
    return _NAMED_ENTITY.sub(_named_entity, data)


def _root(data: bytes, warnings: list[str]) -> Any:
    """The document's root element, repairing or recovering when it has to."""
    try:
        return etree.fromstring(data, _safe_parser())
    except etree.XMLSyntaxError as error:
        first_error = clean_line(_LXML_WHERE.sub("", str(error)))  # lxml quotes the input, newlines included
    try:
        root = etree.fromstring(_repaired(data), _safe_parser())
        warnings.append(f"repaired malformed XML ({first_error})")
        return root
    except etree.XMLSyntaxError:
        pass
    try:
        root = etree.fromstring(_repaired(data), _safe_parser(recover=True))
    except etree.XMLSyntaxError:
        root = None
    if root is None:
        raise OpmlError(f"not an OPML file: {first_error}")
    warnings.append(f"read what could be recovered from malformed XML ({first_error})")
    return root


def _split_name(name: str) -> tuple[str | None, str]:
    """(namespace, local name) of a Clark-notation name, without lxml's validation.

    ``etree.QName`` raises ValueError on names a recovering parse can produce
    (``outlin:`` with an empty local part); found by fuzzing.
    """
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return None, name


def _attributes(element: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Plain attributes (names lower-cased) and uninews-namespace ones."""
    plain: dict[str, str] = {}
    ours: dict[str, str] = {}
    for name, value in element.attrib.items():
        namespace, local = _split_name(name)
        if namespace is None:
            plain.setdefault(local.lower(), value)
        elif namespace == OPML_NS:
            ours[local] = value
    return plain, ours


class _Reader:
    """Walks the tree once, collecting feeds with their folder path."""

    def __init__(self, document: OpmlDocument) -> None:
        self.document = document
        self.truncated = False

    def walk(self, element: Any, folders: tuple[str, ...], hint: tuple[str, str]) -> None:
        """Read ``element``'s children; ``hint`` is the enclosing uninews:institution and its keys."""
        for child in element:
            if not isinstance(child.tag, str):
                continue
            name = _split_name(child.tag)[1].lower()
            if name == "head":
                continue
            if name != "outline":
                self.walk(child, folders, hint)
                continue
            plain, ours = _attributes(child)
            kind = plain.get("type", "").strip().lower()
            url = plain.get("xmlurl", "").strip()
            if not url and kind in _FEED_TYPES:
                url = plain.get("url", "").strip()
            if url:
                self.add_feed(url, plain, ours, folders, hint)
                self.walk(child, folders, hint)
            elif kind == "link" or plain.get("url"):
                self.document.links += 1
                self.walk(child, folders, hint)
            else:
                label = clean_line(plain.get("text", "") or plain.get("title", ""))
                inner = (*folders, label) if label else folders
                inner_hint = hint
                if ours.get("institution"):
                    inner_hint = (clean_line(ours["institution"]), ours.get("keys", ""))
                elif label:
                    inner_hint = ("", "")
                self.walk(child, inner, inner_hint)

    def add_feed(self, url: str, plain: dict[str, str], ours: dict[str, str],
                 folders: tuple[str, ...], hint: tuple[str, str]) -> None:
        if len(self.document.feeds) >= MAX_FEEDS:
            self.truncated = True
            return
        self.document.feeds.append(OpmlFeed(
            url=url,
            title=clean_line(plain.get("title", "") or plain.get("text", "")),
            folders=folders,
            html_url=plain.get("htmlurl", "").strip(),
            category=clean_line(plain.get("category", "")),
            institution_hint=hint[0],
            institution_keys=hint[1],
            source_id=clean_line(ours.get("id", "")),
            source_keys=ours.get("source", ""),
            kind="html" if plain.get("type", "").strip().lower() == "html" else "feed",
            ignored=tuple(name for name in ("filtercmd", "exec", "command") if name in plain),
        ))


def parse_opml(data: bytes) -> OpmlDocument:
    """Read an OPML file (1.0, 1.1 or 2.0), leniently.

    Args:
        data: The file's bytes.

    Returns:
        The feeds in document order with their folder paths; ``warnings`` say
        what had to be repaired or was missing.

    Raises:
        OpmlError: Too large, or no XML element could be read at all.
    """
    if len(data) > MAX_OPML_BYTES:
        raise OpmlError(f"file too large for an OPML list ({len(data):,} bytes; limit {MAX_OPML_BYTES:,})")
    document = OpmlDocument()
    # OPML needs no DTD: dropping it leaves no entity to expand, internal or external;
    # references to the entities it declared are then kept as literal text.
    data = _DOCTYPE.sub(b"", data[:4096], count=1) + data[4096:]
    root = _root(data, document.warnings)
    root_name = _split_name(root.tag)[1].lower() if isinstance(root.tag, str) else ""
    if root_name != "opml":
        document.warnings.append(f"the root element is <{root_name}>, not <opml>; read its outlines anyway")
    elif root.find("body") is None and root.find("{*}body") is None:
        document.warnings.append("no <body> element")
    title = root.find("head/title")
    document.title = clean_line(title.text or "") if title is not None else ""
    reader = _Reader(document)
    reader.walk(root, (), ("", ""))
    if reader.truncated:
        document.warnings.append(f"more than {MAX_FEEDS} feeds; the rest were not read")
    return document
