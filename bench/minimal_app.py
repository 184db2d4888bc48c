"""A minimal Textual app (one Static): the floor for any Textual program's first paint on this machine."""

from textual.app import App, ComposeResult
from textual.widgets import Static

MARKER = "minimal-textual-app-painted"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(MARKER)


if __name__ == "__main__":
    MinimalApp().run()
