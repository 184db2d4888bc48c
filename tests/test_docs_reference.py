"""docs/feeds-toml.md stays true: every key of the schema is documented, and its example loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from uninews_tui.config import config_from_text
from uninews_tui.config_schema import INSTITUTION_KEYS, SETTINGS_KEYS, TOP_KEYS
from uninews_tui.config_sources import CLEANUP_KEYS, DETAIL_KEYS, LIST_KEYS, PAGINATION_KEYS, SOURCE_KEYS

DOCS = Path(__file__).resolve().parents[1] / "docs"
REFERENCE = (DOCS / "feeds-toml.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    start = REFERENCE.index(f"## {title}") if f"## {title}" in REFERENCE else REFERENCE.index(f"### {title}")
    following = re.search(r"^##+ ", REFERENCE[start + 3:], re.MULTILINE)
    return REFERENCE[start: start + 3 + following.start()] if following else REFERENCE[start:]


@pytest.mark.parametrize(("title", "keys"), [
    ("`[settings]`", SETTINGS_KEYS),
    ("`[institutions.<id>]`", INSTITUTION_KEYS),
    ("`[[sources]]`", SOURCE_KEYS),
    ("`list.*`", LIST_KEYS),
    ("`pagination.*`", PAGINATION_KEYS),
    ("`detail.*`", DETAIL_KEYS),
    ("`cleanup.*`", CLEANUP_KEYS),
])
def test_every_key_has_a_row(title: str, keys: tuple[str, ...]) -> None:
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", _section(title), re.MULTILINE))
    assert set(keys) <= rows, f"{title}: undocumented {sorted(set(keys) - rows)}"


def test_every_top_level_table_is_described() -> None:
    for key in TOP_KEYS:
        assert f"`{key}`" in REFERENCE or f"[{key}" in REFERENCE, key


def test_the_example_is_a_valid_config() -> None:
    example = re.search(r"## A complete example.*?```toml\n(.*?)```", REFERENCE, re.DOTALL)
    assert example is not None
    config = config_from_text(example.group(1), None)
    html = [s for s in config.sources if s.kind == "html"]
    assert html and html[0].list is not None and html[0].pagination is not None and html[0].detail is not None


def test_docs_link_to_each_other() -> None:
    for name in ("feeds-toml.md", "selectors.md", "opml-and-adding.md"):
        text = (DOCS / name).read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([a-z-]+\.md)", text):
            assert (DOCS / target).is_file(), f"{name} links to missing {target}"
