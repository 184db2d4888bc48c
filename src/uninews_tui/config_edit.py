"""Editing the user's feeds.toml: add sources (and institutions), remove a source.

The file is the user's own, comments and layout included, so edits are made
on its text: new ``[institutions.<id>]`` and ``[[sources]]`` tables are
rendered with tomlkit (which quotes and escapes) and appended at the end; a
removed source's ``[[sources]]`` block is cut out. Either way the result is
parsed again and must equal the old data plus (or minus) exactly the change;
when a hand-written layout defeats the text edit (inline ``sources = [...]``
arrays, say), tomlkit edits the document structurally instead, which keeps
comments but may move tables.

Every edit is validated with :func:`~uninews_tui.config.config_from_text`
before anything is written, and written atomically (a temporary file in the
same directory, then ``os.replace``). A missing user file is first created
from the bundled default.
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import tomlkit

from uninews_tui import paths
from uninews_tui.config import config_from_text, editable_config_path
from uninews_tui.config_model import Config
from uninews_tui.config_validate import did_you_mean
from uninews_tui.errors import ConfigError, UninewsError

__all__ = ["SourceNotFound", "add_to_config", "current_text", "editable_config_path", "remove_source"]


class SourceNotFound(UninewsError):
    """``remove_source`` was asked for an id the file does not have."""


_HEADER = re.compile(r"^\s*\[(\[)?\s*([^\[\]#]+?)\s*\]\]?\s*(?:#.*)?$")
_COMMENT_OR_BLANK = re.compile(r"^\s*(#.*)?$")


def current_text(path: Path) -> tuple[str, bool]:
    """The file's text and True, or the bundled default's text and False when it does not exist."""
    try:
        return path.read_bytes().decode("utf-8-sig"), True
    except FileNotFoundError:
        return paths.bundled_config_text(), False
    except UnicodeDecodeError:
        raise ConfigError("not valid UTF-8; save the file as UTF-8", path=path) from None
    except OSError as error:
        raise ConfigError(f"cannot read file: {error.strerror or error}", path=path) from None


def _grouped(institutions: Mapping[str, Mapping[str, Any]],
             sources: Sequence[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The sources in the order they are written: by new institution, then by existing one."""
    order = list(institutions)
    order += [i for i in dict.fromkeys(s["institution"] for s in sources) if i not in institutions]
    return sorted(sources, key=lambda source: order.index(source["institution"]))


def _fragment(institutions: Mapping[str, Mapping[str, Any]], sources: Sequence[Mapping[str, Any]]) -> str:
    """TOML text of new tables: each new institution followed by its sources, then the rest."""
    order = list(institutions) + [i for i in dict.fromkeys(s["institution"] for s in sources)
                                  if i not in institutions]
    chunks: list[str] = []
    for institution_id in order:
        doc = tomlkit.document()
        if institution_id in institutions:
            table = tomlkit.table(is_super_table=True)
            inner = tomlkit.table()
            inner.update(dict(institutions[institution_id]))
            table.append(institution_id, inner)
            doc.append("institutions", table)
        entries = tomlkit.aot()
        for source in sources:
            if source["institution"] == institution_id:
                entry = tomlkit.table()
                entry.update(copy.deepcopy(dict(source)))
                entries.append(entry)
        if len(entries):
            doc.append("sources", entries)
        chunks.append(tomlkit.dumps(doc).strip("\n"))
    return "\n\n".join(chunks) + "\n"


def _structural_add(text: str, institutions: Mapping[str, Mapping[str, Any]],
                    sources: Sequence[Mapping[str, Any]]) -> str:
    doc = tomlkit.parse(text)
    if institutions:
        table = doc.setdefault("institutions", tomlkit.table(is_super_table=True))
        for institution_id, values in institutions.items():
            table[institution_id] = dict(values)
    if sources:
        existing = doc.get("sources")
        if existing is None:
            doc["sources"] = tomlkit.aot()
            existing = doc["sources"]
        for source in sources:
            existing.append(copy.deepcopy(dict(source)))
    return tomlkit.dumps(doc)


def _check(new_text: str, expected: dict[str, Any]) -> bool:
    try:
        return tomllib.loads(new_text) == expected
    except tomllib.TOMLDecodeError:
        return False


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent,
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, mode)
        os.replace(handle.name, path)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _commit(path: Path, old_text: str, candidates: Sequence[str], expected: dict[str, Any]) -> Config:
    """Validate the first candidate text that parses to ``expected``, then write it."""
    for text in candidates:
        if _check(text, expected):
            config = config_from_text(text, path)  # raises ConfigError: nothing written
            _write_atomically(path, text)
            return config
    raise ConfigError("could not edit this file's layout safely; edit it by hand", path=path)


def add_to_config(path: Path, *, institutions: Mapping[str, Mapping[str, Any]] | None = None,
                  sources: Sequence[Mapping[str, Any]] = ()) -> Config:
    """Append institutions and sources to the feeds.toml at ``path``.

    Args:
        path: The file to edit; created from the bundled default when missing.
        institutions: New institution id -> its keys (at least ``name``).
        sources: New source tables (``id``, ``institution``, ``kind``, ``url``, ...).

    Returns:
        The new configuration, as validated before writing.

    Raises:
        ConfigError: The edited file would not be valid (nothing is written),
            or the file cannot be read.
    """
    institutions = dict(institutions or {})
    sources = _grouped(institutions, sources)
    old_text, _exists = current_text(path)
    expected = tomllib.loads(old_text)
    if institutions:
        expected.setdefault("institutions", {}).update(copy.deepcopy(institutions))
    expected.setdefault("sources", []).extend(copy.deepcopy([dict(s) for s in sources]))
    if not sources and not expected["sources"]:
        expected.pop("sources")
    base = old_text if old_text.endswith("\n") or not old_text else old_text + "\n"
    appended = base + ("\n" if base.strip() else "") + _fragment(institutions, sources)
    return _commit(path, old_text, [appended, _structural_add(old_text, institutions, sources)], expected)


def _source_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) line ranges of each ``[[sources]]`` table with its sub-tables."""
    blocks: list[tuple[int, int]] = []
    start: int | None = None
    for number, line in enumerate(lines):
        match = _HEADER.match(line)
        if not match:
            continue
        name = re.sub(r"\s+", "", match.group(2))
        if name.startswith("sources.") and start is not None:
            continue
        if start is not None:
            blocks.append((start, number))
            start = None
        if match.group(1) and name == "sources":
            start = number
    if start is not None:
        blocks.append((start, len(lines)))
    return blocks


def _trimmed_end(lines: list[str], start: int, end: int) -> int:
    """Keep a comment paragraph that introduces the next table (separated by a blank line)."""
    last_blank = None
    for number in range(end - 1, start, -1):
        if not _COMMENT_OR_BLANK.match(lines[number]):
            break
        if not lines[number].strip():
            last_blank = number
    return last_blank + 1 if last_blank is not None else end


def _text_without_block(text: str, index: int) -> str | None:
    lines = text.splitlines(keepends=True)
    blocks = _source_blocks(lines)
    if index >= len(blocks):
        return None
    start, end = blocks[index]
    end = _trimmed_end(lines, start, end)
    while start > 0 and not lines[start - 1].strip() and end < len(lines) and not lines[end].strip():
        start -= 1  # one blank line between neighbours is enough
    return "".join(lines[:start] + lines[end:])


def remove_source(path: Path, source_id: str) -> Config:
    """Remove the source ``source_id`` from the feeds.toml at ``path``.

    The file is created from the bundled default first when missing. Its
    institution stays, even when it has no source left.

    Raises:
        SourceNotFound: No such source in the file.
        ConfigError: The file or the result would be invalid.
    """
    old_text, _exists = current_text(path)
    expected = tomllib.loads(old_text)
    entries = expected.get("sources", [])
    index = next((i for i, s in enumerate(entries) if isinstance(s, dict) and s.get("id") == source_id), None)
    if index is None:
        known = [str(s.get("id")) for s in entries if isinstance(s, dict)]
        raise SourceNotFound(f"no source {source_id!r} in {path}{did_you_mean(source_id, known)}; "
                             "`uninews sources` lists them")
    del entries[index]
    if not entries:
        del expected["sources"]  # the text without its only [[sources]] block has no key left
    candidates = []
    if (edited := _text_without_block(old_text, index)) is not None:
        candidates.append(edited)
    doc = tomlkit.parse(old_text)
    del doc["sources"][index]
    candidates.append(tomlkit.dumps(doc))
    return _commit(path, old_text, candidates, expected)
