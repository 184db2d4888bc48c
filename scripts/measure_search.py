"""Scratch measurement of search speed at 1k / 10k / 100k articles (the bench helper formalises it).

Generates mixed English / Simplified / Traditional articles of 1-3 KB with
Zipf-distributed words (so common words match tens of thousands of rows),
loads them through the real schema and triggers, and times each query form.

Usage: python scripts/measure_search.py [--verify] [--db PATH | N ...]   (default: 1000 10000 100000)

``--verify`` also checks CJK queries against plain substring search over the
folded text (the ground truth of the bigram index): recall and precision.
"""

from __future__ import annotations

import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

from uninews_tui.search.cjk import fold_hanzi
from uninews_tui.store import schema, search_index

ENGLISH = (
    "the of and to in a is that for on with as by at from university research students study new "
    "campus professor school faculty science health medicine nursing hospital engineering award "
    "programme international conference climate energy data artificial intelligence report public "
    "community alumni scholarship lecture innovation technology design policy education global centre "
    "zürich café naïve collaboration partnership laboratory clinical trial patients cancer brain"
).split()
CHINESE_WORDS = (
    "大学 研究 学生 医学 香港 北京 教授 科学 技术 学院 合作 国际 发展 中心 创新 社会 健康 教育 "
    "港大 北大 理大 中大 清华 医院 护理 工程 人工 智能 数据 气候 能源 校园 校友 奖学金 讲座 "
    "香港理工大学 北京大学 香港中文大学 香港大学 实验室 临床 癌症 病人 设计 政策 全球"
).split()
FILLER_HAN = (
    "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对"
    "小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动"
    "方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感"
)
TRADITIONAL = str.maketrans(
    "学国发为这们来时说会对过后长开经门无东车马鸟龙医护", "學國發為這們來時說會對過後長開經門無東車馬鳥龍醫護"
)
INSTITUTIONS = ["polyu", "hku", "cuhk", "pku", "tsinghua", "ethz", "mit", "oxford"]

QUERIES = {
    "one word (common)": "university",
    "one word (rare)": "zurich",
    "one word (mid)": "nursing",
    "two words": "nursing research",
    "phrase": '"clinical trial"',
    "prefix": "collab*",
    "CJK two chars (common)": "大学",
    "CJK two chars": "医学",
    "CJK long": "香港理工大學",
    "qualifier + word": "inst:polyu research",
    "qualifiers + word": "is:unread after:2024-06-01 health",
    "qualifiers only": "inst:hku is:unread",
    "OR + exclusion": "cancer OR brain -patients",
}


def synthetic_words(rng: random.Random, count: int) -> list[str]:
    """A long tail of made-up words, so the vocabulary is realistic in size."""
    syllables = ["ka", "lo", "ri", "tan", "mu", "sel", "vor", "pen", "di", "qua", "bel", "xan", "tor", "ei"]
    return ["".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(count)]


def make_articles(count: int, seed: int = 7) -> list[tuple]:
    rng = random.Random(seed)
    english = ENGLISH + synthetic_words(rng, 20000)
    weights = [1 / (rank + 1) ** 1.05 for rank in range(len(english))]
    han_weights = [1 / (rank + 1) for rank in range(len(FILLER_HAN))]
    rows = []
    start = 1_672_531_200  # 2023-01-01
    for index in range(count):
        kind = rng.random()
        if kind < 0.6:
            words = rng.choices(english, weights, k=rng.randint(160, 480))
            title = " ".join(rng.choices(english[:120], k=8)).capitalize()
            summary, body = " ".join(words[:40]), " ".join(words[40:])
        else:
            parts = []
            for _ in range(rng.randint(120, 400)):
                if rng.random() < 0.35:
                    parts.append(rng.choice(CHINESE_WORDS))
                else:
                    parts.append("".join(rng.choices(FILLER_HAN, han_weights, k=rng.randint(1, 3))))
                if rng.random() < 0.08:
                    parts.append("，" if rng.random() < 0.7 else "。")
            text = "".join(parts)
            if kind > 0.8:
                text = text.translate(TRADITIONAL)
            title, summary, body = text[:24], text[24:120], text[120:]
        ts = start + rng.randint(0, 3 * 365 * 86400)
        inst = rng.choice(INSTITUTIONS)
        rows.append(
            (
                index + 1,
                inst + "-news",
                inst,
                str(index),
                title,
                summary,
                body,
                "2025-01-01T00:00:00+00:00",
                ts,
                "x",
                "x",
                int(rng.random() < 0.5),
            )
        )
    return rows


def build(path: Path, count: int) -> tuple[sqlite3.Connection, float]:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    search_index.register_functions(conn)
    db = sqlite_utils.Database(conn)
    schema.migrate(db, str(path))
    rows = make_articles(count)
    started = time.perf_counter()
    conn.execute("BEGIN")
    conn.executemany(
        "INSERT INTO articles (id, source, institution, guid, title, summary, body, published, published_ts,"
        " fetched_at, updated_at, is_read) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        rows,
    )
    conn.execute("COMMIT")
    return conn, time.perf_counter() - started


def measure(conn: sqlite3.Connection, runs: int) -> None:
    """Time each query: wall clock and this process's CPU time (robust to a busy machine)."""
    db = sqlite_utils.Database(conn)
    for label, query in QUERIES.items():
        result = search_index.search(db, query, limit=50)  # warm
        wall, cpu = [], []
        for _ in range(runs):
            wall_start, cpu_start = time.perf_counter(), time.process_time()
            search_index.search(db, query, limit=50)
            cpu.append((time.process_time() - cpu_start) * 1000)
            wall.append((time.perf_counter() - wall_start) * 1000)
        sql, params = search_index.keyword_where(query, "m")
        matched = conn.execute(f"SELECT count(*) FROM articles WHERE {sql}", params).fetchone()[0]
        print(
            f"  {label:24} wall {statistics.median(wall):6.1f} / p95 {percentile(wall):6.1f} ms"
            f"   cpu {statistics.median(cpu):6.1f} / p95 {percentile(cpu):6.1f} ms"
            f"   matches {matched:6d}  hits {len(result.hits)}"
        )


def percentile(values: list[float], share: float = 0.95) -> float:
    """The ``share`` percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


CJK_CHECKS = ["大学", "医学", "港大", "北大", "学生", "香港理工大學", "北京大学", "研究中心", "学", "護理"]


def verify_cjk(conn: sqlite3.Connection) -> None:
    """Recall and precision of CJK queries against plain substring search over folded text."""
    rows = conn.execute(
        "SELECT id, title || ' ' || summary || ' ' || coalesce(body, '') FROM articles"
    ).fetchall()
    folded = [(article_id, fold_hanzi(text)) for article_id, text in rows]
    for query in CJK_CHECKS:
        needle = fold_hanzi(query)
        truth = {article_id for article_id, text in folded if needle in text}
        sql, params = search_index.keyword_where(query, "v")
        got = {row[0] for row in conn.execute(f"SELECT id FROM articles WHERE {sql}", params)}
        recall = len(got & truth) / len(truth) if truth else 1.0
        precision = len(got & truth) / len(got) if got else 1.0
        print(f"  {query:10} truth {len(truth):6d}  found {len(got):6d}", end="")
        print(f"  recall {recall:.3f}  precision {precision:.3f}")


def main() -> None:
    """Build (or open, with ``--db PATH``) databases and measure them."""
    args = sys.argv[1:]
    verify = "--verify" in args
    if "--db" in args:
        path = Path(args[args.index("--db") + 1])
        conn = sqlite3.connect(path, isolation_level=None)
        search_index.register_functions(conn)
        count = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        print(f"{path}: {count} articles, db {path.stat().st_size / 1e6:.0f} MB")
        measure(conn, runs=30)
        if verify:
            verify_cjk(conn)
        return
    sizes = [int(arg) for arg in args if arg.isdigit()] or [1000, 10000, 100000]
    with tempfile.TemporaryDirectory() as folder:
        for count in sizes:
            path = Path(folder) / f"bench{count}.db"
            conn, load_s = build(path, count)
            size_mb = path.stat().st_size / 1e6
            print(f"{count} articles: load+index {load_s:.1f} s, db {size_mb:.0f} MB")
            measure(conn, runs=30 if count >= 100000 else 60)
            if verify:
                verify_cjk(conn)
            conn.close()


if __name__ == "__main__":
    main()
