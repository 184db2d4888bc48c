"""Byte-level preparation of XML feeds: character encoding and light repairs.

Feeds lie about their encoding in the same few ways (the miniflux test data
collects them): an XML declaration saying ISO-8859-1 over UTF-8 bytes, an
HTTP ``charset=utf-8`` over Latin-1 bytes, a made-up name such as
``encoding="invalid"``, no declaration at all over Latin-1 bytes. The rules
here, in order:

1. A byte order mark wins (UTF-8, UTF-16, UTF-32); so does the unmistakable
   byte pattern of UTF-16/32 without one.
2. Bytes that are valid UTF-8 are UTF-8, whatever the declaration or the
   HTTP header says (a legacy single-byte text is almost never valid UTF-8
   by accident). Only pure-ASCII bytes declared in a 7-bit encoding such as
   ISO-2022-JP are decoded as declared.
3. Otherwise the first label that decodes the bytes cleanly: HTTP charset,
   then the XML declaration (labels mapped to their WHATWG supersets, e.g.
   GB2312 → GB18030, ISO-8859-1 → windows-1252), then UTF-8 with a few stray
   Windows-1252 bytes (one item pasted from Word into a UTF-8 feed), then
   detection.

The result is always UTF-8 bytes for lxml, with the declaration removed when
the text was transcoded.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from html.entities import name2codepoint

from .encoding import decode_mostly_utf8

__all__ = ["http_charset", "repair_xml", "strip_escapes", "to_utf8_xml"]

_DECLARATION = re.compile(rb"<\?xml\s[^>]{0,200}?\?>")
_DECLARED_ENCODING = re.compile(rb"""^\s*<\?xml\s[^>]{0,200}?encoding\s*=\s*["']([^"'>]{1,40})["']""")
_TEXT_DECLARATION = re.compile(r"<\?xml\s[^>]{0,200}?\?>")
_CHARSET_PARAM = re.compile(r"""charset\s*=\s*["']?([^"';\s]+)""", re.IGNORECASE)

# Labels browsers treat as their supersets (WHATWG Encoding Standard).
_SUPERSETS = {
    "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "us-ascii": "cp1252", "ascii": "cp1252", "iso-8859-9": "cp1254", "tis-620": "cp874",
    "shift_jis": "cp932", "shift-jis": "cp932", "sjis": "cp932", "x-sjis": "cp932",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "big5": "big5hkscs", "utf8": "utf-8",
}
_SEVEN_BIT = {"utf_7", "iso2022_jp", "iso2022_jp_1", "iso2022_jp_2", "iso2022_kr", "hz"}
_UTF8_NAMES = {"utf-8", "utf_8"}
_NO_BOM_PATTERNS = (
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00<\x00?", "utf-16-be"),
    (b"<\x00?\x00", "utf-16-le"),
)

# Repairs for ill-formed XML (only tried after a strict parse failed).
_XML_CONTROLS = re.compile(
    rb"[\x00-\x08\x0b\x0c\x0e-\x1f]"
    rb"|&#0*(?:[0-8]|1[124-9]|2[0-9]|3[01]);|&#[xX]0*(?:[0-8bBcC]|1[0-9a-fA-F]);"
)
# XML forbids ESC, so a terminal escape makes a feed ill-formed; it is removed
# whole (raw or as a character reference) before the lone controls go, or its
# payload ("[31m") would survive as text. Same shapes as parse.text's pattern;
# an unterminated OSC ends at the next markup.
_ESC = rb"(?:\x1b|&#0*27;|&#[xX]0*1[bB];)"
_BEL_OR_ST = rb"(?:\x07|&#0*7;|&#[xX]0*7;|" + _ESC + rb"\\)"
_XML_ESCAPE_SEQUENCE = re.compile(
    _ESC + rb"\[[0-?]*[ -/]*[@-~]"
    rb"|" + _ESC + rb"[\]PX^_][^\x07\x1b&<]{0,512}" + _BEL_OR_ST + rb"?"
    rb"|" + _ESC + rb"[@-Z\\-_]"
)
_CHAR_REFERENCE = re.compile(rb"&#([xX][0-9A-Fa-f]{1,12}|[0-9]{1,12});")
_DOCTYPE_START = re.compile(rb"<!DOCTYPE\s", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE\s[^\[>]*(?:\[.*?\]\s*)?>", re.IGNORECASE | re.DOTALL)
_NAMED_ENTITY = re.compile(rb"&([A-Za-z][A-Za-z0-9]{1,31});")
_BARE_AMPERSAND = re.compile(rb"&(?!(?:[A-Za-z][A-Za-z0-9._-]{0,31}|#[0-9]{1,8}|#[xX][0-9A-Fa-f]{1,8});)")
_XML_ENTITIES = {b"amp", b"lt", b"gt", b"quot", b"apos"}


def http_charset(headers: Mapping[str, str] | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any (case-insensitive lookup)."""
    if not headers:
        return None
    for name, value in headers.items():
        if name.lower() == "content-type":
            match = _CHARSET_PARAM.search(value or "")
            return match.group(1) if match else None
    return None


def _codec(label: str | None) -> str | None:
    """Python codec name for an encoding label, or None when unknown or unusable."""
    if not label:
        return None
    name = label.strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        info = codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in the label
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None  # e.g. "rot13", "base64": not character encodings
    return info.name


def _bom_encoding(data: bytes) -> tuple[str | None, int]:
    """(codec, BOM length) from a byte order mark or a UTF-16/32 byte pattern."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "utf-32", 0
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", 0
    for pattern, name in _NO_BOM_PATTERNS:
        if data.startswith(pattern):
            return name, 0
    return None, 0


def _without_declaration(text: str) -> bytes:
    """UTF-8 bytes of decoded ``text``, its (possibly misplaced) XML declaration removed."""
    text = text.lstrip("\ufeff")
    head, rest = text[:2048], text[2048:]
    return (_TEXT_DECLARATION.sub("", head, count=1) + rest).encode("utf-8", "replace")


def _detect(data: bytes) -> str | None:
    """Best guess by statistics for undeclared non-UTF-8 bytes (rare, so imported lazily)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:65536]).best()
    return _codec(best.encoding) if best is not None else None


def to_utf8_xml(data: bytes, charset: str | None = None) -> bytes:
    """Return ``data`` as UTF-8 XML bytes, following the module's encoding rules.

    Args:
        data: The raw document.
        charset: The HTTP Content-Type charset, if the server sent one.
    """
    forced, bom_length = _bom_encoding(data)
    if forced is not None:
        if forced == "utf-8":
            declared_after_bom = _DECLARED_ENCODING.match(data[bom_length : bom_length + 256])
            label = declared_after_bom.group(1).decode("ascii", "replace") if declared_after_bom else "utf-8"
            if _codec(label) in _UTF8_NAMES:
                return data[bom_length:]
        return _without_declaration(data[bom_length:].decode(forced, "replace"))
    match = _DECLARED_ENCODING.match(data)
    declared = _codec(match.group(1).decode("ascii", "replace")) if match else None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        for seven_bit in (_codec(charset), declared):
            if seven_bit in _SEVEN_BIT and data.isascii():
                return _without_declaration(data.decode(seven_bit, "replace"))
        if declared is None or declared in _UTF8_NAMES:
            return data
        return _without_declaration(text)
    candidates = [c for c in (_codec(charset), declared) if c and c not in _UTF8_NAMES]
    for name in candidates:
        try:
            return _without_declaration(data.decode(name))
        except UnicodeDecodeError:
            continue
    mostly_utf8 = decode_mostly_utf8(data)
    if mostly_utf8 is not None:
        return _without_declaration(mostly_utf8)
    guess = candidates[0] if candidates else (_detect(data) or "cp1252")
    return _without_declaration(data.decode(guess, "replace"))


def _numeric_entity(match: re.Match[bytes]) -> bytes:
    """``&eacute;`` → ``&#233;``; XML's own five and unknown names stay as they are."""
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    codepoint = name2codepoint.get(name.decode("ascii"))
    return b"&#%d;" % codepoint if codepoint is not None else match.group(0)


def _valid_reference(match: re.Match[bytes]) -> bytes:
    """A character reference kept only when it names a character XML allows."""
    digits = match.group(1)
    try:
        code = int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)
    except ValueError:
        return b""
    allowed = code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
    return match.group(0) if allowed or 0x10000 <= code <= 0x10FFFF else b""


def strip_escapes(data: bytes) -> bytes:
    """Remove terminal escape sequences whole, then the characters XML forbids, raw or referenced.

    Whole first: a recovering parser would drop or replace the ESC alone and
    keep the sequence's payload (``]0;new window title``) as text. References
    to surrogates or beyond U+10FFFF (``&#xD800;``) go too: lxml's recovering
    parser stores them as invalid UTF-8 that it then cannot read back.
    """
    if b"\x1b" in data or b"&#" in data:
        data = _XML_ESCAPE_SEQUENCE.sub(b"", data)
    data = _XML_CONTROLS.sub(b"", data)
    return _CHAR_REFERENCE.sub(_valid_reference, data) if b"&#" in data else data


def repair_xml(data: bytes) -> bytes:
    """Fix what commonly makes a feed ill-formed, for a second strict parse.

    Removes the DOCTYPE (its entities are never expanded anyway), a misplaced
    XML declaration and control characters XML forbids; turns HTML named
    entities into numeric references; escapes bare ampersands.
    """
    start = _DOCTYPE_START.search(data, 0, 4096)
    if start is not None:
        doctype = _DOCTYPE.match(data, start.start())
        end = doctype.end() if doctype is not None else len(data)
        data = data[: start.start()] + data[end:]
    if not data.lstrip().startswith(b"<?xml"):
        data = _DECLARATION.sub(b"", data[:4096], count=1) + data[4096:]
    data = strip_escapes(data)
    if b"&" in data:
        data = _BARE_AMPERSAND.sub(b"&amp;", _NAMED_ENTITY.sub(_numeric_entity, data))
    return data
