"""Search through the real Store: every query form, Chinese recall and precision, ranking, upkeep."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest

from search_support import NOW, fixture_articles, keys_by_id, load_fixtures
from uninews_tui.models import ArticleFilter, FeedEntry
from uninews_tui.store import Store, search_index


@pytest.fixture(scope="module")
def loaded() -> Iterator[tuple[Store, dict[str, int]]]:
    store = Store.memory()
    ids = load_fixtures(store)
    yield store, ids
    store.close()


ALL = ArticleFilter()


def found(loaded, query: str, filt: ArticleFilter = ALL) -> list[str]:
    store, ids = loaded
    result = store.search(query, filt, limit=100)
    names = keys_by_id(ids)
    return [names[article.id] for article, _ in result.hits]


# --- English: stemming, diacritics, phrase, prefix, OR, exclusion, author ---------------------------


def test_stemming_finds_other_forms_and_title_ranks_above_body(loaded):
    assert found(loaded, "nurse") == ["en-nursing-title", "en-nursing-body"]
    assert found(loaded, "nursing") == ["en-nursing-title", "en-nursing-body"]


def test_diacritics_are_folded_both_ways(loaded):
    assert found(loaded, "Zurich") == ["en-zurich"]
    assert found(loaded, "Zürich") == ["en-zurich"]
    assert found(loaded, "cafe naive") == ["en-cafe"]
    assert found(loaded, "Jurg") == ["en-zurich"]  # author, with its umlaut folded


def test_two_words_must_both_occur(loaded):
    assert found(loaded, "clinical trial") == ["en-clinical-trial", "en-trial-clinical-apart"]
    assert found(loaded, "clinical orchestra") == []


def test_phrase_needs_the_words_together(loaded):
    assert found(loaded, '"clinical trial"') == ["en-clinical-trial"]


def test_prefix(loaded):
    assert found(loaded, "collab*") == ["en-collaboration"]
    assert found(loaded, "glaciolog*") == ["en-zurich"]


def test_or_and_exclusion(loaded):
    assert set(found(loaded, "orchestra OR glacier")) == {"en-author-only", "en-zurich"}
    assert found(loaded, "vaccine -covid") == ["en-vaccine-flu"]
    assert found(loaded, "vaccine NOT covid") == ["en-vaccine-flu"]
    everything_but = found(loaded, "-vaccine")
    assert "en-vaccine-flu" not in everything_but and "en-zurich" in everything_but


def test_author_is_searched(loaded):
    assert found(loaded, "Ramanathan") == ["en-author-only"]


# --- Chinese: two-character queries, longer ones, Simplified <-> Traditional ------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("北大", {"sc-pku-medicine", "tc-taiwan-pku"}),
        ("医学", {"sc-pku-medicine", "sc-ai-imaging", "tc-hku-medicine", "tc-taiwan-pku", "tc-hku-body"}),
        ("醫學", {"sc-pku-medicine", "sc-ai-imaging", "tc-hku-medicine", "tc-taiwan-pku", "tc-hku-body"}),
        ("护理", {"sc-polyu-nursing", "tc-polyu-nursing", "tc-hku-body"}),
        ("護理", {"sc-polyu-nursing", "tc-polyu-nursing", "tc-hku-body"}),
        ("清华", {"sc-tsinghua-ai"}),
        ("香港理工大学", {"sc-polyu-nursing", "tc-polyu-nursing"}),
        ("香港理工大學", {"sc-polyu-nursing", "tc-polyu-nursing"}),
        ("人工智能", {"sc-tsinghua-ai"}),
        ("AI医学", {"sc-ai-imaging"}),
        ("开放日", {"tc-cuhk-openday"}),
    ],
)
def test_chinese_queries_find_exactly_their_articles(loaded, query, expected):
    assert set(found(loaded, query)) == expected


def test_two_characters_across_a_word_boundary_do_not_match(loaded):
    # 东北地区大雪 holds 北 and 大 but never 北大 side by side.
    assert "sc-northeast-snow" not in found(loaded, "北大")
    # 香港中文大學 holds 港 and 大 but not as the pair 港大.
    assert "tc-cuhk-openday" not in found(loaded, "港大")


def test_hku_short_name_policy(loaded):
    """港大 is a substring of 香港大學, so both the short and the long name match (documented)."""
    result = found(loaded, "港大")
    assert set(result) == {"tc-hku-debate", "tc-hku-medicine", "tc-hku-body"}
    assert result[0] == "tc-hku-debate"  # 港大 in the title and twice in the summary


def test_one_chinese_character_finds_it_anywhere(loaded):
    result = set(found(loaded, "雪"))
    assert result == {"sc-northeast-snow"}
    # 学 ends 大学 in titles and starts 学生 in summaries: both positions are found.
    assert {"sc-pku-medicine", "tc-hku-debate", "tc-cuhk-openday"} <= set(found(loaded, "學"))


def test_chinese_phrase_with_or_without_spaces(loaded):
    # The body says 港大醫學院 (no space, as Chinese is written); both phrase spellings find it.
    assert found(loaded, '"港大醫學院"') == ["tc-hku-body"]
    assert found(loaded, '"港大 醫學院"') == ["tc-hku-body"]
    assert found(loaded, '"港大　医学院"') == ["tc-hku-body"]
    # As two words (no quotes) 香港大學醫學院 also has both.
    assert set(found(loaded, "港大 醫學院")) == {"tc-hku-body", "tc-hku-medicine"}


# --- Qualifiers, the store's filters, saved keywords ------------------------------------------------


def test_institution_and_source_qualifiers(loaded):
    assert found(loaded, "inst:polyu nursing") == ["en-nursing-title"]
    assert set(found(loaded, "institution:hku 港大")) == {"tc-hku-debate", "tc-hku-medicine", "tc-hku-body"}
    assert found(loaded, "-inst:hku nurse") == ["en-nursing-title"]
    assert found(loaded, "source:polyu-cn 护理") == ["sc-polyu-nursing"]
    assert set(found(loaded, "INST:PolyU 護理")) == {"tc-polyu-nursing", "sc-polyu-nursing"}


def test_date_qualifiers(loaded):
    assert set(found(loaded, "vaccine after:2000-01-01")) == {"en-vaccine-flu", "en-covid-vaccine"}
    cutoff = (NOW - timedelta(days=100)).date().isoformat()
    assert found(loaded, f"vaccine after:{cutoff}") == ["en-vaccine-flu"]
    assert found(loaded, f"vaccine before:{cutoff}") == ["en-covid-vaccine"]


def test_language_qualifier_uses_declared_language_then_the_title(loaded):
    chinese = set(found(loaded, "lang:zh"))
    english = set(found(loaded, "lang:en"))
    assert {"sc-pku-medicine", "tc-cuhk-openday", "tc-polyu-nursing", "sc-polyu-nursing"} <= chinese
    assert "en-covid-vaccine" in english and "en-covid-vaccine" not in chinese  # pku-news declares none
    assert not chinese & english
    assert found(loaded, "lang:zh-hk 护理") == ["tc-polyu-nursing", "tc-hku-body"]  # title match first


def test_qualifier_only_query_lists_newest_first(loaded):
    result = found(loaded, "inst:hku")
    assert result[0] == "en-nursing-body" and len(result) == 5


def test_read_and_bookmark_qualifiers():
    store = Store.memory()
    ids = load_fixtures(store)
    store.set_read([ids["en-nursing-title"]])
    store.set_bookmark(ids["en-nursing-body"], True)
    loaded = (store, ids)
    assert found(loaded, "nurse is:unread") == ["en-nursing-body"]
    assert found(loaded, "nurse is:read") == ["en-nursing-title"]
    assert found(loaded, "nurse is:bookmarked") == ["en-nursing-body"]
    assert found(loaded, "nurse -is:bookmarked") == ["en-nursing-title"]


def test_the_store_filter_still_narrows_the_search(loaded):
    assert found(loaded, "医学", ArticleFilter(institutions=("hku",))) == ["tc-hku-medicine", "tc-hku-body"]
    assert found(loaded, "nurse", ArticleFilter(unread_only=True, institutions=("polyu",))) == [
        "en-nursing-title"
    ]


def test_saved_keywords_use_the_same_engine(loaded):
    store, ids = loaded
    names = keys_by_id(ids)
    listed = store.articles(ArticleFilter(keywords=("醫學 inst:hku", "Zurich")))
    assert {names[a.id] for a in listed} == {"tc-hku-medicine", "tc-hku-body", "en-zurich"}
    assert store.count(ArticleFilter(keywords=("!!!",))) == 0
    assert store.count(ArticleFilter(keywords=('"Orchestra',))) == 1  # degraded to the word


# --- Snippets, highlight terms, warnings ------------------------------------------------------------


def test_snippets_come_from_the_original_text(loaded):
    store, ids = loaded
    result = store.search("港大", limit=10)
    snippets = {article.id: snippet for article, snippet in result.hits}
    body_snippet = snippets[ids["tc-hku-body"]]
    assert "港大醫學院" in body_snippet  # Traditional, unsegmented, Markdown marks gone
    assert "**" not in body_snippet and "\n" not in body_snippet
    assert result.terms == ["港大"]
    english = store.search("nurses")
    assert "nurses who volunteered" in dict((a.id, s) for a, s in english.hits)[ids["en-nursing-body"]]


def test_malformed_queries_still_search_and_warn(loaded):
    store, _ = loaded
    result = store.search('"clinical trial')
    assert result.warning == "unbalanced quote: searched for the words instead"
    assert len(result.hits) == 2
    for query in ("OR", "-", "*", "AND", "NOT", '"', "()", "NEAR(", "^", "title:x"):
        store.search(query)  # must not raise


# --- Upkeep: edits, bodies, purge, rebuild ----------------------------------------------------------


def test_index_follows_title_edits_bodies_and_purges():
    store = Store.memory()
    ids = load_fixtures(store)
    loaded = (store, ids)
    item = next(a for a in fixture_articles() if a["key"] == "en-zurich")
    edited = FeedEntry(
        guid="en-zurich",
        title="Glaciologists in Geneva map a shrinking ice field",
        url="https://example.edu/en-zurich",
        published=NOW - timedelta(days=item["days_ago"], hours=1),
        author="",
        summary=item["summary"],
    )
    assert store.upsert_entries("ethz-news", [edited], fetched_at=NOW) == []
    assert found(loaded, "Zurich") == []  # title changed and author gone
    assert found(loaded, "Geneva") == ["en-zurich"]
    store.set_body(ids["en-cafe"], "Now serving espresso to robotics students.")
    assert found(loaded, "espresso") == ["en-cafe"]
    store.set_body(ids["en-cafe"], "Closed for the summer.")
    assert found(loaded, "espresso") == []
    assert store.purge(older_than_days=100) == 1
    assert found(loaded, "covid") == []
    assert found(loaded, "vaccine") == ["en-vaccine-flu"]
    integrity = store.db.conn.execute(
        "INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 0)"
    )
    assert integrity.fetchall() == []


def test_marking_read_does_not_rewrite_the_index():
    store = Store.memory()
    ids = load_fixtures(store)
    conn = store.db.conn
    changes_before = conn.total_changes
    store.set_read(list(ids.values()))
    # One UPDATE per article row and nothing from the FTS triggers.
    assert conn.total_changes - changes_before == len(ids)


def test_rebuild_and_version_check():
    store = Store.memory()
    ids = load_fixtures(store)
    assert search_index.ensure_current(store.db) is False
    store.db.conn.execute("UPDATE search_index_meta SET value = '0' WHERE key = 'segmenter_version'")
    assert search_index.ensure_current(store.db) is True
    assert set(found((store, ids), "香港理工大學")) == {"sc-polyu-nursing", "tc-polyu-nursing"}
    assert search_index.rebuild(store.db) == len(ids)


def test_a_missing_index_is_recreated_on_open(tmp_path):
    path = tmp_path / "uninews.db"
    store = Store.open(path)
    ids = load_fixtures(store)
    conn = store.db.conn
    for statement in (
        "DROP TRIGGER articles_fts_update",
        "DROP TRIGGER articles_fts_delete",
        "DROP TABLE articles_fts",
        "DROP TABLE search_index_meta",
    ):
        conn.execute(statement)
    store.close()
    reopened = Store.open(path)
    assert set(found((reopened, ids), "醫學 inst:hku")) == {"tc-hku-medicine", "tc-hku-body"}
    reopened.close()


def test_a_database_from_0_1_0_loses_its_insert_trigger_and_indexes_new_rows_once(tmp_path):
    path = tmp_path / "uninews.db"
    store = Store.open(path)
    ids = load_fixtures(store)
    # 0.1.0 indexed new rows with this trigger; with it left in place every new row would be indexed twice.
    store.db.conn.execute(
        "CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN"
        " INSERT INTO articles_fts (rowid, title) VALUES (new.id, 'doubled'); END"
    )
    store.close()
    reopened = Store.open(path)
    conn = reopened.db.conn
    old_trigger = conn.execute("SELECT count(*) FROM sqlite_master WHERE name = 'articles_fts_insert'")
    assert old_trigger.fetchone() == (0,)
    entry = FeedEntry(guid="late", url="https://www.ethz.ch/en/news/late.html", title="Quokka census ends")
    assert len(reopened.upsert_entries("ethz-news", [entry], fetched_at=NOW)) == 1
    assert found((reopened, ids), "doubled") == []
    assert [article.title for article, _ in reopened.search("quokka census").hits] == ["Quokka census ends"]
    integrity = conn.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 0)")
    assert integrity.fetchall() == []
    reopened.close()
