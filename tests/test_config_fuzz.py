"""Property tests: whatever feeds.toml holds, loading ends in a Config or one ConfigError line.

Never another exception, never a multi-line message, never a raw control
character echoed back to the terminal.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uninews_tui.config import config_from_text
from uninews_tui.config_schema import build_config
from uninews_tui.config_validate import Problems
from uninews_tui.errors import ConfigError

FULL_TEXT = (Path(__file__).parent / "data" / "config" / "full.toml").read_text(encoding="utf-8")
FULL_LINES = FULL_TEXT.splitlines()
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

scalars = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    st.datetimes(max_value=datetime(9999, 1, 1)),
)
toml_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
key_names = st.sampled_from(
    ["settings", "defaults", "institutions", "sources", "keywords", "keys", "schema_version", "x"]
)


def assert_clean_error(error: ConfigError) -> None:
    message = str(error)
    assert message and "\n" not in message
    assert not _UNSAFE.search(message), message
    for problem in error.problems:
        assert "\n" not in str(problem)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(key_names, toml_values, max_size=5))
def test_random_structures(data: dict[str, object]) -> None:
    problems = Problems()
    build_config(data, None, problems)  # must not raise
    for problem in problems.items:
        assert problem.message and "\n" not in problem.message


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_random_text(text: str) -> None:
    try:
        config_from_text(text, Path("feeds.toml"))
    except ConfigError as error:
        assert_clean_error(error)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, len(FULL_LINES) - 1), st.sampled_from(
    ['"\\u001b]52;c;ZXZpbA==\\u0007"', "nan", "-inf", "0", "-1", "[]", "{}", "true", '"|sh"', "'(('",
     '"a{99999999999}"', "1979-05-27T07:32:00Z", '""', '"\\u0000"', "[1, 2]", '{ a = 1 }']
))
def test_value_replaced_in_full_config(line_no: int, value: str) -> None:
    lines = list(FULL_LINES)
    key, sep, _ = lines[line_no].partition("=")
    if not sep:
        return
    lines[line_no] = f"{key}= {value}"
    try:
        config_from_text("\n".join(lines), Path("feeds.toml"))
    except ConfigError as error:
        assert_clean_error(error)
        assert error.line is not None


def test_nan_timeout_refused() -> None:
    try:
        config_from_text("[settings]\ntimeout_s = nan\n", Path("f.toml"))
    except ConfigError as error:
        assert str(error) == "f.toml:2: settings.timeout_s: must be a finite number, got nan"
    else:
        raise AssertionError("nan accepted")
