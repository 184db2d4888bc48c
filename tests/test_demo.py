"""The offline demo: its bundled sample refreshes fully from 127.0.0.1 into a fresh store."""

from __future__ import annotations

import asyncio

from uninews_tui.demo import DemoServer, demo_config
from uninews_tui.fetch.refresh import refresh
from uninews_tui.models import ArticleFilter
from uninews_tui.store import Store


def test_demo_sample_refreshes_every_source_with_full_text() -> None:
    store = Store.memory()
    with DemoServer() as server:
        config = demo_config(server.base_url)
        store.sync_config(config)
        summary = asyncio.run(refresh(config, store))
        again = asyncio.run(refresh(config, store))
    assert (summary.fetched, summary.failed, summary.new_articles) == (5, 0, 22)
    assert (again.not_modified, again.new_articles) == (5, 0)
    counts = {c.id: c.total for c in store.institution_counts(ArticleFilter())}
    assert counts == {"mit": 6, "cambridge": 4, "hku": 4, "polyu": 4, "pku": 4}
    pku = store.articles(ArticleFilter(institutions=("pku",)))
    assert pku[0].title == "北京大学医学部发布老年健康研究新成果"
    assert pku[0].published is not None and pku[0].published.utcoffset() is not None
    body = store.article(pku[0].id).body  # type: ignore[union-attr]
    assert "三千名六十岁以上老人" in body
    polyu = store.articles(ArticleFilter(institutions=("polyu",)))
    assert all(store.article(a.id).has_full_text for a in polyu)  # type: ignore[union-attr]
    assert any(
        a.title == "[bold]Markup[/bold] in a title stays literal" for a in store.articles(ArticleFilter())
    )
