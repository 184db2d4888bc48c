"""XML attacks: no expansion, no file or network access, bounded time and memory, at every entry point.

Our own attack documents (``xml_attacks.py``) and the corpus's ``malicious/``
set (read in place from ``../shared/corpus``) go through ``parse_feed``, a
whole ``uninews refresh``, ``import-opml`` and the HTML extractors, while a
listener that every external reference points at must see no connection.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from feed_server import FeedSite
from uninews_tui.errors import ParseError
from uninews_tui.parse import discover_feeds, extract_article, parse_feed

from .support import Home
from .xml_attacks import SECRET, STOLEN, attack_documents, listener, opml_attack, xhtml_attack

MALICIOUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "malicious"
CORPUS_FILES = sorted(MALICIOUS.glob("*/*.xml"))
LEAKS = (STOLEN, SECRET, "root:x:0", "lollollol", "BBBBBBBBBB")


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


def feed_text(feed: object) -> str:
    parts = [getattr(feed, "title", ""), getattr(feed, "link", "")]
    for entry in getattr(feed, "entries", []):
        parts += [entry.guid, entry.title, entry.url, entry.author, entry.summary, entry.content_html]
    return "\n".join(parts)


def assert_no_leak(text: str) -> None:
    for marker in LEAKS:
        assert marker not in text, f"{marker!r} leaked"


def test_the_corpus_malicious_set_is_there() -> None:
    assert len(CORPUS_FILES) >= 13, f"expected the corpus beside the repository at {MALICIOUS}"


def test_parse_feed_expands_and_fetches_nothing(tmp_path: Path, secret_file: Path) -> None:
    with listener() as ear:
        documents = attack_documents(ear.url, secret_file)
        outcomes: dict[str, str] = {}
        for name, document in [*documents.items(), *((p.name, p.read_bytes()) for p in CORPUS_FILES)]:
            try:
                feed = parse_feed(document, url="https://attack.example.edu/feed.xml")
            except ParseError as exc:
                outcomes[name] = f"refused: {exc}"
                continue
            text = feed_text(feed)
            assert_no_leak(text)
            assert len(text) < 20_000, name
            outcomes[name] = f"{len(feed.entries)} items"
    assert ear.connections == []
    # The feed-shaped attacks still give their harmless text.
    assert outcomes["billion_laughs"] == outcomes["external_http_entity"] == "1 items"
    assert outcomes["quadratic_blowup"] == outcomes["xinclude"] == "1 items"


def test_time_and_memory_stay_bounded(tmp_path: Path, secret_file: Path) -> None:
    """In a fresh process, so lxml's C allocations show in the peak RSS (tracemalloc cannot see them)."""
    folder = tmp_path / "attacks"
    folder.mkdir()
    with listener() as ear:
        for name, document in attack_documents(ear.url, secret_file).items():
            (folder / f"{name}.xml").write_bytes(document)
        paths = [str(p) for p in sorted(folder.iterdir())] + [str(p) for p in CORPUS_FILES]
        child = subprocess.run([sys.executable, "-c", MEASURE, *paths], capture_output=True, text=True,
                               timeout=120, check=False)
    assert child.returncode == 0, child.stderr
    figures = json.loads(child.stdout)
    assert len(figures) == len(paths)
    slow = {name: s for name, (s, _) in figures.items() if s > 1.0}
    assert slow == {}
    grown = max(mb for _, mb in figures.values())
    assert grown < 100, f"peak RSS grew {grown:.0f} MB"
    assert ear.connections == []


MEASURE = """
import json, resource, sys, time
from uninews_tui.parse import parse_feed
parse_feed(b'<rss version="2.0"><channel><title>warm</title></channel></rss>')
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
out = {}
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    started = time.perf_counter()
    try:
        parse_feed(data)
    except ValueError:
        pass
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
    out[path.rsplit("/", 1)[-1]] = (time.perf_counter() - started, grown)
print(json.dumps(out))
"""


def test_refresh_of_attack_feeds_stores_nothing_expanded(home: Home, site: FeedSite,
                                                          secret_file: Path) -> None:
    with listener() as ear:
        documents = attack_documents(ear.url, secret_file)
        documents.update((p.stem.replace(".", "-"), p.read_bytes()) for p in CORPUS_FILES)
        sources = [{"id": name.replace("_", "-").lower(), "url": site.put(f"/{name}.xml", document)}
                   for name, document in documents.items()]
        home.write_config(sources)
        code, out, err = home.run("refresh", "--json")
        assert code == 0, err
    assert ear.connections == []
    summary = json.loads(out)
    assert summary["fetched"] + summary["failed"] == len(sources)
    assert summary["fetched"] >= len(attack_documents("http://x", secret_file)) - 1
    stored = home.rows("SELECT title, url, author, summary, content_html, coalesce(body, '') FROM articles")
    errors = home.rows("SELECT coalesce(last_error, '') FROM sources")
    text = "\n".join("\n".join(map(str, row)) for row in stored + errors)
    assert_no_leak(text)
    assert len(text) < 200_000
    assert "Joke" in text  # the billion-laughs feed was stored, without its laughs


def test_import_opml_expands_and_fetches_nothing(home: Home, secret_file: Path, tmp_path: Path) -> None:
    with listener() as ear:
        opml = tmp_path / "subs.opml"
        opml.write_bytes(opml_attack(ear.url, secret_file))
        home.write_config([])
        code, out, err = home.run("import-opml", str(opml))
    assert ear.connections == []
    assert code == 0, err
    config = home.config.read_text(encoding="utf-8")
    assert "https://opml.example.edu/feed.xml" in config
    assert_no_leak(config + out + err)


def test_html_extractors_expand_and_fetch_nothing(secret_file: Path) -> None:
    with listener() as ear:
        page = xhtml_attack(ear.url, secret_file)
        article = extract_article(page, "https://attack.example.edu/a/1")
        feeds = discover_feeds(page, "https://attack.example.edu/a/1")
    assert ear.connections == []
    assert "Plain paragraph of the article text." in article.text
    assert_no_leak(article.text + article.title + "".join(feeds))


def test_the_listener_would_notice_a_fetch() -> None:
    """Control: a real fetch of a listener URL is recorded, so ``connections == []`` means something."""
    import urllib.request

    with listener() as ear:
        with urllib.request.urlopen(ear.url + "/probe", timeout=5) as response:
            assert STOLEN in response.read().decode()
    assert len(ear.connections) == 1
