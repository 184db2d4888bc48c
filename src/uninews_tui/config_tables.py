"""feeds.toml tables made from values: ids from titles and hosts, a Source's keys.

Ids must match ``[a-z0-9][a-z0-9_-]*`` (config's ``ID_PATTERN``).
:func:`slugify` folds accents to ASCII and drops what cannot be folded (a
Chinese folder name gives ""; callers then fall back to the host or a
counter); :func:`unique_id` adds ``-2``, ``-3`` ... until unused.
:func:`source_extra_keys` is the inverse of the config reader for the keys
an OPML outline has no attribute for, so an export carries them.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections.abc import Collection
from typing import Any
from urllib.parse import urlsplit

from uninews_tui.config_model import Institution, Source

__all__ = ["host_slug", "institution_extra_keys", "slugify", "source_extra_keys", "unique_id"]

MAX_ID_LENGTH = 40
BASIC_SOURCE_KEYS = ("id", "institution", "kind", "url", "title", "category")
"""Keys an OPML outline carries in its own attributes."""
_NOT_ID = re.compile(r"[^a-z0-9]+")
_HOST_NOISE = {"www", "news", "feeds", "feed", "rss", "blog", "blogs", "m"}
_SECOND_LEVEL = {"ac", "edu", "co", "com", "org", "gov", "net"}


def slugify(text: str, *, limit: int = MAX_ID_LENGTH) -> str:
    """``"Université Paris-Saclay"`` -> ``"universite-paris-saclay"``; "" when nothing is left."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_ID.sub("-", folded).strip("-")
    return slug[:limit].rstrip("-")


def unique_id(base: str, taken: Collection[str], *, fallback: str = "feed") -> str:
    """``base`` (or ``fallback``), made unused by a numeric suffix."""
    base = base or fallback
    if base not in taken:
        return base
    stem = base[: MAX_ID_LENGTH - 4].rstrip("-")
    number = 2
    while f"{stem}-{number}" in taken:
        number += 1
    return f"{stem}-{number}"


def host_slug(url: str) -> str:
    """The telling part of a URL's host: ``news.mit.edu`` -> ``mit``, ``www.cam.ac.uk`` -> ``cam``."""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""
    if not host or host == "localhost" or re.fullmatch(r"[\d.]+|\[?[0-9a-f:]+\]?", host):
        return ""  # an IP address or this machine says nothing about the site
    labels = [label for label in host.split(".") if label]
    if len(labels) >= 2:
        labels = labels[:-1]  # the top-level domain
        if len(labels) >= 2 and labels[-1] in _SECOND_LEVEL:
            labels = labels[:-1]
    telling = [label for label in labels if label not in _HOST_NOISE] or labels
    return slugify(telling[-1] if telling else host)


def _plain(value: Any) -> Any:
    """Dataclass values as TOML values: tuples -> lists, header pairs -> a table."""
    if isinstance(value, tuple) and value and all(isinstance(v, tuple) and len(v) == 2 for v in value):
        return {name: text for name, text in value}
    if isinstance(value, tuple):
        return list(value)
    return value


def _table(rules: Any, always: Collection[str] = ()) -> dict[str, Any]:
    table: dict[str, Any] = {}
    for spec in dataclasses.fields(rules):
        value = getattr(rules, spec.name)
        default = spec.default if spec.default is not dataclasses.MISSING else None
        if spec.default_factory is not dataclasses.MISSING:
            default = spec.default_factory()
        if spec.name in always or value != default:
            table[spec.name] = _plain(value)
    return table


def source_extra_keys(source: Source) -> dict[str, Any]:
    """The source's feeds.toml keys beyond :data:`BASIC_SOURCE_KEYS`, defaults left out."""
    keys: dict[str, Any] = {}
    for spec in dataclasses.fields(source):
        if spec.name in BASIC_SOURCE_KEYS:
            continue
        value = getattr(source, spec.name)
        if value is None or value == spec.default or value == ():
            continue
        if dataclasses.is_dataclass(value):
            keys[spec.name] = _table(value, always=("item",) if spec.name == "list" else ())
        else:
            keys[spec.name] = _plain(value)
    return keys


def institution_extra_keys(institution: Institution) -> dict[str, Any]:
    """The institution's feeds.toml keys other than its id and name, defaults left out."""
    keys = _table(institution)
    keys.pop("id", None)
    keys.pop("name", None)
    return keys
