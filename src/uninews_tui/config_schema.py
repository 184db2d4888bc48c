"""The feeds.toml schema: builds the ``config_model`` dataclasses from parsed TOML.

Every table is read through a :class:`~uninews_tui.config_validate.Section`,
so unknown keys, wrong types, bad URLs, regexes and time zones are all
collected as problems rather than stopping at the first.

Keywords: the default keyword filters are written as a table,
``[keywords]`` with ``default = ["...", ...]`` (a table leaves room for more
keyword options later); a bare top-level ``keywords = [...]`` list is refused
with a message showing the table form.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path

from .config_lines import KeyPath
from .config_model import (
    CleanupRules,
    Config,
    DetailRules,
    Institution,
    ListRules,
    Pagination,
    Settings,
    Source,
    SourceKind,
)
from .config_validate import (
    Problems,
    Section,
    describe,
    did_you_mean,
    encoding_problem,
    quote,
    timezone_problem,
    url_problem,
)
from .parse.text import clean_line

SCHEMA_VERSION = 1
"""The newest ``schema_version`` this code understands."""
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ID_RULE = 'use lowercase letters, digits, "-" and "_", starting with a letter or digit'
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")

TOP_KEYS = ("schema_version", "settings", "defaults", "institutions", "sources", "keywords", "keys")
SETTINGS_KEYS = tuple(f.name for f in fields(Settings))
INSTITUTION_KEYS = tuple(f.name for f in fields(Institution) if f.name != "id")
SOURCE_KEYS = (*(f.name for f in fields(Source)), "cleanup")
LIST_KEYS = tuple(f.name for f in fields(ListRules))
PAGINATION_KEYS = tuple(f.name for f in fields(Pagination))
DETAIL_KEYS = tuple(f.name for f in fields(DetailRules))
CLEANUP_KEYS = tuple(f.name for f in fields(CleanupRules))


def header_value_problem(value: str) -> str | None:
    if _CONTROL.search(value):
        return "contains control characters or line breaks, which HTTP headers cannot carry"
    return None


def country_problem(value: str) -> str | None:
    if not _COUNTRY.match(value):
        return f'expected a two-letter country code like "HK", got {quote(value)}'
    return None


def pagination_url_problem(value: str) -> str | None:
    if "{page}" not in value:
        return f'{quote(value)} has no "{{page}}" where the page number goes'
    return url_problem(value)


def read_settings(root: Section) -> Settings:
    """``[settings]``, or its alias ``[defaults]`` (the research draft's name)."""
    name = "settings"
    if "defaults" in root.data:
        if "settings" in root.data:
            root.problem("defaults", "use either [settings] or [defaults], not both")
        else:
            name = "defaults"
    sec = root.section(name, SETTINGS_KEYS)
    d = Settings()
    if sec is None:
        return d
    return Settings(
        user_agent=sec.checked("user_agent", header_value_problem, d.user_agent),
        timeout_s=sec.number("timeout_s", d.timeout_s, minimum=0, above=True),
        connect_timeout_s=sec.number("connect_timeout_s", d.connect_timeout_s, minimum=0, above=True),
        concurrency=sec.integer("concurrency", d.concurrency, minimum=1, maximum=256),
        per_host=sec.integer("per_host", d.per_host, minimum=1, maximum=64),
        max_bytes=sec.integer("max_bytes", d.max_bytes, minimum=1024),
        max_items=sec.integer("max_items", d.max_items, minimum=1),
        refresh_minutes=sec.integer("refresh_minutes", d.refresh_minutes, minimum=1),
        refresh_on_start=sec.flag("refresh_on_start", d.refresh_on_start),
        keep_days=sec.integer("keep_days", d.keep_days, minimum=1),
        max_per_source=sec.integer("max_per_source", d.max_per_source, minimum=1),
        fetch_detail=sec.flag("fetch_detail", d.fetch_detail),
        detail_max_per_run=sec.integer("detail_max_per_run", d.detail_max_per_run, minimum=0),
        theme=sec.text("theme", d.theme),
        encoding=sec.checked("encoding", encoding_problem, d.encoding),
        per_host_delay_s=sec.number("per_host_delay_s", d.per_host_delay_s, minimum=0),
    )


def read_institutions(root: Section) -> tuple[dict[str, Institution], set[str]]:
    """``[institutions.<id>]`` tables, and every id named (valid or not, for reference checks)."""
    table = root.table("institutions")
    result: dict[str, Institution] = {}
    if table is None:
        return result, set()
    for inst_id, value in table.items():
        path: KeyPath = ("institutions", inst_id)
        if not ID_PATTERN.match(inst_id):
            root.problems.add(path, f"invalid institution id {quote(inst_id)}; {_ID_RULE}")
        if not isinstance(value, Mapping):
            root.problems.add(path, f"expected a table [institutions.{inst_id}], got {describe(value)}")
            continue
        sec = Section(value, path, root.problems, INSTITUTION_KEYS)
        result[inst_id] = Institution(
            id=inst_id,
            name=clean_line(sec.text("name", required=True)),
            short=clean_line(sec.text("short")),
            local_name=clean_line(sec.text("local_name")),
            country=sec.checked("country", country_problem).upper(),
            region=clean_line(sec.text("region")),
            timezone=sec.checked("timezone", timezone_problem, "UTC"),
            homepage=sec.url("homepage") if "homepage" in value else "",
            tags=tuple(clean_line(tag) for tag in sec.texts("tags")),
            license_note=clean_line(sec.text("license_note")),
        )
    return result, set(table)


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
        sec.problem("kind", f'must be "feed" or "html", got {quote(value)} (RSS, Atom and JSON Feed are all "feed")')
        return "feed"
    return "html" if sec.choice("kind", ("feed", "html"), "feed", required=True) == "html" else "feed"


def read_source(sec: Section, institution_ids: set[str]) -> Source:
    """One ``[[sources]]`` entry (references and duplicates are checked by the caller)."""
    source_id = sec.text("id", required=True)
    if source_id and not ID_PATTERN.match(source_id):
        sec.problem("id", f"invalid source id {quote(source_id)}; {_ID_RULE}")
    institution = sec.text("institution", required=True)
    if institution and institution not in institution_ids:
        sec.problem(
            "institution",
            f"unknown institution {quote(institution)}{did_you_mean(institution, institution_ids)}; "
            f"define it in an [institutions.{institution}] table",
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
            root.problems.add(
                (*path, "id"), f"duplicate source id {quote(source.id)} (first used by sources[{first_index[source.id]}])"
            )
        elif source.id:
            first_index[source.id] = index
        sources.append(source)
    return tuple(sources)


def read_keywords(root: Section) -> tuple[str, ...]:
    value = root.data.get("keywords")
    if value is None:
        return ()
    if isinstance(value, list):
        root.problem("keywords", 'write default keywords as a table: [keywords] then default = ["...", ...]')
        return ()
    sec = root.section("keywords", ("default",))
    words = sec.texts("default", single_ok=False) if sec else ()
    seen: dict[str, str] = {}
    for word in words:
        seen.setdefault(clean_line(word).casefold(), clean_line(word))
    return tuple(seen.values())


def read_keys(root: Section) -> dict[str, str]:
    """``[keys]``: binding id -> key(s) such as ``"ctrl+r"`` or ``"j,down"``."""
    table = root.table("keys")
    keys: dict[str, str] = {}
    for binding, value in (table or {}).items():
        path = ("keys", binding)
        if not isinstance(value, str) or not value.strip():
            got = "an empty string" if isinstance(value, str) else describe(value)
            root.problems.add(path, f'expected a key name like "ctrl+r", got {got}')
        elif _CONTROL.search(value):
            root.problems.add(path, "contains control characters")
        else:
            keys[binding] = value.strip()
    return keys


def build_config(data: Mapping[str, object], path: Path | None, problems: Problems) -> Config:
    """The Config described by ``data``; what is wrong is added to ``problems``."""
    root = Section(data, (), problems, TOP_KEYS)
    version = root.integer("schema_version", SCHEMA_VERSION, minimum=1)
    if version > SCHEMA_VERSION:
        root.problem(
            "schema_version",
            f"{version} is newer than this uninews understands ({SCHEMA_VERSION}); upgrade uninews",
        )
    settings = read_settings(root)
    institutions, institution_ids = read_institutions(root)
    return Config(
        path=path,
        settings=settings,
        institutions=institutions,
        sources=read_sources(root, institution_ids),
        keywords=read_keywords(root),
        keys=read_keys(root),
    )
