"""Dates as university news pages write them, turned into aware datetimes.

Shared by HTML list pages, article pages and feeds. :func:`parse_date` takes
the formats a source declares (``date_format`` in feeds.toml), tried in order:

* a ``strptime``-style format such as ``"%d %b, %Y"`` or ``"%Y年%m月%d日"``,
  matched by our own engine (:mod:`.strptime`) so English month names work
  whatever the process locale is, and so the date may sit inside other text
  (``"发布时间：2025-02-24"``);
* ``"iso"`` (ISO 8601), ``"rfc2822"`` (e-mail/RSS dates), ``"timestamp"``
  (Unix seconds or milliseconds);
* ``"auto"``: a detector for the common forms (see :func:`auto_date`).

Naive results take the institution's time zone; an explicit offset is kept.
Nothing here raises on bad input: an unreadable date is ``None``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from datetime import timezone as fixed_offset
from email.utils import parsedate_to_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import regex as regex_module

from .patterns import user_search
from .strptime import MONTHS, match_format
from .text import clean_line

__all__ = ["auto_date", "date_from_url", "parse_date", "zone"]

_MONTH = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_TIME = (
    r"(?:(?:T|[\s,]+(?:at\s+|@\s*)?)(?P<H>\d{1,2})[:时點点](?P<M>\d{2})(?:[:分](?P<S>\d{2})(?:[.,]\d+)?)?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?)?"
)
_ZONE = r"(?:\s*(?P<tz>Z|[+-]\d{2}:?\d{2})(?![\d:]))?"
_ORD = r"(?:st|nd|rd|th)?"

# Each form names its fields; the earliest match in the text wins, ties go to
# the form listed first. Digits are fenced so ids and phone numbers do not match.
_AUTO_FORMS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(p, re.IGNORECASE)
    for p in (
        # 2025-02-24T10:30:00+08:00, 2025/02/24 10:30, 2025.02.24
        r"(?<!\d)(?P<Y>\d{4})\s*(?P<sep>[-/.])\s*(?P<m>\d{1,2})\s*(?P=sep)\s*(?P<d>\d{1,2})(?!\d)"
        + _TIME
        + _ZONE,
        # 2025年02月24日, 2025年2月4日 10:30
        r"(?<!\d)(?P<Y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?" + _TIME,
        # 24 February 2025, 10 Sep, 2026, 6th Aug 2026
        r"(?<!\d)(?P<d>\d{1,2})" + _ORD + r"\s+" + _MONTH + r",?\s+(?P<Y>\d{4})(?!\d)" + _TIME,
        # Sep 10, 2026, February 24th 2025
        r"\b" + _MONTH + r"\s+(?P<d>\d{1,2})" + _ORD + r",?\s+(?P<Y>\d{4})(?!\d)" + _TIME,
        # split day: "24 2025.02" (day in one element, year.month in another)
        r"(?<!\d)(?P<d>\d{1,2})\s+(?P<Y>\d{4})[./-](?P<m>\d{1,2})(?![\d./-])",
        # "2025.02 24", "2025-02 24"
        r"(?<![\d./-])(?P<Y>\d{4})[./-](?P<m>\d{1,2})\s+(?P<d>\d{1,2})(?![\d./-])",
        # 24/02/2025 (day first unless that is impossible)
        r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[/.-])(?P<b>\d{1,2})(?P=sep)(?P<Y>\d{4})(?!\d)" + _TIME,
    )
)


@lru_cache(maxsize=64)
def zone(name: str) -> tzinfo:
    """The ``tzinfo`` for an IANA name; UTC for an empty or unknown name."""
    if not name or name.upper() == "UTC":
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _normalise(text: str) -> str:
    # NFKC folds full-width digits and colons ("２０２５：") into ASCII.
    return clean_line(unicodedata.normalize("NFKC", text))


def _localise(value: datetime, tz: tzinfo) -> datetime:
    return value.replace(tzinfo=tz) if value.tzinfo is None else value


def _offset(text: str) -> tzinfo:
    if text.upper() == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return fixed_offset(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))


def _from_fields(found: re.Match[str]) -> datetime | None:
    groups = {k: v for k, v in found.groupdict().items() if v is not None}
    year = int(groups["Y"])
    if "mon" in groups:
        month = MONTHS[groups["mon"][:3].lower()]
    elif "a" in groups:
        first, second = int(groups["a"]), int(groups["b"])
        # Day first (most of the world) unless only month-first makes sense.
        day, month = (second, first) if first <= 12 < second else (first, second)
        groups["d"] = str(day)
    else:
        month = int(groups["m"])
    hour, minute, second_ = int(groups.get("H", 0)), int(groups.get("M", 0)), int(groups.get("S", 0))
    ampm = groups.get("ampm", "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if not 1900 <= year <= 2200:
        return None
    try:
        value = datetime(year, month, int(groups["d"]), hour, minute, second_)
    except ValueError:
        return None
    return value.replace(tzinfo=_offset(groups["tz"])) if "tz" in groups else value


def auto_date(text: str) -> datetime | None:
    """Find the first date in ``text`` in any common form; naive unless it has an offset.

    Recognised: ISO dates and datetimes (``2025-02-24``, ``2025-02-24T10:30:00Z``),
    ``2025/02/24``, ``2025.02.24``, ``2025年02月24日`` (optionally ``10:30``),
    ``24 February 2025``, ``10 Sep, 2026``, ``Sep 10, 2026``, the split forms
    ``24 2025.02`` and ``2025.02 24``, ``24/02/2025`` (day first when ambiguous)
    and whole RFC 2822 strings.
    """
    text = _normalise(text)
    if not text:
        return None
    whole = _rfc2822(text)
    if whole is not None:
        return whole
    candidates: list[tuple[int, int, re.Match[str]]] = []
    for rank, form in enumerate(_AUTO_FORMS):
        for found in form.finditer(text):
            candidates.append((found.start(), rank, found))
    for _, _, found in sorted(candidates, key=lambda c: (c[0], c[1])):
        value = _from_fields(found)
        if value is not None:
            return value
    return None


def _rfc2822(text: str) -> datetime | None:
    if not re.match(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}", text):
        return None
    try:
        value = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return value


def _iso(text: str) -> datetime | None:
    candidate = text.strip()
    try:
        return datetime.fromisoformat(candidate)
    except ValueError:
        pass
    found = _AUTO_FORMS[0].search(candidate)
    return _from_fields(found) if found and found.group("sep") == "-" else None


def _timestamp(text: str) -> datetime | None:
    if not re.fullmatch(r"\d{9,13}(?:\.\d+)?", text):
        return None
    seconds = float(text)
    if seconds > 1e11:  # milliseconds
        seconds /= 1000
    return datetime.fromtimestamp(seconds, UTC)


def _one_format(text: str, fmt: str) -> datetime | None:
    kind = fmt.strip().lower()
    if kind == "auto":
        return auto_date(text)
    if kind == "iso":
        return _iso(text)
    if kind == "rfc2822":
        return _rfc2822(text) or _rfc2822_loose(text)
    if kind == "timestamp":
        return _timestamp(text)
    return match_format(text, fmt)


def _rfc2822_loose(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None


def parse_date(
    text: str | None,
    formats: Sequence[str] | str = (),
    *,
    regex: str = "",
    timezone: str = "UTC",
    regex_key: str = "date_regex",
) -> datetime | None:
    """Parse a date written on a page into an aware datetime.

    Args:
        text: The raw text (cleaned and whitespace-normalised here).
        formats: Formats tried in order: strptime patterns, ``"iso"``,
            ``"rfc2822"``, ``"timestamp"`` or ``"auto"``; empty means ``"auto"``.
        regex: Optional pattern applied first to pick the date out of the
            text; its group ``v`` (or first group, or whole match) is parsed.
            No match means no date.
        timezone: IANA zone given to naive results (the institution's zone).
        regex_key: The feeds.toml key ``regex`` came from, for the timeout message.

    Returns:
        An aware datetime, or None when nothing could be read.

    Raises:
        PatternTimeout: ``regex`` ran out of time (it comes from feeds.toml).
    """
    if not text:
        return None
    text = _normalise(text)
    if regex:
        try:
            found = user_search(regex, text, key=regex_key)
        except regex_module.error:
            return None
        if found is None:
            return None
        if "v" in found.re.groupindex:
            text = found.group("v") or ""
        else:
            text = found.group(1) if found.re.groups else found.group(0)
        text = text.strip()
    if isinstance(formats, str):
        formats = (formats,)
    tz = zone(timezone)
    for fmt in formats or ("auto",):
        value = _one_format(text, fmt)
        if value is not None:
            return _localise(value, tz)
    return None


def date_from_url(url: str, pattern: str, *, timezone: str = "UTC") -> datetime | None:
    """Read a date from a URL with a regex naming groups ``Y``, ``m`` and ``d``.

    ``d`` may be missing (the first of the month is used); ``H`` and ``M``
    are honoured when present. Returns an aware datetime in ``timezone``.
    """
    if not url or not pattern:
        return None
    try:
        found = user_search(pattern, url, key="list.date_from_url")
    except regex_module.error:
        return None
    if found is None:
        return None
    parts = found.groupdict()
    try:
        value = datetime(
            int(parts["Y"]),
            int(parts.get("m") or 1),
            int(parts.get("d") or 1),
            int(parts.get("H") or 0),
            int(parts.get("M") or 0),
        )
    except (KeyError, TypeError, ValueError):
        return None
    return value.replace(tzinfo=zone(timezone))
