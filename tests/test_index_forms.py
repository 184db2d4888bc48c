"""Index forms computed ahead (by parse workers) are exactly what the triggers compute, used once."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from uninews_tui.config import config_from_text
from uninews_tui.models import FeedEntry
from uninews_tui.store import Store, index_forms

HTML = "<p>北京大學醫學院與香港理工大學合作，研究癌症。</p><p>Nursing research in Zürich.</p>"
CONFIG = """
schema_version = 1
[institutions.uni]
name = "Uni"
[[sources]]
id = "src"
institution = "uni"
kind = "feed"
url = "https://uni.example/feed.xml"
"""


@pytest.fixture(autouse=True)
def clean_forms() -> Iterator[None]:
    index_forms.forget()
    yield
    index_forms.forget()


def test_computed_forms_equal_the_triggers_own() -> None:
    forms = index_forms.compute([("港大醫學院", "Summary only", "News Office", HTML)])
    assert forms[("text", "港大醫學院", "")] == index_forms.text_form("港大醫學院")
    assert forms[("body", "", HTML)] == index_forms.body_form(None, HTML)
    assert ("text", "Summary only", "") not in forms  # English that indexes as itself is left out


def test_handed_over_forms_are_taken_once() -> None:
    index_forms.remember({("text", "标题", ""): "SENTINEL"})
    assert index_forms.indexed_text("标题") == "SENTINEL"
    assert index_forms.indexed_text("标题") == index_forms.text_form("标题")


def test_forget_drops_what_was_not_taken() -> None:
    index_forms.remember({("body", "", HTML): "SENTINEL"})
    index_forms.forget()
    assert index_forms.indexed_body(None, HTML) == index_forms.body_form(None, HTML)


def test_store_indexes_handed_over_forms_like_computed_ones() -> None:
    entry = FeedEntry(guid="g1", title="北京大學醫學院", url="https://uni.example/1", content_html=HTML,
                      published=datetime(2026, 1, 2, tzinfo=UTC))
    hits = []
    for hand_over in (False, True):
        store = Store.memory()
        store.sync_config(config_from_text(CONFIG, None))
        if hand_over:
            index_forms.remember(index_forms.compute([(entry.title, entry.summary, entry.author, HTML)]))
        store.upsert_entries("src", [entry], fetched_at=datetime(2026, 1, 3, tzinfo=UTC))
        hits.append([len(store.search(q).hits) for q in ("医学", "北大", "癌症", "nurse", "zurich", "港大")])
        store.close()
    assert hits[0] == hits[1] == [1, 0, 1, 1, 1, 0]
