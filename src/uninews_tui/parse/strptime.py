"""A locale-independent ``strptime`` for dates found inside page text.

``time.strptime`` reads ``%b``/``%B`` in the process locale, needs the whole
string to match and cannot skip a prefix such as ``"发布时间："``. Here a
format becomes a regular expression: English month and weekday names always,
whitespace in the format matches any run of whitespace (or none), and the
date may appear anywhere in the text as long as it is not glued to other
digits.

Supported directives: ``%Y %y %m %d %e %H %I %M %S %f %p %b %B %h %a %A %j
%z %Z %%``; the GNU ``%-d`` style (no padding) is accepted as a synonym.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from datetime import timezone as fixed_offset
from functools import lru_cache

__all__ = ["MONTHS", "compile_format", "match_format"]

MONTHS: dict[str, int] = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}

_MONTH_NAMES = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_WEEKDAYS = (
    r"mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?"
)

_DIRECTIVES: dict[str, str] = {
    "Y": r"(?P<Y>\d{4})",
    "y": r"(?P<y>\d{2})",
    "m": r"(?P<m>\d{1,2})",
    "d": r"(?P<d>\d{1,2})",
    "e": r"(?P<d>\d{1,2})",
    "H": r"(?P<H>\d{1,2})",
    "I": r"(?P<I>\d{1,2})",
    "M": r"(?P<M>\d{1,2})",
    "S": r"(?P<S>\d{1,2})",
    "f": r"(?P<f>\d{1,6})",
    "p": r"(?P<p>[ap]\.?m\.?)",
    "b": r"(?P<b>" + _MONTH_NAMES + r")\.?",
    "B": r"(?P<b>" + _MONTH_NAMES + r")\.?",
    "h": r"(?P<b>" + _MONTH_NAMES + r")\.?",
    "a": r"(?:" + _WEEKDAYS + r")\.?",
    "A": r"(?:" + _WEEKDAYS + r")",
    "j": r"(?P<j>\d{1,3})",
    "z": r"(?P<z>Z|[+-]\d{2}:?\d{2})",
    "Z": r"(?P<Z>[A-Za-z]{1,5})",
    "%": "%",
}


@lru_cache(maxsize=256)
def compile_format(fmt: str) -> re.Pattern[str] | None:
    """The regex for a strptime format, or None when the format is unusable."""
    pieces: list[str] = []
    seen: set[str] = set()
    index = 0
    while index < len(fmt):
        char = fmt[index]
        if char == "%" and index + 1 < len(fmt):
            code = fmt[index + 1]
            if code == "-" and index + 2 < len(fmt):  # GNU "%-d": same as "%d" here
                index += 1
                code = fmt[index + 1]
            pattern = _DIRECTIVES.get(code)
            if pattern is None:
                return None
            group = pattern[4] if pattern.startswith("(?P<") else ""
            if group and group in seen:  # a field used twice: match it without capturing
                pattern = re.sub(r"\(\?P<\w+>", "(?:", pattern, count=1)
            seen.add(group)
            pieces.append(pattern)
            index += 2
        elif char.isspace():
            pieces.append(r"\s*")
            while index < len(fmt) and fmt[index].isspace():
                index += 1
        else:
            pieces.append(re.escape(char))
            index += 1
    if not pieces:
        return None
    # Fence the ends so "12025-02-24" or "2025-02-241" never match "%Y-%m-%d".
    body = "".join(pieces)
    return re.compile(r"(?<![\d])" + body + r"(?![\d])", re.IGNORECASE)


def _zone(fields: dict[str, str]) -> fixed_offset | None:
    if "z" in fields:
        text = fields["z"]
        if text.upper() == "Z":
            return UTC
        sign = -1 if text[0] == "-" else 1
        digits = text[1:].replace(":", "")
        return fixed_offset(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4])))
    if fields.get("Z", "").upper() in {"UTC", "GMT", "Z", "UT"}:
        return UTC
    return None


def _build(fields: dict[str, str]) -> datetime | None:
    if "Y" in fields:
        year = int(fields["Y"])
    elif "y" in fields:
        year = 2000 + int(fields["y"]) if int(fields["y"]) < 69 else 1900 + int(fields["y"])
    else:
        return None
    month = MONTHS[fields["b"][:3].lower()] if "b" in fields else int(fields.get("m", 1))
    day = int(fields.get("d", 1))
    hour = int(fields["H"]) if "H" in fields else int(fields.get("I", 0))
    if "I" in fields and "H" not in fields:
        meridiem = fields.get("p", "").replace(".", "").lower()
        hour = hour % 12 + (12 if meridiem == "pm" else 0)
    micro = int(fields.get("f", "0").ljust(6, "0"))
    try:
        if "j" in fields and "m" not in fields and "b" not in fields:
            value = datetime(year, 1, 1) + timedelta(days=int(fields["j"]) - 1)
            value = value.replace(hour=hour, minute=int(fields.get("M", 0)), second=int(fields.get("S", 0)))
        else:
            value = datetime(year, month, day, hour, int(fields.get("M", 0)), int(fields.get("S", 0)), micro)
    except ValueError:
        return None
    tz = _zone(fields)
    return value.replace(tzinfo=tz) if tz is not None else value


def match_format(text: str, fmt: str) -> datetime | None:
    """Find the first place in ``text`` that fits ``fmt`` and build a datetime.

    Returns a naive datetime unless the format carries ``%z`` (or ``%Z`` =
    UTC/GMT); None when nothing fits or the fields make no valid date.
    """
    pattern = compile_format(fmt)
    if pattern is None:
        return None
    for found in pattern.finditer(text):
        fields = {k: v for k, v in found.groupdict().items() if v is not None}
        value = _build(fields)
        if value is not None:
            return value
    return None
