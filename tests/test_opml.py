"""OPML: lenient and safe reading, import into feeds.toml, export, round trips, the corpus.

The corpus files (``shared/corpus/opml``, beside the repository) are read in
place, never copied; expectations come from its ``EXPECTATIONS.json`` and
``miniflux/expected.json``.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from uninews_tui.cli import cli
from uninews_tui.config import load_config
from uninews_tui.config_model import Config
from uninews_tui.opml import OpmlError, parse_opml
from uninews_tui.opml_export import export_opml
from uninews_tui.opml_import import import_opml_file

DATA = Path(__file__).parent / "data" / "opml"
REPO = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "opml"
CORPUS_FILES = sorted(
    p for p in CORPUS.glob("*/*") if p.is_file() and not p.name.startswith("LICENSE") and p.suffix != ".json"
) if CORPUS.is_dir() else []
EXISTING = """# my own feeds, keep this comment
[institutions.south-coast-college]
name = "South Coast College"  # trailing comment stays too

[[sources]]
id = "existing"
institution = "south-coast-college"
kind = "feed"
url = "https://existing.example.edu/feed"
"""


def triples(config: Config) -> set[tuple[str, str, str]]:
    return {(s.url, s.title, s.institution) for s in config.sources}


@pytest.fixture(autouse=True)
def no_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to start a process during an import fails the test."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a process was started: {args}")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)


def test_folders_titles_and_links_are_read() -> None:
    document = parse_opml((DATA / "nested.opml").read_bytes())
    assert document.title == "Campus reading list"
    by_url = {feed.url: feed for feed in document.feeds}
    news = "https://news.northfield.example.edu/"
    assert by_url[news + "rss"].title == "Northfield news"  # title wins over text
    assert by_url[news + "research/atom"].title == "Northfield research (text only)"
    assert by_url["https://robots.northfield.example.edu/feed/"].folders == ("Northfield University", "Labs")
    assert by_url["https://south.example.edu/all"].ignored == ("filtercmd",)
    assert document.links == 1 and len(document.feeds) == 15


def test_broken_files_are_mended() -> None:
    document = parse_opml((DATA / "broken.opml").read_bytes())
    assert [(f.url, f.title, f.folders) for f in document.feeds] == [
        ("https://arts.example.edu/feed?a=1&b=2", "Poetry corner", ("Arts & Letters",)),
        ("https://cafe.example.edu/rss", "Café news", ()),
    ]
    assert document.warnings and "repaired" in document.warnings[0]
    bare = parse_opml((DATA / "no_body.opml").read_bytes())
    assert [f.url for f in bare.feeds] == ["https://bare.example.edu/feed"]
    assert "not <opml>" in bare.warnings[0]


def test_entities_are_never_expanded() -> None:
    document = parse_opml((DATA / "laughs.opml").read_bytes())
    titles = [feed.title for feed in document.feeds]
    assert titles == ["Laughs &i;", "Secret &file;"]
    assert "haha" not in document.title


@pytest.mark.parametrize("data", [b"garbage\n", b"", b"\x00\x01\x02", b"url \"title\"\nother"])
def test_not_opml_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(OpmlError, match="not an OPML file"):
        parse_opml(data)


def test_import_maps_folders_and_refuses_commands(tmp_path: Path) -> None:
    target = tmp_path / "feeds.toml"
    target.write_text(EXISTING, encoding="utf-8")
    report = import_opml_file(DATA / "nested.opml", target)
    assert len(report.imported) == 7 and report.duplicates == 2 and len(report.refused) == 6
    assert report.summary().endswith(
        "skipped 2 duplicates; refused 6 (commands or non-http URLs are never run); "
        "ignored 1 link outline (web pages, not feeds)")
    assert {url for url, _ in report.refused} >= {"|touch /tmp/uninews-opml-pwned", "file:///etc/passwd"}
    assert not Path("/tmp/uninews-opml-pwned").exists()
    assert any("filtercmd" in w for w in report.warnings)
    config = load_config(target)
    by_url = {s.url: s for s in config.sources}
    assert by_url["https://loose.example.org/feed.xml"].institution == "imported"
    assert config.institutions["imported"].name == "Imported"
    robots = by_url["https://robots.northfield.example.edu/feed/"]
    assert (robots.institution, robots.category) == ("labs", "Northfield University/Labs")
    assert by_url["https://news.northfield.example.edu/rss"].institution == "northfield-university"
    assert by_url["HTTPS://SOUTH.example.edu/press/feed"].institution == "south-coast-college"  # existing one
    east = by_url["https://news.east.example.cn/rss.xml"]
    assert config.institutions[east.institution].name == "东方大学" and east.title == "东方大学新闻"
    text = target.read_text(encoding="utf-8")
    assert text.startswith(EXISTING) and "# trailing comment stays too" in text


def test_reimport_and_dry_run_write_nothing(tmp_path: Path) -> None:
    target = tmp_path / "feeds.toml"
    target.write_text(EXISTING, encoding="utf-8")
    assert len(import_opml_file(DATA / "nested.opml", target, dry_run=True).imported) == 7
    assert target.read_text(encoding="utf-8") == EXISTING
    import_opml_file(DATA / "nested.opml", target)
    before = target.read_bytes()
    again = import_opml_file(DATA / "nested.opml", target)
    assert again.imported == [] and again.duplicates == 9 and target.read_bytes() == before


def test_missing_user_file_starts_from_the_default(tmp_path: Path) -> None:
    target = tmp_path / "config" / "feeds.toml"
    report = import_opml_file(DATA / "broken.opml", target)
    assert len(report.imported) == 2
    default = (REPO / "feeds.toml").read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8").startswith(default)
    assert len(load_config(target).sources) == len(load_config(REPO / "feeds.toml").sources) + 2


def test_export_then_import_restores_every_key(tmp_path: Path) -> None:
    original = load_config(REPO / "feeds.toml")
    exported = export_opml(original)
    assert b'type="html"' in exported and b'type="rss"' in exported
    (tmp_path / "out.opml").write_bytes(exported)
    (tmp_path / "empty.toml").write_text("", encoding="utf-8")
    report = import_opml_file(tmp_path / "out.opml", tmp_path / "empty.toml")
    assert report.refused == [] and len(report.imported) == len(original.sources)
    copy = load_config(tmp_path / "empty.toml")
    assert {s.id: s for s in copy.sources} == {s.id: s for s in original.sources}
    assert copy.institutions == original.institutions


def test_invalid_uninews_keys_are_refused(tmp_path: Path) -> None:
    opml = tmp_path / "bad.opml"
    opml.write_text(
        '<opml version="2.0" xmlns:uninews="urn:x-uninews:opml:1"><body>'
        '<outline type="html" title="No selectors" xmlUrl="https://a.example.edu/news"/>'
        '<outline type="rss" title="Bad keys" xmlUrl="https://b.example.edu/rss" '
        'uninews:source=\'{"refresh_minutes": -5}\'/>'
        '<outline type="rss" title="Unknown key" xmlUrl="https://c.example.edu/rss" '
        'uninews:source=\'{"run": "x"}\'/>'
        '<outline type="rss" title="Fine" xmlUrl="https://d.example.edu/rss"/></body></opml>',
        encoding="utf-8")
    target = tmp_path / "feeds.toml"
    target.write_text("", encoding="utf-8")
    report = import_opml_file(opml, target)
    assert report.imported == ["fine"]
    reasons = dict(report.refused)
    assert "without selectors" in reasons["https://a.example.edu/news"]
    assert "refresh_minutes" in reasons["https://b.example.edu/rss"]
    assert "unknown keys run" in reasons["https://c.example.edu/rss"]


def test_cli_import_and_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    target = tmp_path / "feeds.toml"
    target.write_text(EXISTING, encoding="utf-8")
    base = ["--config", str(target), "--db", str(tmp_path / "u.db")]
    result = CliRunner().invoke(cli, [*base, "import-opml", str(DATA / "nested.opml")])
    assert result.exit_code == 0, result.output
    summary = f"imported 7 sources into {target} (4 new institutions); skipped 2 duplicates"
    assert result.stdout.startswith(summary)
    assert "refused |touch /tmp/uninews-opml-pwned" in result.stderr and "\x1b[" not in result.output
    result = CliRunner().invoke(cli, [*base, "export-opml", "-o", str(tmp_path / "out.opml")])
    assert result.exit_code == 0 and "wrote 8 sources" in result.stderr
    assert len(parse_opml((tmp_path / "out.opml").read_bytes()).feeds) == 8
    garbage = tmp_path / "garbage.opml"
    garbage.write_bytes(b"garbage")
    result = CliRunner().invoke(cli, [*base, "import-opml", str(garbage)])
    assert result.exit_code == 1 and "not an OPML file" in result.stderr


# ----------------------------------------------------------------------------- the shared corpus

def _import_corpus(path: Path, tmp_path: Path) -> tuple[object, Path]:
    target = tmp_path / f"{path.parent.name}-{path.stem}.toml"
    target.write_text("", encoding="utf-8")
    try:
        return import_opml_file(path, target), target
    except OpmlError as error:
        return error, target


@pytest.mark.skipif(not CORPUS_FILES, reason="shared/corpus/opml is not beside the repository")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_imports_and_round_trips(path: Path, tmp_path: Path) -> None:
    outcome, target = _import_corpus(path, tmp_path)
    name = f"{path.parent.name}/{path.name}"
    if isinstance(outcome, OpmlError):  # only files with no feed at all may end so
        assert name in {"miniflux/parse_invalid_x_m_l.opml", "newsraft/convert_opml_to_feeds.txt",
                        "newsboat/body-element-missing.opml", "rome/opml_1.0_links.xml"}, str(outcome)
        return
    written = load_config(target)
    assert len(written.sources) == len(outcome.imported) > 0  # type: ignore[attr-defined]
    (tmp_path / "again.opml").write_bytes(export_opml(written))
    (tmp_path / "again.toml").write_text("", encoding="utf-8")
    import_opml_file(tmp_path / "again.opml", tmp_path / "again.toml")
    assert triples(load_config(tmp_path / "again.toml")) == triples(written)


@pytest.mark.skipif(not CORPUS_FILES, reason="shared/corpus/opml is not beside the repository")
def test_corpus_expectations(tmp_path: Path) -> None:
    expectations = json.loads((CORPUS / "EXPECTATIONS.json").read_text(encoding="utf-8"))
    example, _ = _import_corpus(CORPUS / "newsboat" / "example.opml", tmp_path)
    config = load_config(tmp_path / "newsboat-example.toml")
    assert {s.url for s in config.sources} == set(expectations["newsboat/example.opml"]["xmlUrls"])
    mike = config.source(next(s.id for s in config.sources if s.url.endswith("~mike/.rss")))
    assert mike is not None and mike.category == "Blogs/friends"
    nom, _ = _import_corpus(CORPUS / "nom" / "test.opml", tmp_path)
    nom_config = load_config(tmp_path / "nom-test.toml")
    counts = {inst.name: sum(s.institution == inst.id for s in nom_config.sources)
              for inst in nom_config.institutions.values()}
    assert counts == expectations["nom/test.opml"]["folders"]
    for name in ("Subs.opml", "SubsNoTitleAttributes.opml"):
        report, _ = _import_corpus(CORPUS / "netnewswire" / name, tmp_path)
        assert len(report.imported) + report.duplicates == 207  # type: ignore[attr-defined]
    piped, _ = _import_corpus(CORPUS / "newsboat" / "piped.opml", tmp_path)
    assert [url for url, _ in piped.refused] == ["|~/fetch_tweets.py"]  # type: ignore[attr-defined]


@pytest.mark.skipif(not CORPUS_FILES, reason="shared/corpus/opml is not beside the repository")
def test_corpus_miniflux_expectations(tmp_path: Path) -> None:
    for case in json.loads((CORPUS / "miniflux" / "expected.json").read_text(encoding="utf-8")):
        outcome, target = _import_corpus(CORPUS / "miniflux" / case["file"], tmp_path)
        if case["expect_error"]:
            assert isinstance(outcome, OpmlError), case["file"]
            continue
        config = load_config(target)
        assert len(config.sources) == case["expected_subscription_count"], case["file"]
        by_url = {s.url: s for s in config.sources}
        for expected in case["expected_subscriptions_prefix"]:
            source = by_url[expected["FeedURL"]]
            folder = expected.get("CategoryName", "") or "Imported"
            assert config.institutions[source.institution].name == folder, case["file"]
            if "empty_title" not in case["file"]:
                assert source.title == expected["Title"]
