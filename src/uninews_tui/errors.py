"""The exceptions uninews raises on purpose.

Everything the program raises for an expected failure derives from
:class:`UninewsError`, so the CLI can catch one type, print one clear line and
pick an exit status::

    UninewsError
    ├── ConfigError      feeds.toml is malformed or invalid (CLI exit status 2)
    ├── StoreError       the database file is corrupt, foreign or unwritable
    ├── FetchError       a fetch failed in a way the caller must hear about
    └── ParseError       bytes are not a feed / a listing matched nothing
                         (also a ValueError, so parser callers can catch that)
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["ConfigError", "FetchError", "ParseError", "StoreError", "UninewsError"]


class UninewsError(Exception):
    """Base class of every error uninews raises deliberately."""


class ConfigError(UninewsError):
    """A configuration file that cannot be used.

    ``str()`` is one line, ``<file>:<line>: <key>: <message>``, e.g.
    ``feeds.toml:12: sources[3].url: "ftp://x" is not an http(s) URL``.
    The file is shown as it was given (relative stays relative); parts that
    are unknown are left out. When several problems were found,
    ``problems`` holds all of them (this error is the first and most
    important one) and ``details()`` gives one line per problem.
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        key: str = "",
        line: int | None = None,
        problems: tuple[ConfigError, ...] = (),
    ) -> None:
        self.message = message
        self.path = Path(path) if path is not None else None
        self.key = key
        self.line = line
        self.problems: tuple[ConfigError, ...] = problems or (self,)
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """``file:line: key: message`` with the unknown parts left out."""
        where = ""
        if self.path is not None:
            where = str(self.path) if self.line is None else f"{self.path}:{self.line}"
        elif self.line is not None:
            where = f"line {self.line}"
        parts = [p for p in (where, self.key, self.message) if p]
        return ": ".join(parts)

    def details(self) -> str:
        """Every problem found, one line each, most important first."""
        return "\n".join(p.one_line() for p in self.problems)

    def __str__(self) -> str:
        return self.one_line()


class StoreError(UninewsError):
    """The article database cannot be opened, migrated or written."""


class FetchError(UninewsError):
    """A fetch failed in a way that must stop the caller (most fetch failures
    are reported in ``FetchResult`` instead)."""


class ParseError(UninewsError, ValueError):
    """The bytes are not a feed, or an HTML listing matched no items."""
