"""Safe XML parsing of feeds with lxml, and the small tree helpers the walkers share.

Safety: the parsers never load a DTD, never touch the network, never expand
entities (an entity reference stays an ``_Entity`` node; only HTML's named
characters are turned back into text, undeclared or DTD-declared ones are
dropped), keep libxml2's limits on (``huge_tree=False``), and refuse
documents with excessive entity amplification. So billion laughs, quadratic
blow-up and external entities (``file:///etc/passwd``) cost microseconds and
leak nothing.

Tags are reduced to short keys: the document's own namespace (and no
namespace) give bare local names, well-known extension namespaces a
conventional prefix (``dc:creator``, ``media:thumbnail``), so a walker reads
like the feed it walks. The same keys come out of a recover-mode parse that
kept an unbound prefix literally (``atom:link``).
"""

from __future__ import annotations

import re
import threading
from html.entities import name2codepoint
from urllib.parse import urljoin

from lxml import etree

__all__ = [
    "XMLSyntaxError",
    "element_key",
    "markup_of",
    "parse_xml",
    "strip_namespaces",
    "text_of",
    "xml_base",
]

XMLSyntaxError = etree.XMLSyntaxError

ATOM10 = "http://www.w3.org/2005/Atom"
ATOM03 = "http://purl.org/atom/ns#"
_PREFIXES = {
    ATOM10: "atom",
    ATOM03: "atom",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://purl.org/dc/terms/": "dcterms",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://search.yahoo.com/mrss/": "media",
    "http://search.yahoo.com/mrss": "media",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://www.w3.org/1999/xhtml": "xhtml",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#": "rdf",
    "http://purl.org/rss/1.0/": "",
    "http://my.netscape.com/rdf/simple/0.9/": "",
    "http://backend.userland.com/rss2": "",
    "http://backend.userland.com/rss": "",
    "http://purl.org/net/rss1.1#": "",
}
# Conventional prefixes, for recover-mode trees that kept "prefix:name" tags.
_KNOWN_PREFIXES = {"atom", "dc", "dcterms", "content", "media", "itunes", "xhtml", "rdf", "a10"}

_PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "dtd_validation": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
    "strip_cdata": True,
}
_XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
_local = threading.local()
_key_cache: dict[tuple[str, str], str] = {}
_NAMESPACE_DECLARATION = re.compile(r'\sxmlns(?::[\w.-]+)?="[^"]*"')


def _parser(recover: bool) -> etree.XMLParser:
    """This thread's strict or recovering parser (lxml parsers are not shareable across threads)."""
    name = "recover" if recover else "strict"
    parser = getattr(_local, name, None)
    if parser is None:
        parser = etree.XMLParser(recover=recover, **_PARSER_OPTIONS)
        setattr(_local, name, parser)
    return parser


def parse_xml(data: bytes, *, recover: bool = False) -> etree._Element | None:
    """Parse UTF-8 (or BOM-marked) XML bytes; None when nothing could be recovered.

    Raises:
        XMLSyntaxError: for ill-formed XML in strict mode.
    """
    # No base_url: lxml would percent-escape a non-ASCII host into an unusable URL;
    # xml_base() and the normaliser resolve relative URLs with urljoin instead.
    return etree.fromstring(data, _parser(recover))


def xml_base(element: etree._Element) -> str:
    """The base the ``xml:base`` attributes on ``element`` and its ancestors give it ("" if none).

    The result may still be relative (``xml:base="/news/"``); the normaliser
    resolves it against the document's URL.
    """
    bases: list[str] = []
    node: etree._Element | None = element
    while node is not None:
        value = node.get(_XML_BASE)
        if value and value.strip():
            bases.append(value.strip())
        node = node.getparent()
    base = ""
    for value in reversed(bases):
        try:
            base = urljoin(base, value) if base else value
        except ValueError:  # a broken outer base ("a://["): the inner value stands alone
            base = value
    return base


def element_key(tag: str, core_namespace: str) -> str:
    """Short key for ``tag``: bare local name in the core namespace, ``prefix:local`` otherwise."""
    cached = _key_cache.get((tag, core_namespace))
    if cached is not None:
        return cached
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        if namespace == core_namespace:
            key = local
        else:
            prefix = _PREFIXES.get(namespace)
            if prefix is None:
                lowered = namespace.lower()
                prefix = "itunes" if "itunes.com/dtds" in lowered else "?" + namespace
            key = f"{prefix}:{local}" if prefix else local
    elif ":" in tag:
        prefix, _, local = tag.partition(":")
        prefix = "atom" if prefix == "a10" else prefix
        key = f"{prefix}:{local}" if prefix in _KNOWN_PREFIXES else "?" + tag
    else:
        key = tag
    if len(_key_cache) < 4096:
        _key_cache[(tag, core_namespace)] = key
    return key


def _entity_text(name: str) -> str:
    """HTML's named characters become text; any other entity (declared in a DTD) is dropped."""
    codepoint = name2codepoint.get(name)
    return chr(codepoint) if codepoint is not None else ""


def text_of(element: etree._Element) -> str:
    """The text content of ``element`` (child elements' text included, entities resolved safely)."""
    if len(element) == 0:
        return element.text or ""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child, etree._Entity):
            parts.append(_entity_text(child.name))
        elif isinstance(child.tag, str):
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def markup_of(element: etree._Element) -> str:
    """The inner markup of ``element``: its text as-is plus any child elements serialised.

    For the usual RSS/Atom case (escaped HTML or CDATA) this is just the text,
    which already *is* HTML; child elements (unescaped XHTML) are serialised
    back to markup without namespace declarations.
    """
    if len(element) == 0:
        return element.text or ""
    if not any(isinstance(child.tag, str) for child in element):
        return text_of(element)  # only entity references: the text is the markup
    parts = [_escape(element.text or "")]
    for child in element:
        if isinstance(child, etree._Entity):
            if child.name in name2codepoint:
                parts.append(f"&{child.name};")
        elif isinstance(child.tag, str):
            serialised = etree.tostring(child, encoding="unicode", with_tail=False)
            parts.append(_NAMESPACE_DECLARATION.sub("", serialised))
        parts.append(_escape(child.tail or ""))
    return "".join(parts)


def strip_namespaces(element: etree._Element) -> etree._Element:
    """Give every element under ``element`` its bare local name (for XHTML content)."""
    for node in element.iter():
        if isinstance(node.tag, str) and node.tag.startswith("{"):
            try:
                node.tag = node.tag.rpartition("}")[2]
            except ValueError:  # a recovered name lxml will not take back bare ("gu00:00Z")
                node.tag = "span"
    etree.cleanup_namespaces(element)
    return element
