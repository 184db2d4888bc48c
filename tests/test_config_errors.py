"""Each kind of bad feeds.toml gets one precise line: file, line, key, what is wrong.

The cases live in ``tests/data/config/bad/``; each file states in its
header comments the line, key and message it must produce, so adding a case
is adding a file. ``test_config_cli.py`` runs the same files through the CLI.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from uninews_tui.config import config_from_text, load_config
from uninews_tui.errors import ConfigError, UninewsError

BAD_DIR = Path(__file__).parent / "data" / "config" / "bad"
BAD_FILES = sorted(BAD_DIR.glob("*.toml"))
_EXPECT = re.compile(r"^# expect-(line|key|message):[ ]?(.*)$", re.MULTILINE)


def expected_error(path: Path) -> str:
    """The one-line message ``path`` declares in its ``# expect-*`` comments."""
    fields = dict(_EXPECT.findall(path.read_text(encoding="utf-8")))
    parts = [f"{path}:{fields['line']}", fields["key"], fields["message"]]
    return ": ".join(part for part in parts if part)


def test_there_is_a_case_per_error_class() -> None:
    assert len(BAD_FILES) >= 30


@pytest.mark.parametrize("path", BAD_FILES, ids=lambda p: p.stem)
def test_bad_config_message(path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    error = caught.value
    assert str(error) == expected_error(path)
    assert "\n" not in str(error)
    assert error.path == path
    assert isinstance(error.line, int)


def test_error_fields_and_hierarchy(tmp_path: Path) -> None:
    path = BAD_DIR / "url_scheme.toml"
    with pytest.raises(UninewsError) as caught:
        load_config(path)
    error = caught.value
    assert isinstance(error, ConfigError)
    assert (error.key, error.line, error.message) == ("sources[0].url", 11, '"ftp://x" is not an http(s) URL')


def test_all_problems_collected_in_file_order() -> None:
    text = "\n".join(
        [
            "[institutions.uni]",  # 1
            'name = "U"',  # 2
            'timezone = "Nowhere/City"',  # 3
            "[[sources]]",  # 4
            'id = "a"',  # 5
            'institution = "uni"',  # 6
            'kind = "feed"',  # 7
            'url = "gopher://a"',  # 8
            "[settings]",  # 9
            "max_itmes = 3",  # 10
        ]
    )
    with pytest.raises(ConfigError) as caught:
        config_from_text(text, Path("feeds.toml"))
    lines = caught.value.details().splitlines()
    assert [line.split(": ")[0] for line in lines] == ["feeds.toml:3", "feeds.toml:8", "feeds.toml:10"]
    assert "max_itmes: unknown key (did you mean \"max_items\"?)" in lines[2]
    assert str(caught.value) == lines[0]
    assert len(caught.value.problems) == 3


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(ConfigError) as caught:
        load_config(missing)
    assert str(caught.value) == f"{missing}: file not found"


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="is a directory"):
        load_config(tmp_path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_bytes(b'[settings]\ntheme = "caf\xe9"\n')
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value) == f"{path}:2: not valid UTF-8 (byte 0xe9); save the file as UTF-8"


def test_truncated_toml_points_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text('[settings]\ntheme = "nord', encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert caught.value.line == 2
    assert str(caught.value).startswith(f"{path}:2: invalid TOML: ")


def test_control_characters_in_values_are_escaped_in_messages() -> None:
    text = '[institutions.uni]\nname = "U"\ntimezone = "\\u001b[2J\\u202eEvil"\n'
    with pytest.raises(ConfigError) as caught:
        config_from_text(text, Path("feeds.toml"))
    message = str(caught.value)
    assert "\x1b" not in message and "\u202e" not in message
    assert '"\\u001b[2J\\u202eEvil"' in message


def test_int_fields_refuse_floats_and_booleans() -> None:
    for value, shown in (("2.5", "a number (2.5)"), ("true", "a boolean (true)")):
        with pytest.raises(ConfigError) as caught:
            config_from_text(f"[settings]\nper_host = {value}\n", Path("f.toml"))
        assert str(caught.value) == f"f.toml:2: settings.per_host: expected a whole number, got {shown}"


def test_non_table_source_entry() -> None:
    with pytest.raises(ConfigError) as caught:
        config_from_text('sources = ["https://a.example/feed"]\n', Path("f.toml"))
    assert str(caught.value) == 'f.toml:1: sources[0]: expected a [[sources]] table, got a string ("https://a.example/feed")'


def test_list_selectors_on_a_feed_source() -> None:
    text = (
        '[institutions.uni]\nname = "U"\n[[sources]]\nid = "a"\ninstitution = "uni"\n'
        'kind = "feed"\nurl = "https://a.example/feed"\nlist.item = "li"\n'
    )
    with pytest.raises(ConfigError) as caught:
        config_from_text(text, Path("f.toml"))
    assert str(caught.value) == 'f.toml:8: sources[0].list: list.* is only used by kind = "html" sources'
