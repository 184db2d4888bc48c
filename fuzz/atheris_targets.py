"""Coverage-guided fuzzing of uninews' parsers with atheris (libFuzzer), outside CI.

usage:
    .venv/bin/pip install atheris            # not a project dependency
    .venv/bin/python fuzz/atheris_targets.py TARGET [-max_total_time=600] [-timeout=20] [-rss_limit_mb=2048]

TARGET is one of parse_feed, parse_listing, extract_article, decode_html,
clean_text, html_to_markdown, parse_opml. The corpus lives in
fuzz/corpus/TARGET (seeded from tests/data and the robustness suite's
hostile documents on first run); crashes, hangs (-timeout) and memory blow-ups
(-rss_limit_mb) are written to fuzz/findings/TARGET-crash-* (-timeout-*,
-oom-*). The invariants are those of tests/robustness/test_fuzz_parsers.py
(tests/robustness/fuzz_inputs.py). A finding becomes a regression test in
tests/robustness/test_fuzz_regressions.py.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

with atheris.instrument_imports(include=["uninews_tui"]):
    from uninews_tui.config_model import DetailRules, ListRules, Source
    from uninews_tui.errors import ParseError
    from uninews_tui.opml import OpmlError, parse_opml
    from uninews_tui.parse import decode_html, extract_article, html_to_markdown, parse_feed, parse_listing
    from uninews_tui.parse.text import clean_line, clean_text

from robustness.fuzz_inputs import (  # noqa: E402 - after the instrumented imports
    BASE,
    FEED_SEEDS,
    HTML_SEEDS,
    OPML_SEEDS,
    assert_clean,
    check_parsed_feed,
)

LISTING = Source("fuzz", "fuzz", "html", BASE + "/news/", list=ListRules(
    item="li, .item, article", link="a", title="a", date=".date", summary="p",
    date_regex=r"(?P<v>\d{4}-\d\d-\d\d)", title_regex=r"(?P<v>.+)"))
DETAIL = DetailRules(body="article, .content", title="h1", date="time, .date")
CHARSETS = [None, {"content-type": "text/xml; charset=utf-8"}, {"content-type": "text/html; charset=gbk"},
            {"content-type": "text/html; charset=utf-16"}]


def _feed(data: bytes) -> None:
    try:
        feed = parse_feed(data, BASE + "/feed.xml", CHARSETS[len(data) % len(CHARSETS)])
    except ParseError:
        return
    check_parsed_feed(feed, "parse_feed")


def _listing(data: bytes) -> None:
    try:
        feed = parse_listing(data, LISTING, LISTING.url, timezone="Asia/Shanghai")
    except ParseError:
        return
    check_parsed_feed(feed, "parse_listing")


def _article(data: bytes) -> None:
    article = extract_article(data, BASE + "/news/1", detail=DETAIL if len(data) % 2 else None)
    assert_clean([article.title, article.text, article.author], "extract_article")


def _decode(data: bytes) -> None:
    assert isinstance(decode_html(data, CHARSETS[len(data) % len(CHARSETS)]), str)


def _clean(data: bytes) -> None:
    text = data.decode("utf-8", "surrogateescape") if len(data) % 2 else data.decode("latin-1")
    cleaned = clean_text(text)
    assert_clean([cleaned, clean_line(text)], "clean_text")
    assert clean_text(cleaned) == cleaned


def _markdown(data: bytes) -> None:
    assert_clean([html_to_markdown(data.decode("utf-8", "replace"), BASE + "/news/1")], "html_to_markdown")


def _opml(data: bytes) -> None:
    try:
        document = parse_opml(data)
    except OpmlError:
        return
    assert_clean([document.title] + [f.title for f in document.feeds], "parse_opml")


TARGETS: dict[str, tuple[Callable[[bytes], None], list[bytes]]] = {
    "parse_feed": (_feed, FEED_SEEDS),
    "parse_listing": (_listing, HTML_SEEDS),
    "extract_article": (_article, HTML_SEEDS),
    "decode_html": (_decode, HTML_SEEDS + FEED_SEEDS),
    "clean_text": (_clean, FEED_SEEDS),
    "html_to_markdown": (_markdown, HTML_SEEDS),
    "parse_opml": (_opml, OPML_SEEDS),
}


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in TARGETS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(TARGETS)}}} [libFuzzer options]")
    name = sys.argv[1]
    target, seeds = TARGETS[name]
    corpus = Path(__file__).parent / "corpus" / name
    if not corpus.is_dir():
        corpus.mkdir(parents=True)
        for n, seed in enumerate(seeds):
            (corpus / f"seed-{n:03d}").write_bytes(seed)
    findings = Path(__file__).parent / "findings"
    findings.mkdir(exist_ok=True)
    args = [sys.argv[0], f"-artifact_prefix={findings}/{name}-", *sys.argv[2:]]
    if not any(not a.startswith("-") for a in sys.argv[2:]):
        args.append(str(corpus))
    atheris.Setup(args, target)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
