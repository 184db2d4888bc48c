"""Loading feeds.toml: where it is, reading it with tomllib, and precise errors.

Lookup order (:func:`resolve_config_path`, the single seam tests patch):
``--config PATH``, then ``$UNINEWS_CONFIG``, then the user's
``feeds.toml`` if it exists, then the default bundled in the package.

A bad file raises :class:`~uninews_tui.errors.ConfigError` whose ``str()``
is one line naming the file, the line, the key and what is wrong::

    feeds.toml:12: sources[3].url: "ftp://x" is not an http(s) URL

Every problem in the file is collected; the error is the first in file order
and ``error.details()`` lists all of them, one line each.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path

from . import paths
from .config_lines import LineIndex
from .config_model import Config
from .config_schema import build_config
from .config_validate import Problems, format_key
from .errors import ConfigError

__all__ = ["config_from_text", "editable_config_path", "load_config", "resolve_config_path"]

MAX_PROBLEMS = 50
"""Problems listed in one error; a file with more has bigger troubles."""
_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_END = re.compile(r"\s*\(at end of document\)\s*$")
_BUNDLED_LABEL = Path("<bundled feeds.toml>")


def resolve_config_path(explicit: Path | str | None = None) -> Path | None:
    """The feeds.toml to read, or None for the bundled default.

    Args:
        explicit: The ``--config`` option, if given (wins over everything).

    Returns:
        ``explicit``, else ``$UNINEWS_CONFIG`` when set and not empty, else the
        user's ``feeds.toml`` when it exists, else None. An explicit or
        environment path is returned even when missing, so that loading it
        reports the missing file instead of silently using another one.
    """
    if explicit is not None and str(explicit) != "":
        return Path(explicit).expanduser()
    from_env = os.environ.get(paths.CONFIG_ENV, "")
    if from_env:
        return Path(from_env).expanduser()
    user_file = paths.config_file()
    return user_file if user_file.is_file() else None


def editable_config_path(explicit: Path | str | None = None) -> Path:
    """The feeds.toml that edits go to: ``--config``, else ``$UNINEWS_CONFIG``, else the user's.

    Here rather than in ``config_edit`` (which re-exports it) so that the
    reader learns the path without importing tomlkit.
    """
    if explicit is not None and str(explicit) != "":
        return Path(explicit).expanduser()
    from_env = os.environ.get(paths.CONFIG_ENV, "")
    return Path(from_env).expanduser() if from_env else paths.config_file()


def load_config(path: Path | str | None = None) -> Config:
    """Read and validate the configuration.

    Args:
        path: An explicit feeds.toml (``--config``); None follows the lookup
            order of :func:`resolve_config_path`.

    Returns:
        The validated :class:`Config`; its ``path`` is None for the bundled default.

    Raises:
        ConfigError: The file is missing, unreadable, not TOML or not valid.
    """
    resolved = resolve_config_path(path)
    if resolved is None:
        return config_from_text(paths.bundled_config_text(), None, label=paths.bundled_config_file())
    try:
        data = resolved.read_bytes()
    except FileNotFoundError:
        raise ConfigError("file not found", path=resolved) from None
    except IsADirectoryError:
        raise ConfigError("is a directory, not a feeds.toml file", path=resolved) from None
    except OSError as error:
        raise ConfigError(f"cannot read file: {error.strerror or error}", path=resolved) from None
    return config_from_text(_decode(data, resolved), resolved)


def _decode(data: bytes, path: Path) -> str:
    """The file's text; TOML is UTF-8 (a leading BOM is tolerated)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ConfigError(
            f"not valid UTF-8 (byte 0x{data[error.start]:02x}); save the file as UTF-8",
            path=path,
            line=line,
        ) from None


def config_from_text(text: str, path: Path | None, *, label: Path | None = None) -> Config:
    """Parse and validate feeds.toml text.

    Args:
        text: The TOML text.
        path: Where it came from, stored in ``Config.path`` (None: bundled).
        label: The file name to show in errors when ``path`` is None.

    Raises:
        ConfigError: Malformed TOML (with tomllib's line and column) or an
            invalid configuration (all problems collected, first one raised).
    """
    shown = path or label or _BUNDLED_LABEL
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise _toml_error(error, shown, text) from None
    problems = Problems()
    config = build_config(data, path, problems)
    if problems.items:
        raise _config_error(problems, text, shown)
    return config


def _toml_error(error: tomllib.TOMLDecodeError, shown: Path, text: str) -> ConfigError:
    """tomllib's message with its "(at line L, column C)" moved into the error's fields."""
    message = str(error)
    line: int | None = None
    if match := _TOML_POSITION.search(message):
        line = int(match.group(1))
        message = f"{message[: match.start()]} (column {match.group(2)})"
    elif match := _TOML_END.search(message):
        line = text.count("\n") + 1
        message = f"{message[: match.start()]} (at the end of the file)"
    return ConfigError(f"invalid TOML: {message}", path=shown, line=line)


def _config_error(problems: Problems, text: str, shown: Path) -> ConfigError:
    index = LineIndex(text)
    located = [
        (index.line_of(problem.path), order, problem)
        for order, problem in enumerate(problems.items[:MAX_PROBLEMS])
    ]
    # File order reads best; problems without a line (whole-file ones) come first.
    located.sort(key=lambda item: (item[0] or 0, item[1]))
    errors = tuple(
        ConfigError(problem.message, path=shown, key=format_key(problem.path), line=line)
        for line, _order, problem in located
    )
    first = errors[0]
    return ConfigError(first.message, path=shown, key=first.key, line=first.line, problems=errors)
