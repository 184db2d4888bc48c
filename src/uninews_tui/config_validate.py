"""Typed, collecting readers for the tables of a parsed feeds.toml.

A :class:`Section` wraps one TOML table. Its getters check a key's type and
range and return the value, or record a :class:`Problem` and return the
default so that checking goes on: one run reports every mistake in the file.
``config_schema`` uses these to build the dataclasses; ``config`` turns the
problems into a :class:`~uninews_tui.errors.ConfigError`.
"""

from __future__ import annotations

import codecs
import functools
import json
import math
import re
import unicodedata
import zoneinfo
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TypeVar
from urllib.parse import urlsplit

from .config_lines import KeyPath

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
"""Institution and source ids."""
ID_RULE = 'use lowercase letters, digits, "-" and "_", starting with a letter or digit'
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_COMMAND_PREFIXES = ("|", "exec:", "filter:")
_T = TypeVar("_T")


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong in the file: where (a key path) and what."""

    path: KeyPath
    message: str


@dataclass(slots=True)
class Problems:
    """The problems found so far, in the order they were found."""

    items: list[Problem] = field(default_factory=list)

    def add(self, path: KeyPath, message: str) -> None:
        self.items.append(Problem(path, message))


def format_key(path: KeyPath) -> str:
    """``("sources", 2, "list", "item")`` -> ``sources[2].list.item``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            shown = part if _BARE_KEY.match(part) else quote(part)
            text += f".{shown}" if text else shown
    return text


def quote(value: str, limit: int = 60) -> str:
    """``value`` quoted as in TOML, control and format characters escaped, cut at ``limit``.

    Values with backslashes (regexes) are shown in single quotes, unescaped.
    """
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    unsafe = any(unicodedata.category(char) in ("Cc", "Cf") for char in value)
    if "\\" in value and "'" not in value and not unsafe:
        return f"'{value}'"  # as a TOML literal string, the way regexes are written
    text = json.dumps(value, ensure_ascii=False)
    return "".join(
        f"\\u{ord(char):04x}" if unicodedata.category(char) in ("Cc", "Cf") else char for char in text
    )


def describe(value: object) -> str:
    """A short phrase for an unexpected value: ``a string ("20")``, ``a list``."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int):
        return f"an integer ({value})"
    if isinstance(value, float):
        return f"a number ({value})"
    if isinstance(value, str):
        return f"a string ({quote(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, (datetime, date, time)):
        return f"a date/time ({value.isoformat()})"
    return type(value).__name__


def did_you_mean(word: str, choices: Collection[str]) -> str:
    """`` (did you mean "x"?)`` for the closest choice, or ``""``."""
    import difflib  # only needed when something is wrong

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {quote(close[0])}?)" if close else ""


def _plain_ascii(value: str) -> bool:
    """ASCII without spaces or control characters: the per-character check below, in C (300 URLs: ~5 ms)."""
    return value.isascii() and value.isprintable() and " " not in value


def url_problem(value: str) -> str | None:
    """What is wrong with ``value`` as a fetchable URL, or None when it is fine."""
    stripped = value.strip()
    lowered = stripped.lower()
    if not stripped:
        return "is empty; expected an http(s) URL"
    if lowered.startswith(_COMMAND_PREFIXES):
        return f"{quote(value)} looks like a command; commands are not allowed, only http(s) URLs"
    if lowered.startswith("file:"):
        return f"{quote(value)} is a local file; files and commands are not allowed, only http(s) URLs"
    if not _plain_ascii(value) and any(
        char.isspace() or unicodedata.category(char) in ("Cc", "Cf") for char in value
    ):
        return f"{quote(value)} contains spaces or control characters"
    try:
        parts = urlsplit(stripped)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as error:
        return f"{quote(value)} is not a valid URL ({error})"
    if parts.scheme.lower() not in ("http", "https"):
        return f"{quote(value)} is not an http(s) URL"
    if not parts.hostname:
        return f"{quote(value)} has no host name"
    return None


def header_value_problem(value: str) -> str | None:
    """Why ``value`` cannot be sent as an HTTP header value (header injection), or None."""
    if CONTROL.search(value):
        return "contains control characters or line breaks, which HTTP headers cannot carry"
    return None


def regex_problem(value: str) -> str | None:
    """Why ``value`` does not compile as a Python regular expression, or None."""
    try:
        re.compile(value)
    except (re.error, OverflowError, RecursionError) as error:
        return f"invalid regular expression {quote(value)}: {error}"
    return None


@functools.cache
def _timezone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def timezone_problem(value: str) -> str | None:
    """Why ``value`` is not an IANA time zone name, or None."""
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        hint = did_you_mean(value, _timezone_names())
        return f"unknown time zone {quote(value)}{hint}; expected an IANA name like \"Asia/Hong_Kong\""
    return None


def encoding_problem(value: str) -> str | None:
    """Why ``value`` is neither ``"auto"`` nor a codec Python knows, or None."""
    if value == "auto":
        return None
    try:
        codecs.lookup(value)
    except (LookupError, ValueError):
        return f'unknown encoding {quote(value)}; use "auto" or a name like "utf-8", "gb18030", "big5"'
    return None


class Section:
    """One TOML table being read: typed getters that record problems instead of raising."""

    def __init__(
        self, data: Mapping[str, object], path: KeyPath, problems: Problems, known: Collection[str]
    ) -> None:
        self.data = data
        self.path = path
        self.problems = problems
        for key in data:
            if key not in known:
                problems.add((*path, key), f"unknown key{did_you_mean(key, known)}")

    def key(self, key: str) -> KeyPath:
        return (*self.path, key)

    def problem(self, key: str, message: str) -> None:
        self.problems.add(self.key(key), message)

    def _typed(self, key: str, kinds: tuple[type, ...], expected: str) -> object | None:
        """The value if present and of one of ``kinds`` (bool never counts as int), else None."""
        if key not in self.data:
            return None
        value = self.data[key]
        if isinstance(value, kinds) and not (isinstance(value, bool) and bool not in kinds):
            return value
        self.problem(key, f"expected {expected}, got {describe(value)}")
        return None

    def text(self, key: str, default: str = "", *, required: bool = False) -> str:
        """A string; ``required`` also refuses an empty or blank one."""
        if required and key not in self.data:
            self.problem(key, "required key is missing")
            return default
        value = self._typed(key, (str,), "a string")
        if not isinstance(value, str):
            return default
        if required and not value.strip():
            self.problem(key, "must not be empty")
            return default
        return value

    def choice(self, key: str, choices: tuple[str, ...], default: str, *, required: bool = False) -> str:
        value = self.text(key, default, required=required)
        if value not in choices:
            allowed = " or ".join(quote(c) for c in choices)
            self.problem(key, f"must be {allowed}, got {quote(value)}{did_you_mean(value, choices)}")
            return default
        return value

    def integer(self, key: str, default: _T, *, minimum: int, maximum: int | None = None) -> int | _T:
        value = self._typed(key, (int,), "a whole number")
        if not isinstance(value, int):
            return default
        if value < minimum or (maximum is not None and value > maximum):
            bounds = f"at least {minimum}" if maximum is None else f"between {minimum} and {maximum}"
            self.problem(key, f"must be {bounds}, got {value}")
            return default
        return value

    def number(self, key: str, default: float, *, minimum: float, above: bool = False) -> float:
        """A number (int or float); ``above`` makes ``minimum`` exclusive."""
        value = self._typed(key, (int, float), "a number")
        if not isinstance(value, (int, float)):
            return default
        if not math.isfinite(value):
            self.problem(key, f"must be a finite number, got {value}")
            return default
        if value < minimum or (above and value == minimum):
            self.problem(key, f"must be {'greater than' if above else 'at least'} {minimum:g}, got {value:g}")
            return default
        return float(value)

    def flag(self, key: str, default: _T) -> bool | _T:
        value = self._typed(key, (bool,), "true or false")
        return value if isinstance(value, bool) else default

    def texts(self, key: str, *, single_ok: bool = True) -> tuple[str, ...]:
        """A list of non-empty strings; with ``single_ok`` a lone string counts as a list of one."""
        if key not in self.data:
            return ()
        value = self.data[key]
        if single_ok and isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(key, f"expected a list of strings, got {describe(value)}")
            return ()
        result: list[str] = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                what = "an empty string" if isinstance(item, str) else describe(item)
                self.problems.add((*self.key(key), index), f"expected a non-empty string, got {what}")
            else:
                result.append(item)
        return tuple(result)

    def checked(self, key: str, problem_of: Callable[[str], str | None], default: str = "") -> str:
        """A string that must pass ``problem_of`` (a message or None); ``default`` when absent or bad."""
        value = self.text(key, default)
        if key in self.data and (message := problem_of(value)):
            self.problem(key, message)
            return default
        return value

    def pattern(self, key: str) -> str:
        """A string that must compile as a regular expression."""
        return self.checked(key, regex_problem)

    def url(self, key: str, *, required: bool = False) -> str:
        """An http(s) URL; anything else (commands, files, other schemes) is a problem."""
        if required and key not in self.data:
            self.problem(key, "required key is missing")
            return ""
        value = self._typed(key, (str,), "a string (an http(s) URL)")
        if not isinstance(value, str):
            return ""
        if message := url_problem(value):
            self.problem(key, message)
            return ""
        return value.strip()

    def table(self, key: str) -> Mapping[str, object] | None:
        value = self._typed(key, (dict,), "a table")
        return value if isinstance(value, dict) else None

    def section(self, key: str, known: Collection[str]) -> Section | None:
        """The sub-table ``key`` as a Section, or None when absent or not a table."""
        data = self.table(key)
        return None if data is None else Section(data, self.key(key), self.problems, known)
