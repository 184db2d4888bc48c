"""The default feeds.toml: it validates, the bundled copy is identical, and it covers what it promises."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from uninews_tui import paths
from uninews_tui.config import config_from_text, load_config
from uninews_tui.config_model import Config

ROOT = Path(__file__).parent.parent
TOP_LEVEL = ROOT / "feeds.toml"
BUNDLED = ROOT / "src" / "uninews_tui" / "data" / "feeds.toml"

REQUIRED = {"polyu", "hku", "cuhk", "hkust", "pku", "tsinghua", "fudan", "mit", "harvard", "stanford",
            "cambridge", "oxford", "ethz", "nus", "utokyo"}  # fmt: skip
LOCAL_NAMES = {
    "polyu": "香港理工大學",
    "hku": "香港大學",
    "cuhk": "香港中文大學",
    "hkust": "香港科技大學",
    "pku": "北京大学",
    "tsinghua": "清华大学",
    "fudan": "复旦大学",
    "utokyo": "東京大学",
}


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(TOP_LEVEL)


def test_bundled_copy_is_identical() -> None:
    assert BUNDLED.read_bytes() == TOP_LEVEL.read_bytes()
    assert paths.bundled_config_text() == TOP_LEVEL.read_text(encoding="utf-8")


def test_bundled_default_validates(config: Config) -> None:
    bundled = config_from_text(paths.bundled_config_text(), None)
    assert bundled.path is None
    assert bundled.sources == config.sources
    assert bundled.institutions == config.institutions


def test_file_explains_itself() -> None:
    text = TOP_LEVEL.read_text(encoding="utf-8")
    assert text.startswith("# uninews: the default feeds.toml")
    raw = tomllib.loads(text)
    assert "settings" in raw and "defaults" not in raw


def test_institutions(config: Config) -> None:
    assert len(config.institutions) >= 15
    assert REQUIRED <= set(config.institutions)
    for inst in config.institutions.values():
        assert inst.name and inst.short and inst.tags, inst.id
        assert re.fullmatch(r"[A-Z]{2}", inst.country), inst.id
        assert ZoneInfo(inst.timezone), inst.id
        assert urlsplit(inst.homepage).scheme == "https", inst.id
    for inst_id, local_name in LOCAL_NAMES.items():
        assert config.institutions[inst_id].local_name == local_name
    assert config.institutions["pku"].timezone == "Asia/Shanghai"
    assert config.institutions["polyu"].timezone == "Asia/Hong_Kong"


def test_every_institution_has_a_source(config: Config) -> None:
    assert {s.institution for s in config.sources} == set(config.institutions)
    ids = [s.id for s in config.sources]
    assert len(ids) == len(set(ids))


def test_html_sources_have_list_rules(config: Config) -> None:
    for source in config.sources:
        if source.kind == "html":
            assert source.list is not None and source.list.item, source.id


def source_blocks(text: str) -> dict[str, str]:
    """Each [[sources]] block's text (comments included), by source id."""
    blocks: dict[str, str] = {}
    for chunk in re.split(r"^\[\[sources\]\]", text, flags=re.MULTILINE)[1:]:
        chunk = re.split(r"^\[(?!\[)", chunk, flags=re.MULTILINE)[0]  # stop at the next table
        found = re.search(r'^id = "([^"]+)"', chunk, flags=re.MULTILINE)
        assert found, chunk
        blocks[found.group(1)] = chunk
    return blocks


def test_disabled_sources_say_what_to_check(config: Config) -> None:
    blocks = source_blocks(TOP_LEVEL.read_text(encoding="utf-8"))
    assert set(blocks) == {s.id for s in config.sources}
    disabled = [s for s in config.sources if not s.enabled]
    assert disabled, "unverified sources ship disabled"
    for source in disabled:
        assert "# CHECK:" in blocks[source.id], source.id
    for source in config.enabled_sources:
        assert "CHECK:" not in blocks[source.id], source.id
        assert "403" not in blocks[source.id], source.id


def test_known_unverified_sources_are_disabled(config: Config) -> None:
    # [T]/[U]-only facts or HTTP 403 in the research notes.
    for source_id in ("hku-press", "hkust-press", "stanford-report", "oxford-news", "ethz-news", "nus-news"):
        assert config.source(source_id) is not None and not config.source(source_id).enabled


def test_the_asked_for_html_sources_are_enabled(config: Config) -> None:
    enabled = {s.id for s in config.enabled_sources}
    assert {"polyu-media-releases", "pku-news", "tsinghua-news", "fudan-news", "cuhk-press"} <= enabled


def test_default_keywords(config: Config) -> None:
    assert "artificial intelligence" in config.keywords
    assert "医学" in config.keywords and "港大" in config.keywords
    assert len(config.keywords) == len(set(config.keywords))
