"""Deterministic English and Chinese news text for the bench's feeds and caches.

Words follow a Zipf distribution over a realistic vocabulary (a few hundred
real words plus a long tail of made-up ones), so common words match tens of
thousands of articles at 100k and rare ones a handful, as in a real cache.
Chinese text mixes real two- to six-character words (大学, 医学, 香港理工大学)
with frequent single characters; a fifth of it is written in Traditional
characters. Everything is seeded: the same seed gives the same text.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import dataclass

ENGLISH = (
    "the of and to in a is that for on with as by at from university research students study new "
    "campus professor school faculty science health medicine nursing hospital engineering award "
    "programme international conference climate energy data artificial intelligence report public "
    "community alumni scholarship lecture innovation technology design policy education global centre "
    "zürich café naïve collaboration partnership laboratory clinical trial patients cancer brain "
    "ocean water city history language music art library museum economics law business finance "
    "graduate doctoral undergraduate admission ranking funding grant council minister government "
    "robot quantum physics chemistry biology genome vaccine virus mental wellbeing sport team"
).split()
SYLLABLES = ["ka", "lo", "ri", "tan", "mu", "sel", "vor", "pen", "di", "qua", "bel", "xan", "tor", "ei"]
CHINESE_WORDS = (
    "大学 研究 学生 医学 香港 北京 教授 科学 技术 学院 合作 国际 发展 中心 创新 社会 健康 教育 "
    "港大 北大 理大 中大 清华 医院 护理 工程 人工 智能 数据 气候 能源 校园 校友 奖学金 讲座 "
    "香港理工大学 北京大学 香港中文大学 香港大学 实验室 临床 癌症 病人 设计 政策 全球 人工智能 医学院"
).split()
FILLER_HAN = (
    "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对"
    "小多然于心学么之都好看起发当没成只如事把还用第样道想作种开美总从无情己面最女但现前些所同日手又行意动"
    "方期它头经长儿回位分爱老因很给名法间斯知世什两次使身者被高已亲其进此话常与活正感"
)
PHRASES = ("clinical trial", "artificial intelligence", "climate change", "mental health", "open day")
"""Fixed phrases planted in one English sentence in ten, so phrase queries have matches."""
POOL = 6000
"""Distinct sentences (and clauses) per language that paragraphs are drawn from."""
TRADITIONAL = str.maketrans(
    "学国发为这们来时说会对过后长开经门无东车马鸟龙医护", "學國發為這們來時說會對過後長開經門無東車馬鳥龍醫護"
)


@dataclass(frozen=True, slots=True)
class NewsText:
    """One generated article's text: a title, a short summary and body paragraphs."""

    title: str
    summary: str
    paragraphs: tuple[str, ...]
    language: str
    """"en" or "zh"."""


class TextMaker:
    """A seeded source of English and Chinese article text."""

    def __init__(self, seed: int = 7) -> None:
        self.rng = random.Random(seed)
        tail = [
            "".join(self.rng.choice(SYLLABLES) for _ in range(self.rng.randint(2, 4))) for _ in range(20000)
        ]
        self.english = ENGLISH + tail
        # Cumulative weights, computed once: random.choices would otherwise redo it per call.
        self.cum_weights = list(
            itertools.accumulate(1 / (rank + 1) ** 1.05 for rank in range(len(self.english)))
        )
        self.han_cum_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(FILLER_HAN))))
        self._english_pool: list[str] = []
        self._chinese_pool: list[str] = []

    def _english_words(self, count: int) -> list[str]:
        return self.rng.choices(self.english, cum_weights=self.cum_weights, k=count)

    def _sentence_en(self, words: int) -> str:
        text = " ".join(self._english_words(words))
        return text[:1].upper() + text[1:] + "."

    def _chinese(self, units: int) -> str:
        parts: list[str] = []
        for _ in range(units):
            if self.rng.random() < 0.35:
                parts.append(self.rng.choice(CHINESE_WORDS))
            else:
                parts.append(
                    "".join(
                        self.rng.choices(
                            FILLER_HAN, cum_weights=self.han_cum_weights, k=self.rng.randint(1, 3)
                        )
                    )
                )
        return "".join(parts)

    def _pools(self) -> tuple[list[str], list[str]]:
        """Sentences and clauses drawn once; paragraphs are sampled from them (20x faster)."""
        if not self._english_pool:
            self._english_pool = [self._sentence_en(self.rng.randint(8, 22)) for _ in range(POOL)]
            for n in range(0, POOL, 10):
                words = self._english_pool[n].split(" ")
                words.insert(self.rng.randrange(1, len(words)), self.rng.choice(PHRASES))
                self._english_pool[n] = " ".join(words)
            self._chinese_pool = [
                self._chinese(self.rng.randint(6, 14)) + self.rng.choice("，，，。") for _ in range(POOL)
            ]
        return self._english_pool, self._chinese_pool

    def article(self, language: str, body_bytes: int = 2600) -> NewsText:
        """An article whose summary and paragraphs together take about ``body_bytes`` bytes of UTF-8."""
        english, chinese = self._pools()
        if language == "zh":
            title = self._chinese(self.rng.randint(5, 9))
            summary = "".join(self.rng.choices(chinese, k=4)).rstrip("，") + "。"
            paragraphs, size = [], len(summary.encode())
            while size < body_bytes:
                paragraph = "".join(self.rng.choices(chinese, k=self.rng.randint(4, 9))).rstrip("，") + "。"
                paragraphs.append(paragraph)
                size += len(paragraph.encode())
            if self.rng.random() < 0.2:
                title, summary = title.translate(TRADITIONAL), summary.translate(TRADITIONAL)
                paragraphs = [p.translate(TRADITIONAL) for p in paragraphs]
            return NewsText(title, summary, tuple(paragraphs), "zh")
        title = " ".join(self.rng.choices(self.english[:160], k=self.rng.randint(6, 10))).capitalize()
        summary = " ".join(self.rng.choices(english, k=2))
        paragraphs, size = [], len(summary)
        while size < body_bytes:
            paragraph = " ".join(self.rng.choices(english, k=self.rng.randint(2, 5)))
            paragraphs.append(paragraph)
            size += len(paragraph)
        return NewsText(title, summary, tuple(paragraphs), "en")
