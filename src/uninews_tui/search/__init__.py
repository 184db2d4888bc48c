"""Full-text search without the database: CJK folding/segmentation, the query language, snippets.

``cjk`` turns text into what the FTS5 index stores, ``query`` parses what the
user typed into a safe FTS5 MATCH string plus qualifiers, ``snippet`` finds
and cuts matches in the original text. The SQL side lives in
``uninews_tui.store.search_index`` and ``uninews_tui.store.search_run``.
"""
