"""Find the line of a key in a TOML text, so config errors can say where to look.

tomllib returns plain dicts without positions, so this scans the raw text:
table headers (``[a.b]``, ``[[sources]]``, counting array elements) and
``key = value`` lines (dotted and quoted keys included). It is a good-enough
locator, not a TOML parser: a key inside an inline table or a multi-line
array is reported at the line of the enclosing key.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

KeyPath = tuple[str | int, ...]
"""A key's path in the document: table names and keys, with ints for array indices."""

_KEY_PART = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_DOTTED_KEY = rf"{_KEY_PART}(?:\s*\.\s*{_KEY_PART})*"
_ARRAY_HEADER = re.compile(rf"^\[\[\s*({_DOTTED_KEY})\s*\]\]")
_TABLE_HEADER = re.compile(rf"^\[\s*({_DOTTED_KEY})\s*\]")
_ASSIGNMENT = re.compile(rf"^({_DOTTED_KEY})\s*=(.*)$")
_PART = re.compile(_KEY_PART)


def split_key(dotted: str) -> tuple[str, ...]:
    """``list . "Accept-Language"`` -> ``("list", "Accept-Language")``."""
    parts = []
    for match in _PART.finditer(dotted):
        part = match.group(0)
        if part[0] in "\"'":
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


def _opened_multiline(value: str) -> str | None:
    """The delimiter of a multi-line string opened (and not closed) in ``value``."""
    for delimiter in ('"""', "'''"):
        if value.count(delimiter) % 2 == 1:
            return delimiter
    return None


class LineIndex:
    """Maps key paths of one TOML text to the line (1-based) where they appear."""

    def __init__(self, text: str) -> None:
        self._lines: dict[KeyPath, int] = {}
        self._array_counts: dict[KeyPath, int] = {}
        self._scan(text)

    def _resolve(self, parts: Sequence[str]) -> KeyPath:
        """Insert the current index after every array-of-tables name in ``parts``."""
        resolved: list[str | int] = []
        for part in parts:
            resolved.append(part)
            count = self._array_counts.get(tuple(resolved))
            if count is not None:
                resolved.append(count - 1)
        return tuple(resolved)

    def _record(self, path: KeyPath, line: int) -> None:
        for end in range(1, len(path) + 1):
            self._lines.setdefault(path[:end], line)

    def _scan(self, text: str) -> None:
        prefix: KeyPath = ()
        in_string: str | None = None
        for number, raw in enumerate(text.splitlines(), start=1):
            if in_string is not None:
                if raw.count(in_string) % 2 == 1:
                    in_string = None
                continue
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if match := _ARRAY_HEADER.match(line):
                *outer, name = split_key(match.group(1))
                parent = (*self._resolve(outer), name)
                self._array_counts[parent] = self._array_counts.get(parent, 0) + 1
                prefix = (*parent, self._array_counts[parent] - 1)
                self._record(prefix, number)
            elif match := _TABLE_HEADER.match(line):
                prefix = self._resolve(split_key(match.group(1)))
                self._record(prefix, number)
            elif match := _ASSIGNMENT.match(line):
                self._record((*prefix, *split_key(match.group(1))), number)
                in_string = _opened_multiline(match.group(2))

    def line_of(self, path: KeyPath) -> int | None:
        """The line of ``path``, else of its nearest ancestor found, else None."""
        for end in range(len(path), 0, -1):
            line = self._lines.get(path[:end])
            if line is not None:
                return line
        return None
