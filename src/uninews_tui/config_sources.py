"""The ``[[sources]]`` part of the feeds.toml schema: one Source per entry.

Checks what only sources have: the kind, the ``list.*`` selectors an HTML
source needs, ``pagination.*``, ``detail.*``, ``cleanup.*``, request
headers, references to institutions and duplicate ids.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields

from .config_lines import KeyPath
from .config_model import CleanupRules, DetailRules, ListRules, Pagination, Source, SourceKind
from .config_validate import (
    ID_PATTERN,
    ID_RULE,
    Section,
    describe,
    did_you_mean,
    encoding_problem,
    format_key,
    header_value_problem,
    quote,
    url_problem,
)
from .parse.text import clean_line

SOURCE_KEYS = (*(f.name for f in fields(Source)), "cleanup")
LIST_KEYS = tuple(f.name for f in fields(ListRules))
PAGINATION_KEYS = tuple(f.name for f in fields(Pagination))
DETAIL_KEYS = tuple(f.name for f in fields(DetailRules))
CLEANUP_KEYS = tuple(f.name for f in fields(CleanupRules))
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def pagination_url_problem(value: str) -> str | None:
    if "{page}" not in value:
        return f'{quote(value)} has no "{{page}}" where the page number goes'
    return url_problem(value)


def read_headers(sec: Section) -> tuple[tuple[str, str], ...]:
    """A source's ``headers`` table: extra request headers, names and values checked."""
    table = sec.table("headers")
    if table is None:
        return ()
    pairs = []
    for name, value in table.items():
        path = (*sec.key("headers"), name)
        if not _HEADER_NAME.match(name):
            sec.problems.add(path, f"{quote(name)} is not a valid HTTP header name")
        elif not isinstance(value, str):
            sec.problems.add(path, f"expected a string, got {describe(value)}")
        elif message := header_value_problem(value):
            sec.problems.add(path, message)
        else:
            pairs.append((name, value))
    return tuple(pairs)


def read_list(sec: Section) -> ListRules | None:
    rules = sec.section("list", LIST_KEYS)
    if rules is None:
        return None
    if "item" not in rules.data:
        rules.problem("item", 'required: a CSS selector matching each news item on the page')
    return ListRules(
        item=rules.text("item"),
        link=rules.text("link"),
        title=rules.text("title"),
        title_regex=rules.pattern("title_regex"),
        summary=rules.text("summary"),
        image=rules.text("image"),
        category=rules.text("category"),
        date=rules.text("date"),
        date_regex=rules.pattern("date_regex"),
        date_format=rules.texts("date_format"),
        date_from_url=rules.pattern("date_from_url"),
        url_pattern=rules.pattern("url_pattern"),
        exclude=rules.text("exclude"),
        min_title_len=rules.integer("min_title_len", 0, minimum=0),
    )


def read_pagination(sec: Section) -> Pagination | None:
    rules = sec.section("pagination", PAGINATION_KEYS)
    if rules is None:
        return None
    if "url" not in rules.data and "next" not in rules.data:
        rules.problem("url", 'required: a page URL template with "{page}" (or "next", a next-link selector)')
    d = Pagination()
    return Pagination(
        url=rules.checked("url", pagination_url_problem),
        start=rules.integer("start", d.start, minimum=0),
        max_pages=rules.integer("max_pages", d.max_pages, minimum=0),
        next=rules.text("next"),
    )


def read_detail(sec: Section) -> DetailRules | None:
    rules = sec.section("detail", DETAIL_KEYS)
    if rules is None:
        return None
    return DetailRules(
        body=rules.texts("body"),
        title=rules.text("title"),
        date=rules.text("date"),
        date_regex=rules.pattern("date_regex"),
        date_format=rules.texts("date_format"),
        only_if_url=rules.pattern("only_if_url"),
        meta_fallback=rules.flag("meta_fallback", True),
    )


def read_cleanup(sec: Section) -> CleanupRules | None:
    rules = sec.section("cleanup", CLEANUP_KEYS)
    if rules is None:
        return None
    return CleanupRules(strip_prefix_regex=rules.pattern("strip_prefix_regex"), remove=rules.texts("remove"))


def read_kind(sec: Section) -> SourceKind:
    value = sec.data.get("kind")
    if isinstance(value, str) and value.lower() in ("rss", "atom", "json", "rdf", "xml"):
        hint = '(RSS, Atom and JSON Feed are all "feed")'
        sec.problem("kind", f'must be "feed" or "html", got {quote(value)} {hint}')
        return "feed"
    return "html" if sec.choice("kind", ("feed", "html"), "feed", required=True) == "html" else "feed"


def read_source(sec: Section, institution_ids: set[str]) -> Source:
    """One ``[[sources]]`` entry (references and duplicates are checked by the caller)."""
    source_id = sec.text("id", required=True)
    if source_id and not ID_PATTERN.match(source_id):
        sec.problem("id", f"invalid source id {quote(source_id)}; {ID_RULE}")
    institution = sec.text("institution", required=True)
    if institution and institution not in institution_ids:
        sec.problem(
            "institution",
            f"unknown institution {quote(institution)}{did_you_mean(institution, institution_ids)}; "
            f"define it in an [{format_key(('institutions', institution))}] table",
        )
    kind = read_kind(sec)
    if kind == "html" and not isinstance(sec.data.get("list"), Mapping):
        sec.problems.add(
            (*sec.key("list"), "item"),
            'required for kind = "html": a CSS selector matching each news item on the page',
        )
    if kind == "feed":
        for key in ("list", "pagination"):
            if key in sec.data:
                sec.problem(key, f'{key}.* is only used by kind = "html" sources')
    return Source(
        id=source_id,
        institution=institution,
        kind=kind,
        url=sec.url("url", required=True),
        title=clean_line(sec.text("title")),
        language=sec.text("language"),
        category=clean_line(sec.text("category")),
        enabled=sec.flag("enabled", True),
        refresh_minutes=sec.integer("refresh_minutes", None, minimum=1),
        encoding=sec.checked("encoding", encoding_problem, "auto"),
        fetch_detail=sec.flag("fetch_detail", None),
        headers=read_headers(sec),
        list=read_list(sec),
        pagination=read_pagination(sec),
        detail=read_detail(sec),
        cleanup=read_cleanup(sec),
    )


def read_sources(root: Section, institution_ids: set[str]) -> tuple[Source, ...]:
    value = root.data.get("sources", [])
    if not isinstance(value, list):
        root.problem("sources", f"expected [[sources]] tables, got {describe(value)}")
        return ()
    sources: list[Source] = []
    first_index: dict[str, int] = {}
    for index, entry in enumerate(value):
        path: KeyPath = ("sources", index)
        if not isinstance(entry, Mapping):
            root.problems.add(path, f"expected a [[sources]] table, got {describe(entry)}")
            continue
        source = read_source(Section(entry, path, root.problems, SOURCE_KEYS), institution_ids)
        if source.id in first_index:
            first = f"first used by sources[{first_index[source.id]}]"
            root.problems.add((*path, "id"), f"duplicate source id {quote(source.id)} ({first})")
        elif source.id:
            first_index[source.id] = index
        sources.append(source)
    return tuple(sources)
