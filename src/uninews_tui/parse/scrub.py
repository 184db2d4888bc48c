"""Remove terminal escapes and control characters from raw HTML before parsing.

Text nodes are cleaned again after parsing (:func:`clean_text`), but the page
must be scrubbed first too: lxml refuses to build elements holding control
characters, so trafilatura gives up on a page with one ``ESC`` in its text.
Character references to controls (``&#27;``) are turned into the characters
first (``&#128;``-``&#159;`` read as Windows-1252, as browsers do), so that
``&#27;[2J`` goes as a whole sequence rather than leaving ``[2J`` behind.
Sequences are matched with bounded patterns: an unterminated OSC must not
swallow the rest of the article.
"""

from __future__ import annotations

import re

_CONTROL_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}));?")
_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]{0,64}[ -/]{0,16}[@-~]"  # CSI ... final byte
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]{0,512}(?:\x07|\x1b\\|\x9c)"  # OSC/DCS/... ST
    r"|\x1b[@-Z\\-_]"  # two-byte ESC x
)
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _reference(match: re.Match[str]) -> str:
    hex_digits, decimal = match.groups()
    try:
        code = int(hex_digits, 16) if hex_digits else int(decimal)
    except ValueError:
        return match.group(0)
    if 0x80 <= code <= 0x9F:
        # HTML reads these references as Windows-1252 (&#150; is an en dash).
        try:
            return bytes([code]).decode("cp1252")
        except UnicodeDecodeError:
            return ""
    if code < 0x20 and code not in (0x09, 0x0A, 0x0D) or code == 0x7F:
        return chr(code)
    return match.group(0)


def scrub_markup(markup: str) -> str:
    """The page with escape sequences and C0/C1 controls (and references to them) removed."""
    if "&#" in markup:
        markup = _CONTROL_REFERENCE.sub(_reference, markup)
    if not _CONTROL.search(markup):
        return markup
    return _CONTROL.sub("", _SEQUENCE.sub("", markup))
