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
from .config_model import Config, Institution, Settings
from .config_sources import read_sources
from .config_validate import (
    CONTROL,
    ID_PATTERN,
    ID_RULE,
    Problems,
    Section,
    describe,
    encoding_problem,
    format_key,
    header_value_problem,
    quote,
    timezone_problem,
)
from .parse.text import clean_line

SCHEMA_VERSION = 1
"""The newest ``schema_version`` this code understands."""
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")

TOP_KEYS = ("schema_version", "settings", "defaults", "institutions", "sources", "keywords", "keys")
SETTINGS_KEYS = tuple(f.name for f in fields(Settings))
INSTITUTION_KEYS = tuple(f.name for f in fields(Institution) if f.name != "id")


def country_problem(value: str) -> str | None:
    if not _COUNTRY.match(value):
        return f'expected a two-letter country code like "HK", got {quote(value)}'
    return None


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
            root.problems.add(path, f"invalid institution id {quote(inst_id)}; {ID_RULE}")
        if not isinstance(value, Mapping):
            root.problems.add(path, f"expected a table [{format_key(path)}], got {describe(value)}")
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
        elif CONTROL.search(value):
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
