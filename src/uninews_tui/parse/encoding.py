"""Bytes of an HTML page to text, whatever encoding the site used.

The order follows what browsers do (WHATWG "encoding sniffing"), with one
rule added so a wrong declaration cannot produce mojibake silently:

1. a byte-order mark (unambiguous, so it beats everything);
2. the HTTP ``Content-Type`` charset;
3. ``<meta charset>`` / ``<meta http-equiv="Content-Type">`` in the first 4 KB;
4. UTF-8, when the bytes are valid UTF-8;
5. UTF-8 with a few stray Windows-1252 bytes (a CMS pasting one Word
   paragraph into a UTF-8 page), when nearly all non-ASCII bytes are UTF-8;
6. detection with charset-normalizer;
7. the first declared encoding (or UTF-8) with replacement characters.

A declared encoding is used only if the bytes decode with it (UTF-8 must be
strictly valid; legacy encodings may have a handful of bad bytes, which real
GBK/Big5 pages often do). Labels are mapped to their supersets: gb2312/gbk →
gb18030, big5 → big5hkscs, latin-1/ascii → windows-1252. Never raises.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterable, Mapping

__all__ = ["charset_from_headers", "decode_html", "decode_mostly_utf8", "meta_charset", "normalise_charset"]

HeadersLike = Mapping[str, str] | Iterable[tuple[str, str]] | None

_SNIFF_BYTES = 4096
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "utf_16": "utf-8",  # a meta tag cannot honestly declare UTF-16 (WHATWG)
    "utf_16_le": "utf-8",
    "utf_16_be": "utf-8",
}
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META = re.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""",
    re.IGNORECASE,
)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)


def normalise_charset(label: str | None) -> str | None:
    """The Python codec to use for a charset label, or None if unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    if label in {"x-gbk", "gb_2312-80", "csgb2312", "euc-cn", "chinese"}:
        return "gb18030"
    if label in {"x-x-big5", "csbig5", "big5-hkscs"}:
        return "big5hkscs"
    try:
        name = codecs.lookup(label).name
    except (LookupError, ValueError):  # ValueError: a NUL in the label
        return None
    key = name.replace("-", "_")
    return _SUPERSETS.get(key, name)


def _header_items(headers: HeadersLike) -> Iterable[tuple[str, str]]:
    if headers is None:
        return ()
    if isinstance(headers, Mapping):
        return headers.items()
    return headers


def charset_from_headers(headers: HeadersLike) -> str | None:
    """The codec named by a ``Content-Type`` header, if any."""
    for name, value in _header_items(headers):
        if str(name).lower() == "content-type":
            found = _HEADER_CHARSET.search(str(value))
            if found:
                return normalise_charset(found.group(1))
    return None


def meta_charset(data: bytes) -> str | None:
    """The codec declared by a ``<meta>`` tag in the first 4 KB, if any."""
    found = _META.search(data[:_SNIFF_BYTES])
    if found is None:
        return None
    return normalise_charset(found.group(1).decode("ascii", "ignore"))


def _decodes(data: bytes, encoding: str) -> str | None:
    """The text if ``data`` decodes as ``encoding`` (strictly for UTF-8)."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        if encoding.replace("_", "-").lower() in {"utf-8", "utf8"}:
            return None
    except LookupError:
        return None
    text = data.decode(encoding, errors="replace")
    # Legacy pages often carry a few stray bytes; many means the wrong codec.
    allowed = max(2, len(text) // 2000)
    return text if text.count("\ufffd") <= allowed else None


def _stray_bytes_as_cp1252(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: an invalid UTF-8 byte read as Windows-1252 (U+FFFD if undefined there)."""
    assert isinstance(error, UnicodeDecodeError)
    return bytes(error.object[error.start : error.start + 1]).decode("cp1252", "replace"), error.start + 1


codecs.register_error("uninews-stray-cp1252", _stray_bytes_as_cp1252)
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def decode_mostly_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 with its few invalid bytes read as Windows-1252, or None.

    One badly encoded item must not turn a whole UTF-8 feed or page into
    mojibake (detection would pick a single-byte codec for every byte). The
    bytes count as "mostly UTF-8" when valid multi-byte sequences are at least
    as many as invalid bytes: legacy text forms valid UTF-8 sequences only by
    accident (Latin-1 almost never, GBK/Big5/EUC for about one character in
    ten), so a wrongly declared legacy document still goes to detection.
    """
    text = data.decode("utf-8", "uninews-stray-cp1252")
    good = len(_UTF8_MULTIBYTE.findall(data))
    bad = len(text) - len(data.decode("utf-8", "ignore"))
    return text if good and bad <= good else None


def _detect(data: bytes) -> str | None:
    from charset_normalizer import from_bytes  # imported lazily: ~30 ms, rarely needed

    best = from_bytes(data).best()
    if best is None:
        return None
    encoding = normalise_charset(best.encoding)
    return encoding


def decode_html(data: bytes | str, headers: HeadersLike = None, *, encoding: str | None = None) -> str:
    """Decode an HTML page (see the module docstring for the order).

    Args:
        data: The raw response body (a ``str`` is returned unchanged).
        headers: HTTP response headers (a mapping or pairs); only
            ``Content-Type`` is read.
        encoding: A source's forced ``encoding`` from feeds.toml; ``None`` or
            ``"auto"`` means sniff. A forced encoding is still checked and
            the sniffing order takes over if the bytes do not fit it.

    Returns:
        The text; never raises.
    """
    if isinstance(data, str):
        return data
    if not data:
        return ""
    for bom, bom_encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(bom_encoding, errors="replace")
    declared: list[str] = []
    forced = normalise_charset(encoding) if encoding and encoding.lower() != "auto" else None
    for candidate in (forced, charset_from_headers(headers), meta_charset(data)):
        if candidate and candidate not in declared:
            declared.append(candidate)
    for candidate in declared:
        text = _decodes(data, candidate)
        if text is not None:
            return text
    text = _decodes(data, "utf-8") or decode_mostly_utf8(data)
    if text is not None:
        return text
    detected = _detect(data)
    if detected:
        text = _decodes(data, detected)
        if text is not None:
            return text
    fallback = declared[0] if declared else "utf-8"
    return data.decode(fallback, errors="replace")
