"""Small self-contained modal dialogs: a yes/no question, a one-line text prompt, a choice.

They carry their own ``DEFAULT_CSS`` (they are reusable and have no app
styling of their own) and return their answer through ``dismiss``.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static


class ConfirmDialog(ModalScreen[bool]):
    """Asks a yes/no question; ``y``/Enter on Yes answers True, ``n``/Esc False."""

    DEFAULT_CSS = """
    ConfirmDialog {
        align: center middle;
        & > Vertical {
            width: 60; height: auto; padding: 1 2;
            background: $panel; border: thick $primary;
        }
        #question { margin-bottom: 1; }
        #buttons { height: auto; align-horizontal: right; }
        Button { margin-left: 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n,escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self._question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self._question), id="question")
            with Horizontal(id="buttons"):
                yield Button("Yes", id="yes", variant="primary")
                yield Button("No", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class TextPrompt(ModalScreen[str | None]):
    """Asks for one line of text; Enter returns it, Esc returns None."""

    DEFAULT_CSS = """
    TextPrompt {
        align: center middle;
        & > Vertical {
            width: 70; height: auto; padding: 1 2;
            background: $panel; border: thick $primary;
        }
        #prompt { margin-bottom: 1; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, prompt: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._prompt = prompt
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self._prompt), id="prompt")
            yield Input(value=self._value, placeholder=self._placeholder, id="answer")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[int | None]):
    """Offers a list of plain-text choices; Enter returns the chosen index, Esc None."""

    DEFAULT_CSS = """
    ChoiceDialog {
        align: center middle;
        & > Vertical {
            width: 90; height: auto; max-height: 80%; padding: 1 2;
            background: $panel; border: thick $primary;
        }
        #prompt { margin-bottom: 1; }
        OptionList { height: auto; max-height: 20; }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False)]

    def __init__(self, prompt: str, choices: list[str]) -> None:
        super().__init__()
        self._prompt = prompt
        self._choices = choices

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self._prompt), id="prompt")
            yield OptionList(*(Content(choice) for choice in self._choices), id="choices")

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_index)

    def action_cancel(self) -> None:
        self.dismiss(None)
