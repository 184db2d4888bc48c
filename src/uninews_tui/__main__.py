"""Allow ``python -m uninews_tui``."""

from uninews_tui.cli import main

main()
