"""``Store.search(..., snippets=False)``: the same hits in the same order, empty snippets, no snippet work."""

from __future__ import annotations

import pytest

from search_support import load_fixtures
from uninews_tui.store import Store, search_run


@pytest.fixture(scope="module")
def store() -> Store:
    loaded = Store.memory()
    load_fixtures(loaded)
    return loaded


@pytest.mark.parametrize("query", ["nurse", "医学", "inst:hku 医学", '"港大　医学院"', "-nurse"])
def test_same_hits_with_empty_snippets(store, query):
    with_snippets = store.search(query, limit=50)
    without = store.search(query, limit=50, snippets=False)
    assert [a.id for a, _ in without.hits] == [a.id for a, _ in with_snippets.hits]
    assert without.hits
    assert all(snippet == "" for _, snippet in without.hits)
    assert (without.terms, without.warning) == (with_snippets.terms, with_snippets.warning)


def test_snippets_are_made_by_default(store):
    assert any(snippet for _, snippet in store.search("nurse").hits)


def test_no_snippet_is_cut_without_snippets(store, monkeypatch):
    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("a snippet was made")

    monkeypatch.setattr(search_run, "make_snippet", refuse)
    assert store.search("nurse", snippets=False).hits
    with pytest.raises(AssertionError):
        store.search("nurse")
