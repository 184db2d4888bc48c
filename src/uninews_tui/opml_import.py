"""Importing an OPML file into the user's feeds.toml.

How outlines become feeds.toml entries:

* A feed inside folders belongs to the institution named by its innermost
  folder: an existing institution when the folder's slug is its id or the
  folder is its name or short name (case ignored), else a new institution
  whose id is the folder's slug and whose name is the folder's title. A feed
  outside every folder goes to the institution ``imported``.
* When folders are nested, the whole path ("Blogs/friends") is kept as the
  source's ``category``; an OPML ``category`` attribute wins over it.
* The outline's title (else its text) becomes the source's title; its id is
  the title's slug (else the host's), made unique.
* Duplicates (the same URL twice in the file, or a URL already in the config;
  scheme, host case and a trailing slash ignored) are skipped and counted.
* Commands (``|cmd``, ``exec:``, ``filter:``), ``file:`` and other non-http
  URLs are refused and counted, never run; attributes such as newsboat's
  ``filtercmd`` are ignored with a warning.
* Outlines exported by uninews carry ``uninews:institution``, ``uninews:id``
  and ``uninews:source`` (the remaining keys, HTML selectors included), so
  an export imports back to the same sources; those keys are validated like
  the rest of the file and a source whose keys are invalid is refused.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import tomlkit

from uninews_tui.config import config_from_text
from uninews_tui.config_edit import add_to_config, current_text
from uninews_tui.config_model import Config
from uninews_tui.config_schema import INSTITUTION_KEYS
from uninews_tui.config_sources import SOURCE_KEYS
from uninews_tui.config_tables import BASIC_SOURCE_KEYS, host_slug, slugify, unique_id
from uninews_tui.config_validate import ID_PATTERN, url_problem
from uninews_tui.errors import ConfigError
from uninews_tui.opml import OpmlDocument, OpmlError, OpmlFeed, parse_opml

__all__ = ["ImportReport", "import_opml_file", "plan_import", "url_key"]

UNGROUPED_INSTITUTION = "imported"
EXTRA_KEYS = frozenset(SOURCE_KEYS) - set(BASIC_SOURCE_KEYS)
EXTRA_INSTITUTION_KEYS = frozenset(INSTITUTION_KEYS) - {"name"}
_MAX_EXTRA_JSON = 100_000


@dataclass(slots=True)
class ImportReport:
    """What an import did (or, for a dry run, would do)."""

    config_path: Path
    imported: list[str] = field(default_factory=list)
    """Ids of the new sources."""
    institutions_created: list[str] = field(default_factory=list)
    duplicates: int = 0
    refused: list[tuple[str, str]] = field(default_factory=list)
    """(URL as written, why) for each refused outline."""
    links: int = 0
    warnings: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line: ``imported 18 sources into ~/.config/uninews/feeds.toml; skipped 2 duplicates; ...``."""
        where = str(self.config_path)
        home = str(Path.home())
        if where.startswith(home + "/"):
            where = "~" + where[len(home):]
        line = f"imported {len(self.imported)} source{'s' * (len(self.imported) != 1)} into {where}"
        if self.institutions_created:
            count = len(self.institutions_created)
            line += f" ({count} new institution{'s' * (count != 1)})"
        line += f"; skipped {self.duplicates} duplicate{'s' * (self.duplicates != 1)}"
        if self.refused:
            line += f"; refused {len(self.refused)} (commands or non-http URLs are never run)"
        if self.links:
            line += f"; ignored {self.links} link outline{'s' * (self.links != 1)} (web pages, not feeds)"
        return line


def url_key(url: str) -> str:
    """``url`` for duplicate detection: scheme and host lower-cased, fragment and trailing "/" dropped."""
    try:
        parts = urlsplit(url.strip())
        path = parts.path.rstrip("/")
        return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, parts.query, ""))
    except ValueError:
        return url.strip()


class _Planner:
    """Turns feeds into new institution and source tables against an existing config."""

    def __init__(self, config: Config, report: ImportReport) -> None:
        self.config = config
        self.report = report
        self.institutions: dict[str, dict[str, Any]] = {}
        self.sources: list[dict[str, Any]] = []
        self.seen_urls = {url_key(source.url) for source in config.sources}
        self.source_ids = {source.id for source in config.sources}
        self.by_name = {name.casefold(): inst.id for inst in config.institutions.values()
                        for name in (inst.name, inst.short) if name}

    def institution_for(self, feed: OpmlFeed) -> str:
        label = feed.folders[-1] if feed.folders else ""
        hint = feed.institution_hint if ID_PATTERN.match(feed.institution_hint) else ""
        known = set(self.config.institutions) | set(self.institutions)
        if hint and hint in known:
            return hint
        if not hint and not label:
            if UNGROUPED_INSTITUTION not in known:
                self.create(UNGROUPED_INSTITUTION, "Imported")
            return UNGROUPED_INSTITUTION
        slug = hint or slugify(label)
        if slug in known:
            return slug
        if label and label.casefold() in self.by_name:
            return self.by_name[label.casefold()]
        new_id = slug or unique_id(host_slug(feed.url) or "folder", known)
        self.create(new_id, label or new_id, feed.institution_keys if hint else "")
        return new_id

    def create(self, institution_id: str, name: str, keys_json: str = "") -> None:
        table: dict[str, Any] = {"name": name}
        try:
            table.update(self.checked_keys(keys_json, {"name": name}, "institution"))
        except (ConfigError, ValueError) as error:
            self.report.warnings.append(f"institution {institution_id}: ignored uninews:keys ({error})")
        self.institutions[institution_id] = table
        self.by_name.setdefault(name.casefold(), institution_id)
        self.report.institutions_created.append(institution_id)

    @staticmethod
    def checked_keys(keys_json: str, base: dict[str, Any], what: str) -> dict[str, Any]:
        """Our JSON attribute's keys, checked on a one-entry config (raises ConfigError or ValueError)."""
        if not keys_json:
            return {}
        if len(keys_json) > _MAX_EXTRA_JSON:
            raise ValueError("too long")
        keys = json.loads(keys_json)
        if not isinstance(keys, dict):
            raise ValueError("not a JSON object")
        allowed = EXTRA_KEYS if what == "source" else EXTRA_INSTITUTION_KEYS
        if unknown := sorted(set(keys) - allowed):
            raise ValueError(f"unknown keys {', '.join(unknown)}")
        if what == "source":
            source = {**base, "id": "x", "institution": "x", **keys}
            trial = {"institutions": {"x": {"name": "x"}}, "sources": [source]}
        else:
            trial = {"institutions": {"x": {**base, **keys}}}
        config_from_text(tomlkit.dumps(trial), None)
        return keys

    def add(self, feed: OpmlFeed) -> None:
        if problem := url_problem(feed.url):
            self.report.refused.append((feed.url, problem))
            return
        key = url_key(feed.url)
        if key in self.seen_urls:
            self.report.duplicates += 1
            return
        try:
            extra = self.checked_keys(feed.source_keys, {"kind": feed.kind, "url": feed.url}, "source")
        except (ConfigError, ValueError) as error:
            self.report.refused.append((feed.url, f"invalid uninews settings: {error}"))
            return
        if feed.kind == "html" and "list" not in extra:
            self.report.refused.append((feed.url, "an HTML page without selectors (see docs/selectors.md)"))
            return
        for name in feed.ignored:
            self.report.warnings.append(f"ignored {name} of {feed.url} (never run)")
        self.seen_urls.add(key)
        wanted = feed.source_id if ID_PATTERN.match(feed.source_id) else ""
        source_id = unique_id(wanted or slugify(feed.title) or host_slug(feed.url), self.source_ids)
        self.source_ids.add(source_id)
        table: dict[str, Any] = {"id": source_id, "institution": self.institution_for(feed),
                                 "kind": feed.kind, "url": feed.url.strip()}
        if feed.title:
            table["title"] = feed.title
        category = feed.category or ("/".join(feed.folders) if len(feed.folders) > 1 else "")
        if category:
            table["category"] = category
        table.update(extra)
        self.sources.append(table)
        self.report.imported.append(source_id)


def plan_import(document: OpmlDocument, config: Config, report: ImportReport
                ) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """New institution tables and source tables for ``document``'s feeds; counts go to ``report``."""
    planner = _Planner(config, report)
    for feed in document.feeds:
        planner.add(feed)
    report.links = document.links
    report.warnings[:0] = document.warnings
    used = {source["institution"] for source in planner.sources}
    report.institutions_created = [i for i in report.institutions_created if i in used]
    return {i: t for i, t in planner.institutions.items() if i in used}, planner.sources


def import_opml_file(path: Path | str, config_path: Path | str, *, dry_run: bool = False) -> ImportReport:
    """Import the OPML file at ``path`` into the feeds.toml at ``config_path``.

    Args:
        path: The OPML file.
        config_path: The feeds.toml to edit (``config_edit.editable_config_path()``
            for the user's); created from the bundled default when missing.
        dry_run: Plan and count, but write nothing.

    Returns:
        The report; ``summary()`` is the line to show.

    Raises:
        OpmlError: Unreadable, not OPML, or without a single feed outline.
        ConfigError: The current feeds.toml is invalid, or the edit would be.
    """
    opml_path, target = Path(path), Path(config_path)
    try:
        data = opml_path.read_bytes()
    except OSError as error:
        raise OpmlError(f"{opml_path}: cannot read file: {error.strerror or error}") from None
    try:
        document = parse_opml(data)
    except OpmlError as error:
        raise OpmlError(f"{opml_path}: {error}") from None
    if not document.feeds:
        extra = f" ({document.links} link outlines are web pages, not feeds)" if document.links else ""
        raise OpmlError(f"{opml_path}: no feeds found{extra}")
    text, _exists = current_text(target)
    config = config_from_text(text, target)
    report = ImportReport(config_path=target)
    institutions, sources = plan_import(document, config, report)
    if sources and not dry_run:
        add_to_config(target, institutions=institutions, sources=sources)
    return report
