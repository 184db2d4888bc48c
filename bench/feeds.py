"""The bench's feed site: N feeds (RSS 2.0 and Atom, English and Chinese) and each client's config.

Feed ``i`` is Atom when ``i`` is odd, RSS 2.0 when even; every third feed is
Chinese. Each holds ``items`` entries of about 3 KB of text (a summary and a
``content:encoded`` / Atom ``content`` body). The same feeds are described to
uninews (a feeds.toml of 30 institutions), newsboat (a urls file and a config
with ``reload-threads 8``) and sfeed (an sfeedrc with ``maxjobs=8``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from xml.sax.saxutils import escape

from bench.textgen import NewsText, TextMaker

INSTITUTIONS = 30
BASE_TIME = datetime(2025, 6, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class FeedSpec:
    """Where one generated feed lives and what it is."""

    index: int
    source_id: str
    institution: str
    kind: str
    """"rss" or "atom"."""
    language: str
    path: str
    """URL path on the bench server, e.g. ``/feeds/f007.xml``."""


def feed_specs(count: int) -> list[FeedSpec]:
    """The ``count`` feeds of the bench site, spread over ``INSTITUTIONS`` institutions."""
    return [
        FeedSpec(
            index=i,
            source_id=f"bench-{i:04d}",
            institution=f"uni{i % INSTITUTIONS:02d}",
            kind="atom" if i % 2 else "rss",
            language="zh" if i % 3 == 0 else "en",
            path=f"/feeds/f{i:04d}.xml",
        )
        for i in range(count)
    ]


def _body_html(text: NewsText) -> str:
    return "".join(f"<p>{escape(p)}</p>\n" for p in text.paragraphs)


def _rss(spec: FeedSpec, base_url: str, texts: list[NewsText]) -> str:
    items = []
    for n, text in enumerate(texts):
        link = f"{base_url}/news/{spec.source_id}/{n}.html"
        when = format_datetime(BASE_TIME - timedelta(hours=spec.index + 7 * n))
        items.append(
            f"<item><title>{escape(text.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="true">{link}</guid><pubDate>{when}</pubDate>'
            f"<author>news@uni.example (News Office)</author><category>Research</category>"
            f"<description>{escape(text.summary)}</description>"
            f"<content:encoded><![CDATA[{_body_html(text)}]]></content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Bench feed {spec.index}</title><link>{base_url}/</link>"
        f"<description>Generated news</description><language>{spec.language}</language>"
        + "\n".join(items)
        + "</channel></rss>\n"
    )


def _atom(spec: FeedSpec, base_url: str, texts: list[NewsText]) -> str:
    entries = []
    for n, text in enumerate(texts):
        link = f"{base_url}/news/{spec.source_id}/{n}.html"
        when = (BASE_TIME - timedelta(hours=spec.index + 7 * n)).isoformat()
        entries.append(
            f'<entry><title>{escape(text.title)}</title><link rel="alternate" href="{link}"/>'
            f"<id>urn:bench:{spec.source_id}:{n}</id><updated>{when}</updated><published>{when}</published>"
            f"<author><name>News Office</name></author>"
            f"<summary>{escape(text.summary)}</summary>"
            f'<content type="html">{escape(_body_html(text))}</content>'
            "</entry>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{spec.language}">'
        f"<title>Bench feed {spec.index}</title><id>urn:bench:{spec.source_id}</id>"
        f'<link rel="alternate" href="{base_url}/"/><updated>{BASE_TIME.isoformat()}</updated>'
        + "\n".join(entries)
        + "</feed>\n"
    )


def write_feeds(folder: Path, specs: list[FeedSpec], base_url: str, items: int = 30, seed: int = 11) -> int:
    """Write every feed document under ``folder``; returns the total bytes written."""
    maker = TextMaker(seed)
    total = 0
    for spec in specs:
        texts = [maker.article(spec.language) for _ in range(items)]
        document = (_atom if spec.kind == "atom" else _rss)(spec, base_url, texts).encode()
        target = folder / spec.path.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(document)
        total += len(document)
    return total


def uninews_config(specs: list[FeedSpec], base_url: str, *, refresh_on_start: bool = False) -> str:
    """A feeds.toml for these feeds.

    All bench feeds live on one host (127.0.0.1) where real ones are spread
    over 300 hosts, so ``per_host`` is raised to the overall concurrency:
    otherwise the politeness limit, not the program, would set the pace.
    """
    lines = [
        "schema_version = 1",
        "[settings]",
        "concurrency = 16",
        "per_host = 16",
        f"refresh_on_start = {'true' if refresh_on_start else 'false'}",
        "refresh_minutes = 600",
        "fetch_detail = false",
        "detail_max_per_run = 0",
        "[keywords]",  # the bundled feeds.toml's defaults: their counts are part of the reader's work
        'default = ["artificial intelligence", "climate", "quantum", "cancer", "人工智能", "医学", "港大"]',
    ]
    for n in range(INSTITUTIONS):
        lines += [
            f"[institutions.uni{n:02d}]",
            f'name = "Bench University {n}"',
            f'short = "BU{n}"',
            'timezone = "Asia/Hong_Kong"' if n % 3 == 0 else 'timezone = "Europe/London"',
        ]
    for spec in specs:
        lines += [
            "[[sources]]",
            f'id = "{spec.source_id}"',
            f'institution = "{spec.institution}"',
            'kind = "feed"',
            f'url = "{base_url}{spec.path}"',
            f'language = "{spec.language}"',
        ]
    return "\n".join(lines) + "\n"


def newsboat_files(folder: Path, specs: list[FeedSpec], base_url: str) -> tuple[Path, Path]:
    """A newsboat urls file and config (8 reload threads, as in the issue's anchor)."""
    urls = folder / "urls"
    urls.write_text("".join(f"{base_url}{spec.path}\n" for spec in specs))
    config = folder / "config"
    config.write_text("reload-threads 8\nshow-read-feeds yes\ncleanup-on-quit no\n")
    return urls, config


def sfeedrc(folder: Path, specs: list[FeedSpec], base_url: str) -> Path:
    """An sfeedrc listing the feeds, with its data in ``folder/feeds`` and 8 parallel jobs."""
    rc = folder / "sfeedrc"
    lines = [f'sfeedpath="{folder}/feeds"', "maxjobs=8", "feeds() {"]
    lines += [f'\tfeed "{spec.source_id}" "{base_url}{spec.path}"' for spec in specs]
    lines.append("}")
    rc.write_text("\n".join(lines) + "\n")
    return rc
