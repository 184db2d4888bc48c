"""The ``key:value`` qualifiers of the query language, checked and collected.

``institution:`` (``inst:``) and ``source:`` take config ids (lower-cased, as
config ids are); repeated ones are OR-ed, a ``-`` in front excludes.
``after:`` / ``before:`` take ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (``after``
is inclusive of that day, month or year; ``before`` excludes it).
``is:unread``, ``is:read``, ``is:bookmarked`` (``is:starred``); ``lang:zh``.
A value that cannot be used is ignored with a warning, never an error.
"""

from __future__ import annotations

import re
from datetime import date

from uninews_tui.search.parsed import Qualifiers

QUALIFIER_KEYS = frozenset(
    {
        "institution",
        "inst",
        "uni",
        "source",
        "src",
        "after",
        "since",
        "before",
        "until",
        "is",
        "lang",
        "language",
    }
)
_ALIASES = {
    "inst": "institution",
    "uni": "institution",
    "src": "source",
    "since": "after",
    "until": "before",
    "language": "lang",
}
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8})*")
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_day(value: str) -> date | None:
    """``YYYY[-MM[-DD]]`` as the first day of that period, or None.

    So ``after:2025`` is from 2025-01-01 on and ``before:2025`` is up to the
    end of 2024: both name the start of the period.
    """
    match = _DATE.fullmatch(value)
    if match is None:
        return None
    year, month, day = match.group(1), match.group(2), match.group(3)
    try:
        return date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None


class QualifierReader:
    """Collects qualifiers as the lexer meets them; :meth:`build` gives the frozen result."""

    def __init__(self, warnings: list[str]) -> None:
        self._warnings = warnings
        self._lists: dict[str, list[str]] = {
            "institution": [],
            "-institution": [],
            "source": [],
            "-source": [],
            "lang": [],
        }
        self._after: date | None = None
        self._before: date | None = None
        self._unread: bool | None = None
        self._bookmarked: bool | None = None

    def add(self, key: str, value: str, *, negated: bool = False) -> None:
        """Record ``key:value`` (key lower-case, possibly an alias); bad values only warn."""
        key = _ALIASES.get(key, key)
        shown = f"{key}:{value}"
        if not value:
            self._warnings.append(f"{key}: needs a value: ignored it")
        elif key in ("institution", "source"):
            ident = value.lower()
            if _ID.fullmatch(ident):
                self._lists[("-" if negated else "") + key].append(ident)
            else:
                self._warnings.append(f"ignored {shown} (ids are letters, digits, '-' and '_')")
        elif key in ("after", "before"):
            self._add_date(key, value, shown)
        elif key == "is":
            self._add_flag(value.lower(), negated, shown)
        elif key == "lang" and _LANGUAGE.fullmatch(value.lower()) and not negated:
            self._lists["lang"].append(value.lower())
        else:
            self._warnings.append(f"ignored {shown} (not understood)")

    def _add_date(self, key: str, value: str, shown: str) -> None:
        day = parse_day(value)
        if day is None:
            self._warnings.append(f"ignored {shown} (write a date as YYYY-MM-DD)")
        elif key == "after":
            self._after = day if self._after is None else max(self._after, day)
        else:
            self._before = day if self._before is None else min(self._before, day)

    def _add_flag(self, value: str, negated: bool, shown: str) -> None:
        if value in ("unread", "read"):
            self._unread = (value == "unread") != negated
        elif value in ("bookmarked", "starred", "saved"):
            self._bookmarked = not negated
        else:
            self._warnings.append(f"ignored {shown} (use is:unread, is:read or is:bookmarked)")

    def build(self) -> Qualifiers:
        """The qualifiers read so far."""
        lists = {key: tuple(dict.fromkeys(values)) for key, values in self._lists.items()}
        return Qualifiers(
            institutions=lists["institution"],
            excluded_institutions=lists["-institution"],
            sources=lists["source"],
            excluded_sources=lists["-source"],
            after=self._after,
            before=self._before,
            unread=self._unread,
            bookmarked=self._bookmarked,
            languages=lists["lang"],
        )
