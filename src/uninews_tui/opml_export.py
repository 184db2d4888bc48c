"""OPML 2.0 export: every source, one folder outline per institution.

uninews's own attributes (namespace :data:`uninews_tui.opml.OPML_NS`) carry
the institution and source ids and a source's other keys as JSON, so an
export imports back to the same sources, HTML sources' selectors included
(:func:`uninews_tui.opml.parse_opml` reads them).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from lxml import etree

from uninews_tui.config_model import Config, Source
from uninews_tui.config_tables import institution_extra_keys, source_extra_keys
from uninews_tui.opml import OPML_NS

__all__ = ["export_opml"]


def _outline(parent: Any, attributes: dict[str, str]) -> Any:
    element = etree.SubElement(parent, "outline")
    for name, value in attributes.items():
        if value:
            element.set(f"{{{OPML_NS}}}{name[8:]}" if name.startswith("uninews:") else name, value)
    return element


def _json(keys: dict[str, Any]) -> str:
    return json.dumps(keys, ensure_ascii=False, sort_keys=True) if keys else ""


def export_opml(config: Config, *, now: datetime | None = None) -> bytes:
    """Every source of ``config`` as OPML 2.0, one folder outline per institution.

    Args:
        config: The configuration to export. Each source's keys that no OPML
            attribute holds (``config_tables.source_extra_keys``) are written
            as JSON in ``uninews:source``.
        now: The export time for ``<dateCreated>`` (tests pass a fixed one).

    Returns:
        UTF-8 XML bytes. Feed sources are ``type="rss"``; HTML sources are
        ``type="html"`` with ``xmlUrl`` set to the page (other readers cannot
        read them; uninews can, with their selectors from ``uninews:source``).
    """
    root = etree.Element("opml", version="2.0", nsmap={"uninews": OPML_NS})
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = "uninews subscriptions"
    etree.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC))
    body = etree.SubElement(root, "body")
    by_institution: dict[str, list[Source]] = {}
    for source in config.sources:
        by_institution.setdefault(source.institution, []).append(source)
    for institution_id, sources in by_institution.items():
        institution = config.institutions.get(institution_id)
        name = institution.name if institution else institution_id
        keys = institution_extra_keys(institution) if institution else {}
        folder = _outline(body, {"text": name, "title": name, "uninews:institution": institution_id,
                                 "uninews:keys": _json(keys)})
        homepage = institution.homepage if institution else ""
        for source in sources:
            _outline(folder, {
                "type": "html" if source.kind == "html" else "rss", "text": source.title,
                "title": source.title, "xmlUrl": source.url,
                "htmlUrl": source.url if source.kind == "html" else homepage, "category": source.category,
                "uninews:id": source.id, "uninews:source": _json(source_extra_keys(source)),
            })
            if not source.title:  # OPML wants a text attribute even when it is empty
                folder[-1].set("text", "")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)  # type: ignore[no-any-return]
