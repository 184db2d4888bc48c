"""Dates in feeds: RFC 822 (RSS), RFC 3339 / ISO 8601 (Atom, JSON Feed), and the rest.

The two standard shapes are parsed with the standard library in a couple of
microseconds. Anything else (W3C-DTF variants, localised month names,
two-digit years, missing commas) goes to feedparser's date parsers, which
were built on twenty years of broken feeds; feedparser is imported only then.

Every result is an aware datetime: a date without a zone is taken as UTC.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

__all__ = ["parse_feed_date"]

_ISO_START = re.compile(r"\d{4}[-/.]?\d")
# The RSS norm, "Tue, 10 Jun 2003 04:00:00 GMT" / "+0200", read without the email module.
_RFC822 = re.compile(
    r"(?:[A-Za-z]{3,9},? )?(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?"
    r"(?: ?(GMT|UTC?|Z|[+-]\d{2}:?\d{2}))?$"
)
# Loose numeric dates: "2020/1/10 14:03:00", "2006-01-17T12:35:1+01:00".
_NUMERIC = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:[.,]\d+)?)?"
    r" ?(Z|UTC|GMT|[+-]\d{2}:?\d{2})?$"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_SPACES = re.compile(r"\s+")
_LONGEST_DATE = 100  # anything longer is not a date, and would cost the tolerant parsers time
_EARLIEST_YEAR = 1900
_LATEST_YEAR = 2200


def _aware(value: datetime) -> datetime | None:
    """``value`` with UTC assumed when naive; None when the year is implausible."""
    if not _EARLIEST_YEAR <= value.year <= _LATEST_YEAR:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _feedparser_date(value: str) -> datetime | None:
    """feedparser's tolerant parsers (a UTC struct_time) as an aware datetime."""
    try:
        from feedparser.datetimes import _parse_date
    except ImportError:  # pragma: no cover - feedparser is a dependency
        return None
    try:
        parsed = _parse_date(value)
    except (ValueError, OverflowError, TypeError, IndexError):
        return None
    if parsed is None:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC)
    except (ValueError, OverflowError, OSError):
        return None


def _zone(zone: str | None) -> timezone:
    """A ``+hh:mm`` / ``-hhmm`` / ``Z`` / ``GMT`` suffix (or none) as a timezone; UTC by default."""
    if not zone or zone[0] not in "+-":
        return UTC
    digits = zone[1:].replace(":", "")
    offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    return timezone(-offset if zone[0] == "-" else offset) if offset else UTC


def _numeric(text: str) -> datetime | None:
    """Year-first numeric dates that ``fromisoformat`` rejects; None for anything else."""
    match = _NUMERIC.match(text)
    if match is None:
        return None
    year, month, day, hour, minute, second, zone = match.groups()
    try:
        return datetime(
            int(year), int(month), int(day), int(hour or 0), int(minute or 0), int(second or 0),
            tzinfo=_zone(zone),
        )
    except ValueError:
        return None


def _rfc822(text: str) -> datetime | None:
    """The common RFC 822 shapes; None for anything else (the caller then tries harder)."""
    match = _RFC822.match(text)
    if match is None:
        return None
    day, month_name, year, hour, minute, second, zone = match.groups()
    month = _MONTHS.get(month_name.lower())
    if month is None:
        return None
    try:
        return datetime(
            int(year), month, int(day), int(hour), int(minute), int(second or 0), tzinfo=_zone(zone)
        )
    except ValueError:
        return None


def parse_feed_date(value: str | None) -> datetime | None:
    """Parse a date as feeds write them.

    Args:
        value: The element's text, e.g. ``"Tue, 10 Jun 2003 04:00:00 GMT"`` or
            ``"2003-06-10T04:00:00Z"``.

    Returns:
        An aware datetime, or None when the text is empty or not a date.
    """
    if not value:
        return None
    text = _SPACES.sub(" ", value[:_LONGEST_DATE]).strip()
    if not text or len(text) >= _LONGEST_DATE:
        return None
    if _ISO_START.match(text):
        try:
            return _aware(datetime.fromisoformat(text))
        except ValueError:
            numeric = _numeric(text)
            if numeric is not None:
                return _aware(numeric)
    else:
        quick = _rfc822(text)
        if quick is not None:
            return _aware(quick)
        try:
            return _aware(parsedate_to_datetime(text))
        except (ValueError, TypeError, IndexError, OverflowError):
            pass
    return _feedparser_date(text)
