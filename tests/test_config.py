"""Loading a valid feeds.toml: every key mapped, the lookup order, the bundled default."""

from __future__ import annotations

from pathlib import Path

import pytest

from uninews_tui import paths
from uninews_tui.config import config_from_text, load_config, resolve_config_path
from uninews_tui.config_model import CleanupRules, DetailRules, ListRules, Pagination, Settings
from uninews_tui.errors import ConfigError

CONFIG_DIR = Path(__file__).parent / "data" / "config"
DRAFT = Path("/work/shared/research/feeds-draft.toml")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No real user config or env overrides: platformdirs follows XDG_* on Linux."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.delenv("UNINEWS_CONFIG", raising=False)
    monkeypatch.delenv("UNINEWS_DB", raising=False)
    return tmp_path


def test_full_config_maps_every_key() -> None:
    config = load_config(CONFIG_DIR / "full.toml")
    assert config.path == CONFIG_DIR / "full.toml"
    assert config.settings == Settings(
        user_agent="uninews-test/1.0",
        timeout_s=12.5,
        connect_timeout_s=4.0,
        concurrency=8,
        per_host=2,
        max_bytes=2_000_000,
        max_items=30,
        refresh_minutes=90,
        refresh_on_start=False,
        keep_days=200,
        max_per_source=500,
        fetch_detail=True,
        detail_max_per_run=7,
        theme="nord",
        encoding="utf-8",
        per_host_delay_s=1.5,
    )
    north = config.institutions["north-uni"]
    assert (north.name, north.short, north.local_name) == (
        "Northern University of Examples",
        "NUE",
        "北方示例大学",
    )
    assert (north.country, north.region, north.timezone) == ("CN", "asia", "Asia/Shanghai")
    assert (north.homepage, north.tags, north.license_note) == (
        "https://north.example.edu/",
        ("example", "asia"),
        "CC BY 4.0",
    )
    south = config.institutions["south_uni"]
    assert (south.label, south.timezone, south.homepage) == ("South Example College", "UTC", "")
    assert [s.id for s in config.sources] == ["north-feed", "north-html", "south-feed"]


def test_full_config_sources() -> None:
    config = load_config(CONFIG_DIR / "full.toml")
    feed = config.source("north-feed")
    assert feed is not None
    assert (feed.kind, feed.url, feed.title, feed.language, feed.category) == (
        "feed",
        "https://north.example.edu/feed.xml",
        "North News",
        "en",
        "news",
    )
    assert (feed.enabled, feed.refresh_minutes, feed.encoding, feed.fetch_detail) == (
        False,
        30,
        "gb18030",
        True,
    )
    assert feed.headers == (("Accept-Language", "en"), ("X-Test", "1"))
    assert feed.detail == DetailRules(body=(".article-body",))
    assert feed.cleanup == CleanupRules(
        strip_prefix_regex="^Press release\\n", remove=(".share", "figure figcaption")
    )
    assert feed.list is None and feed.pagination is None
    page = config.source("north-html")
    assert page is not None and page.kind == "html"
    assert page.list == ListRules(
        item="li.news",
        link="a@href",
        title="a",
        title_regex=r"^(?P<v>.+?)\s*$",
        summary="p.summary",
        image="img@src",
        category=".tag",
        date="span.date",
        date_regex=r"\d{4}-\d{2}-\d{2}",
        date_format=("%Y-%m-%d", "iso"),
        date_from_url=r"/(?P<Y>\d{4})/(?P<m>\d{2})(?P<d>\d{2})/",
        url_pattern=r"/news/\d+",
        exclude=".pinned",
        min_title_len=12,
    )
    assert page.pagination == Pagination(
        url="https://north.example.edu/news/page{page}.htm", start=2, max_pages=3
    )
    assert page.detail == DetailRules(
        body=("div.article", "main"),
        title="h1",
        date=".published",
        date_regex=r"\d{4}年\d{1,2}月\d{1,2}日",
        date_format=("%Y年%m月%d日",),
        only_if_url=r"^https://north\.example\.edu/",
        meta_fallback=False,
    )
    assert (page.enabled, page.refresh_minutes, page.fetch_detail, page.encoding) == (
        True,
        None,
        None,
        "auto",
    )
    assert [s.id for s in config.enabled_sources] == ["north-html", "south-feed"]


def test_keywords_deduplicated_and_keys() -> None:
    config = load_config(CONFIG_DIR / "full.toml")
    assert config.keywords == ("AI", "climate", "quantum")
    assert config.keys == {"refresh": "ctrl+r", "toggle_filters": "backslash"}


def test_empty_file_gives_defaults() -> None:
    config = config_from_text("", Path("feeds.toml"))
    assert config.settings == Settings()
    assert (config.institutions, config.sources, config.keywords, config.keys) == ({}, (), (), {})


def test_defaults_table_is_an_alias_of_settings() -> None:
    config = config_from_text("[defaults]\nmax_items = 40\nper_host_delay_s = 3\n", Path("feeds.toml"))
    assert (config.settings.max_items, config.settings.per_host_delay_s) == (40, 3.0)


def test_text_fields_are_cleaned() -> None:
    text = '[institutions.uni]\nname = "Uni\\u001b[31m  Red\\u202e"\nshort = " U "\n'
    institution = config_from_text(text, None).institutions["uni"]
    assert (institution.name, institution.short) == ("Uni Red", "U")


def test_utf8_bom_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_bytes('\ufeff[settings]\ntheme = "nord"\n'.encode())
    assert load_config(path).settings.theme == "nord"


def test_research_draft_schema_loads() -> None:
    """The schema's source (shared/research/feeds-draft.toml) maps without loss."""
    if not DRAFT.exists():  # outside a clone's tree: check the bundled file instead
        return test_bundled_default_loads()
    config = load_config(DRAFT)
    assert (len(config.institutions), len(config.sources)) == (15, 15)
    pku = config.source("pku-news")
    assert pku is not None and pku.detail is not None
    assert pku.detail.body == ("div.article", "div.pageArticle > div.col.lf")
    mit = config.source("mit-news")
    assert (
        mit is not None
        and mit.cleanup is not None
        and mit.cleanup.strip_prefix_regex.startswith("^The following")
    )


def test_bundled_default_loads() -> None:
    config = config_from_text(paths.bundled_config_text(), None)
    assert config.sources, "the bundled feeds.toml has sources"
    assert all(s.institution in config.institutions for s in config.sources)


REPO_FEEDS = Path(__file__).parent.parent / "feeds.toml"
SHIPPED = [REPO_FEEDS, paths.bundled_config_file() or REPO_FEEDS]


def test_repository_and_bundled_feeds_toml_are_the_same() -> None:
    assert REPO_FEEDS.read_text(encoding="utf-8") == paths.bundled_config_text(), "copy feeds.toml to data/"


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_shipped_feeds_toml_loads(path: Path) -> None:
    config = load_config(path)
    assert config.sources
    assert len({s.id for s in config.sources}) == len(config.sources)


# --- lookup order: --config > UNINEWS_CONFIG > user feeds.toml > bundled ---------------


def test_lookup_falls_back_to_bundled() -> None:
    assert resolve_config_path(None) is None
    config = load_config()
    assert config.path is None and config.sources


def test_lookup_prefers_user_file(isolated_dirs: Path) -> None:
    user = paths.config_file()
    assert user.is_relative_to(isolated_dirs)
    user.parent.mkdir(parents=True)
    user.write_text('[settings]\ntheme = "user"\n', encoding="utf-8")
    assert resolve_config_path(None) == user
    assert load_config().settings.theme == "user"


def test_lookup_env_beats_user_file(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    user = paths.config_file()
    user.parent.mkdir(parents=True)
    user.write_text('[settings]\ntheme = "user"\n', encoding="utf-8")
    env_file = isolated_dirs / "env.toml"
    env_file.write_text('[settings]\ntheme = "env"\n', encoding="utf-8")
    monkeypatch.setenv("UNINEWS_CONFIG", str(env_file))
    assert load_config().settings.theme == "env"
    explicit = isolated_dirs / "explicit.toml"
    explicit.write_text('[settings]\ntheme = "explicit"\n', encoding="utf-8")
    assert resolve_config_path(explicit) == explicit
    assert load_config(explicit).settings.theme == "explicit"


def test_env_pointing_at_missing_file_is_an_error(
    isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("UNINEWS_CONFIG", str(isolated_dirs / "gone.toml"))
    with pytest.raises(ConfigError, match="gone.toml: file not found"):
        load_config()
