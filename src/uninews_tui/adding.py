"""Adding one feed to feeds.toml: pick its institution, name it, write it.

Headless (the CLI's ``uninews add`` and the reader's add dialog both use it).
The institution is, in order: the one asked for; an existing institution
whose homepage or sources share the feed's host (a second MIT feed joins
``mit``); else a new one whose id comes from the host (``news.example.edu``
-> ``example``) or the feed's title, named as the caller says or after the
feed's title. The source id is ``<institution>-<title slug>``, made unique.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from uninews_tui.config import config_from_text
from uninews_tui.config_edit import add_to_config, current_text
from uninews_tui.config_model import Config
from uninews_tui.config_tables import host_slug, slugify, unique_id
from uninews_tui.config_validate import ID_PATTERN, ID_RULE
from uninews_tui.errors import ConfigError
from uninews_tui.opml_import import url_key
from uninews_tui.parse.text import clean_line

__all__ = [
    "AddedSource", "add_feed_source", "existing_source_for", "institution_for_url", "proposed_institution",
]


@dataclass(frozen=True, slots=True)
class AddedSource:
    """What was written: the new source's id, its institution, and whether that is new."""

    source_id: str
    institution_id: str
    institution_created: bool
    config_path: Path


def _host(url: str) -> str:
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    return host.removeprefix("www.")


def existing_source_for(config: Config, url: str) -> str | None:
    """The id of a source that already reads ``url``, if any."""
    key = url_key(url)
    return next((source.id for source in config.sources if url_key(source.url) == key), None)


def institution_for_url(config: Config, url: str) -> str | None:
    """An existing institution whose homepage or sources live on ``url``'s host."""
    host = _host(url)
    if not host:
        return None
    for source in config.sources:
        if _host(source.url) == host:
            return source.institution
    for institution in config.institutions.values():
        if institution.homepage and _host(institution.homepage) == host:
            return institution.id
    return None


def proposed_institution(config: Config, url: str, title: str) -> str:
    """An id for a new institution for the feed at ``url`` (not yet used in ``config``)."""
    return unique_id(host_slug(url) or slugify(title), config.institutions, fallback="added")


def add_feed_source(config_path: Path, url: str, title: str = "", *, institution_id: str | None = None,
                    institution_name: str | None = None) -> AddedSource:
    """Write a ``kind = "feed"`` source for ``url`` into the feeds.toml at ``config_path``.

    Args:
        config_path: The feeds.toml to edit (created from the bundled default when missing).
        url: The feed's URL (a discovered candidate's).
        title: The feed's title (cleaned again here).
        institution_id: An institution to use; created (named ``institution_name``)
            when it is not in the file yet. None picks one (module docstring).
        institution_name: Name for a new institution; default the feed's title or the id.

    Raises:
        ConfigError: The id is not a valid id, the URL is already a source, or
            the edited file would be invalid (nothing is written then).
    """
    text, _exists = current_text(config_path)
    config = config_from_text(text, config_path)
    title = clean_line(title)
    if (existing := existing_source_for(config, url)) is not None:
        raise ConfigError(f"{url} is already the source {existing!r}", path=config_path)
    if institution_id is not None and not ID_PATTERN.match(institution_id):
        raise ConfigError(f"invalid institution id {institution_id!r}; {ID_RULE}", path=config_path)
    chosen = institution_id or institution_for_url(config, url) or proposed_institution(config, url, title)
    new_institutions: dict[str, dict[str, Any]] = {}
    if chosen not in config.institutions:
        name = clean_line(institution_name or "") or title or chosen
        new_institutions[chosen] = {"name": name}
    taken = {source.id for source in config.sources}
    source_id = unique_id(f"{chosen}-{slugify(title) or 'feed'}"[:40].rstrip("-"), taken)
    table: dict[str, Any] = {"id": source_id, "institution": chosen, "kind": "feed", "url": url.strip()}
    if title:
        table["title"] = title
    add_to_config(config_path, institutions=new_institutions, sources=[table])
    return AddedSource(source_id=source_id, institution_id=chosen, institution_created=bool(new_institutions),
                       config_path=config_path)
