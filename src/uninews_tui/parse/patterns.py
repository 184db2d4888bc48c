"""Regular expressions written in feeds.toml, run with a time limit.

Python's ``re`` cannot be interrupted: a pattern such as ``(a+)+$`` meeting a
hostile 40-character title backtracks for hours while holding the GIL, and a
whole ``uninews refresh`` (and the refresh lock with it) would hang for good.
Patterns from the config (``list.title_regex``, ``list.url_pattern``,
``date_regex``, ``date_from_url``, ``detail.only_if_url``) therefore run on
the ``regex`` module, whose matcher takes a ``timeout``. Running out of time
is a :class:`PatternTimeout` (a ParseError): that source's error, never the
refresh's. The module's built-in patterns stay on ``re``.
"""

from __future__ import annotations

import functools

import regex

from ..errors import ParseError

__all__ = ["MATCH_TIMEOUT_S", "PatternTimeout", "compile_user_pattern", "user_search"]

MATCH_TIMEOUT_S = 0.5
"""Longest one search may take; honest patterns on titles, dates and URLs need microseconds."""

Pattern = regex.Pattern


class PatternTimeout(ParseError):
    """A feeds.toml pattern ran out of time (catastrophic backtracking)."""


@functools.lru_cache(maxsize=256)
def compile_user_pattern(pattern: str) -> regex.Pattern[str]:
    """Compile a feeds.toml pattern (``re`` syntax); raises ``regex.error`` when it is invalid."""
    return regex.compile(pattern, regex.VERSION0)


def user_search(
    pattern: str | regex.Pattern[str], text: str, *, key: str = "pattern"
) -> regex.Match[str] | None:
    """``pattern.search(text)`` within :data:`MATCH_TIMEOUT_S`.

    Raises:
        PatternTimeout: the search ran out of time; the message names ``key``.
        regex.error: ``pattern`` is a string that does not compile.
    """
    compiled = compile_user_pattern(pattern) if isinstance(pattern, str) else pattern
    try:
        return compiled.search(text, timeout=MATCH_TIMEOUT_S)
    except TimeoutError as exc:
        raise PatternTimeout(
            f"{key} took over {MATCH_TIMEOUT_S:g} s on {len(text)} characters and was stopped "
            "(a pattern that backtracks without end, such as nested repeats)"
        ) from exc
