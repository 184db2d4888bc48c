"""Where uninews keeps its files: the user's feeds.toml, the database, the bundled default.

Locations come from platformdirs (XDG on Linux: ``~/.config/uninews`` and
``~/.local/share/uninews``). Nothing here creates a directory: the store
creates the database's parent when it opens it, ``uninews add`` creates the
config directory when it first writes feeds.toml.

platformdirs and importlib.resources (~20 ms of CPU together) are imported
when a location is first asked for: with ``--config``/``--db`` or their
environment variables, a start needs neither.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "uninews"
CONFIG_ENV = "UNINEWS_CONFIG"
"""Environment variable naming a feeds.toml to use instead of the user's."""
DB_ENV = "UNINEWS_DB"
"""Environment variable naming the database file."""
CONFIG_FILENAME = "feeds.toml"
DB_FILENAME = "uninews.db"
BUNDLED_CONFIG = ("data", CONFIG_FILENAME)
"""Path of the default feeds.toml inside the ``uninews_tui`` package."""


def config_dir() -> Path:
    """The user's configuration directory (may not exist yet)."""
    import platformdirs

    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))


def config_file() -> Path:
    """The user's ``feeds.toml`` (may not exist: then the bundled default is used)."""
    return config_dir() / CONFIG_FILENAME


def data_dir() -> Path:
    """The user's data directory, home of the database (may not exist yet)."""
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def db_path(explicit: str | Path | None = None) -> Path:
    """The database file to use.

    Args:
        explicit: The ``--db`` option, if given.

    Returns:
        ``explicit`` if given, else ``$UNINEWS_DB`` if set and not empty, else
        ``uninews.db`` in :func:`data_dir`. ``~`` is expanded.
    """
    if explicit is not None and str(explicit) != "":
        return Path(explicit).expanduser()
    from_env = os.environ.get(DB_ENV, "")
    if from_env:
        return Path(from_env).expanduser()
    return data_dir() / DB_FILENAME


def bundled_config_file() -> Path | None:
    """The bundled feeds.toml as a file on disk, or None when the package is zipped."""
    from importlib import resources

    resource = resources.files("uninews_tui").joinpath(*BUNDLED_CONFIG)
    return Path(str(resource)) if isinstance(resource, Path) else None


def bundled_config_text() -> str:
    """The text of the default feeds.toml shipped inside the package."""
    from importlib import resources

    resource = resources.files("uninews_tui").joinpath(*BUNDLED_CONFIG)
    return resource.read_text(encoding="utf-8")
